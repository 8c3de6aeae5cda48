// `npm run churn -- eval …` and `npm run churn -- signals …`: see docs/churn.md.
import { accessSync, constants, createReadStream, readFileSync } from 'node:fs';
import { parseCliArgs, USAGE, UsageError, type EvalArgs, type SignalsArgs } from '../lib/churn/cli-args';
import { CorrespondentCollector } from '../lib/churn/correspondents';
import { evaluateCsv } from '../lib/churn/evaluate';
import { LabelError } from '../lib/churn/model/labels';
import { readMbox } from '../lib/mbox/read-mbox';
import { NotMboxError } from '../lib/mbox/split';

function readText(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${what} "${path}": ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

function runEval(args: EvalArgs): void {
  evaluateCsv(readText(args.csv, '--csv'), args, {
    line: (text) => console.log(text),
    note: (text) => console.error(text),
  });
}

async function runSignals(args: SignalsArgs): Promise<void> {
  try {
    accessSync(args.mbox, constants.R_OK);
  } catch (error) {
    throw new UsageError(`cannot read --mbox "${args.mbox}": ${(error as NodeJS.ErrnoException).code}`);
  }
  const collector = new CorrespondentCollector(args.me);
  let last = 0;
  for await (const message of readMbox(createReadStream(args.mbox, { highWaterMark: 1 << 20 }), {
    onProgress: (p) => {
      if (p.bytesRead - last < 64 << 20) return;
      last = p.bytesRead;
      console.error(`read ${(p.bytesRead / 1e6).toFixed(0)} MB, ${p.messages} messages`);
    },
  }))
    collector.add(message);
  for (const line of collector.results(args.now, args.timeZone)) console.log(JSON.stringify(line));
}

try {
  const args = parseCliArgs(process.argv.slice(2));
  if (args.command === 'eval') runEval(args);
  else await runSignals(args);
} catch (error) {
  if (error instanceof UsageError || error instanceof LabelError || error instanceof NotMboxError) {
    console.error(`churn: ${error.message}`);
    if (error instanceof UsageError) console.error(USAGE);
    process.exit(2);
  }
  throw error;
}
