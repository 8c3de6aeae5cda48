import { useState } from 'react';
import type { CustomField, Settings } from '@/lib/settings';
import { CurrencySelect } from './CurrencySelect';
import { isEnter } from './enter-key';
import { Checkbox } from './ui/Checkbox';
import { useI18n } from './i18n';

interface Props {
  settings: Settings;
  onChange(patch: Partial<Settings>): void;
  onClose(): void;
}

const lines = (text: string) =>
  text
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter(Boolean);

/** Auto-creation, the never-log list, the user's aliases, the currency and the custom fields. */
export function SettingsPanel({ settings, onChange, onClose }: Props) {
  const { t } = useI18n();
  const [neverLog, setNeverLog] = useState(settings.neverLog.join('\n'));
  const [aliases, setAliases] = useState(settings.aliases.join('\n'));
  const [fieldLabel, setFieldLabel] = useState('');
  const addField = () => {
    const label = fieldLabel.trim();
    const key = label.replace(/[^a-zA-Z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : '')).replace(/^[^a-zA-Z]+/, '') || `field${settings.customFields.length + 1}`;
    if (!label || settings.customFields.some((f) => f.key === key)) return;
    onChange({ customFields: [...settings.customFields, { key: key.slice(0, 40), label: label.slice(0, 80) }] });
    setFieldLabel('');
  };
  const removeField = (field: CustomField) => onChange({ customFields: settings.customFields.filter((f) => f.key !== field.key) });
  return (
    <section className="settings" aria-label={t('settings')}>
      <h2>{t('settings')}</h2>
      <Checkbox block label={t('settingAutoCreate')} checked={settings.autoCreate} onChange={(e) => onChange({ autoCreate: e.target.checked })} />
      <Checkbox block label={t('settingGmailDock')} checked={settings.gmailDock} onChange={(e) => onChange({ gmailDock: e.target.checked })} />
      <label>
        {t('settingNeverLog')}
        <textarea
          rows={3}
          value={neverLog}
          onChange={(e) => setNeverLog(e.target.value)}
          onBlur={() => onChange({ neverLog: lines(neverLog) })}
          placeholder="ceo@example.com&#10;example.org"
        />
      </label>
      <label>
        {t('settingAliases')}
        <textarea rows={2} value={aliases} onChange={(e) => setAliases(e.target.value)} onBlur={() => onChange({ aliases: lines(aliases) })} placeholder="me@example.com" />
      </label>
      <CurrencySelect value={settings.currency} onChange={(currency) => onChange({ currency })} />
      <fieldset>
        <legend>{t('settingCustomFields')}</legend>
        <ul>
          {settings.customFields.map((f) => (
            <li key={f.key}>
              {f.label} <code>{f.key}</code>
              <button type="button" aria-label={t('removeField', f.label)} onClick={() => removeField(f)}>
                ×
              </button>
            </li>
          ))}
        </ul>
        <input
          aria-label={t('newFieldLabel')}
          placeholder={t('newFieldLabel')}
          value={fieldLabel}
          maxLength={80}
          onChange={(e) => setFieldLabel(e.target.value)}
          onKeyDown={(e) => isEnter(e) && addField()}
        />
        <button type="button" onClick={addField}>
          {t('addField')}
        </button>
      </fieldset>
      <button type="button" onClick={onClose}>
        {t('done')}
      </button>
    </section>
  );
}
