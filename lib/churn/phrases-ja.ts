// Japanese churn wording: substrings on specific forms, each repetition bounded so matching stays linear.
import type { IntentPhrase } from './phrases';

type Ignore = NonNullable<IntentPhrase['ignore']>;

// Each phrase is a list of alternatives, one per line, so a reader can see what counts.
const ja = (id: string, sources: readonly string[], options: { negatable?: boolean; ignore?: Ignore } = {}): IntentPhrase => ({
  id,
  lang: 'ja',
  pattern: new RegExp(sources.join('|'), 'gu'),
  negatable: options.negatable ?? true,
  ignore: options.ignore,
});

const before = (text: string, index: number, n = 12) => text.slice(Math.max(0, index - n), index);

// Moving toward us is not churn: 他社から御社に乗り換えて, 他社ツールからの乗り換え, 他社製のSFAからデータを移行.
const TOWARD_US = /(?:御社|貴社|こちら|そちら様)(?:に|へ)(?:の)?$/u;
const MOVE = /(?:乗り?換|乗りかえ|切り?替|移行|移る|移り|変え)/u;
const fromOtherToUs: Ignore = (text, index, end) => {
  const span = text.slice(index, end);
  // 他社への紹介を検討: recommending us to another company.
  if (/紹介|推薦/u.test(span)) return true;
  return TOWARD_US.test(before(text, index)) || (MOVE.test(span.slice(-3)) && /から/u.test(span));
};
const switchToUs: Ignore = (text, index) => TOWARD_US.test(before(text, index)) || /から(?:の)?$/u.test(before(text, index, 3));
// 他社製ツールをやめる, 旧スプレッドシートの運用はやめる: stopping something else.
const othersProduct: Ignore = (text, index) => /(?:他社|旧|以前の|従来の)[^、。]{0,14}(?:を|は)$/u.test(before(text, index, 20));
// 値上げの予定はありますか: a question about prices, not a complaint.
const priceQuestion: Ignore = (text, _index, end) => /^の?(?:予定|有無)(?:は|が)?(?:あります|ございます|ある)(?:か|でしょうか)/u.test(text.slice(end, end + 16));

// Another vendor, named as Japanese mail names it: 他社, 競合製品, 他のツール, 別サービス, 御社以外.
const OTHER_VENDOR = String.raw`(?:競合他社|他社|競合(?:製品|サービス|ツール|ベンダー|の(?:製品|サービス|ツール))|(?:他|ほか)(?:の)?(?:選択肢|サービス|ツール|製品|ベンダー|システム|会社|CRM|SFA|ソリューション|業者)|別(?:の)?(?:ツール|サービス|製品|システム|ベンダー|会社|CRM|SFA|ソリューション|業者)|(?:何社か|複数|数社|いくつか)の?(?:ベンダー|会社|業者|サービス)|新しい(?:ベンダー|システム|ツール)|(?:御社|貴社)以外)`;
// What one does with another vendor when leaving: weigh, compare, move, adopt (導入事例 and 導入実績 are case studies).
const WEIGH_OR_MOVE = String.raw`(?:検討|比較|乗り?換|乗りかえ|切り?替|移行|移管|移る|移り|変え|変更|見積|提案|導入(?!事例|実績)|採用|トライアル|試験|試用|試し|の方が|で十分|で代替|に決め|で進め|と契約|と話|選定|に(?:お願い|依頼)|を利用|を使う|使う予定|で対応|リプレ|統一|考え|視野|探)`;
const PRICE = String.raw`(?:料金|価格|値段|費用|コスト|金額|単価|月額|年額|利用料|ライセンス料|ご請求額|請求額|見積(?:もり)?(?:の金額)?)`;
const DEGREE = String.raw`(?:少し|やや|かなり|非常に|とても|ちょっと|若干|大変|だいぶ)?`;

export const JA_PHRASES: readonly IntentPhrase[] = [
  ja('notRenewing', [
    String.raw`更新(?:は|が)?(?:難し|厳し|困難)`,
    String.raw`更新(?:を|は|も)?(?:しない|しません|致しません|いたしません|見送|行わない|行いません|不要)`,
    String.raw`(?:更新|契約|導入|継続)の見送り|(?:契約|継続|導入)(?:を|は)?見送`,
    String.raw`自動更新(?:を|は)?(?:停止|解除|オフ|しない|しません|止め)`,
    String.raw`継続(?:利用)?(?:は|を|が|も)?(?:見送|難し|困難|厳し|できな|できませ|でき(?:かね|ず)|いたしかね|しない|いたしません|致しません|考えておりません|考えていません|考えていない|迷|悩|再検討|見直|断念)`,
    String.raw`継続(?:について|を|の)?(?:再考|再検討)|継続(?:する)?かどうか`,
    String.raw`延長(?:は|を)?(?:しない|しません|いたしません|致しません|見送)`,
    String.raw`(?:使わ|利用し)ない(?:予定|方向|ことに|つもり)|使わなくな|利用しなくな`,
    String.raw`更新し(?:なかった|ない)場合|(?:使い続け|継続す|利用を続け|契約を続け)るか(?:どうか)?`,
    String.raw`払い続け(?:る意味|るのは(?:難し|厳し)|られ(?:ない|ません))`,
    String.raw`(?:今後|以降|来月から|来年から|来期から)(?:は)?(?:利用|使用)(?:いたし|致し|し)ません`,
    String.raw`(?:使う|利用する|契約する|続ける)必要が(?:なくな|ない|ありません)`,
    String.raw`(?:契約|更新|発注|購入)(?:を|は|も)?(?:すべて|全て|一旦|いったん)?(?:保留|凍結)`,
  ]),
  ja(
    'cancel',
    [
      String.raw`解約(?!率|防止|阻止|抑止)`,
      String.raw`退会(?:したい|する|します|させ|の(?:手続|申|お願い)|手続|を希望|希望|届)`,
      String.raw`契約(?:を|の)?解除|(?:中途|途中)(?:で|の)?(?:解除|解約|退会|終了)`,
      String.raw`(?<!ロック|制限|ブロック|設定|フィルター|配信|の)解除(?:は|を)?(?:可能|希望|したい|お願い)`,
      String.raw`利用(?:を)?(?:停止|中止|取りやめ|取り止め|断念|止め)(?!に)(?:したい|します|する|させ|いたし|致し|すること|を希望|ることに)?`,
      String.raw`(?:利用|使用|契約|取引|サービス(?:の利用)?)(?:を|の|は)?(?:終了|打ち切|中止|取りやめ)`,
      String.raw`満了(?:をもって|で|時に|とともに)、?(?:終了|解約)`,
      String.raw`打ち切`,
      String.raw`(?:サブスク(?:リプション)?|契約|更新|有料プラン|プラン|ライセンス|アカウント)(?:を|の)?(?:キャンセル|停止|止め)`,
      String.raw`(?:ワークスペース|アカウント|契約)を(?:閉じ|閉鎖)`,
      String.raw`請求(?:を)?(?:止め|停止|ストップ)`,
      String.raw`(?:途中|中途)で(?:終わらせ|終了|解約|やめ)`,
      String.raw`(?:段階的に)?廃止(?:する|予定|します|いたします|の方向)`,
      String.raw`[A-Z][a-z][\w.-]{1,30}(?:に|へ|への)(?:移行|乗り?換|切り?替|切替)`,
      String.raw`(?:契約|お取引|お付き合い|関係)を(?:終わり|終わらせ)`,
      String.raw`(?:やめ|辞め)(?:たい|ます|る(?:予定|つもり|こと|方向)|よう)`,
    ],
    { ignore: othersProduct },
  ),
  ja('refund', [String.raw`返金(?:を|の)?(?:希望|お願い|してほしい|して(?:ください|いただけ|もらえ))`, String.raw`払い戻し`, String.raw`日割り(?:で|の)?返金`]),
  ja('downgrade', [
    String.raw`ダウングレード`,
    String.raw`無料プランに(?:戻|変更|切り?替|移行)`,
    String.raw`(?:最低限|最小|下位|安い|安価な|無料|ベーシック|ライト)(?:の)?プラン(?:に|へ)(?:の)?(?:落と|変更|下げ|切り?替|移行|戻)`,
    String.raw`プラン(?:を|の)?(?:下げ|落と|グレードを下げ)`,
    String.raw`(?:席数|ライセンス数|ライセンス|ユーザー数|アカウント数|利用人数|人数|契約数|ID数|席|ツール|ベンダー)(?:の数)?(?:を|も)[^。、\n]{0,8}?(?:減らさ|減らし|減らす|削減|縮小|半分|半減|絞|整理|集約)`,
    String.raw`(?:アカウント|ライセンス|席|ユーザー)(?:数)?(?:は|が|も)?不要`,
    String.raw`(?:利用|導入|契約)(?:規模|範囲|席数)を?縮小|規模を縮小`,
  ]),
  ja('competitor', [String.raw`${OTHER_VENDOR}[^。！？\n]{0,14}?${WEIGH_OR_MOVE}`], { ignore: fromOtherToUs }),
  ja('switching', [String.raw`乗り?換え|乗りかえ`], { ignore: switchToUs }),
  ja('budget', [
    String.raw`予算(?:が|は|も)?(?:大幅に|大きく|さらに)?(?:削減|カット|縮小|不足|減(?:る|り|って|らされ|少)|足り(?:な|ませ)|取れ(?:な|ませ)|つか(?:な|ず)|確保でき(?:な|ませ|ず)|な(?:い|く)|ありませ|ございませ|オーバー|超過)`,
    String.raw`予算削減|予算の(?:制約|見直し|削減|縮小)|予算上の(?:制約|理由)`,
    String.raw`予算を[^。、\n]{0,4}?(?:上回|超え|オーバー)|予算に(?:収まら|収まりませ|入らな|合わな)`,
    String.raw`(?:コスト|経費|費用)(?:削減|カット)(?:の(?:ため|一環|対象)|のため|により|で)|コストカットの(?:一環|ため|対象)`,
    String.raw`稟議(?:が|を)?(?:通らな|通すのが難し|通りませ|下りな)|承認が(?:下り(?:ない|ません|ず|なかった)|得られ(?:ない|ず|ませ))|承認され(?:ませんでした|なかった|ず)`,
    String.raw`(?:経営陣|上層部|経理|財務)(?:から|より)[^。\n]{0,12}?(?:削減|減らす|半分|安く)`,
  ]),
  ja(
    'tooExpensive',
    [
      String.raw`高すぎ|割高`,
      String.raw`${PRICE}(?:が|は|も)?${DEGREE}(?:高い|高く|高め|高すぎ|割高|ネック|重い|重く|負担)`,
      String.raw`(?:に対して|の割に|わりに)は?(?:高い|高く|割高)|(?:価格|料金|値段|費用|金額|コスト)の(?:割に|わりに)`,
      String.raw`値上げ|価格改定(?:により|で|に伴い)`,
      String.raw`値下げ|値引き(?:を|の)?(?:お願い|ご検討|していただけ|ご相談|可能)`,
      String.raw`費用負担|負担が(?:重|大き)|(?:費用|コスト|お金)が?(?:かさ|かかりすぎ)`,
      String.raw`(?:費用|コスト|経費)を(?:抑え|下げ|削減し|減らし|半分|半減)`,
      String.raw`(?:${PRICE}|ご?提案(?:の)?(?:内容)?|条件)(?:では|だと|のままでは)[^。\n]{0,14}?(?:難し|厳し|通ら|説明がつ|困難|無理)`,
      String.raw`(?:価格|料金|金額|値段)を[^。\n]{0,6}?(?:下げ|安く)[^。\n]{0,10}?(?:ない(?:と|限り|場合)|なければ)`,
      String.raw`折り合いが(?:つかな|つきませ|つかず)`,
      String.raw`(?:数分の一|半分|半額|何分の一)の(?:費用|価格|金額|値段|コスト)`,
      String.raw`想定を(?:大きく|大幅に|はるかに)?(?:超え|上回)`,
      String.raw`(?:コスト|費用|価格|料金|金額|支払い|値段)に見合(?:わ|っていな|っておりませ)`,
      String.raw`見合(?:う|った)(?:効果|成果|価値)(?:が|を)?(?:出て(?:いない|おらず|おりません|いません)|得られ(?:ていない|ておらず|ておりません|ません)|感じられ(?:ない|ていない|ません))`,
      String.raw`費用対効果(?:が|は|に|を)?(?:見合|合わ|低|悪|説明でき|出ない|疑問)`,
    ],
    { ignore: priceQuestion },
  ),
  ja('alternatives', [
    String.raw`相見積|コンペ(?:を実施|を行|形式|にかけ|になり)|ベンダー(?:の)?選定`,
    String.raw`入れ替え(?:を検討|る予定|を予定)|内製化`,
    String.raw`(?:現在の|今の|既存の)?(?:仕組み|システム|ツール|環境)を?置き換え`,
    String.raw`ベンダー(?:の)?(?:最終)?選定`,
    String.raw`(?:自社開発|自社製|社内開発|自前)(?:の)?[^。、\n]{0,6}?(?:置き換|移行|切り?替|乗り?換)`,
    String.raw`代替(?:の)?(?:サービス|ツール|製品|システム|ベンダー|品|案)`,
    String.raw`(?:より|もっと)安(?:い|価な)(?:もの|ツール|サービス|製品|提案|金額|プラン|ところ|選択肢)|安価な(?:ツール|サービス|製品|もの)`,
    String.raw`(?:契約|ツール|利用|サービス|ベンダー|取引|導入|プラン|経費)(?:内容|の内容|全般|全体)?(?:について、?|の|を|は)?見直`,
  ]),
  ja('disappointed', [
    String.raw`不満|不信|がっかり|失望|期待(?:外れ|はずれ)|(?:もう|我慢の)限界|限界を感じ|困らされ`,
    String.raw`(?:業務|弊社|当社|ニーズ|用途|運用)に(?:は)?合わな(?:くな|い)`,
    String.raw`(?:ほとんど|誰も|あまり)ログイン(?:され|し)て(?:いない|おらず|いません|おりません)`,
    String.raw`満足(?:でき|し)(?:ておらず|ていない|ていません|ておりません|ない|ず|ません)`,
    String.raw`(?:評価|評判)(?:は|が)(?:厳しい|低い|悪い|芳しくな)|否定的な(?:意見|声)`,
    String.raw`効果が(?:出て(?:おらず|いない|いません|おりません)|感じられ(?:ない|ません))`,
    String.raw`(?:利用率|利用頻度|稼働率|ログイン率)(?:が|も)?(?:低|下が|減)|使いこなせて(?:いない|おらず|いません|おりません)`,
  ]),
];

// Negation follows the verb: 解約しません, 解約するつもりはありません, 他社への乗り換えは考えておりません, 不満は特にありません.
const NEGATION =
  /(?:しません|しない(?![とで])|致しません|いたしません|つもりは(?:ない|なく|ありません|ございません|毛頭)|予定は(?:ない|なく|ありません|ございません)|考えて(?:い|お)?(?:りません|ません|ない)|検討して(?:い|お)?(?:りません|ません|ない)|(?:は|も|が)(?:特に|全く|一切|まったく)?(?:ない(?!の?か)|なく|ありません(?!か)|ございません(?!か)))/u;
// The negation must be in the same clause: 解約したいのですが、問題はありませんか and 解約したいが時間がない are not negated.
const CLAUSE_END = /[。！？!?\n、]|(?:です|ます|たい|した|する)が|けど|けれど|ものの|のに/u;
// 値上げについては承知いたしました: a price mentioned and accepted.
const ACCEPTED = /^[^。！？!?\n]{0,16}?(?:承知|了解|納得|問題(?:は)?(?:ない|なく|ありません|ございません)|確認(?:いたし|し)ました)/u;
const PRICE_IDS = new Set(['tooExpensive', 'budget']);

/** True when a Japanese hit is negated by what follows it in the same clause, or is a price accepted. */
export function japaneseNegated(text: string, end: number, id: string): boolean {
  const rest = text.slice(end, end + 24);
  const cut = CLAUSE_END.exec(rest);
  if (NEGATION.test(cut ? rest.slice(0, cut.index) : rest)) return true;
  return PRICE_IDS.has(id) && ACCEPTED.test(rest);
}
