/**
 * Builds Gmail-shaped pages from the documented DOM facts (docs/browser-testing.md): the
 * current thread layout (.a98.iY) or the pre-2023 one (table.Bs), message headers with span[email],
 * dates in .g3[title], bodies in div.a3s with quoted text under blockquote, and an SPA that swaps
 * the thread view in place on hash changes. Used by unit tests (jsdom), browser tests and the demo.
 */

export interface FixturePerson {
  email: string;
  name: string;
}
export interface FixtureMessage {
  id: string;
  from: FixturePerson;
  to: FixturePerson[];
  cc?: FixturePerson[];
  /** As Gmail shows it in the date's title, e.g. "Mon, Nov 2, 2026, 10:15 AM". */
  date: string;
  body: string;
  quoted?: string;
  /** Collapsed messages show only a snippet, no body. */
  collapsed?: boolean;
}
export interface FixtureThread {
  id: string;
  subject: string;
  messages: FixtureMessage[];
}
export interface FixtureOptions {
  user: FixturePerson;
  threads: FixtureThread[];
  layout?: 'current' | 'legacy';
  theme?: 'light' | 'dark';
  /** Put the account address in the account button (default) or only in the title, or nowhere. */
  userIn?: 'account-button' | 'title' | 'none';
  nonce?: string;
  /** A new-message compose window open at the bottom right, as Gmail docks it. */
  compose?: boolean;
  /**
   * Gmail's layout with its right-hand side-panel column (icon rail: Calendar, Keep, Tasks) beside the
   * main container, as the in-Gmail dock expects it (structure from InboxSDK's element getter, 2026).
   */
  sidePanelColumn?: boolean;
}

export const FIXTURE_NONCE = 'kizunaFixtureNonce';

function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function personSpan(p: FixturePerson, cls: string): string {
  return `<span class="${cls}" email="${esc(p.email)}" name="${esc(p.name)}" data-hovercard-id="${esc(p.email)}">${esc(p.name || p.email)}</span>`;
}

function messageHtml(m: FixtureMessage): string {
  // As Gmail: the header line lists To and Cc together; the details table (label cells) tells them apart.
  const recipients = [...m.to, ...(m.cc ?? [])].map((p) => personSpan(p, 'g2')).join(', ');
  const detailsRow = (label: string, people: FixturePerson[]) =>
    `<tr class="ajv"><td class="gG"><span class="gI">${label}</span></td><td class="gL"><span class="gI">${people.map((p) => personSpan(p, 'g2')).join(', ')}</span></td></tr>`;
  const details = m.cc?.length
    ? `<div class="ajB gt" style="display:none"><table class="ajC"><tbody>${detailsRow('from:', [m.from])}${detailsRow('to:', m.to)}${detailsRow('cc:', m.cc)}</tbody></table></div>`
    : '';
  const body = m.collapsed
    ? `<span class="iA g6">${esc(m.body)}</span>`
    : `<div class="a3s aiL"><div dir="ltr">${esc(m.body)
        .split('\n')
        .map((line) => `<div>${line || '<br>'}</div>`)
        .join('')}</div>${m.quoted ? `<div class="gmail_quote"><blockquote class="gmail_quote">${esc(m.quoted)}</blockquote></div>` : ''}</div>`;
  return `<div class="adn ads" data-message-id="#msg-f:${esc(m.id)}" data-legacy-message-id="${esc(m.id)}">
  <div class="gE iv gt"><table class="cf gJ"><tbody><tr>
    <td class="gF gK"><h3 class="iw gFxsud"><span class="qu"><span class="gD" email="${esc(m.from.email)}" name="${esc(m.from.name)}">${esc(m.from.name || m.from.email)}</span></span></h3></td>
    <td class="gH"><span class="g3" title="${esc(m.date)}" alt="${esc(m.date)}">${esc(m.date.split(',').slice(0, 2).join(','))}</span></td>
  </tr></tbody></table>
  <div class="iw ajw"><span class="hb">to ${recipients}</span></div>${details}</div>
  ${body}
</div>`;
}

/** The thread view of one thread, in the current or the pre-2023 layout. */
export function threadViewHtml(thread: FixtureThread, layout: 'current' | 'legacy' = 'current'): string {
  const head = `<div class="ha"><h2 class="hP" data-thread-perm-id="thread-f:${esc(thread.id)}" data-legacy-thread-id="${esc(thread.id)}">${esc(thread.subject)}</h2></div>`;
  const messages = thread.messages.map(messageHtml).join('\n');
  const reply = `<div class="amn"><span class="ams bkH" role="link" tabindex="0" data-kizuna-reply="">Reply</span></div><div class="ip adB" data-kizuna-compose-slot=""></div>`;
  return layout === 'current'
    ? `<div class="a98 iY">${head}<div class="nH">${messages}</div>${reply}</div>`
    : `<table class="Bs nH iY" role="presentation"><tbody><tr><td class="Bu">${head}${messages}${reply}</td></tr></tbody></table>`;
}

/** The inbox list: rows linking to each thread. */
export function inboxHtml(threads: FixtureThread[]): string {
  const rows = threads
    .map((t) => {
      const last = t.messages[t.messages.length - 1];
      return `<tr class="zA yO" data-thread="${esc(t.id)}"><td class="yX xY"><span class="bA4"><span email="${esc(last.from.email)}" name="${esc(last.from.name)}">${esc(last.from.name)}</span></span></td><td class="xY a4W"><a href="#inbox/${esc(t.id)}"><span class="bog">${esc(t.subject)}</span> <span class="y2">- ${esc(last.body.slice(0, 80))}</span></a></td></tr>`;
    })
    .join('');
  return `<div class="ae4 UI" role="main"><table class="F cf zt"><tbody>${rows}</tbody></table></div>`;
}

/** Gmail's inline reply box (root div.M9 holding the editable body), as the fixture SPA opens it on Reply. */
export function replyBoxHtml(): string {
  return `<div class="M9"><div class="Am Al editable LW-avf" contenteditable="true" role="textbox" aria-label="Message Body" g_editable="true"></div></div>`;
}

/**
 * The mole strip at the bottom right where Gmail puts compose windows (div.dw … .no), left of the
 * side-panel column when there is one; with a new-message compose window open when asked.
 */
export function moleStripHtml(compose: boolean, right: number): string {
  const window = compose
    ? `<div class="nH Hd" role="dialog" aria-label="New Message" style="width:500px;height:420px;background:#fff;box-shadow:0 0 8px rgba(0,0,0,.3)"><form class="bAs" method="POST"><input name="subjectbox" placeholder="Subject" style="width:100%"><div class="Am Al editable" contenteditable="true" role="textbox" aria-label="Message Body" g_editable="true" style="height:300px"></div></form></div>`
    : '';
  return `<div class="dw"><div class="nH"><div class="nH"><div class="no" style="position:fixed;right:${right}px;bottom:0;display:flex;gap:8px;z-index:5">${window}</div></div></div></div>`;
}

/** Gmail's right-hand side-panel column: the (closed) panel wrapper and the icon rail. */
function sidePanelColumnHtml(): string {
  const icon = (label: string) => `<div role="button" tabindex="0" aria-label="${label}" style="width:40px;height:40px;margin:8px;border-radius:50%;background:#e8eaed"></div>`;
  return `<div class="aUx" style="flex:none;display:flex;height:100vh"><div class="WN9Ejb" style="display:none"><div class="bq9"><div class="brC-brG"></div></div></div><div class="brC-aT5-aOt-Jw" role="complementary" aria-label="Side panel" style="width:56px;border-left:1px solid #dadce0">${icon('Calendar')}${icon('Keep')}${icon('Tasks')}</div></div>`;
}

/** The script of the fixture SPA: swaps the main view in place on hash changes, opens a reply box on Reply. */
const SPA_SCRIPT = `
(() => {
  const main = document.getElementById('gmail-main');
  const show = () => {
    const id = (location.hash.match(/^#[^/]+\\/([A-Za-z0-9_-]+)$/) || [])[1];
    const tpl = document.getElementById(id ? 'thread-' + id : 'inbox-view');
    main.replaceChildren(tpl ? tpl.content.cloneNode(true) : document.createTextNode('Loading…'));
  };
  window.addEventListener('hashchange', show);
  document.addEventListener('click', (e) => {
    const reply = e.target.closest && e.target.closest('[data-kizuna-reply]');
    if (!reply) return;
    const slot = main.querySelector('[data-kizuna-compose-slot]');
    if (!slot || slot.querySelector('.M9')) return;
    const root = document.createElement('div');
    root.className = 'M9';
    const editable = document.createElement('div');
    editable.className = 'Am Al editable LW-avf';
    editable.setAttribute('contenteditable', 'true');
    editable.setAttribute('role', 'textbox');
    editable.setAttribute('aria-label', 'Message Body');
    editable.setAttribute('g_editable', 'true');
    root.appendChild(editable);
    slot.appendChild(root);
    editable.focus();
  });
  show();
})();
`;

/** A whole Gmail-shaped page; the open view follows location.hash (#inbox or #inbox/<thread id>). */
export function gmailPage(options: FixtureOptions): string {
  const { user, threads, layout = 'current', theme = 'light', userIn = 'account-button', nonce = FIXTURE_NONCE, compose = false, sidePanelColumn = false } = options;
  const dark = theme === 'dark';
  const account =
    userIn === 'account-button'
      ? `<a class="gb_A gb_Za" href="https://accounts.google.com/SignOutOptions?hl=en" role="button" tabindex="0" aria-label="Google Account: ${esc(user.name)}&#10;(${esc(user.email)})">${esc(user.name[0] ?? '?')}</a>`
      : '';
  const title = userIn === 'none' ? 'Inbox - Gmail' : `Inbox (3) - ${esc(user.email)} - Gmail`;
  const templates = threads.map((t) => `<template id="thread-${esc(t.id)}">${threadViewHtml(t, layout)}</template>`).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<style nonce="${nonce}">
  body { margin: 0; font: 14px/1.4 Roboto, Arial, sans-serif; background: ${dark ? '#1f1f1f' : '#f6f8fc'}; color: ${dark ? '#e3e3e3' : '#1f1f1f'}; }
  header { height: 56px; display: flex; align-items: center; justify-content: space-between; padding: 0 16px; }
  #gmail-main { margin: 0 16px; padding: 16px; background: ${dark ? '#2d2d2d' : '#fff'}; border-radius: 16px; min-height: 70vh; }
  .a3s { padding: 8px 0 16px; } .hP { font-size: 22px; font-weight: 400; } .gD { font-weight: 700; }
  .zA td { padding: 6px 8px; } a { color: inherit; }
  .M9 [contenteditable] { min-height: 120px; border: 1px solid #aaa; padding: 8px; }
</style></head>
<body>
${
  sidePanelColumn
    ? `<div class="nH"><div class="no" style="display:flex;height:100vh"><div class="nn bkK" style="flex:1 1 auto;min-width:0;overflow:auto"><header><span>Gmail</span>${account}</header><div id="gmail-main"></div></div>${sidePanelColumnHtml()}</div></div>`
    : `<header><span>Gmail</span>${account}</header>\n<div id="gmail-main"></div>`
}
<template id="inbox-view">${inboxHtml(threads)}</template>
${moleStripHtml(compose, sidePanelColumn ? 72 : 16)}
${templates}
<script nonce="${nonce}">${SPA_SCRIPT}</script>
</body></html>`;
}

/** Gmail-like response headers: a strict CSP with a script nonce, and Trusted Types enforced. */
export function gmailHeaders(nonce = FIXTURE_NONCE): Record<string, string> {
  return {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': `script-src 'nonce-${nonce}' 'strict-dynamic' 'report-sample'; object-src 'none'; base-uri 'self'; require-trusted-types-for 'script'; trusted-types goog#html`,
  };
}
