/** A file whose first non-empty line is not a "From " line: no message was read from it. */
export class NotMboxError extends Error {
  override name = 'NotMboxError';
  readonly code = 'not-mbox';
}

/** Bytes from a Node Readable, a web ReadableStream (File.stream()) or any async iterable of chunks. */
export type ByteSource = AsyncIterable<Uint8Array | string> | ReadableStream<Uint8Array>;

export interface SplitOptions {
  signal?: AbortSignal;
  /** Called after each chunk with the bytes read so far. */
  onBytes?: (bytesRead: number) => void;
  /** Bytes kept of one message (headers and first text part come first); the rest is dropped. Default 1 MiB. */
  maxMessageBytes?: number;
  /** Called with each message's From_ line (after "From ", without the line end) just before the message is yielded. */
  onEnvelope?: (line: string) => void;
  /** Called just before a message is yielded whose end was dropped (it was longer than maxMessageBytes). */
  onTruncated?: () => void;
}

async function* chunksOf(source: ByteSource): AsyncGenerator<Uint8Array> {
  const encoder = new TextEncoder();
  if (Symbol.asyncIterator in source) {
    for await (const chunk of source as AsyncIterable<Uint8Array | string>) yield typeof chunk === 'string' ? encoder.encode(chunk) : chunk;
    return;
  }
  const reader = (source as ReadableStream<Uint8Array>).getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

const F = 70,
  R = 114,
  O = 111,
  M = 109,
  SP = 32,
  GT = 62,
  NL = 10,
  CR = 13;
const LONG_LINE = 1 << 16;
const isFromAt = (b: Uint8Array, i: number) => b[i] === F && b[i + 1] === R && b[i + 2] === O && b[i + 3] === M && b[i + 4] === SP;

function concat(parts: Uint8Array[], total: number): Uint8Array {
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Splits an mbox byte stream into raw messages at "From " lines, undoing mboxrd ">From " escaping. */
export async function* splitMbox(source: ByteSource, options: SplitOptions = {}): AsyncGenerator<Uint8Array> {
  const { signal, onBytes, maxMessageBytes = 1 << 20, onEnvelope, onTruncated } = options;
  const latin1 = onEnvelope ? new TextDecoder('latin1') : null;
  let envelope = '';
  const readEnvelope = (data: Uint8Array, start: number, end: number) => {
    if (latin1) envelope = latin1.decode(data.subarray(start + 5, Math.min(end, start + 300))).trimEnd();
  };
  let bytesRead = 0;
  let carry: Uint8Array = new Uint8Array(0);
  let parts: Uint8Array[] = [];
  let kept = 0;
  let truncated = false;
  let started = false;
  let midLine = false;
  const keep = (piece: Uint8Array) => {
    if (piece.length === 0) return;
    const room = maxMessageBytes - kept;
    if (piece.length > room) truncated = true;
    if (room <= 0) return;
    // Copied: the producer may reuse its chunk buffers.
    parts.push(piece.slice(0, Math.min(piece.length, room)));
    kept += Math.min(piece.length, room);
  };
  const finish = () => {
    const message = concat(parts, kept);
    if (truncated) onTruncated?.();
    parts = [];
    kept = 0;
    truncated = false;
    return message;
  };
  function* handle(data: Uint8Array, midLine: boolean): Generator<Uint8Array> {
    let segment = 0;
    for (let start = 0; start < data.length;) {
      const nl = data.indexOf(NL, start);
      const end = nl < 0 ? data.length : nl + 1;
      if (midLine && start === 0) {
        // The rest of a very long line whose start was already kept.
      } else if (!started) {
        let k = start;
        while (k < end && (data[k] === SP || data[k] === NL || data[k] === CR || data[k] === 9)) k++;
        if (k < end && !isFromAt(data, start)) {
          const line = new TextDecoder().decode(data.subarray(start, Math.min(end, start + 60))).trim();
          throw new NotMboxError(`not an mbox file: the first line should start with "From ", it reads "${line}"`);
        }
        started = k < end;
        if (started) readEnvelope(data, start, end);
        segment = end;
      } else if (isFromAt(data, start)) {
        keep(data.subarray(segment, start));
        segment = end;
        signal?.throwIfAborted();
        onEnvelope?.(envelope);
        readEnvelope(data, start, end);
        yield finish();
      } else if (data[start] === GT) {
        // mboxrd: ">From " → "From ", ">>From " → ">From ": drop the first ">".
        let k = start;
        while (data[k] === GT) k++;
        if (isFromAt(data, k)) {
          keep(data.subarray(segment, start));
          segment = start + 1;
        }
      }
      start = end;
    }
    keep(data.subarray(segment));
  }

  for await (const chunk of chunksOf(source)) {
    signal?.throwIfAborted();
    bytesRead += chunk.length;
    const data = carry.length ? concat([carry, chunk], carry.length + chunk.length) : chunk;
    const lastNl = data.lastIndexOf(NL);
    const complete = data.subarray(0, lastNl + 1);
    // The unfinished last line waits for the next chunk; copied so the producer may reuse its buffer.
    carry = data.slice(lastNl + 1);
    if (complete.length > 0) {
      yield* handle(complete, midLine);
      midLine = false;
    }
    if (carry.length > LONG_LINE) {
      // A line this long (base64 without breaks, binary) is body text, unless it starts like a separator.
      const head = midLine ? 0 : 6;
      if (head) yield* handle(carry.subarray(0, head), false);
      keep(carry.subarray(head));
      carry = new Uint8Array(0);
      midLine = true;
    }
    onBytes?.(bytesRead);
  }
  signal?.throwIfAborted();
  if (carry.length) yield* handle(carry, midLine);
  if (started) {
    onEnvelope?.(envelope);
    yield finish();
  }
}
