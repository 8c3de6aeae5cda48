import { useId, useState } from 'react';
import { Form } from './enter-key';
import { useI18n } from './i18n';

/** When Gmail's thread cannot be read: look a contact up by the address the user can see. */
export function AddressLookup({ onLookup, notFound }: { onLookup(email: string): void; notFound: string | null }) {
  const { t } = useI18n();
  const id = useId();
  const [value, setValue] = useState('');
  return (
    <Form
      className="lookup"
      onSubmit={(event) => {
        event.preventDefault();
        const email = value.trim().toLowerCase();
        if (email.includes('@')) onLookup(email);
      }}
    >
      <label htmlFor={id}>{t('lookupLabel')}</label>
      <div className="lookup-row">
        <input id={id} type="email" value={value} onChange={(e) => setValue(e.target.value)} placeholder="name@example.com" autoComplete="off" />
        <button type="submit">{t('lookupButton')}</button>
      </div>
      {notFound && <p role="status">{t('lookupNone', notFound)}</p>}
    </Form>
  );
}
