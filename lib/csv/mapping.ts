import type { Stage } from '../db/types';
import type { DateOrder } from './dates';
import { CsvError } from './errors';

export const CONTACT_FIELDS = [
  'email',
  'name',
  'firstName',
  'lastName',
  'company',
  'stage',
  'owner',
  'tags',
  'notes',
  'doNotContact',
  'customerSince',
  'churnedAt',
  'lastContact',
  'externalId',
] as const;
export type ContactField = (typeof CONTACT_FIELDS)[number];

/** The CRM signals the churn risk reads from custom fields (lib/churn/crm-signals.ts), and how their cells are read. */
export const SIGNAL_FIELDS = { revenue: 'number', nps: 'number', supportTickets: 'number', renewalAt: 'date', paymentStatus: 'text' } as const;
export type SignalField = keyof typeof SIGNAL_FIELDS;

export type ColumnTarget = { kind: 'field'; field: ContactField } | { kind: 'custom'; key: string; label: string } | { kind: 'ignore' };

export interface CsvMapping {
  /** One target per header column, by position. */
  columns: ColumnTarget[];
  /** How first and last name columns are joined: "Ann Lee", or "山田 太郎" (family name first). */
  nameOrder: 'given-family' | 'family-given';
  /** The stage the user chose for a cell value (by stageKey), over the words Kizuna knows. */
  stages: Record<string, Stage>;
  /** Custom fields read as numbers or dates (the CRM signals'): stored in one form, and a cell that cannot be read is a warning. */
  fieldTypes: Record<string, 'number' | 'date'>;
  /** How a date with the year last (03/04/2024) is read. */
  dateOrder: DateOrder;
}

export interface CustomFieldDef {
  key: string;
  label: string;
}

// Headers are compared after NFKC, lower-casing and dropping spaces and punctuation ("E-mail" → "email",
// Pipedrive's "Person - Email - Work" → "personemailwork"). Earlier names win when two columns match one field.
const ALIASES: Record<ContactField | SignalField, string[]> = {
  email: [
    'email',
    'emailaddress',
    'mail',
    'mailaddress',
    'primaryemail',
    'workemail',
    'personemail',
    'emailwork',
    'personemailwork',
    'contactemail',
    'emailhome',
    'personemailhome',
    'emailother',
    'personemailother',
    'メール',
    'メールアドレス',
    'eメール',
    'eメールアドレス',
    '電子メール',
    '電子メールアドレス',
    'mailアドレス',
  ],
  name: ['name', 'fullname', 'contactname', 'displayname', 'personname', '氏名', '名前', 'お名前', 'フルネーム', '担当者名', '担当者氏名', 'ご担当者名'],
  firstName: ['firstname', 'givenname', 'first', 'personfirstname', '名', 'ファーストネーム', '下の名前'],
  lastName: ['lastname', 'surname', 'familyname', 'last', 'personlastname', '姓', '苗字', '名字', 'ラストネーム'],
  company: [
    'company',
    'companyname',
    'organization',
    'organisation',
    'organizationname',
    'personorganization',
    'account',
    'accountname',
    'associatedcompany',
    'companyaccount',
    '会社',
    '会社名',
    '企業名',
    '企業',
    '組織',
    '所属',
    '法人名',
    '勤務先',
    '取引先',
    '取引先名',
  ],
  stage: [
    'stage',
    'lifecyclestage',
    'contactstage',
    'customerstage',
    'status',
    'leadstatus',
    'personlabel',
    'dealstatus',
    'accounttype',
    'ステージ',
    'ライフサイクルステージ',
    'ステータス',
    '段階',
    '顧客ステージ',
    'リードステータス',
  ],
  owner: [
    'owner',
    'contactowner',
    'accountowner',
    'leadowner',
    'personowner',
    'dealowner',
    'hubspotowner',
    'ownername',
    'assignedto',
    '担当者',
    '担当',
    '営業担当',
    '担当営業',
    '営業担当者',
    'オーナー',
    'コンタクト所有者',
    '所有者',
  ],
  tags: ['tags', 'tag', 'labels', 'label', 'タグ', 'ラベル'],
  notes: ['notes', 'note', 'comment', 'comments', 'memo', 'description', 'メモ', '備考', 'ノート', 'コメント'],
  doNotContact: ['donotcontact', 'donotemail', 'optout', 'optedout', 'emailoptout', 'unsubscribed', 'unsubscribedfromallemail', '配信停止', '連絡不可', 'メール配信停止'],
  customerSince: ['customersince', 'customerdate', 'becamecustomer', 'becameacustomerdate', '顧客開始日', '契約開始日', '取引開始日'],
  churnedAt: ['churnedat', 'churndate', 'churned', 'cancelledat', 'canceledat', 'cancellationdate', '解約日'],
  lastContact: [
    'lastcontact',
    'lastcontacted',
    'lastcontactdate',
    'lastactivitydate',
    'lastactivity',
    'personlastactivitydate',
    'lastengagementdate',
    '最終接触日',
    '最終連絡日',
    '最終コンタクト日',
    '最終活動日',
    '最終対応日',
    '最終接触',
  ],
  externalId: [
    'externalid',
    'recordid',
    'contactid',
    'personid',
    'leadid',
    'id',
    'crmid',
    'hubspotid',
    'salesforceid',
    'sfid',
    'レコードid',
    'コンタクトid',
    '顧客id',
    '顧客番号',
    '連絡先id',
    'id番号',
  ],
  revenue: [
    'revenue',
    'annualrevenue',
    'amount',
    'dealvalue',
    'value',
    'arr',
    'mrr',
    'acv',
    'contractvalue',
    'totalrevenue',
    '売上',
    '売上高',
    '年商',
    '契約金額',
    '月額',
    '金額',
    '売上金額',
    '年間売上',
    '取引金額',
    '受注金額',
    '年間契約金額',
    '月額料金',
  ],
  nps: ['nps', 'npsscore', 'netpromoterscore', 'npsスコア', '推奨度'],
  supportTickets: ['supporttickets', 'tickets', 'ticketcount', 'numberoftickets', 'チケット数', '問い合わせ件数', '問合せ件数', 'サポート件数'],
  renewalAt: ['renewalat', 'renewaldate', 'renewal', 'contractenddate', 'contractend', '更新日', '契約更新日', '契約終了日', '更新予定日'],
  paymentStatus: ['paymentstatus', 'billingstatus', '支払状況', '支払い状況', '支払いステータス', '入金状況'],
};

// Keys for new custom fields with common headers, so a Japanese header does not become "field_6".
const COMMON_KEYS: Record<string, string[]> = {
  phone: ['phone', 'phonenumber', 'tel', 'telephone', 'workphone', 'phonework', 'personphonework', 'businessphone', '電話', '電話番号', '代表電話', '会社電話'],
  mobile: ['mobile', 'mobilephone', 'cellphone', '携帯', '携帯電話', '携帯番号', '携帯電話番号'],
  jobTitle: ['jobtitle', 'position', '役職', '肩書', '肩書き'],
  department: ['department', 'dept', '部署', '部署名', '部門'],
  industry: ['industry', '業種', '業界'],
  address: ['address', 'street', 'mailingstreet', '住所', '所在地'],
  postalCode: ['postalcode', 'zip', 'zipcode', 'postcode', 'mailingzippostalcode', '郵便番号'],
  city: ['city', 'mailingcity', '市区町村'],
  prefecture: ['prefecture', 'stateregion', 'mailingstateprovince', '都道府県'],
  country: ['country', 'countryregion', 'mailingcountry', '国', '国名'],
  website: ['website', 'websiteurl', 'url', 'homepage', 'ウェブサイト', 'ホームページ', 'webサイト'],
};

type Guess = { kind: 'field'; field: ContactField } | { kind: 'signal'; signal: SignalField };

/** A header reduced for comparison: NFKC, lower case, no spaces, dashes, dots, underscores or colons. */
export function normalizeHeader(header: string): string {
  return header
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\-_.:・/()（）]+/g, '');
}

const ALIAS_INDEX = new Map<string, { guess: Guess; rank: number }>();
for (const [name, aliases] of Object.entries(ALIASES)) {
  const guess: Guess = name in SIGNAL_FIELDS ? { kind: 'signal', signal: name as SignalField } : { kind: 'field', field: name as ContactField };
  aliases.forEach((alias, rank) => ALIAS_INDEX.set(normalizeHeader(alias), { guess, rank }));
}
const COMMON_INDEX = new Map(Object.entries(COMMON_KEYS).flatMap(([key, names]) => names.map((n) => [normalizeHeader(n), key] as const)));

const JAPANESE = /[\u3040-\u30ff\u3400-\u9fff]/;

function customKey(header: string, index: number, used: Set<string>): string {
  let base =
    COMMON_INDEX.get(normalizeHeader(header)) ??
    header
      .normalize('NFKC')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^[^a-z]+|_+$/g, '')
      .slice(0, 36);
  if (!base) base = `field_${index + 1}`;
  let key = base;
  for (let n = 2; used.has(key); n++) key = `${base}_${n}`;
  used.add(key);
  return key;
}

/** The custom field key of each CRM signal: the risk settings' choice, else an existing field named like it, else the signal's name. */
export function signalKeys(mapped: Partial<Record<SignalField, string>> = {}, customFields: readonly CustomFieldDef[] = []): Record<SignalField, string> {
  const out = {} as Record<SignalField, string>;
  for (const signal of Object.keys(SIGNAL_FIELDS) as SignalField[]) {
    out[signal] = mapped[signal] || customFields.find((f) => f.key.toLowerCase() === signal.toLowerCase())?.key || signal;
  }
  return out;
}

/** Custom field keys read as numbers or dates: those holding the number and date CRM signals. */
export function signalFieldTypes(keys: Record<SignalField, string>): Record<string, 'number' | 'date'> {
  const types: Record<string, 'number' | 'date'> = {};
  for (const [signal, type] of Object.entries(SIGNAL_FIELDS)) if (type !== 'text') types[keys[signal as SignalField]] = type;
  return types;
}

/**
 * Guesses each column's target from English or Japanese headers (and HubSpot, Salesforce and Pipedrive
 * export headers): contact fields, the CRM signals' custom fields (売上 → revenue), existing custom
 * fields by label or key; other columns become new custom fields (or are ignored).
 */
export function guessMapping(header: string[], options: { customFields?: CustomFieldDef[]; unknown?: 'custom' | 'ignore'; signalKeys?: Partial<Record<SignalField, string>> } = {}): CsvMapping {
  const customFields = options.customFields ?? [];
  const keys = signalKeys(options.signalKeys, customFields);
  const known = new Map<string, CustomFieldDef>();
  for (const def of customFields) {
    known.set(normalizeHeader(def.label), def);
    known.set(normalizeHeader(def.key), def);
  }
  // Each field or signal goes to its best-ranked column (the first of equals).
  const best = new Map<string, { column: number; rank: number }>();
  const guesses = header.map((text, column) => {
    const norm = normalizeHeader(text);
    const alias = ALIAS_INDEX.get(norm);
    // A column named like one of the user's own custom fields keeps going there, unless it names a contact field.
    if (!alias || (alias.guess.kind === 'signal' && known.has(norm))) return undefined;
    const id = alias.guess.kind === 'field' ? alias.guess.field : `signal:${alias.guess.signal}`;
    const current = best.get(id);
    if (!current || alias.rank < current.rank) best.set(id, { column, rank: alias.rank });
    return { id, guess: alias.guess };
  });
  const usedKeys = new Set(customFields.map((d) => d.key));
  for (const id of best.keys()) if (id.startsWith('signal:')) usedKeys.add(keys[id.slice(7) as SignalField]);
  let nameOrder: CsvMapping['nameOrder'] = 'given-family';
  const columns = header.map((text, index): ColumnTarget => {
    const norm = normalizeHeader(text);
    const g = guesses[index];
    if (g && best.get(g.id)?.column === index) {
      if (g.guess.kind === 'field') {
        if (g.guess.field === 'lastName' && JAPANESE.test(text)) nameOrder = 'family-given';
        return { kind: 'field', field: g.guess.field };
      }
      const key = keys[g.guess.signal];
      return { kind: 'custom', key, label: customFields.find((f) => f.key === key)?.label ?? text.trim() };
    }
    const def = known.get(norm);
    if (def) return { kind: 'custom', key: def.key, label: def.label };
    if (norm === '' || options.unknown === 'ignore') return { kind: 'ignore' };
    return { kind: 'custom', key: customKey(text, index, usedKeys), label: text.trim() };
  });
  return { columns, nameOrder, stages: {}, fieldTypes: signalFieldTypes(keys), dateOrder: 'month-first' };
}

/** The mapping with one column changed by the user; a field (or custom field) maps from one column only, so its old column is ignored. */
export function setColumn(mapping: CsvMapping, index: number, target: ColumnTarget): CsvMapping {
  const columns = mapping.columns.map((current, i): ColumnTarget => {
    if (i === index) return target;
    if (target.kind === 'field' && current.kind === 'field' && current.field === target.field) return { kind: 'ignore' };
    if (target.kind === 'custom' && current.kind === 'custom' && current.key === target.key) return { kind: 'ignore' };
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
