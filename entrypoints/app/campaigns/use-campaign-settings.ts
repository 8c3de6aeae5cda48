import { useEffect, useState } from 'react';
import { campaignSettingsItem, loadCampaignSettings, type CampaignSettings } from '@/lib/campaigns/settings';

/** The campaign settings as a live value (null while loading): a change saved on any page shows at once. */
export function useCampaignSettings(): CampaignSettings | null {
  const [settings, setSettings] = useState<CampaignSettings | null>(null);
  useEffect(() => {
    let live = true;
    const load = () => void loadCampaignSettings().then((s) => live && setSettings(s));
    load();
    const unwatch = campaignSettingsItem.watch(load);
    return () => {
      live = false;
      unwatch();
    };
  }, []);
  return settings;
}
