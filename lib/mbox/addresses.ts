import { decodeEncodedWords } from './encoded-words';

export interface Address {
  /** Display name, decoded; '' when none. */
  name: string;
  /** Lower-cased. */
  address: string;
}

function readUntil(text: string, start: number, close: string, open?: string): [string, number] {
  let depth = 1;
  let out = '';
  let i = start;
  for (; i < text.length; i++) {
    const c = text[i];
    if (c === '\\' && i + 1 < text.length) out += text[++i];
    else if (open && c === open) {
      depth++;
      out += c;
    } else if (c === close && --depth === 0) break;
    else out += c;
  }
  return [out, i];
}

/** Parses an address-list header (RFC 5322): display names, quoted strings, comments, groups, encoded-words. */
export function parseAddressList(value: string | undefined): Address[] {
  const list: Address[] = [];
  if (!value) return list;
  let phrase = '';
  let angle: string | null = null;
  let comment = '';
  // Whether phrase holds an '@' (asking phrase itself at every ':' is quadratic in a long header).
  let at = false;
  const flush = () => {
    const tidy = (s: string) => decodeEncodedWords(s.replace(/\s+/g, ' ').trim());
    const address = (angle ?? phrase).replace(/\s+/g, '').toLowerCase();
    const name = angle !== null ? tidy(phrase) : tidy(comment);
    if (address) list.push({ name, address });
    phrase = '';
    angle = null;
    comment = '';
    at = false;
  };
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === '"') {
      const [quoted, end] = readUntil(value, i + 1, '"');
      phrase += quoted;
      at ||= quoted.includes('@');
      i = end;
    } else if (c === '(') {
      const [text, end] = readUntil(value, i + 1, ')', '(');
      comment += (comment ? ' ' : '') + text;
      phrase += ' ';
      i = end;
    } else if (c === '<') {
      const [text, end] = readUntil(value, i + 1, '>');
      angle = text.trim();
      i = end;
    } else if (c === ',' || c === ';') flush();
    else if (c === ':' && angle === null && !at) {
      // A group's name ("Team: a@x, b@y;") names no mailbox.
      phrase = '';
      comment = '';
    } else {
      phrase += c;
      at ||= c === '@';
    }
  }
  flush();
  return list;
}
