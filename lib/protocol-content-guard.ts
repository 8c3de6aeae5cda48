import type { ToContent } from './protocol-to-content';

/** The name of the Port the sidebar (the side panel, or the in-Gmail dock) opens to its tab's content script. */
export const SIDEBAR_PORT = 'kizuna-sidebar';

const MAX_TEXT = 200_000;
const isText = (v: unknown): v is string => typeof v === 'string' && v.length <= MAX_TEXT;
const isId = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/**
 * Reads a sidebar → content-script message: the same contract as ToContentSchema, checked by hand
 * because zod's core alone would take a third of the content script's 30 kB budget. Null when invalid.
 */
export function readToContent(raw: unknown): ToContent | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const m = raw as Record<string, unknown>;
  switch (m.type) {
    case 'hello':
      return { type: 'hello' };
    case 'insert':
      return isId(m.requestId) && isText(m.text) ? { type: 'insert', requestId: m.requestId, text: m.text } : null;
    case 'expansion':
      return isId(m.requestId) && (m.text === null || isText(m.text)) ? { type: 'expansion', requestId: m.requestId, text: m.text } : null;
    default:
      return null;
  }
}
