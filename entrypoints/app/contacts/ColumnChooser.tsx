import { useI18n } from '@/components/i18n';
import { BUILTIN_COLUMNS, type ColumnKey } from '@/lib/segments/columns';
import { Checkbox } from '@/components/ui/Checkbox';

interface Props {
  columns: ColumnKey[];
  onChange(columns: ColumnKey[]): void;
  customKeys: { key: string; label: string }[];
  label(key: ColumnKey): string;
}

/** Checkboxes for the table's (and the export's) columns, built-in and custom fields. */
export function ColumnChooser({ columns, onChange, customKeys, label }: Props) {
  const { t } = useI18n();
  const all: ColumnKey[] = [...BUILTIN_COLUMNS, ...customKeys.map((k) => `custom:${k.key}` as const)];
  return (
    <details className="ws-columns">
      <summary>{t('wsColumns')}</summary>
      <fieldset>
        <legend>{t('wsColumnsLegend')}</legend>
        {all.map((key) => (
          <Checkbox
            key={key}
            label={label(key)}
            checked={columns.includes(key)}
            disabled={key === 'name' && columns.includes(key) && columns.length === 1}
            onChange={(e) => onChange(e.target.checked ? all.filter((k) => k === key || columns.includes(k)) : columns.filter((k) => k !== key))}
          />
        ))}
      </fieldset>
    </details>
  );
}
