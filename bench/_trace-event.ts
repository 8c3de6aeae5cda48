// One event of a Chromium DevTools trace (the Tracing domain's dataCollected), as the trace probes read it.
export interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { name?: string; data?: Record<string, unknown> };
}
