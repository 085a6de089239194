// A job's page: while it is queued or running, its progress (a <progress> bar the page script
// keeps current, and a link that reloads the page for a browser without scripts); once it has
// failed, the error as the use case gave it. A job that succeeded is not shown here: the route
// sends the browser on to its result.

import { html } from 'hono/html';
import type { JobError } from '../../app/jobs.ts';
import { UserError } from '../../errors.ts';
import { userErrorOf } from '../../server/routes/jobs.ts';
import type { Translator } from '../../i18n/i18n.ts';
import type { JobRecord } from '../../store/jobs.ts';
import { renderUserError } from '../../text/errors.ts';
import { JOB_JS_PATH } from '../assets/scripts.ts';
import type { Html } from '../layout.ts';

/** Where a job's page polls it and where its reload link goes (the association's jobs have their own routes). */
export interface JobLinks {
  poll: string;
  reload: string;
}

export function jobBody(tr: Translator, job: JobRecord, links: JobLinks = { poll: `/api/v1/jobs/${job.id}`, reload: `/jobs/${job.id}` }): Html {
  if (job.state === 'failed') {
    const error = job.error === null ? new UserError('server.internal') : userErrorOf(job.error as JobError);
    return html`<p class="verdict bad" role="status">${tr.t('web.job.failed', { kind: tr.t(`web.job.kind.${job.kind}`) })}</p><p class="error" role="alert">${renderUserError(tr, error).trim()}</p>`;
  }
  const p = job.progress;
  const percent = p !== null && p.total !== undefined && p.total > 0 ? Math.floor((100 * p.done) / p.total) : null;
  return html`<div data-job="${job.id}" data-job-url="${links.poll}">
<p class="verdict neutral" role="status">${tr.t(job.state === 'queued' ? 'web.job.queued' : 'web.job.running', { kind: tr.t(`web.job.kind.${job.kind}`) })}</p>
<label for="job-progress">${tr.t('web.job.progress')}</label>
<progress id="job-progress"${p !== null && p.total !== undefined ? html` max="${p.total}" value="${p.done}"` : ''}></progress> <span data-progress-text>${percent === null ? '' : `${percent}%`}</span>
<p><a href="${links.reload}">${tr.t('web.job.reload')}</a></p>
<p class="note">${tr.t('web.job.note', { id: job.id })}</p>
</div>
<script src="${JOB_JS_PATH}" defer></script>`;
}
