import { useI18n } from '@/components/i18n';
import type { CsvErrorCode } from '@/lib/csv/errors';

const ERROR_KEYS: Record<CsvErrorCode, string> = {
  empty: 'wiErrEmpty',
  encoding: 'wiErrEncoding',
  'wrong-delimiter': 'wiErrWrongDelimiter',
  'unclosed-quote': 'wiErrUnclosedQuote',
  'row-too-large': 'wiErrRowTooLarge',
  'no-email-column': 'wiErrNoEmailColumn',
};
// Errors whose translated title says everything: their English detail would only repeat it.
const SELF_EXPLAINED = new Set<CsvErrorCode>(['empty', 'unclosed-quote', 'row-too-large']);

export interface FileProblem {
  code?: CsvErrorCode;
  /** Spreadsheet row (header = 1). */
  row?: number;
  /** Text-editor line, when it can differ from the row. */
  line?: number;
  /** Details, without the row. */
  message: string;
}

/** A problem that stops the whole file: what it is, at which row (said once), and the line in a text editor when that differs. */
export function FileError({ problem }: { problem: FileProblem }) {
  const { t } = useI18n();
  const title = problem.code ? t(ERROR_KEYS[problem.code]) : t('wiErrOther');
  const showDetail = problem.message && !(problem.code && SELF_EXPLAINED.has(problem.code));
  return (
    <div className="wi-error" role="alert" data-testid="wi-file-error" data-code={problem.code ?? 'other'}>
      <p>
        <strong>{problem.row ? t('wiErrAtRow', [String(problem.row), title]) : title}</strong>
      </p>
      {problem.row && problem.line && problem.line !== problem.row ? <p>{t('wiErrAtLine', String(problem.line))}</p> : null}
      {showDetail ? <p className="muted">{problem.message}</p> : null}
    </div>
  );
}
