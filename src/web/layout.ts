// Every page's frame: the language, the title, the navigation (the current page marked for screen
// readers), who is logged in with a log-out button, and the switch to the other language. Values
// are escaped by hono's html template; nothing user-supplied is ever written raw.

import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { Lang, Translator } from '../i18n/i18n.ts';
import type { Principal } from '../server/context.ts';

export type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

export interface PageFrame {
  tr: Translator;
  title: string;
  /** The page's own path, for the navigation and the language switch. */
  path: string;
  principal: Principal | null;
  body: Html;
}

const NAV: ReadonlyArray<{ path: string; code: string }> = [
  { path: '/', code: 'web.nav.overview' },
  { path: '/history', code: 'web.nav.history' },
  { path: '/wallets', code: 'web.nav.wallets' },
  { path: '/cover', code: 'web.nav.cover' },
  { path: '/insurance', code: 'web.nav.insurance' },
  { path: '/risk', code: 'web.nav.risk' },
  { path: '/what-if', code: 'web.nav.whatif' },
  { path: '/compensation', code: 'web.nav.compensation' },
  { path: '/snapshots', code: 'web.nav.snapshots' },
  { path: '/audit', code: 'web.nav.audit' },
  { path: '/tokens', code: 'web.nav.tokens' },
];

/** The association reads no one exchange's pages: its own navigation. */
const ASSOCIATION_NAV: ReadonlyArray<{ path: string; code: string }> = [
  { path: '/association', code: 'web.assoc.nav.members' },
  { path: '/association/dependencies', code: 'web.assoc.nav.dependencies' },
  { path: '/association/stress', code: 'web.assoc.nav.stress' },
  { path: '/association/report', code: 'web.assoc.nav.report' },
];

/** A customer reads only their own proof. */
const CUSTOMER_NAV: ReadonlyArray<{ path: string; code: string }> = [{ path: '/proof', code: 'web.nav.proof' }];

const NAV_OF: Partial<Record<Principal['role'], ReadonlyArray<{ path: string; code: string }>>> = { association: ASSOCIATION_NAV, customer: CUSTOMER_NAV };

export function page(frame: PageFrame): Html {
  const { tr, principal } = frame;
  const other: Lang = tr.lang === 'ja' ? 'en' : 'ja';
  return html`<!doctype html>
<html lang="${tr.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${frame.title} — Hozen</title>
<link rel="stylesheet" href="/assets/style.css">
<link rel="icon" href="data:,">
</head>
<body>
<a class="skip" href="#main">${tr.t('web.skip')}</a>
<header class="top">
  <a class="brand" href="/">${tr.t('web.brand')}</a>
  ${principal === null ? '' : html`<nav aria-label="${tr.t('web.nav.label')}"><ul>${(NAV_OF[principal.role] ?? NAV).map((item) => html`<li><a href="${item.path}"${item.path === frame.path ? html` aria-current="page"` : ''}>${tr.t(item.code)}</a></li>`)}</ul></nav>`}
  <div class="who">
    <a href="${frame.path}?lang=${other}" lang="${other}" hreflang="${other}">${tr.t('web.switch_lang')}</a>
    ${principal === null
      ? ''
      : html`<span>${tr.t('web.logged_in', { user: principal.user.name, role: principal.role })}</span>
    <form method="post" action="/logout"><button class="link" type="submit">${tr.t('web.logout')}</button></form>`}
  </div>
</header>
<main id="main">
<h1>${frame.title}</h1>
${frame.body}
</main>
</body>
</html>`;
}
