// The contacts list's first rows built with plain DOM calls (issue 16), from the first page the entry read (boot.ts),
// before React and the page's code have loaded: the same elements, classes, text and attributes as the app's shell and
// the contacts page show while the rest of the book is read (App.tsx, sections/contacts.tsx, ContactsGrid.tsx), so the
// app takes over (first-paint.ts) without a shift. Inert and busy: the app's own controls take every action.
import { formatNumber, type Translate } from '@/lib/format';
import { shownScore } from '@/lib/churn/eligible';
import { TREND_ARROW } from '@/lib/churn/score-words';
import { tagColor } from '@/lib/contacts/tag-color';
import type { ColumnKey, SegmentContact } from '@/lib/segments/columns';
import { DEFAULT_BAND_THRESHOLDS } from '@/lib/segments/risk-band';
import type { FirstPage } from '@/lib/workspace/first-page';
import { h, icon } from '../../sidebar/first-view';
import { NAV } from '../nav';
import { href } from '../route';
import { cellText, columnLabel, gridTemplate, riskChipFacts, ROW_HEIGHT, type ChipContext } from './cells';

export interface FirstViewContext {
  t: Translate;
  locale: string;
  now: number;
  timeZone: string;
  /** The table's columns (built-in ones only: a custom field's label is in the settings, not read here). */
  columns: ColumnKey[];
  /** How many rows to build (the ones in view; the virtualiser adds its overscan once the app is in). */
  rowsInView: number;
}

/** The first page's contacts as the store projects them: with their company's name and the score the list shows. */
function project(page: FirstPage): SegmentContact[] {
  const companies = new Map(page.companies.map((c) => [c.id, c.name]));
  return page.contacts.map((row, i) => {
    const out: SegmentContact = { ...row };
    const companyName = row.companyId !== undefined ? companies.get(row.companyId) : undefined;
    if (companyName !== undefined) out.companyName = companyName;
    const score = shownScore(row, page.scores[i]);
    if (score) ((out.score = score), (out.risk = score.score));
    return out;
  });
}

// The first paint is inert (first-paint.ts): out of the accessibility tree, never hovered or focused. So it leaves out
// what the grid holds only for a screen reader or a hover (the `sr-only` words, the tags' tooltip, the trend's title):
// text the first frame would style, lay out and shape without showing it (issue 16).
function riskCell(c: SegmentContact, ctx: ChipContext): HTMLElement {
  const chip = riskChipFacts(c, ctx);
  if (chip.kind === 'churned') return h('span', { class: 'ws-risk none', 'data-testid': 'risk-churned' }, chip.text);
  if (chip.kind === 'none') return h('span', { class: 'ws-risk none' }, '—');
  return h(
    'span',
    { class: 'ws-risk', 'data-band': chip.band, 'data-score': String(chip.score) },
    h('strong', {}, chip.figure),
    ` ${chip.bandText}`,
    chip.trend.length > 0 &&
      h('span', { class: 'risk-trend-compact', 'data-direction': chip.trend[0].direction, 'data-testid': 'risk-trend' }, h('span', { 'aria-hidden': 'true' }, TREND_ARROW[chip.trend[0].direction])),
  );
}

function tagsCell(ids: number[], tags: FirstPage['tags'], ctx: FirstViewContext): HTMLElement | null {
  const byId = new Map(tags.map((tag) => [tag.id, tag]));
  const shown = ids.flatMap((id) => byId.get(id) ?? []);
  if (shown.length === 0) return null;
  return h(
    'span',
    { class: 'ws-tags', 'data-count': String(shown.length) },
    h('span', { class: 'ws-tag-count', 'aria-hidden': 'true' }, formatNumber(shown.length, ctx.locale)),
    h('span', { class: 'ws-tag-chips', 'aria-hidden': 'true' }, ...shown.map((tag) => h('span', { class: 'ws-tag', style: `border-color: ${tagColor(tag.color)};` }, tag.name))),
  );
}

function cell(c: SegmentContact, key: ColumnKey, page: FirstPage, ctx: FirstViewContext & ChipContext): Node | string | null {
  if (key === 'risk') return riskCell(c, ctx);
  if (key === 'company' && c.companyId !== undefined) return h('a', { href: `#/company/${c.companyId}`, tabindex: '-1' }, c.companyName ?? '');
  if (key === 'tags') return tagsCell(c.tags, page.tags, ctx);
  return cellText(c, key, { ...ctx, currency: '' });
}

function grid(rows: SegmentContact[], page: FirstPage, ctx: FirstViewContext & ChipContext): HTMLElement {
  const { t, locale, columns } = ctx;
  const template = `grid-template-columns: ${gridTemplate(columns.map((key) => ({ key })))};`;
  const head = h(
    'div',
    { class: 'ws-row ws-head', role: 'row', 'aria-rowindex': '1', style: template },
    h('div', { role: 'columnheader' }, h('input', { 'aria-label': t('wsSelectAllN', formatNumber(rows.length, locale)), tabindex: '0', type: 'checkbox' })),
    ...columns.map((key) => {
      const label = columnLabel(key, t, []);
      return h('div', { role: 'columnheader', 'aria-sort': 'none' }, h('button', { type: 'button', title: t('wsSortBy', label), tabindex: '-1' }, label, h('span', { 'aria-hidden': 'true' })));
    }),
  );
  const body = rows.slice(0, ctx.rowsInView).map((c, index) =>
    h(
      'div',
      {
        role: 'row',
        class: 'ws-row',
        'data-index': String(index),
        'data-id': String(c.id),
        'aria-rowindex': String(index + 2),
        'aria-selected': 'false',
        tabindex: index === 0 ? '0' : '-1',
        style: `${template} transform: translateY(${index * ROW_HEIGHT}px); height: ${ROW_HEIGHT}px;`,
      },
      h('div', { role: 'gridcell' }, h('input', { 'aria-label': t('wsSelectContact', c.name || c.email), tabindex: '-1', type: 'checkbox' })),
      ...columns.map((key) => h('div', { role: 'gridcell', 'data-col': key }, cell(c, key, page, ctx))),
    ),
  );
  return h(
    'div',
    { class: 'ws-grid', role: 'grid', 'aria-label': t('wsGridLabel'), 'aria-rowcount': String(rows.length + 1), 'aria-colcount': String(columns.length + 1), 'aria-multiselectable': 'true' },
    h('div', { role: 'rowgroup' }, head),
    h('div', { class: 'ws-scroll', role: 'rowgroup' }, h('div', { style: `height: ${rows.length * ROW_HEIGHT}px; position: relative;` }, ...body)),
  );
}

/**
 * The app as it shows the contacts list (no segment) with the first page in, the rest of the book still being read:
 * the navigation, the page's title and controls, and the table's first rows. No ids: the app's own page, rendered
 * beside it until it takes over, holds them.
 */
export function contactsFirstView(page: FirstPage, ctx: FirstViewContext): HTMLElement {
  const { t, locale } = ctx;
  const rows = project(page);
  const n = (x: number) => formatNumber(x, locale);
  const chipCtx = { ...ctx, bands: DEFAULT_BAND_THRESHOLDS };
  const nav = h(
    'nav',
    { 'aria-label': t('appNav') },
    h('h1', {}, t('appTitle')),
    h('ul', {}, ...NAV.map((item) => h('li', {}, h('a', { href: href(item.route), 'aria-current': item.route.page === 'contacts' ? 'page' : undefined }, t(item.label))))),
  );
  const header = h(
    'header',
    { class: 'ui-page-header' },
    h(
      'div',
      { class: 'ui-page-header-text' },
      h('h2', { class: 'ui-page-title', tabindex: '-1' }, t('navContacts')),
      h('div', { class: 'ui-page-subtitle' }, h('span', { class: 'ws-count-line', role: 'status', 'aria-busy': 'true' }, t('wsLoadingRest', n(rows.length)))),
    ),
  );
  const segments = h(
    'nav',
    { class: 'ws-segments', 'aria-label': t('wsSegments') },
    h('h3', { class: 'ws-segments-title' }, t('wsSegments')),
    h(
      'ul',
      {},
      h('li', {}, h('a', { href: href({ page: 'contacts' }), 'aria-current': 'page' }, t('wsAllContacts'))),
      ...page.segments.map((s) =>
        h(
          'li',
          { 'data-segment': s.name },
          h('a', { href: href({ page: 'contacts', segmentId: s.id }) }, h('span', { class: 'ws-seg-name' }, s.name), ' ', h('span', { class: 'ws-count', 'data-testid': 'segment-count' }, '…')),
          h('button', { type: 'button', class: 'ui-button ui-icon-button', 'aria-label': t('wsRenameSegment', s.name), title: t('wsRenameSegment', s.name) }, icon('pencil')),
          h('button', { type: 'button', class: 'ui-button ui-icon-button', 'aria-label': t('wsDeleteSegment', s.name), title: t('wsDeleteSegment', s.name) }, icon('trash')),
        ),
      ),
    ),
  );
  const search = h('input', { class: 'ws-search', 'aria-label': t('wsSearch'), placeholder: t('wsSearchPlaceholder'), maxlength: '500', type: 'search' });
  const filters = h('section', { class: 'ws-filters', 'aria-label': t('wsFilters') }, h('ol'), h('label', {}, t('wsAddCondition')), ' ', h('select', {}, h('option', { value: '' }, t('wsChoose'))));
  const toolbar = h(
    'div',
    { class: 'ws-toolbar' },
    h('details', { class: 'ws-columns' }, h('summary', {}, t('wsColumns'))),
    h('button', { type: 'button', disabled: '' }, t('wsExportN', n(rows.length))),
    h('button', { type: 'button', disabled: '' }, t('wsCampaignN', n(rows.length))),
    h('form', { class: 'ws-save' }, h('input', { 'aria-label': t('wsSegmentName'), placeholder: t('wsSegmentName'), maxlength: '100' }), h('button', { type: 'submit' }, t('wsSaveAsSegment'))),
  );
  const pointsNote =
    ctx.columns.includes('risk') &&
    rows.some((r) => r.score && r.score.probability === undefined) &&
    h(
      'p',
      { class: 'muted ws-risk-note' },
      `${t('wsRiskPointsNote')} `,
      h('span', { class: 'risk-calibration' }, h('button', { type: 'button', class: 'risk-calibration-toggle', 'aria-expanded': 'false' }, `${t('riskNotCalibrated')} `, icon('info'))),
    );
  const main = h(
    'main',
    { tabindex: '-1' },
    h('div', { class: 'ws-layout' }, header, h('div', { class: 'ws-page' }, segments, h('div', { class: 'ws-main' }, search, filters, toolbar, pointsNote, grid(rows, page, { ...chipCtx })))),
  );
  return h('div', { class: 'app' }, nav, main);
}
