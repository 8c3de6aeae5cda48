import { STAGES, type Stage } from '../db/types';

// Stage labels other tools and Japanese sheets use, compared after normalizeLabel.
const STAGE_LABELS: Record<string, Stage> = {
  prospect: 'lead', lead: 'lead', リード: 'lead', 見込み: 'lead', 見込み客: 'lead', 見込客: 'lead', 商談中: 'lead',
  customer: 'customer', client: 'customer', active: 'customer', 顧客: 'customer', 既存顧客: 'customer', カスタマー: 'customer', 契約中: 'customer',
  atrisk: 'at-risk', risk: 'at-risk', 要注意: 'at-risk', 解約リスク: 'at-risk', リスク: 'at-risk', 離脱リスク: 'at-risk',
  churned: 'churned', lost: 'churned', cancelled: 'churned', canceled: 'churned', 解約: 'churned', 解約済み: 'churned', 解約済: 'churned', 離脱: 'churned', 失注: 'churned',
  advocate: 'advocate', promoter: 'advocate', 推奨者: 'advocate', アドボケイト: 'advocate', ファン: 'advocate', 優良顧客: 'advocate',
};

function normalizeLabel(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/[\s\-_]+/g, '');
}

/** The stage a cell names (English or Japanese label, any case), or undefined when it names none. */
export function parseStage(text: string): Stage | undefined {
  const lower = text.trim().toLowerCase();
  if ((STAGES as readonly string[]).includes(lower)) return lower as Stage;
  return STAGE_LABELS[normalizeLabel(text)];
}

/** Tag names in a cell separated by `;` or `,` (also Japanese 、 and ，), trimmed, without case-insensitive repeats. */
export function splitTags(text: string): string[] {
  const seen = new Set<string>();
  const tags: string[] = [];
  for (const part of text.split(/[;,、，；]/)) {
    const name = part.trim();
    const key = name.toLowerCase();
    if (name && !seen.has(key)) {
      seen.add(key);
      tags.push(name);
    }
  }
  return tags;
}

const DATE = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

/** Epoch ms of a `YYYY-MM-DD` / `YYYY/MM/DD` [`HH:mm[:ss]`] cell read as UTC, or ISO 8601 with a zone; else undefined. */
export function parseDateCell(text: string): number | undefined {
  const t = text.trim();
  const m = DATE.exec(t);
  if (m) {
    const [y, mo, d, h = '0', mi = '0', s = '0'] = m.slice(1);
    const ms = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s);
    const back = new Date(ms);
    return back.getUTCMonth() === +mo - 1 && back.getUTCDate() === +d ? ms : undefined;
  }
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(t)) {
    const ms = Date.parse(t);
    return Number.isNaN(ms) ? undefined : ms;
  }
  return undefined;
}

/** Values accepted for yes/no columns by z.stringbool (case-insensitive). */
export const TRUTHY = ['true', '1', 'yes', 'y', 'on', 'x', 'はい', '有', 'あり', '○', '◯', '済'];
export const FALSY = ['false', '0', 'no', 'n', 'off', 'いいえ', '無', 'なし', '×', '-'];
