// Renders user errors for humans ("balances.csv:10482: amount: ...") and as JSON, for every front end.

import { InputError, UserError, type InputIssue } from '../errors.ts';
import type { Translator } from '../i18n/i18n.ts';

export function issueLocation(issue: InputIssue): string {
  let where = issue.file ?? '';
  if (issue.line !== undefined) where += `:${issue.line}`;
  const field = issue.path ?? issue.field;
  if (field !== undefined && field !== '') where += where === '' ? field : `: ${field}`;
  return where;
}

export function formatIssue(tr: Translator, issue: InputIssue): string {
  const where = issueLocation(issue);
  return (where === '' ? '' : `${where}: `) + tr.t(issue.code, issue.params);
}

export function renderUserError(tr: Translator, error: UserError): string {
  if (error instanceof InputError) {
    const lines = error.issues.map((issue) => formatIssue(tr, issue));
    const hidden = error.issue_count - error.issues.length;
    if (hidden > 0) lines.push(tr.t('cli.more_issues', { count: hidden }));
    lines.push(tr.t('input.invalid', { count: error.issue_count }));
    return lines.join('\n') + '\n';
  }
  return tr.t(error.code, error.params) + '\n';
}

export function userErrorJson(tr: Translator, error: UserError): unknown {
  if (error instanceof InputError) {
    return {
      error: error.code,
      message: tr.t('input.invalid', { count: error.issue_count }),
      issue_count: error.issue_count,
      issues: error.issues.map((issue) => ({ ...issue, message: tr.t(issue.code, issue.params) })),
    };
  }
  return { error: error.code, message: tr.t(error.code, error.params), params: error.params };
}
