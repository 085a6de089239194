import { html } from 'hono/html';
import type { Translator } from '../../i18n/i18n.ts';
import { page, type Html } from '../layout.ts';

export function loginPage(tr: Translator, options: { failed_code?: string; name?: string } = {}): Html {
  return page({
    tr,
    title: tr.t('web.login.title'),
    path: '/login',
    principal: null,
    body: html`<form class="card" method="post" action="/login">
  ${options.failed_code === undefined ? '' : html`<p class="error" role="alert">${tr.t(options.failed_code)}</p>`}
  <label for="name">${tr.t('web.login.name')}</label>
  <input id="name" name="name" type="text" autocomplete="username" required value="${options.name ?? ''}">
  <label for="password">${tr.t('web.login.password')}</label>
  <input id="password" name="password" type="password" autocomplete="current-password" required>
  <button type="submit">${tr.t('web.login.submit')}</button>
</form>`,
  });
}
