import type { Stage } from '../db/types';

// Stage words other tools and sheets use, by where they come from. Compared after stageKey(), so
// "Marketing Qualified Lead", "marketingqualifiedlead" and "Open - Not Contacted" all match.
// A lost deal ("Lost", "Closed Lost", 失注) never made its contact a customer: it stays a lead, so
// it never counts as churn. Values with no fair equivalent (Salesforce's partner account types,
// HubSpot custom stages) are left out on purpose: the import warns and the user chooses.
type Table = Partial<Record<Stage, string[]>>;

const KIZUNA: Table = {
  lead: ['lead', 'prospect', 'リード', '見込み', '見込み客', '見込客', '見込み顧客', '潜在顧客', '商談中'],
  customer: ['customer', 'client', 'active', '顧客', '既存顧客', 'カスタマー', '契約中', '取引中'],
  'at-risk': ['atrisk', 'risk', '要注意', '解約リスク', 'リスク', '離脱リスク', '解約予備軍', '要注意顧客'],
  churned: ['churned', 'churn', 'cancelled', 'canceled', 'inactive', '解約', '解約済み', '解約済', '離脱', '元顧客'],
  advocate: ['advocate', 'promoter', '推奨者', 'アドボケイト', 'ファン', '優良顧客'],
};

/** HubSpot: lifecycle stages (internal values and labels, English and Japanese UI) and lead statuses. */
const HUBSPOT: Table = {
  lead: [
    'subscriber',
    'marketingqualifiedlead',
    'mql',
    'salesqualifiedlead',
    'sql',
    'opportunity',
    'other',
    'new',
    'open',
    'inprogress',
    'opendeal',
    'attemptedtocontact',
    'connected',
    'unqualified',
    'badtiming',
    '購読者',
    'マーケティングクオリファイドリード',
    'セールスクオリファイドリード',
    '商談',
    'その他',
  ],
  advocate: ['evangelist', 'エバンジェリスト'],
};

/** Salesforce: lead statuses, account types and opportunity stages. */
const SALESFORCE: Table = {
  lead: [
    'opennotcontacted',
    'workingcontacted',
    'closednotconverted',
    'prospecting',
    'qualification',
    'needsanalysis',
    'valueproposition',
    'iddecisionmakers',
    'perceptionanalysis',
    'proposalpricequote',
    'negotiationreview',
    'closedlost',
  ],
  customer: ['closedconverted', 'customerdirect', 'customerchannel', 'closedwon'],
  churned: ['formercustomer'],
};

/** Pipedrive: deal statuses, person labels and the default pipeline's stages. */
const PIPEDRIVE: Table = {
  lead: [
    'lost',
    'hot',
    'warm',
    'cold',
    'hotlead',
    'warmlead',
    'coldlead',
    'qualified',
    'contactmade',
    'demoscheduled',
    'proposalmade',
    'negotiationsstarted',
    'ホットリード',
    'ウォームリード',
    'コールドリード',
    '失注',
  ],
  customer: ['won', '成約', '受注'],
};

/** A stage cell reduced for comparison: NFKC, lower case, without spaces and punctuation. */
export function stageKey(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\-_./()（）・:：]+/g, '');
}

/** Every known stage word (by stageKey) and the Kizuna stage it means. */
export const STAGE_WORDS: ReadonlyMap<string, Stage> = new Map(
  [KIZUNA, HUBSPOT, SALESFORCE, PIPEDRIVE].flatMap((table) => Object.entries(table).flatMap(([stage, words]) => words.map((w) => [stageKey(w), stage as Stage] as const))),
);
