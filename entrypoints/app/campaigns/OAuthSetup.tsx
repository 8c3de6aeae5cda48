import { useState } from 'react';
import { useI18n } from '@/components/i18n';
import { GMAIL_SCOPES, redirectUrl } from '@/lib/campaigns/auth';

const CONSOLE_URL = 'https://console.cloud.google.com/';

/** What each scope Kizuna asks for is used for (keys of the messages), by the scope's last part. */
const SCOPE_USE: Record<string, string> = { 'gmail.send': 'cpScope_send', 'gmail.readonly': 'cpScope_readonly' };

/**
 * The one-time Google Cloud setup, step by step: an Internal app for Google Workspace (no Google
 * review), the exact scopes (GMAIL_SCOPES, the ones sign-in asks for), and the redirect URI to copy.
 */
export function OAuthSetup({ configured }: { configured: boolean }) {
  const { t } = useI18n();
  const [copied, setCopied] = useState(false);
  const uri = redirectUrl();
  return (
    <details className="cp-setup" open={!configured}>
      <summary>{t('cpSetupTitle')}</summary>
      <p>{t('cpSetupIntro')}</p>
      <ol>
        <li>
          {t('cpSetupStep1')}{' '}
          <a href={CONSOLE_URL} target="_blank" rel="noopener noreferrer">
            {t('cpSetupConsole')}
          </a>
        </li>
        <li>{t('cpSetupStep2')}</li>
        <li>
          {t('cpSetupStep3')}
          <ul>
            <li>{t('cpSetupWorkspace')}</li>
            <li>{t('cpSetupGmail')}</li>
          </ul>
        </li>
        <li>
          {t('cpSetupStep4')}
          <ul className="cp-scopes">
            {GMAIL_SCOPES.map((scope) => (
              <li key={scope}>
                <code>{scope}</code> — {t(SCOPE_USE[scope.split('/').at(-1)!] ?? 'cpScope_other')}
              </li>
            ))}
          </ul>
        </li>
        <li>
          {t('cpSetupStep5')}
          <div className="cp-copy">
            <code data-testid="cp-redirect-uri">{uri}</code>
            <button type="button" onClick={() => void navigator.clipboard.writeText(uri).then(() => setCopied(true))}>
              {t(copied ? 'cpCopied' : 'cpCopy')}
            </button>
          </div>
        </li>
        <li>{t('cpSetupStep6')}</li>
      </ol>
    </details>
  );
}
