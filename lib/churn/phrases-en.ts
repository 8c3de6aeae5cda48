// English churn wording. Every repetition is bounded ({0,3}), so matching stays linear on hostile input.
import type { IntentPhrase } from './phrases';

type Ignore = NonNullable<IntentPhrase['ignore']>;

// Each phrase is a list of alternatives, one per line, so a reader can see what counts.
const en = (id: string, sources: readonly string[], options: { negatable?: boolean; ignore?: Ignore } = {}): IntentPhrase => ({
  id,
  lang: 'en',
  pattern: new RegExp(`\\b(?:${sources.join('|')})\\b`, 'giu'),
  negatable: options.negatable ?? true,
  ignore: options.ignore,
});

const before = (text: string, index: number, n = 60) => text.slice(Math.max(0, index - n), index);
const after = (text: string, end: number, n = 60) => text.slice(end, end + n);

// Up to three words in between, none of them a subscription noun (so "cancel our plan and the call" still counts).
const GAP = String.raw`(?:\s+(?!(?:subscriptions?|accounts?|contracts?|plans?|services?|licen[cs]es?|seats?|memberships?|agreements?|everything)\b)[\w'-]+){0,3}?`;
// "not", "never", "won't", "don't" (curly apostrophes are straightened before matching).
const NOT = String.raw`(?:not|never|no\s+longer|\w*n't)`;
// "not [going to | planning to | be] renew": only such words between, so "I don't know when the renewal is" is not one.
const NOT_GAP = String.raw`(?:\s+(?:be|going|plan|planning|to|want|wanting|intend|intending|expect|expecting|wish|think|likely|able|we|we'll|will|looking|seeking|choose|choosing)){0,3}`;
const SCHEDULING = String.raw`(?:meetings?|calls?|appointments?|demos?|sessions?|webinars?|lunch|dinner|invites?|invitations?|interviews?|flights?|events?|reservations?|bookings?|orders?|invoices?|registrations?|syncs?|stand-?ups?|trips?|visits?|workshops?|trainings?|class(?:es)?|conferences?|tickets?|purchases?|offsites?|retreats?|kick-?offs?|qbrs?|catch-?ups?|part(?:y|ies)|outings?|slots?|holds?|shipments?|deliver(?:y|ies))`;
// "cancel the meeting", "cancelled the old purchase order": scheduling and paperwork, not churn.
const SCHEDULING_AFTER = new RegExp(String.raw`^${GAP}\s+${SCHEDULING}\b`, 'iu');
// "The webinar was cancelled", "the meeting has been cancelled".
const SCHEDULING_BEFORE = new RegExp(String.raw`\b${SCHEDULING}\s+(?:(?:was|were|has|have|had|been|is|are|got|being|will|be|just|now)\s+){0,3}$`, 'iu');
// "cancel the extra seat", "no longer need the staging account": a correction, not churn.
const SPARE_OBJECT = /^\s+(?:(?:the|our|my|this|that|these|those|a|an)\s+)?(?:test|testing|staging|sandbox|duplicate|extra|spare|old|legacy|previous)\b/iu;
// "Our previous provider was too expensive", "we left our last vendor because of…": about someone else.
const PREVIOUS_VENDOR = /\b(?:previous|old|former|last|prior)\s+(?:vendor|provider|supplier|tool|system|crm|solution|platform)s?\b[^.!?\n]{0,40}$/iu;
// "switched from a competitor to you", "chose you over a competitor".
const FROM_COMPETITOR = /\b(?:(?:switch|mov|migrat|convert|came)\w*(?:\s+over)?\s+(?:away\s+)?from|over|than)\s+(?:(?:a|an|the|one)\s+)?$/iu;

// "The session terminated unexpectedly", "terminate the API key": technical, not the contract.
const TECHNICAL = String.raw`(?:sessions?|process(?:es)?|connections?|keys?|tokens?|instances?|jobs?|scripts?|servers?|sftp|api|vms?|containers?|threads?|uploads?|imports?|exports?|syncs?|trial|tests?|pilots?|sandbox|staging|integrations?|webhooks?|passwords?|users?|employees?|staff|access|tickets?)`;
const TECHNICAL_AFTER = new RegExp(String.raw`^(?:\s+(?:the|our|my|this|that|a|an|old|existing|current|\w+'s)){0,2}\s+(?:[\w-]+\s+)?${TECHNICAL}\b`, 'iu');
const TECHNICAL_BEFORE = new RegExp(String.raw`\b${TECHNICAL}\s+(?:(?:was|were|has|have|had|been|is|are|got|keeps?|just|will|be)\s+){0,3}$`, 'iu');
const TECHNICAL_WORD = new RegExp(String.raw`\b${TECHNICAL}\b`, 'iu');
const technicalIgnore: Ignore = (text, index, end) => TECHNICAL_AFTER.test(after(text, end)) || TECHNICAL_BEFORE.test(before(text, index, 40));

const cancelIgnore: Ignore = (text, index, end) => SCHEDULING_AFTER.test(after(text, end)) || SCHEDULING_BEFORE.test(before(text, index, 40)) || SPARE_OBJECT.test(after(text, end));
// "close the duplicate account", "terminate the trial workspace": the object itself says it is a spare.
const SPARE_WORD = /\b(?:test|testing|staging|sandbox|duplicate|extra|spare|old|legacy|previous|trial|demo)\b/iu;
const spareIgnore: Ignore = (text, index, end) => SPARE_OBJECT.test(after(text, end)) || SPARE_WORD.test(text.slice(index, end));
const priceIgnore: Ignore = (text, index) => PREVIOUS_VENDOR.test(before(text, index));
// "our competitors" are the customer's own market; "competitor analysis" is research, not a rival offer.
const OWN_COMPETITORS = /\b(?:our|their|my|its)\s+(?:\w+\s+)?$/iu;
const RESEARCH_AFTER = /^\s+(?:analys[ie]s|comparisons?|research|landscape|intelligence|benchmarking|tracking|mentions|reports?|data|news)\b/iu;
const competitorIgnore: Ignore = (text, index, end) => {
  if (FROM_COMPETITOR.test(before(text, index, 30)) || PREVIOUS_VENDOR.test(before(text, index))) return true;
  return /^competitor/iu.test(text.slice(index, end)) && (OWN_COMPETITORS.test(before(text, index, 24)) || RESEARCH_AFTER.test(after(text, end, 24)));
};

// Switching "to" something counts when it is another vendor or a product's name (capitalised, not an acronym
// such as SSO or API): "switching to HubSpot", not "switching to the new dashboard".
const OTHER_KIND = /^\s+(?:another|other|a\s+(?:different|cheaper|new|competing|rival|competitor)|an\s+alternative|alternative|cheaper|a\s+competitor's)\b/iu;
const PRODUCT_NAME = /^\s+[A-Z](?:[a-z]|[A-Z]+[a-z])/u;
const switchIgnore: Ignore = (text, index, end) => {
  if (!/\bto$/iu.test(text.slice(index, end))) return false;
  const next = after(text, end, 40);
  return !(OTHER_KIND.test(next) || PRODUCT_NAME.test(next));
};

const NOUN = String.raw`(?:vendor|provider|supplier|tool|solution|platform|product|system|crm|service|software|app|option|alternative|offer|compan(?:y|ies))s?`;
const OTHER = String.raw`(?:other|another|alternative|different|cheaper|competing|rival)`;
const CONSIDER = String.raw`(?:look(?:s|ing|ed)?\s+(?:at|into|for|around\s+for)|consider(?:s|ing|ed)?|evaluat(?:e|es|ing|ed)|explor(?:e|es|ing|ed)|review(?:s|ing|ed)?|assess(?:es|ing|ed)?|compar(?:e|es|ing|ed)|benchmark(?:s|ing|ed)?|weigh(?:s|ing|ed)?|investigat(?:e|ing|ed)|research(?:ing)?|trial(?:l?ing|l?ed)?|test(?:s|ing|ed)?|pilot(?:ing|ed)?|shop(?:ping)?\s+around(?:\s+for)?|search(?:ing)?\s+for|seek(?:ing)?|talk(?:ing)?\s+to|speak(?:ing)?\s+(?:to|with)|in\s+talks\s+with|quotes?\s+from|approached\s+by|open\s+to|ask(?:ing|ed)?\s+about|select(?:s|ing|ed)?|choos(?:e|es|ing)|shortlist(?:s|ing|ed)?)`;

// What a customer leaves, ends or stops: the subscription and its parts, never a meeting or a file.
const CHURN_NOUN = String.raw`(?:account|subscription|contract|agreement|plan|licen[cs]es?|seats?|workspace|partnership|relationship|membership|use|usage|service)`;
const END_VERB = String.raw`(?:sunset(?:ting)?|end(?:s|ing)?(?!\s+of)|stop(?:ping)?|clos(?:e|ing)|delet(?:e|ing)|deactivat(?:e|ing)|shut(?:ting)?\s+down|terminat(?:e|ing)|discontinu(?:e|ing)|wind(?:ing)?\s+down|phas(?:e|ing)\s+out|retir(?:e|ing)|decommission(?:ing)?|exit(?:ing)?|leav(?:e|ing)|withdraw(?:ing)?\s+from|get(?:ting)?\s+out\s+of)`;

export const EN_PHRASES: readonly IntentPhrase[] = [
  en(
    'notRenewing',
    [
      String.raw`${NOT}${NOT_GAP}\s+(?:auto-?)?renew(?:s|ed|ing|al)?`,
      String.raw`non-renewal`,
      String.raw`${NOT}${NOT_GAP}\s+(?:be\s+)?(?:sign(?:ing)?|mov(?:e|ing)\s+forward\s+with|proceed(?:ing)?\s+with|go(?:ing)?\s+ahead\s+with|commit(?:ting)?\s+to|pursu(?:e|ing)|approv(?:e|ing)|extend(?:ing)?|continu(?:e|ing)(?:\s+with)?)\s+(?:the|our|a|this|another)\s+(?:[\w-]+\s+)?(?:renewal|contract|agreement|subscription|plan|term|year|licen[cs]es?)`,
      String.raw`${NOT}${NOT_GAP}\s+(?:be\s+)?(?:extend(?:ing)?|continu(?:e|ing))(?=\s+(?:with|using|after|beyond|next|into)\b|\s*[.,;!]|\s*$)`,
      String.raw`${NOT}${NOT_GAP}\s+(?:be\s+)?(?:us(?:e|ing)|need(?:ing)?)\s+(?:it|the\s+(?:service|product|tool|platform|software)|your\s+(?:service|product|tool|platform|software))\s+any\s?more`,
      String.raw`(?:cancel|turn\s+off|disable|switch\s+off|stop|opt(?:ing)?\s+out\s+of)\s+(?:the\s+|our\s+)?(?:auto-?)?renew(?:al)?`,
      String.raw`let\s+(?:the|our|it)\s+(?:\w+\s+)?(?:contract|subscription|plan|agreement|licen[cs]e)?\s*(?:lapse|run\s+out|expire)`,
      String.raw`decided\s+against\s+renewing`,
    ],
    { negatable: false },
  ),
  en('terminate', [String.raw`terminat(?:e|es|ed|ing|ion)`], { ignore: technicalIgnore }),
  en(
    'closeAccount',
    [
      String.raw`${END_VERB}\s+(?:(?:our|my|the|this|your)\s+)?(?:[\w-]+\s+){0,2}?${CHURN_NOUN}`,
      String.raw`(?:subscription|contract|agreement|account|plan)\s+(?:will|to|should|is\s+to|is\s+going\s+to)\s+(?:end|expire|terminate|lapse|be\s+(?:cancell?ed|closed|terminated))`,
      String.raw`stop\s+using(?!\s+(?:the\s+|our\s+)?(?:old|legacy|previous|former)\b)`,
      String.raw`no\s+longer\s+(?:need|use|want|require)`,
      String.raw`(?:don't|do\s+not|stop|please\s+stop)\s+(?:charg|bill|invoic)(?:e|ing)\s+(?:us|me|our)`,
    ],
    { ignore: (text, index, end) => spareIgnore(text, index, end) || technicalIgnore(text, index, end) || TECHNICAL_WORD.test(text.slice(index, end)) },
  ),
  en('leaving', [
    String.raw`part(?:ing)?\s+ways`,
    String.raw`(?:our|my)\s+last\s+(?:month|year|quarter|term|invoice)\s+with\s+(?:you|your|the)`,
    String.raw`mov(?:e|ing)\s+(?:off|away\s+from)\s+(?:the|your|this)\s+(?:platform|product|service|tool|system|crm)`,
    String.raw`mov(?:e|ing)\s+on\s+from`,
    String.raw`(?:thinking|considering|planning|decided|deciding|going|intend(?:ing)?|plan|need|have)\s+(?:of|about|on|to)\s+(?:leav(?:e|ing)|churn(?:ing)?|mov(?:e|ing)\s+on)`,
    String.raw`(?:give|giving|serve|serving|hand(?:ing)?\s+in)\s+(?:our\s+|formal\s+)?notice`,
    String.raw`pull(?:ing)?\s+the\s+plug`,
    String.raw`want\s+out`,
    String.raw`(?:an?\s+|our\s+)?(?:exit|way\s+out)\s+(?:from|of)\s+(?:the|our|this)\s+(?:contract|agreement|subscription)`,
    String.raw`end\s+the\s+(?:contract|agreement|subscription)\s+early`,
    String.raw`reconsider(?:ing)?\s+(?:whether|if)\s+(?:to|we)`,
    String.raw`(?:reconsider|rethink)(?:ing)?\s+(?:this|the|our)\s+(?:subscription|contract|renewal|plan|partnership|spend|investment)`,
    String.raw`go(?:ing)?\s+in\s+(?:a|another)\s+(?:different\s+)?direction`,
    String.raw`(?:nobody|no\s+one)(?:\s+on\s+the\s+team|\s+here)?\s+(?:is\s+using|uses|has\s+used|really\s+uses)\s+(?:it|the\s+(?:tool|product|service|platform))`,
    String.raw`(?:seats|licen[cs]es)\s+(?:nobody|no\s+one)\s+(?:uses|needs)`,
    String.raw`(?:weigh(?:ing)?|consider(?:ing)?|review(?:ing)?|explor(?:e|ing)|keep(?:ing)?)\s+(?:all\s+)?our\s+options`,
    String.raw`(?:go|going|went|gone)\s+(?:our\s+)?separate\s+ways`,
    String.raw`${NOT}\s+(?:be\s+)?(?:a\s+)?part\s+of\s+(?:our|the)\s+(?:stack|toolkit|toolset|tools|plans|budget)`,
    String.raw`(?:whether|if)\s+(?:it\s+)?(?:still\s+)?makes?\s+sense\s+(?:for\s+us\s+)?to\s+(?:keep|continue|stay|renew)`,
    String.raw`(?:whether|if)\s+(?:to\s+|we\s+should\s+)?(?:(?:keep|stay\s+with|continue\s+with)\s+(?:it|you|using|paying|(?:the|our|your)\s+(?:service|subscription|contract|tool|product|platform|plan|account))|renew)`,
    String.raw`(?:can't|cannot|won't|can\s+no\s+longer)\s+keep\s+(?:paying|using)`,
    String.raw`(?:can't|don't|do\s+not|cannot)\s+see\s+(?:us|ourselves)\s+(?:keeping|renewing|continuing|staying)`,
    String.raw`(?:stopped|stop)\s+(?:logging\s+in|using\s+it)`,
    String.raw`(?:hold|freeze|pause)\s+on\s+(?:all\s+)?(?:[\w-]+\s+){0,3}?(?:contracts|renewals|purchases|spend|spending|subscriptions|tools|software)`,
    String.raw`keep\s+our\s+business`,
    String.raw`(?:will\s+be|is\s+being|to\s+be|are\s+being|is\s+going\s+to\s+be)\s+(?:phased\s+out|sunset|retired|decommissioned|discontinued)`,
    String.raw`consolidat(?:e|ing)\s+(?:our\s+)?(?:tools|vendors|software|stack|systems)`,
    String.raw`(?:go|going|went|mov(?:e|ing))\s+back\s+to\s+(?:spreadsheets|excel|google\s+sheets)`,
    String.raw`no\s+longer\s+(?:have\s+)?(?:a\s+)?(?:need|use)\s+for`,
  ]),
  en('downgrade', [
    String.raw`downgrad(?:e|es|ed|ing)`,
    String.raw`scal(?:e|ing)\s+back`,
    String.raw`(?:cut|bring|take|scale|reduce)\s+us\s+(?:down|back)\s+to`,
    String.raw`reduc(?:e|ing)\s+(?:our\s+|the\s+)?(?:number\s+of\s+)?(?:[\w-]+\s+)?(?:seats|licen[cs]es|users|tools|vendors|subscriptions)`,
    String.raw`fewer\s+(?:users|seats|licen[cs]es)`,
    String.raw`cut(?:ting)?\s+back\s+on\s+(?:[\w-]+\s+)?(?:tools|software|vendors|subscriptions|spend|spending|costs|seats|licen[cs]es)`,
    String.raw`(?:drop|go|step|switch)(?:ping|ing)?\s+down\s+to`,
    String.raw`(?:to|onto)\s+(?:the\s+|a\s+)?(?:smallest|lowest|cheapest|cheaper|basic|free|entry-level|lower|starter|minimum)\s+(?:plan|tier|package|edition|level)`,
  ]),
  en('refund', [
    String.raw`refund\s+(?:(?:for|of)\s+)?(?:the\s+)?(?:unused|remaining|rest\s+of)`,
    String.raw`(?:get|want|request|expect|ask\s+for|need|like)\s+(?:a\s+|our\s+)?(?:full\s+|partial\s+|pro-?rated\s+)?refund`,
    String.raw`money\s+back`,
    String.raw`chargeback`,
  ]),
  en('cancel', [String.raw`cancel(?:s|led|ed|ling|ing|lation|lations)?`], { ignore: cancelIgnore }),
  en('competitor', [String.raw`competitors?(?:'s?)?`, String.raw`(?:competing|rival)\s+(?:vendor|provider|product|offer|solution|tool|platform|bid|quote)s?`], {
    ignore: competitorIgnore,
  }),
  en(
    'alternatives',
    [
      String.raw`${CONSIDER}(?:\s+[\w'-]+){0,3}?\s+(?:(?<!\bthe\s+)${OTHER}\s+${NOUN}|alternatives)`,
      String.raw`${CONSIDER}(?:\s+[\w'-]+){0,3}?\s+(?:a\s+)?new\s+(?:[\w-]+\s+)?(?:vendor|provider|supplier|crm|platform)s?`,
      String.raw`${CONSIDER}\s+(?:a\s+few|several|some|multiple|a\s+couple\s+of|two|three)\s+(?:other\s+)?(?:vendors|providers|suppliers|crms|tools|platforms)`,
      String.raw`(?:versus|vs\.?|against)\s+(?:[\w-]+\s+){0,3}?(?:other|alternative|competing|rival)\s+${NOUN}`,
      String.raw`(?:another|a\s+different|a\s+cheaper|a\s+competing|an\s+alternative)\s+(?:vendor|provider|supplier|crm)s?`,
      String.raw`replac(?:e|ing)\s+(?:our\s+|the\s+)?(?:current\s+|existing\s+)(?:setup|tool|system|crm|platform|solution|provider|vendor)`,
      String.raw`(?:a|an)\s+(?:much\s+|significantly\s+|far\s+)?(?:lower|cheaper|better)\s+(?:quote|price|offer|deal|bid)`,
      String.raw`(?:a\s+)?cheaper\s+(?:alternative|option|tool|vendor|provider|solution|product|service)s?`,
      String.raw`alternative\s+(?:vendor|provider|supplier|solution|tool|platform|product|crm)s?`,
      String.raw`(?:look|looking|go|going|take\s+our\s+business)\s+elsewhere`,
      String.raw`cheaper\s+elsewhere`,
      String.raw`(?:looking\s+for|find|found|need|evaluating)\s+a\s+replacement`,
      String.raw`(?:found|have|use|using|trying|tried)\s+(?:a|another)\s+(?:tool|product|service|solution|vendor|platform|provider)\s+that\s+(?:does|offers|covers|handles|gives)`,
      String.raw`replac(?:e|ing)(?:\s+[\w'-]+){1,2}?\s+with\s+(?:an?\s+)?(?:in-house|internal|cheaper|different|another|other|new)`,
      String.raw`(?:build|building)\s+(?:it|this|something|our\s+own)\s+in-house`,
      String.raw`rfps?`,
      String.raw`(?:out\s+to|a)\s+tender`,
      String.raw`request\s+for\s+proposals?`,
    ],
    { ignore: competitorIgnore },
  ),
  // "If you can't match their offer" is the threat itself: never negated.
  en('alternatives', [String.raw`match\s+(?:their|the|this|that|a|another\s+vendor's|a\s+competitor's)\s+(?:offer|price|quote|deal|pricing|proposal)`], {
    negatable: false,
  }),
  en(
    'switching',
    [
      String.raw`switch(?:es|ing|ed)?(?:\s+over)?\s+(?:to|providers?|vendors?|suppliers?|platforms?|tools?|crms?|systems?|away)`,
      String.raw`(?:migrat(?:e|es|ing|ed)|transition(?:s|ing|ed)?|mov(?:e|es|ing|ed)(?:\s+(?:over|everything|all\s+of\s+our\s+\w+|our\s+(?:data|team|users|accounts?)))?)\s+(?:over\s+)?(?:to|onto|there)`,
      String.raw`(?:a|the|our)\s+(?:move|switch|migration|transition)\s+(?:over\s+)?to`,
      String.raw`consolidat(?:e|es|ing|ed)\s+(?:on|onto)`,
      String.raw`(?:go(?:es|ing)?|went)\s+with`,
    ],
    { ignore: (text, index, end) => competitorIgnore(text, index, end) || moveIgnore(text, index, end) },
  ),
  en(
    'tooExpensive',
    [
      String.raw`too\s+(?:expensive|pricey|costly|steep)`,
      String.raw`overpriced|rip-?off|price\s+gouging`,
      String.raw`(?:price|pricing|cost|costs|fee|fees|rate|rates|quote)\s+(?:is\s+|are\s+|seems?\s+|looks?\s+|feels?\s+|has\s+become\s+|got\s+)?(?:just\s+|far\s+|way\s+|much\s+|a\s+bit\s+|simply\s+)?too\s+(?:high|steep|much)`,
      String.raw`paying\s+too\s+much`,
      String.raw`(?:most|very|quite|really|extremely|overly|prohibitively)\s+expensive`,
      String.raw`(?:price|pricing)\s+(?:increase|hike|rise|jump)s?`,
      String.raw`unaffordable`,
      String.raw`(?:can't|cannot|can\s+not|unable\s+to|not\s+able\s+to)\s+afford`,
      String.raw`(?:hard|difficult|impossible|tough|harder|struggl\w+)\s+to\s+(?:justify|defend|explain|sell\s+internally|get\s+(?:it\s+)?approved)`,
      String.raw`(?:can't|cannot|can\s+not|can\s+no\s+longer|unable\s+to|not\s+able\s+to)\s+(?:justify|defend)\s+(?:the\s+|this\s+|that\s+|our\s+|its\s+)?(?:cost|costs|spend|spending|expense|price|pricing|investment|fees?|budget|renewal|subscription|it)`,
      String.raw`(?:more|higher)\s+than\s+(?:we\s+)?(?:can\s+(?:absorb|afford|pay|spend|justify)|expected|budgeted|planned|anticipated)`,
      String.raw`over\s+what\s+we\s+can\s+(?:pay|afford|spend)`,
      String.raw`${NOT}\s+(?:getting|seeing)\s+(?:enough\s+|the\s+|any\s+)?(?:value|roi)`,
      String.raw`(?:struggl\w+|hard|fail(?:ing)?)\s+to\s+see\s+the\s+value`,
      String.raw`(?:hasn't|has\s+not|haven't|have\s+not|didn't|did\s+not|doesn't|does\s+not)\s+(?:really\s+)?(?:deliver(?:ed)?|provide[ds]?|show(?:n|ed)?)(?:\s+us)?\s+(?:the\s+|any\s+|enough\s+|much\s+)?(?:value|results|roi)`,
      String.raw`roi\s+(?:just\s+|really\s+)?(?:isn't|is\s+not)\s+there`,
      String.raw`not\s+worth\s+(?:it|the\s+(?:money|price|cost|investment|spend))`,
      String.raw`(?:doesn't|does\s+not|don't|do\s+not)\s+(?:match|reflect|justify)\s+the\s+(?:value|price|cost)`,
      String.raw`(?:pricing|price|cost|model)\s+(?:\w+\s+)?(?:doesn't|does\s+not|no\s+longer)\s+work`,
      String.raw`(?:need|require)\s+(?:a\s+|an\s+)?(?:\w+\s+)?discount\s+to\s+(?:continue|renew|stay)`,
      String.raw`(?:costs?|prices?|pricing|fees?)\s+(?:has\s+|have\s+|just\s+)?(?:gone\s+up|went\s+up|go(?:es)?\s+up|increased|jumped|risen|rose|doubled|spiked)`,
      String.raw`(?:price|pricing|increase|cost|quote|fees?)\b[^.!?\n]{0,40}?\bunacceptable`,
      String.raw`(?:half|a\s+fraction\s+of)\s+the\s+(?:price|cost)`,
      String.raw`non-starter|deal-?breaker`,
      String.raw`(?:because\s+of|due\s+to)\s+(?:the\s+|your\s+)?(?:price|pricing|cost)\b(?!\s+(?:of\s+)?(?:the\s+)?(?:shipping|travel|hotel))`,
      String.raw`price\s+is\s+the\s+(?:main\s+|biggest\s+|only\s+)?(?:reason|issue|problem|concern)`,
    ],
    { ignore: priceIgnore },
  ),
  en(
    'budget',
    [
      String.raw`budget\s+(?:cuts?|reductions?|freeze|constraints?|pressures?|restrictions?|issues?|problems?)`,
      String.raw`budgets?(?:\s+[\w-]+){0,3}?\s+(?:has\s+been|was|got|is\s+being|is|have\s+been|were)\s+(?:\w+\s+)?(?:cut|slashed|reduced|frozen|halved|trimmed)`,
      String.raw`(?:over|above|exceeds?|out\s+of|beyond|outside)\s+(?:our\s+)?budget`,
      String.raw`no\s+budget\s+for`,
      String.raw`(?:don't|do\s+not|doesn't|does\s+not)\s+have\s+(?:the\s+|enough\s+|any\s+)?budget`,
      String.raw`spending\s+freeze|cost[-\s]cutting|chopping\s+block`,
      String.raw`(?:froze|frozen|freez(?:e|ing))\s+(?:all\s+)?(?:[\w-]+\s+)?(?:spend|spending|purchases|purchasing|budgets?)`,
      String.raw`(?:cut|trim|reduc|slash|halv|lower)(?:e|ed|es|ing|ting|ming|ming)?\s+(?:all\s+|our\s+|the\s+company's\s+)?(?:[\w-]+\s+)?(?:costs|spend|spending)`,
      String.raw`cut(?:ting)?\s+(?:all\s+|our\s+)?(?:[\w-]+\s+)?(?:subscriptions|tools|vendors)`,
      String.raw`mak(?:e|ing)\s+cuts`,
      String.raw`(?:not\s+enough|low)\s+usage\s+to\s+justify`,
      String.raw`(?:didn't|did\s+not|won't|wasn't|was\s+not|not)\s+(?:get|gotten|receive[d]?|been\s+given|be\s+given)\s+(?:budget\s+approv(?:al|ed)|(?:the\s+)?approv(?:al|ed)\s+(?:for|of)\s+(?:the\s+)?(?:renewal|budget|contract|spend|purchase))`,
    ],
    { ignore: priceIgnore },
  ),
  en('disappointed', [
    String.raw`disappointed\s+(?:with|in|by)`,
    String.raw`(?:very|really|extremely|deeply|quite|so|bitterly)\s+disappointed`,
    String.raw`disappointing\s+(?:experience|service|support|results?|quality|performance|response)`,
    String.raw`a\s+(?:big\s+|real\s+|huge\s+)?disappointment`,
    String.raw`dissatisfied|fed\s+up`,
    String.raw`unhappy\s+(?:with|about)|(?:very|really|extremely|quite|so)\s+unhappy`,
    String.raw`frustrat(?:ed|ing)\s+(?:with|by)`,
    String.raw`(?:has|have|had)\s+not\s+met\s+(?:our\s+)?expectations`,
    String.raw`(?:did\s+not|didn't|does\s+not|doesn't)\s+meet\s+(?:our\s+)?expectations`,
    String.raw`below\s+(?:our\s+)?expectations`,
    String.raw`losing\s+(?:patience|confidence|faith|trust)|lost\s+(?:confidence|faith|trust)`,
    String.raw`(?:let|letting)\s+us\s+down|(?:been|felt|feel|feeling)\s+let\s+down`,
    String.raw`${NOT}\s+(?:a\s+)?(?:good\s+|great\s+|the\s+right\s+)?fit\s+(?:for\s+us\s+)?any\s?more`,
    String.raw`(?:we're|we\s+are)\s+(?:just\s+|honestly\s+|simply\s+)?done(?=\s*[.!]|\s+with\s+(?:you|it|this|the\s+(?:tool|product|service|platform)))`,
    String.raw`(?:it|this|the\s+(?:tool|product|service|platform|relationship|partnership))(?:'s|\s+is)?\s+(?:just\s+)?(?:not|n't)\s+working\s+(?:out\s+)?for\s+us`,
  ]),
  en('disappointed', [String.raw`not\s+(?:happy|satisfied|pleased)`], { negatable: false }),
];

const TO_OTHER_VENDOR = new RegExp(String.raw`^\s+(?:(?:a|an)\s+)?(?:${OTHER}|new|competitor's|in-house|internal)\s+(?:[\w-]+\s+)?${NOUN}\b`, 'iu');

// Moving to "a new building" or "a different office" is not churn: moving counts only toward another vendor or product.
function moveIgnore(text: string, index: number, end: number): boolean {
  const verb = text.slice(index, end);
  if (/^switch/iu.test(verb)) return switchIgnore(text, index, end);
  const next = after(text, end, 60);
  if (TO_OTHER_VENDOR.test(next)) return false;
  // "moving everything over there": there is the other vendor.
  if (/\bthere$/iu.test(verb)) return false;
  // A product's name counts after every form but the verb "move to" ("moving to Berlin").
  return /^mov/iu.test(verb) || !PRODUCT_NAME.test(next);
}

// Negators reach over at most 4 words back, never across a sentence end or "but".
const NEGATOR = /\b(?:not|no|never|cannot|without|nor|decided\s+against|rather\s+than|instead\s+of)\b|n't\b/iu;
const CLAUSE_END = /[.,!?;:\n]|\bbut\b|\bhowever\b/giu;
// "We were considering other vendors, but decided to stay": the sentence takes it back.
const TAKEN_BACK = /^[^.!?\n]{0,80}?\b(?:but|however)\b[^.!?\n]{0,40}?\b(?:decided|chose|choose|will|going|plan(?:ning)?|want|prefer)\s+to\s+(?:stay|renew|remain|continue|keep)\b/iu;
// "The price increase notice was clear; no concerns": a price mentioned and accepted.
const ACCEPTED =
  /^[^.!?\n]{0,80}?\b(?:no\s+(?:concerns?|problems?|issues?|objections?)|(?:was|is|seems|looks|sounds)\s+(?:fine|ok|okay|clear|reasonable|fair)|(?:still\s+)?(?:good|great|fair)\s+value)\b/iu;
const PRICE_IDS = new Set(['tooExpensive', 'budget']);

/** True when an English hit is negated ("not cancelling", "no plans to switch") or taken back later in its sentence. */
export function englishNegated(text: string, index: number, end: number, id: string): boolean {
  const back = before(text, index, 80);
  let start = 0;
  for (const m of back.matchAll(CLAUSE_END)) start = m.index + m[0].length;
  const words = back.slice(start).trim().split(/\s+/).filter(Boolean).slice(-4).join(' ');
  if (NEGATOR.test(words)) return true;
  const rest = after(text, end, 160);
  return TAKEN_BACK.test(rest) || (PRICE_IDS.has(id) && ACCEPTED.test(rest));
}
