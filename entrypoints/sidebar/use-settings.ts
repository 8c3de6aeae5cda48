import { useEffect, useState } from 'react';
import { loadSettings, parseSettings, settingsItem, updateSettings, type Settings } from '@/lib/settings';
import { earlyStoredSettings } from './early-reads';

/** The settings, live: a change made in any tab or page shows here at once. */
export function useSettings(): [Settings | null, (patch: Partial<Settings>) => void] {
  const [settings, setSettings] = useState<Settings | null>(null);
  useEffect(() => {
    loadSettings(earlyStoredSettings()).then(setSettings);
    return settingsItem.watch((value) => setSettings(parseSettings(value)));
  }, []);
  return [settings, (patch) => void updateSettings(patch).then(setSettings)];
}
