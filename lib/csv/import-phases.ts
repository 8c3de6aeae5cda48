// Where an import spends its time (issue 16): the worker times its parts (decode, parse, validate, the dry run's
// reads, the write's steps) and sends them with its answer; the import page replays them as User Timing measures
// (`kizuna-import:<phase>`) on its own clock, beside its own (click → answer, answer → summary rendered).
// bench/workspace-import.ts reads them. A few dozen entries per import, read by nobody in a user's browser.
const PREFIX = 'kizuna-import:';

/** One timed part of an import: `at` on the wall clock (`performance.timeOrigin + startTime`), so any page can place it. */
export interface ImportPhase {
  phase: string;
  at: number;
  ms: number;
}

/** Collects an import's phases in the worker (one list per job). */
export function phaseLog() {
  const phases: ImportPhase[] = [];
  return {
    phases,
    /** Records that `phase` ran from `start` (a `performance.now()`) until now. */
    since(phase: string, start: number): void {
      phases.push({ phase, at: performance.timeOrigin + start, ms: performance.now() - start });
    },
    /** Adds `ms` to `phase` (a part spread over many chunks, as validation is over the parse). */
    add(phase: string, start: number, ms: number): void {
      const known = phases.find((p) => p.phase === phase);
      if (known) known.ms += ms;
      else phases.push({ phase, at: performance.timeOrigin + start, ms });
    },
  };
}

export type PhaseLog = ReturnType<typeof phaseLog>;

/** Replays phases as User Timing measures on this page's clock. */
export function measurePhases(phases: readonly ImportPhase[]): void {
  for (const p of phases) measurePhase(p.phase, p.at - performance.timeOrigin, p.ms);
}

/** Records one phase from `start` (this page's `performance.now()` clock) lasting `ms`. */
export function measurePhase(phase: string, start: number, ms: number): void {
  try {
    performance.measure(PREFIX + phase, { start, duration: ms });
  } catch {
    // A timeline that refuses an entry costs the import nothing.
  }
}

/** The phases measured on a page, summed by name, in order of first start (the benchmark's breakdown). */
export function readPhases(entries: readonly { name: string; startTime: number; duration: number }[]): { phase: string; ms: number; count: number }[] {
  const out = new Map<string, { phase: string; ms: number; count: number; first: number }>();
  for (const e of entries) {
    if (!e.name.startsWith(PREFIX)) continue;
    const phase = e.name.slice(PREFIX.length);
    const total = out.get(phase) ?? { phase, ms: 0, count: 0, first: e.startTime };
    total.ms += e.duration;
    total.count++;
    out.set(phase, total);
  }
  return [...out.values()].sort((a, b) => a.first - b.first).map(({ phase, ms, count }) => ({ phase, ms, count }));
}
