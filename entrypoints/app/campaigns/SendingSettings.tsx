import { useEffect, useState, type FormEvent } from 'react';
import { Form } from '@/components/enter-key';
import { useI18n } from '@/components/i18n';
import { requestSendingPermissions, signIn, signOut, signedIn } from '@/lib/campaigns/auth';
import { BUILD_CLIENT_ID, effectiveClientId, saveCampaignSettings, type CampaignSettings } from '@/lib/campaigns/settings';
import { useCampaignSettings } from './use-campaign-settings';
import { OAuthSetup } from './OAuthSetup';

type Form = Record<'clientId' | 'baseUrl' | 'accountType' | 'dailyCap' | 'senderAddress' | 'senderName' | 'developerToken', string>;
const toForm = (s: CampaignSettings): Form => ({
  clientId: s.clientId ?? '',
  baseUrl: s.baseUrl,
  accountType: s.accountType,
  dailyCap: s.dailyCap === undefined ? '' : String(s.dailyCap),
  senderAddress: s.senderAddress ?? '',
  senderName: s.senderName,
  developerToken: s.developerToken ?? '',
});

/** Sign-in and sending settings: OAuth client id, API base URL, account type and cap, sender; a developer token for local servers. */
export function SendingSettings() {
  const { t } = useI18n();
  const settings = useCampaignSettings();
  const [form, setForm] = useState<Form | null>(null);
  const [issues, setIssues] = useState<Record<string, string>>({});
  const [status, setStatus] = useState('');
  const [auth, setAuth] = useState<'developer' | 'oauth' | false | null>(null);
  useEffect(() => {
    if (!settings) return;
    setForm((f) => f ?? toForm(settings));
    void signedIn(settings).then(setAuth);
  }, [settings]);
  if (!settings || !form) return <p className="muted">{t('loading')}</p>;

  const field = (key: keyof Form, label: string, extra: { type?: string; inputMode?: 'url' | 'email' | 'numeric'; hint?: string } = {}) => (
    <label className="cp-field">
      <span>{label}</span>
      <input
        name={key}
        type={extra.type ?? 'text'}
        inputMode={extra.inputMode}
        value={form[key]}
        aria-invalid={issues[key] ? true : undefined}
        aria-describedby={issues[key] ? `cp-err-${key}` : undefined}
        onChange={(e) => setForm({ ...form, [key]: e.target.value })}
      />
      {extra.hint && <small className="muted">{extra.hint}</small>}
      {issues[key] && (
        <small id={`cp-err-${key}`} className="cp-error" role="alert">
          {issues[key]}
        </small>
      )}
    </label>
  );

  async function save(e: FormEvent) {
    e.preventDefault();
    const result = await saveCampaignSettings({ ...form!, accountType: form!.accountType as 'gmail' | 'workspace' });
    if (!result.ok) {
      setIssues(Object.fromEntries(result.issues.map((i) => [i.path, i.message])));
      setStatus(t('cpSettingsInvalid'));
      return;
    }
    setIssues({});
    setForm(toForm(result.settings));
    setStatus(t('cpSettingsSaved'));
  }

  async function doSignIn() {
    try {
      // identity and the Gmail API host are optional permissions, asked for here (this click).
      if (!(await requestSendingPermissions())) {
        setStatus(t('cpPermissionDenied'));
        return;
      }
      await signIn(settings!, true);
      setAuth(await signedIn(settings!));
      setStatus(t('cpSignedIn'));
    } catch (error) {
      setStatus(t('cpSignInFailed', (error as Error).message));
    }
  }

  return (
    // data-state="ready": the saved settings are on screen (tests wait on it, not on a clock).
    <section className="cp-settings" aria-labelledby="cp-settings-title" data-state="ready">
      <h3 id="cp-settings-title">{t('cpSettingsTitle')}</h3>
      <p className="cp-auth-state" data-state={auth || 'none'}>
        {auth === 'developer' ? t('cpAuthDeveloper') : auth === 'oauth' ? t('cpAuthOAuth') : t('cpAuthNone')}{' '}
        {auth !== 'developer' && (
          <button type="button" onClick={() => void doSignIn()}>
            {t('cpSignIn')}
          </button>
        )}
        {auth === 'oauth' && (
          <button type="button" onClick={() => void signOut().then(() => setAuth(false))}>
            {t('cpSignOut')}
          </button>
        )}
      </p>
      {settings.developerToken && (
        <p className="cp-dev-warning" role="note">
          {t('cpDeveloperWarning')}
        </p>
      )}
      <OAuthSetup configured={!!effectiveClientId(settings)} />
      <Form onSubmit={(e) => void save(e)}>
        {field('senderAddress', t('cpSenderAddress'), { inputMode: 'email' })}
        {field('senderName', t('cpSenderName'))}
        <label className="cp-field">
          <span>{t('cpAccountType')}</span>
          <select name="accountType" value={form.accountType} onChange={(e) => setForm({ ...form, accountType: e.target.value })}>
            <option value="gmail">{t('cpAccountGmail')}</option>
            <option value="workspace">{t('cpAccountWorkspace')}</option>
          </select>
        </label>
        {field('dailyCap', t('cpDailyCap'), { inputMode: 'numeric', hint: t('cpDailyCapHint') })}
        {field('clientId', t('cpClientId'), { hint: BUILD_CLIENT_ID ? t('cpClientIdBuild', BUILD_CLIENT_ID) : t('cpClientIdNone') })}
        <details>
          <summary>{t('cpDeveloperSettings')}</summary>
          {field('baseUrl', t('cpBaseUrl'), { inputMode: 'url', hint: t('cpBaseUrlHint') })}
          {field('developerToken', t('cpDeveloperToken'), { type: 'password', hint: t('cpDeveloperTokenHint') })}
        </details>
        <button type="submit">{t('cpSaveSettings')}</button>
        <span role="status" className="muted">
          {status}
        </span>
      </Form>
    </section>
  );
}
