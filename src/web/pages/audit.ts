import { html } from 'hono/html';
import type { Translator } from '../../i18n/i18n.ts';
import type { AuditEntry, AuditVerification } from '../../store/types.ts';
import type { Html } from '../layout.ts';

/** The newest entries first; the page shows at most this many (the API and the CLI list them all). */
export const AUDIT_ENTRIES_SHOWN_MAX = 500;

export function auditBody(tr: Translator, entries: readonly AuditEntry[], verification: AuditVerification, shown: (iso: string) => string): Html {
  const newest = [...entries].reverse().slice(0, AUDIT_ENTRIES_SHOWN_MAX);
  return html`<p class="verdict ${verification.ok ? 'ok' : 'bad'}" role="status">${verification.ok ? tr.t('web.audit.ok', { entries: verification.entries, head: verification.head_hash.slice(0, 16) }) : tr.t('web.audit.broken', { seq: verification.seq, reason: tr.t(`cli.audit_reason_${verification.reason}`) })}</p>
<div class="table-wrap"><table>
<thead><tr><th scope="col" class="num">${tr.t('web.audit.seq')}</th><th scope="col">${tr.t('web.audit.at')}</th><th scope="col">${tr.t('web.audit.kind')}</th><th scope="col">${tr.t('web.audit.subject')}</th><th scope="col">${tr.t('web.audit.actor')}</th></tr></thead>
<tbody>${newest.map((e) => html`<tr><td class="num">${e.seq}</td><td>${shown(e.at)}</td><td>${e.kind}</td><td class="id">${e.subject}</td><td>${e.actor === null ? '—' : `${e.actor.type}:${e.actor.id}${e.actor.role === null ? '' : ` (${e.actor.role})`}`}</td></tr>`)}</tbody>
</table></div>
${entries.length > AUDIT_ENTRIES_SHOWN_MAX ? html`<p class="note">${tr.t('web.audit.more', { shown: AUDIT_ENTRIES_SHOWN_MAX, total: entries.length })}</p>` : ''}`;
}
