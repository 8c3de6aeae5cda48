import { STAGES, type Contact, type Stage } from '@/lib/db/types';
import type { CustomField } from '@/lib/settings';
import type { FieldMapping } from '@/lib/churn/crm-signals';
import { fieldKind, formatFieldValue } from '@/lib/contacts/field-display';
import { EditableText } from './EditableText';
import { useI18n } from './i18n';

interface Props {
  /** Its tags are not shown here (the side panel reads them after the profile painted). */
  contact: Omit<Contact, 'tags'>;
  companyName: string;
  customFields: CustomField[];
  owners: string[];
  onSave(patch: { name?: string; stage?: Stage; owner?: string }): void;
  onCompany(name: string): void;
  onCustom(key: string, value: string): void;
  /** The page's header already shows the name and email (the app's contact page): the name is a field row here. */
  inHeader?: boolean;
  /** The risk settings' field mapping: says which fields are dates, money, numbers or a payment status, shown as such. */
  mapping?: FieldMapping;
}

/** Name, email, company, stage, owner and custom fields, each editable in place and saved at once. */
export function ProfileCard({ contact, companyName, customFields, owners, onSave, onCompany, onCustom, inHeader = false, mapping }: Props) {
  const { t, locale, currency } = useI18n();
  const name = <EditableText value={contact.name} label={t('fieldName')} placeholder={t('fieldNamePlaceholder')} onSave={(name) => onSave({ name })} />;
  const shown = (key: string) => {
    const kind = fieldKind(key, mapping);
    return (raw: string) => formatFieldValue(raw, kind, { t, locale, currency });
  };
  return (
    <section className="profile" aria-label={t('profile')} data-email={contact.email}>
      {inHeader ? null : (
        <>
          {name}
          <div className="email" data-testid="profile-email">
            {contact.email}
          </div>
        </>
      )}
      <dl className="fields">
        {inHeader ? (
          <>
            <dt>{t('fieldName')}</dt>
            <dd>{name}</dd>
          </>
        ) : null}
        <dt>{t('fieldCompany')}</dt>
        <dd>
          <EditableText value={companyName} label={t('fieldCompany')} placeholder={t('fieldCompanyPlaceholder')} onSave={onCompany} maxLength={200} />
        </dd>
        <dt>
          <label htmlFor="stage">{t('fieldStage')}</label>
        </dt>
        <dd>
          <select id="stage" value={contact.stage} onChange={(e) => onSave({ stage: e.target.value as Stage })} data-stage={contact.stage}>
            {STAGES.map((s) => (
              <option key={s} value={s}>
                {t(`stage_${s.replace('-', '_')}`)}
              </option>
            ))}
          </select>
        </dd>
        <dt>{t('fieldOwner')}</dt>
        <dd>
          <EditableText value={contact.owner} label={t('fieldOwner')} placeholder={t('fieldOwnerPlaceholder')} onSave={(owner) => onSave({ owner })} list="owners" maxLength={100} />
          <datalist id="owners">
            {owners.map((o) => (
              <option key={o} value={o} />
            ))}
          </datalist>
        </dd>
        {customFields.map((f) => (
          <CustomRow key={f.key} field={f} value={contact.custom[f.key] ?? ''} onSave={(v) => onCustom(f.key, v)} format={shown(f.key)} />
        ))}
      </dl>
    </section>
  );
}

function CustomRow({ field, value, onSave, format }: { field: CustomField; value: string; onSave(v: string): void; format?(v: string): string }) {
  return (
    <>
      <dt>{field.label}</dt>
      <dd>
        <EditableText value={value} label={field.label} onSave={onSave} maxLength={2000} format={format} />
      </dd>
    </>
  );
}
