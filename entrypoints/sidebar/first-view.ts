// The side panel's first paint (issue 13): the profile the app is about to show, built with plain DOM calls by the
// page's small first module, before React, Dexie and zod have loaded. The same elements, attributes and text as the
// app's first render of that contact (App.tsx's bar and switcher, ProfileCard, the stored score's RiskBadge), so the
// app takes over (hand-over.ts) without a shift. Read-only: the app's own fields take every edit.
// test/browser/sidepanel-first-paint.test.ts compares the two, element by element.
import { ICON_PATHS } from '@/components/ui/icon-paths';
import { churnEligible } from '@/lib/churn/eligible';
import { bandText, scoreText } from '@/lib/churn/score-words';
import { fieldKind, formatFieldValue } from '@/lib/contacts/field-display';
import { STAGES } from '@/lib/db/types';
import type { Translate } from '@/lib/format';
import type { FirstPick } from '@/lib/panel/first-pick';
import type { FirstProfile } from '@/lib/panel/first-profile';

type Child = Node | string | null | false;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Record<string, string | undefined> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) if (value !== undefined) node.setAttribute(name, value);
  for (const child of children) if (child) node.append(child);
  return node;
}

export function icon(name: keyof typeof ICON_PATHS): SVGSVGElement {
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  for (const [k, v] of Object.entries({ viewBox: '0 0 24 24', fill: 'currentColor', 'aria-hidden': 'true', focusable: 'false', 'data-icon': name, class: 'ui-icon' })) svg.setAttribute(k, v);
  const path = document.createElementNS('http://www.w3.org/2000/svg', 'path');
  path.setAttribute('d', ICON_PATHS[name]);
  svg.append(path);
  return svg;
}

/** An EditableText as it first renders, read-only (a value typed here would be lost when the app takes over). */
function field(value: string, label: string, maxLength: number, placeholder?: string, list?: string): HTMLInputElement {
  const input = h('input', { 'aria-label': label, placeholder, maxlength: String(maxLength), list, class: 'editable', readonly: '' });
  input.value = value ?? '';
  return input;
}

/** The stored score as RiskBadge shows it before its reasons and trend are in. */
function risk(score: NonNullable<FirstProfile['score']>, t: Translate, locale: string): HTMLElement {
  const calibrated = score.probability !== undefined;
  return h(
    'section',
    { 'data-band': score.band, 'data-score': String(score.score), 'data-calibrated': calibrated ? '1' : '0', 'data-testid': 'risk', class: 'risk' },
    h(
      'button',
      { type: 'button', 'aria-expanded': 'false', class: 'risk-badge' },
      h('span', { class: 'risk-label' }, t('riskBadge')),
      h('strong', { class: 'risk-score' }, scoreText(score, t, locale)),
      h('span', { class: 'risk-band' }, bandText(score.band, t)),
      h('span', { 'aria-hidden': 'true', class: 'risk-caret' }, '▾'),
    ),
    !calibrated && h('span', { class: 'risk-calibration' }, h('button', { type: 'button', 'aria-expanded': 'false', class: 'risk-calibration-toggle' }, `${t('riskNotCalibrated')} `, icon('info'))),
  );
}

/** Whether the first paint shows this profile's stored score (as the app does: a contact scored for churn, with a score). */
export const showsScore = (profile: FirstProfile): boolean => profile.score !== undefined && churnEligible(profile.contact);

/** The panel's `main` with the picked contact's profile, as the app renders it once it has loaded. */
export function firstView(pick: FirstPick, profile: FirstProfile, t: Translate, locale: string, currency: string): HTMLElement {
  const { contact } = profile;
  const stage = h('select', { id: 'stage', 'data-stage': contact.stage, 'aria-readonly': 'true' }, ...STAGES.map((s) => h('option', { value: s }, t(`stage_${s.replace('-', '_')}`))));
  stage.value = contact.stage;
  const shown = (key: string, raw: string) => formatFieldValue(raw, fieldKind(key), { t, locale, currency });
  return h(
    'main',
    { 'data-theme-source': pick.theme },
    h(
      'header',
      { class: 'bar' },
      h('h1', {}, t('extName')),
      h('button', { type: 'button', 'aria-label': t('settings'), title: t('settings'), 'aria-pressed': 'false' }, icon('settings')),
      h('button', { type: 'button', 'aria-label': t('openApp'), title: t('openApp'), 'data-open': '/app.html' }, icon('openInNew')),
    ),
    pick.userUnknown && h('p', { class: 'warning', role: 'note' }, t('userUnknown')),
    pick.people.length >= 2 &&
      h(
        'div',
        { class: 'switcher', role: 'tablist', 'aria-label': t('participants') },
        ...pick.people.map((p) =>
          h(
            'button',
            { id: `person-${p.email}`, role: 'tab', type: 'button', 'aria-selected': String(p.email === pick.email), tabindex: p.email === pick.email ? '0' : '-1', title: p.email },
            p.name || p.email,
          ),
        ),
      ),
    h(
      'div',
      { 'data-state': 'ready', class: 'contact' },
      h(
        'section',
        { 'aria-label': t('profile'), 'data-email': contact.email, class: 'profile' },
        field(contact.name, t('fieldName'), 500, t('fieldNamePlaceholder')),
        h('div', { 'data-testid': 'profile-email', class: 'email' }, contact.email),
        h(
          'dl',
          { class: 'fields' },
          h('dt', {}, t('fieldCompany')),
          h('dd', {}, field(profile.companyName, t('fieldCompany'), 200, t('fieldCompanyPlaceholder'))),
          h('dt', {}, h('label', { for: 'stage' }, t('fieldStage'))),
          h('dd', {}, stage),
          h('dt', {}, t('fieldOwner')),
          h('dd', {}, field(contact.owner, t('fieldOwner'), 100, t('fieldOwnerPlaceholder'), 'owners'), h('datalist', { id: 'owners' })),
          ...pick.customFields.flatMap((f) => [h('dt', {}, f.label), h('dd', {}, field(shown(f.key, contact.custom?.[f.key] ?? ''), f.label, 2000))]),
        ),
      ),
      h('button', { type: 'button', class: 'open-app', 'data-open': `/app.html#/contact/${contact.id}` }, t('wsOpenInKizuna')),
      showsScore(profile) && risk(profile.score!, t, locale),
    ),
  );
}
