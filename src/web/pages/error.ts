import { html } from 'hono/html';
import type { UserError } from '../../errors.ts';
import type { Translator } from '../../i18n/i18n.ts';
import type { Principal } from '../../server/context.ts';
import { renderUserError } from '../../text/errors.ts';
import { page, type Html } from '../layout.ts';

export function errorPageHtml(tr: Translator, principal: Principal | null, error: UserError, path: string): Html {
  return page({ tr, title: tr.t('web.error.title'), path, principal, body: html`<p class="error" role="alert">${renderUserError(tr, error).trim()}</p><p><a href="/">${tr.t('web.error.back')}</a></p>` });
}
