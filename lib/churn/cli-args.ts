import { isTimeZone } from './working-days';

export const USAGE = `usage:
  churn eval --csv FILE --label COLUMN [--positive VALUE] [--id COLUMN] [--folds 5] [--seed 42] [--model logistic|gbdt|both]
  churn signals --mbox FILE --me ADDRESS[,ADDRESS…] [--now ISO-DATE] [--tz IANA-ZONE]`;

export interface EvalArgs {
  command: 'eval';
  csv: string;
  label: string;
  positive?: string;
  id?: string;
  folds: number;
  seed: number;
  model: 'logistic' | 'gbdt' | 'both';
}

export interface SignalsArgs {
  command: 'signals';
  mbox: string;
  me: string[];
  now: number;
  timeZone: string;
}

export type CliArgs = EvalArgs | SignalsArgs;

const OPTIONS: Record<CliArgs['command'], string[]> = {
  eval: ['csv', 'label', 'positive', 'id', 'folds', 'seed', 'model'],
  signals: ['mbox', 'me', 'now', 'tz'],
};

/** A bad command line: the message says what to fix; the CLI exits with code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

function integer(name: string, value: string | undefined, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (!/^-?\d+$/.test(value) || Number(value) < min) throw new UsageError(`--${name} must be an integer ≥ ${min}, got "${value}"`);
  return Number(value);
}

/** Parses the churn CLI's arguments (after the script name); throws UsageError when they are wrong. */
export function parseCliArgs(argv: readonly string[], now = Date.now()): CliArgs {
  const [command, ...rest] = argv;
  if (command !== 'eval' && command !== 'signals') throw new UsageError(command ? `unknown command "${command}"` : 'no command given');
  const values: Record<string, string> = {};
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (!arg.startsWith('--')) throw new UsageError(`unexpected argument "${arg}"`);
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(2, eq) : arg.slice(2);
    if (!OPTIONS[command].includes(name)) throw new UsageError(`unknown option --${name} for ${command}`);
    if (name in values) throw new UsageError(`--${name} given twice`);
    const value = eq > 0 ? arg.slice(eq + 1) : rest[++i];
    if (value === undefined || (eq < 0 && value.startsWith('--'))) throw new UsageError(`--${name} needs a value`);
    values[name] = value;
  }
  const required = (name: string) => {
    if (!values[name]) throw new UsageError(`--${name} is required for ${command}`);
    return values[name];
  };
  if (command === 'eval') {
    const model = values.model ?? 'logistic';
    if (model !== 'logistic' && model !== 'gbdt' && model !== 'both') throw new UsageError(`--model must be logistic, gbdt or both, got "${model}"`);
    return {
      command,
      csv: required('csv'),
      label: required('label'),
      positive: values.positive,
      id: values.id,
      folds: integer('folds', values.folds, 5, 2),
      seed: integer('seed', values.seed, 42, 0),
      model,
    };
  }
  const me = required('me')
    .split(',')
    .map((a) => a.trim().toLowerCase())
    .filter(Boolean);
  if (me.length === 0 || me.some((a) => !a.includes('@'))) throw new UsageError(`--me must be email addresses separated by commas, got "${values.me}"`);
  const at = values.now === undefined ? now : Date.parse(values.now);
  if (Number.isNaN(at)) throw new UsageError(`--now must be an ISO 8601 date, got "${values.now}"`);
  const timeZone = values.tz ?? 'UTC';
  if (!isTimeZone(timeZone)) throw new UsageError(`--tz must be an IANA time zone such as Asia/Tokyo, got "${timeZone}"`);
  return { command, mbox: required('mbox'), me, now: at, timeZone };
}
