import { useEffect, useId, useMemo, useState } from 'react';
import { formatDate, formatNumber } from '@/lib/format';
import { paymentStatusText } from '@/components/RiskBadge';
import { useI18n, type Translate } from '@/components/i18n';
import { fieldDate, fieldNumber, type FieldMapping } from '@/lib/churn/crm-signals';
import { effectiveMapping } from '@/lib/churn/features';
import type { RulesConfig } from '@/lib/churn/rules-config';
import { updateRiskSettings } from '@/lib/churn/settings';
import type { Contact } from '@/lib/db/types';
import { loadSettings, updateSettings, type CustomField } from '@/lib/settings';
import { CurrencySelect } from '@/components/CurrencySelect';
import { recentContacts, requestRescore, useRiskSettings } from './risk-settings-store';
import './risk-settings.css';

export const SIGNALS = ['renewalAt', 'paymentStatus', 'revenue', 'customerSince', 'supportTickets', 'nps'] as const;
export type Signal = (typeof SIGNALS)[number];
const DATE_SIGNALS: ReadonlySet<Signal> = new Set(['renewalAt', 'customerSince']);
/** Contacts looked at for field keys and examples. */
const SAMPLE = 1000;

export interface FieldReading {
  /** The raw value, as stored on the contact. */
  raw: string;
  /** How the scorer reads it, in plain words; null when it cannot (the signal then adds nothing). */
  read: string | null;
}

/** How the scorer reads a value of a signal's field: a date, a number, or a payment status known (or not) to the rules. */
export function readField(signal: Signal, raw: string, rules: RulesConfig, t: Translate, locale: string): FieldReading {
  if (DATE_SIGNALS.has(signal)) {
    const at = fieldDate(raw);
    return { raw, read: at === null ? null : formatDate(at, locale, 'UTC') };
  }
  if (signal === 'paymentStatus') {
    const status = raw.trim().toLowerCase();
    if (!status) return { raw, read: null };
    const points = rules.payment.points[status];
    return { raw, read: points === undefined ? t('rsMapStatusUnknown', status) : t('rsMapStatusKnown', [paymentStatusText(status, t), points > 0 ? `+${points}` : String(points)]) };
  }
  const n = fieldNumber(raw);
  return { raw, read: n === null ? null : formatNumber(n, locale, 2) };
}

interface Example {
  contact: Pick<Contact, 'id' | 'email' | 'name'>;
  key: string;
  reading: FieldReading;
}

/** For one signal under a mapping: how many sample contacts have a value, how many are readable, and an example (an unreadable one first). */
function examine(signal: Signal, mapping: FieldMapping, contacts: readonly Contact[], rules: RulesConfig, t: Translate, locale: string) {
  let withValue = 0;
  let readable = 0;
  let example: Example | null = null;
  for (const c of contacts) {
    const key = effectiveMapping(mapping, c.custom)[signal];
    const raw = key ? c.custom[key] : undefined;
    if (!key || raw === undefined || raw.trim() === '') continue;
    withValue++;
    const reading = readField(signal, raw, rules, t, locale);
    if (reading.read !== null) readable++;
    // Show a value the scorer cannot read when there is one: that is what a wrong mapping looks like.
    if (!example || (example.reading.read !== null && reading.read === null)) example = { contact: c, key, reading };
  }
  return { withValue, readable, example };
}

/** Which custom field holds each CRM signal, with an example value from a contact and how it is read. */
export function FieldMappingEditor() {
  const { t, locale } = useI18n();
  const settings = useRiskSettings();
  const [draft, setDraft] = useState<FieldMapping | null>(null);
  const [fields, setFields] = useState<CustomField[]>([]);
  const [contacts, setContacts] = useState<Contact[]>([]);
  const [currency, setCurrency] = useState<string | undefined>();
  const [status, setStatus] = useState<string | null>(null);
  const titleId = useId();
  const baseId = useId();

  useEffect(() => {
    if (settings && !draft) setDraft({ ...settings.mapping });
  }, [settings, draft]);

  useEffect(() => {
    let live = true;
    void Promise.all([loadSettings(), recentContacts(SAMPLE)]).then(([s, list]) => {
      if (!live) return;
      setFields(s.customFields);
      setCurrency(s.currency);
      setContacts(list);
    });
    return () => {
      live = false;
    };
  }, []);

  // Keys found on contacts that are not defined custom fields (imported data, older fields).
  const foundKeys = useMemo(() => {
    const defined = new Set(fields.map((f) => f.key));
    const keys = new Set<string>();
    for (const c of contacts) for (const k of Object.keys(c.custom)) if (!defined.has(k)) keys.add(k);
    return [...keys].sort();
  }, [fields, contacts]);

  if (!settings || !draft) return <section className="rs-part" aria-busy="true" />;

  async function save() {
    const mapping: FieldMapping = Object.fromEntries(Object.entries(draft ?? {}).filter(([, v]) => v));
    await updateRiskSettings({ mapping });
    setStatus(t('rsSaved'));
    requestRescore();
  }

  const dirty =
    JSON.stringify(
      Object.entries(draft)
        .filter(([, v]) => v)
        .sort(),
    ) !==
    JSON.stringify(
      Object.entries(settings.mapping)
        .filter(([, v]) => v)
        .sort(),
    );
  return (
    <section className="rs-part rs-mapping" aria-labelledby={titleId}>
      <h3 id={titleId}>{t('rsMapTitle')}</h3>
      <p className="muted">{t('rsMapIntro')}</p>
      <table className="rs-map-table">
        <thead>
          <tr>
            <th scope="col">{t('rsMapSignal')}</th>
            <th scope="col">{t('rsMapField')}</th>
            <th scope="col">{t('rsMapExample')}</th>
          </tr>
        </thead>
        <tbody>
          {SIGNALS.map((signal) => {
            const id = `${baseId}-${signal}`;
            const { withValue, readable, example } = examine(signal, draft, contacts, settings.rules, t, locale);
            const chosen = draft[signal] ?? '';
            const known = chosen === '' || fields.some((f) => f.key === chosen) || foundKeys.includes(chosen);
            return (
              <tr key={signal} data-signal={signal}>
                <th scope="row">
                  <label htmlFor={id}>{t(`rsSignal_${signal}`)}</label>
                </th>
                <td>
                  <select
                    id={id}
                    value={chosen}
                    onChange={(e) => {
                      setDraft({ ...draft, [signal]: e.target.value || undefined });
                      setStatus(null);
                    }}
                  >
                    <option value="">{t('rsMapAutomatic', signal)}</option>
                    {fields.length > 0 && (
                      <optgroup label={t('rsMapYourFields')}>
                        {fields.map((f) => (
                          <option key={f.key} value={f.key}>
                            {f.label === f.key ? f.key : `${f.label} (${f.key})`}
                          </option>
                        ))}
                      </optgroup>
                    )}
                    {foundKeys.length > 0 && (
                      <optgroup label={t('rsMapFoundKeys')}>
                        {foundKeys.map((k) => (
                          <option key={k} value={k}>
                            {k}
                          </option>
                        ))}
                      </optgroup>
                    )}
                    {!known && <option value={chosen}>{chosen}</option>}
                  </select>
                  {signal === 'customerSince' && <small className="muted rs-help">{t('rsMapCustomerSinceNote')}</small>}
                </td>
                <td data-testid={`map-example-${signal}`}>
                  {!example ? (
                    <span className="muted">{t('rsMapNoValue')}</span>
                  ) : (
                    <>
                      <span>{t('rsMapExampleValue', [example.contact.name || example.contact.email, example.key, example.reading.raw])}</span>{' '}
                      {example.reading.read === null ? (
                        <strong className="rs-warn">{t(DATE_SIGNALS.has(signal) ? 'rsMapNotDate' : signal === 'paymentStatus' ? 'rsMapNoStatus' : 'rsMapNotNumber')}</strong>
                      ) : (
                        <span className="rs-read">{t('rsMapReadAs', example.reading.read)}</span>
                      )}
                      <br />
                      <small className={readable < withValue ? 'rs-warn' : 'muted'}>{t('rsMapReadable', [String(readable), String(withValue)])}</small>
                    </>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <CurrencySelect value={currency} onChange={(c) => (setCurrency(c), void updateSettings({ currency: c }))} />
      <div className="rs-actions">
        <button type="button" onClick={() => void save()} disabled={!dirty}>
          {t('rsSaveMapping')}
        </button>
        {status && <span role="status">{status}</span>}
      </div>
    </section>
  );
}
