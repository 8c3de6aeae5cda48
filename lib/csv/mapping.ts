import { CsvError } from './errors';

export const CONTACT_FIELDS = [
  'email', 'name', 'firstName', 'lastName', 'company', 'stage', 'owner', 'tags', 'notes',
  'doNotContact', 'customerSince', 'churnedAt',
] as const;
export type ContactField = (typeof CONTACT_FIELDS)[number];

export type ColumnTarget =
  | { kind: 'field'; field: ContactField }
  | { kind: 'custom'; key: string; label: string }
  | { kind: 'ignore' };

export interface CsvMapping {
  /** One target per header column, by position. */
  columns: ColumnTarget[];
  /** How first and last name columns are joined: "Ann Lee", or "山田 太郎" (family name first). */
  nameOrder: 'given-family' | 'family-given';
}

export interface CustomFieldDef {
  key: string;
  label: string;
}

// Headers are compared after NFKC, lower-casing and dropping spaces and punctuation ("E-mail" → "email").
const ALIASES: Record<ContactField, string[]> = {
  email: ['email', 'emailaddress', 'mail', 'mailaddress', 'primaryemail', 'workemail', 'メール', 'メールアドレス', 'eメール', 'eメールアドレス', '電子メール', '電子メールアドレス'],
  name: ['name', 'fullname', 'contactname', 'displayname', '氏名', '名前', 'お名前', 'フルネーム'],
  firstName: ['firstname', 'givenname', 'first', '名', 'ファーストネーム', '下の名前'],
  lastName: ['lastname', 'surname', 'familyname', 'last', '姓', '苗字', '名字', 'ラストネーム'],
  company: ['company', 'companyname', 'organization', 'organisation', 'account', 'accountname', '会社', '会社名', '企業名', '企業', '組織', '所属', '法人名', '勤務先'],
  stage: ['stage', 'lifecyclestage', 'status', 'ステージ', 'ステータス', '段階', '顧客ステージ'],
  owner: ['owner', 'contactowner', 'accountowner', 'assignedto', '担当者', '担当', '営業担当', '担当営業'],
  tags: ['tags', 'tag', 'labels', 'label', 'タグ', 'ラベル'],
  notes: ['notes', 'note', 'comment', 'comments', 'memo', 'description', 'メモ', '備考', 'ノート', 'コメント'],
  doNotContact: ['donotcontact', 'donotemail', 'optout', 'optedout', 'unsubscribed', '配信停止', '連絡不可', 'メール配信停止'],
  customerSince: ['customersince', 'customerdate', 'becamecustomer', '顧客開始日', '契約開始日', '取引開始日'],
  churnedAt: ['churnedat', 'churndate', 'churned', 'cancelledat', 'canceledat', '解約日'],
};

const ALIAS_INDEX = new Map<string, ContactField>(
  Object.entries(ALIASES).flatMap(([field, names]) => names.map((n) => [n, field as ContactField] as const)),
);

/** A header reduced for comparison: NFKC, lower case, no spaces, dashes, dots, underscores or colons. */
export function normalizeHeader(header: string): string {
  return header.normalize('NFKC').toLowerCase().replace(/[\s\-_.:・/()（）]+/g, '');
}

const JAPANESE = /[\u3040-\u30ff\u3400-\u9fff]/;

function customKey(header: string, index: number, used: Set<string>): string {
  let base = header.normalize('NFKC').toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^[^a-z]+|_+$/g, '').slice(0, 36);
  if (!base) base = `field_${index + 1}`;
  let key = base;
  for (let n = 2; used.has(key); n++) key = `${base}_${n}`;
  used.add(key);
  return key;
}

/** Guesses each column's target from English or Japanese headers; other columns become custom fields (or are ignored). */
export function guessMapping(
  header: string[],
  options: { customFields?: CustomFieldDef[]; unknown?: 'custom' | 'ignore' } = {},
): CsvMapping {
  const known = new Map<string, CustomFieldDef>();
  for (const def of options.customFields ?? []) {
    known.set(normalizeHeader(def.label), def);
    known.set(normalizeHeader(def.key), def);
  }
  const taken = new Set<ContactField>();
  const usedKeys = new Set((options.customFields ?? []).map((d) => d.key));
  let nameOrder: CsvMapping['nameOrder'] = 'given-family';
  const columns = header.map((text, index): ColumnTarget => {
    const norm = normalizeHeader(text);
    const field = ALIAS_INDEX.get(norm);
    if (field && !taken.has(field)) {
      taken.add(field);
      if (field === 'lastName' && JAPANESE.test(text)) nameOrder = 'family-given';
      return { kind: 'field', field };
    }
    const def = known.get(norm);
    if (def) return { kind: 'custom', key: def.key, label: def.label };
    if (norm === '' || options.unknown === 'ignore') return { kind: 'ignore' };
    return { kind: 'custom', key: customKey(text, index, usedKeys), label: text.trim() };
  });
  return { columns, nameOrder };
}

/** The mapping with one column changed by the user; a field can map from one column only, so its old column is ignored. */
export function setColumn(mapping: CsvMapping, index: number, target: ColumnTarget): CsvMapping {
  const columns = mapping.columns.map((current, i): ColumnTarget => {
    if (i === index) return target;
    if (target.kind === 'field' && current.kind === 'field' && current.field === target.field) return { kind: 'ignore' };
    return current;
  });
  return { ...mapping, columns };
}

/** Throws when the mapping cannot import anything: no column is mapped to email. */
export function assertMappingUsable(mapping: CsvMapping, header: string[]): void {
  if (mapping.columns.some((c) => c.kind === 'field' && c.field === 'email')) return;
  const hint = header.length === 1 ? ' The file may use another separator than the one chosen.' : '';
  throw new CsvError('no-email-column', `No column is mapped to email (columns: ${header.slice(0, 8).join(', ')}).${hint}`);
}
