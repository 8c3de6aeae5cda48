import { useEffect, useId, useRef, useState } from 'react';
import { formatNumber } from '@/lib/format';
import { useI18n } from '@/components/i18n';
import type { FromImportWorker, ToImportWorker } from '@/lib/mbox/import-protocol';
import type { MboxImportProgress, MboxImportSummary } from '@/lib/mbox/import-to-db';
import { knownOwnAddresses, loadSettings } from '@/lib/settings';
import { HISTORY_IMPORTED, requestRescore } from './risk-settings-store';
import './risk-settings.css';
import { FilePicker } from '@/components/ui/FilePicker';

type State =
  | { phase: 'idle' }
  | { phase: 'running'; size: number; progress: MboxImportProgress }
  | { phase: 'done'; summary: MboxImportSummary }
  | { phase: 'error'; code: 'not-mbox' | 'failed'; message: string; added: number };

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The addresses typed by the user (comma, space or line separated), lower-cased; and those that are not addresses. */
export function parseOwnAddresses(text: string): { addresses: string[]; invalid: string[] } {
  const parts = text
    .split(/[\s,;]+/)
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  return { addresses: [...new Set(parts.filter((p) => EMAIL.test(p)))], invalid: parts.filter((p) => !EMAIL.test(p)) };
}

/** Mailbox history import: a Google Takeout .mbox streamed in a Web Worker into contacts and their email history. */
export function MboxImport() {
  const { t, locale } = useI18n();
  const [own, setOwn] = useState('');
  const [ownError, setOwnError] = useState<string | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [state, setState] = useState<State>({ phase: 'idle' });
  const worker = useRef<Worker | null>(null);
  const settings = useRef<{ autoCreate: boolean; neverLog: string[] }>({ autoCreate: true, neverLog: [] });
  const ids = { own: useId(), ownHelp: useId(), file: useId(), progress: useId() };

  useEffect(() => {
    let live = true;
    void loadSettings().then((s) => {
      if (!live) return;
      settings.current = { autoCreate: s.autoCreate, neverLog: s.neverLog };
      // The signed-in Gmail address (kept by the sidebar) and the aliases: the user is never their own contact.
      setOwn((current) => current || knownOwnAddresses(s).join(', '));
    });
    return () => {
      live = false;
      worker.current?.terminate();
    };
  }, []);

  const number = (n: number) => formatNumber(n, locale);
  const megabytes = (bytes: number) => formatNumber(bytes / 1e6, locale, bytes < 1e6 ? 3 : 1);

  function start() {
    const { addresses, invalid } = parseOwnAddresses(own);
    const ownProblem = invalid.length ? t('rsMboxOwnInvalid', invalid.join(', ')) : addresses.length === 0 ? t('rsMboxOwnRequired') : null;
    setOwnError(ownProblem);
    setFileError(file ? null : t('rsMboxFileRequired'));
    if (ownProblem || !file) return;
    const w = new Worker(new URL('./risk-mbox.worker.ts', import.meta.url), { type: 'module' });
    worker.current = w;
    const size = file.size;
    setState({ phase: 'running', size, progress: { bytesRead: 0, messages: 0, added: 0 } });
    w.onmessage = (event: MessageEvent<FromImportWorker>) => {
      const m = event.data;
      if (m.type === 'progress') {
        const { bytesRead, messages, added } = m;
        setState((s) => (s.phase === 'running' ? { ...s, progress: { bytesRead, messages, added } } : s));
        return;
      }
      setState(m.type === 'done' ? { phase: 'done', summary: m.summary } : { phase: 'error', code: m.code, message: m.message, added: m.added });
      // New history changes scores: rescore everyone in the background.
      if ((m.type === 'done' ? m.summary.added : m.added) > 0) {
        requestRescore();
        window.dispatchEvent(new Event(HISTORY_IMPORTED));
      }
      w.terminate();
      worker.current = null;
    };
    w.onerror = (event) => {
      setState({ phase: 'error', code: 'failed', message: event.message || t('reWorkerFailed'), added: 0 });
      w.terminate();
      worker.current = null;
    };
    const message: ToImportWorker = { type: 'start', file, own: addresses, ...settings.current };
    w.postMessage(message);
  }

  function cancel() {
    worker.current?.postMessage({ type: 'cancel' } satisfies ToImportWorker);
  }

  const running = state.phase === 'running';
  return (
    <section className="rs-part rs-mbox" aria-labelledby={`${ids.own}-title`}>
      <h3 id={`${ids.own}-title`}>{t('rsMboxTitle')}</h3>
      <p className="muted">{t('rsMboxIntro')}</p>
      <div className="rs-field">
        <label htmlFor={ids.own}>{t('rsMboxOwnLabel')}</label>
        <input id={ids.own} type="text" value={own} disabled={running} aria-describedby={ids.ownHelp} aria-invalid={ownError ? true : undefined} onChange={(e) => setOwn(e.target.value)} />
        <small id={ids.ownHelp} className="muted">
          {t('rsMboxOwnHelp')}
        </small>
        {ownError && (
          <p className="rs-error" role="alert">
            {ownError}
          </p>
        )}
      </div>
      <div className="rs-field">
        <FilePicker
          id={ids.file}
          label={t('rsMboxFileLabel')}
          disabled={running}
          onFile={(file) => {
            setFile(file ?? null);
            setFileError(null);
          }}
        />
        {fileError && (
          <p className="rs-error" role="alert">
            {fileError}
          </p>
        )}
      </div>
      <div className="rs-actions">
        <button type="button" onClick={start} disabled={running}>
          {t('rsMboxStart')}
        </button>
        {running && (
          <button type="button" onClick={cancel}>
            {t('rsMboxCancel')}
          </button>
        )}
      </div>

      {state.phase === 'running' && (
        <div className="rs-progress" data-testid="mbox-progress">
          <label htmlFor={ids.progress}>{t('rsMboxProgressLabel')}</label>
          <progress id={ids.progress} max={Math.max(1, state.size)} value={state.progress.bytesRead} />
          <p aria-live="polite">{t('rsMboxProgress', [megabytes(state.progress.bytesRead), megabytes(state.size), number(state.progress.messages), number(state.progress.added)])}</p>
        </div>
      )}

      {state.phase === 'done' && (
        <div className="rs-summary" role="status" data-testid="mbox-summary">
          <p>
            <strong>{state.summary.cancelled ? t('rsMboxCancelled', number(state.summary.added)) : t('rsMboxDone')}</strong>
          </p>
          <dl>
            <dt>{t('rsMboxRead')}</dt>
            <dd data-key="messagesRead">{number(state.summary.messagesRead)}</dd>
            <dt>{t('rsMboxAdded')}</dt>
            <dd data-key="added">{number(state.summary.added)}</dd>
            <dt>{t('rsMboxAlready')}</dt>
            <dd data-key="alreadyThere">{number(state.summary.alreadyThere)}</dd>
            <dt>{t('rsMboxSkippedNoDate')}</dt>
            <dd data-key="skippedNoDate">{number(state.summary.skippedNoDate)}</dd>
            <dt>{t('rsMboxSkippedOwn')}</dt>
            <dd data-key="skippedNoCorrespondent">{number(state.summary.skippedNoCorrespondent)}</dd>
            {state.summary.partlyRead['too-large'] > 0 && (
              <>
                <dt>{t('rsMboxPartlyTooLarge')}</dt>
                <dd data-key="partlyRead.too-large">{number(state.summary.partlyRead['too-large'])}</dd>
              </>
            )}
            {state.summary.partlyRead['too-complex'] > 0 && (
              <>
                <dt>{t('rsMboxPartlyTooComplex')}</dt>
                <dd data-key="partlyRead.too-complex">{number(state.summary.partlyRead['too-complex'])}</dd>
              </>
            )}
            <dt>{t('rsMboxContactsCreated')}</dt>
            <dd data-key="contactsCreated">{number(state.summary.contactsCreated)}</dd>
            <dt>{t('rsMboxContactsUpdated')}</dt>
            <dd data-key="contactsUpdated">{number(state.summary.contactsUpdated)}</dd>
            <dt>{t('rsMboxTime')}</dt>
            <dd data-key="ms">{t('rsMboxSeconds', [formatNumber(state.summary.ms / 1000, locale, state.summary.ms < 10_000 ? 2 : 1), megabytes(state.summary.bytesRead)])}</dd>
          </dl>
        </div>
      )}

      {state.phase === 'error' && (
        <div className="rs-error" role="alert" data-testid="mbox-error">
          {state.code === 'not-mbox' ? <p>{t('rsMboxNotMbox')}</p> : <p>{t('rsMboxFailed', [state.message, number(state.added)])}</p>}
        </div>
      )}
    </section>
  );
}
