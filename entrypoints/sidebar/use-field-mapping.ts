import { useEffect, useState } from 'react';
import type { FieldMapping } from '@/lib/churn/crm-signals';
import { loadRiskSettings, parseRiskSettings, riskSettingsItem } from '@/lib/churn/settings';

/**
 * The risk settings' custom-field mapping (which field is the renewal date, the revenue, the payment status…),
 * live; undefined until loaded. Light on purpose: the profile needs it before the lazily loaded risk code.
 */
export function useFieldMapping(): FieldMapping | undefined {
  const [mapping, setMapping] = useState<FieldMapping>();
  useEffect(() => {
    let live = true;
    void loadRiskSettings().then((s) => live && setMapping(s.mapping));
    const unwatch = riskSettingsItem.watch((value) => live && setMapping(parseRiskSettings(value).mapping));
    return () => {
      live = false;
      unwatch();
    };
  }, []);
  return mapping;
}
