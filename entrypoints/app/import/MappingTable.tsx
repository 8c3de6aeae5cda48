import { useI18n } from '@/components/i18n';
import { CONTACT_FIELDS, SIGNAL_FIELDS, guessMapping, setColumn, type ColumnTarget, type CsvMapping, type CustomFieldDef, type SignalField } from '@/lib/csv/mapping';
import type { CsvRecord } from '@/lib/csv/parse';

function valueOf(target: ColumnTarget): string {
  if (target.kind === 'field') return `field:${target.field}`;
  if (target.kind === 'custom') return `custom:${target.key}`;
  return 'ignore';
}

/** A new custom field for a column: a key from its header, unique among the fields and the other columns. */
function newField(mapping: CsvMapping, header: string, index: number, known: CustomFieldDef[]): ColumnTarget {
  const used = new Set([...known.map((f) => f.key), ...mapping.columns.flatMap((c, i) => (c.kind === 'custom' && i !== index ? [c.key] : []))]);
  const guess = guessMapping([header]).columns[0];
  let key = guess.kind === 'custom' ? guess.key : `field_${index + 1}`;
  for (let n = 2; used.has(key); n++) key = `${guess.kind === 'custom' ? guess.key : `field_${index + 1}`}_${n}`;
  return { kind: 'custom', key, label: header.trim() || key };
}

const SIGNALS = Object.keys(SIGNAL_FIELDS) as SignalField[];

/** One row per CSV column: its header, sample values and where it goes (a contact field, a churn-risk field, a custom field, or nowhere). */
export function MappingTable(props: {
  header: string[];
  records: CsvRecord[];
  mapping: CsvMapping;
  customFields: CustomFieldDef[];
  /** The custom field key each churn-risk signal is read from. */
  signalKeys: Record<SignalField, string>;
  onChange: (mapping: CsvMapping) => void;
}) {
  const { t } = useI18n();
  const { header, records, mapping, customFields, signalKeys, onChange } = props;
  const signalKeySet = new Set(Object.values(signalKeys));
  const ownFields = customFields.filter((f) => !signalKeySet.has(f.key));
  const choose = (index: number, value: string) => {
    let target: ColumnTarget = { kind: 'ignore' };
    if (value.startsWith('field:')) target = { kind: 'field', field: value.slice(6) as (typeof CONTACT_FIELDS)[number] };
    else if (value === 'new') target = newField(mapping, header[index], index, customFields);
    else if (value.startsWith('custom:')) {
      const key = value.slice(7);
      const current = mapping.columns[index];
      const def = customFields.find((f) => f.key === key) ?? (current.kind === 'custom' && current.key === key ? current : undefined);
      target = { kind: 'custom', key, label: def?.label ?? (header[index].trim() || key) };
    }
    onChange(setColumn(mapping, index, target));
  };
  return (
    <table className="wi-mapping">
      <caption>{t('wiMappingCaption')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('wiColumn')}</th>
          <th scope="col">{t('wiSample')}</th>
          <th scope="col">{t('wiImportAs')}</th>
        </tr>
      </thead>
      <tbody>
        {header.map((text, i) => {
          const target = mapping.columns[i];
          const isNew = target.kind === 'custom' && !customFields.some((f) => f.key === target.key) && !signalKeySet.has(target.key);
          return (
            <tr key={i}>
              <th scope="row">{text || t('wiUnnamedColumn', String(i + 1))}</th>
              <td className="wi-sample">
                {records
                  .slice(0, 3)
                  .map((r) => r.cells[i] ?? '')
                  .filter(Boolean)
                  .join(' · ')}
              </td>
              <td>
                <select aria-label={t('wiImportColumnAs', text || String(i + 1))} value={valueOf(target)} onChange={(e) => choose(i, e.target.value)}>
                  <optgroup label={t('wiContactFields')}>
                    {CONTACT_FIELDS.map((f) => (
                      <option key={f} value={`field:${f}`}>
                        {t(`wiField_${f}`)}
                      </option>
                    ))}
                  </optgroup>
                  <optgroup label={t('wiSignalFields')}>
                    {SIGNALS.map((signal) => (
                      <option key={signal} value={`custom:${signalKeys[signal]}`}>
                        {t(`rsSignal_${signal}`)}
                      </option>
                    ))}
                  </optgroup>
                  <optgroup label={t('wiCustomFields')}>
                    {ownFields.map((f) => (
                      <option key={f.key} value={`custom:${f.key}`}>
                        {f.label}
                      </option>
                    ))}
                    {isNew ? <option value={`custom:${target.key}`}>{t('wiNewFieldNamed', target.label)}</option> : null}
                    {!isNew ? <option value="new">{t('wiNewField')}</option> : null}
                  </optgroup>
                  <option value="ignore">{t('wiIgnore')}</option>
                </select>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
