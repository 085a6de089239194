// Proof of liabilities as readable text: what `prove` published, and what `verify-proof` checked,
// what it concluded, and what no proof of this kind can tell.

import type { ProofDrawResult, ProveResult, VerifyProofResult } from '../app/prove.ts';
import type { Translator } from '../i18n/i18n.ts';
import { groupDigits } from '../i18n/numbers.ts';
import { formatAmount } from '../money/amount.ts';

export function renderProve(result: ProveResult, tr: Translator): string {
  const l = result.liabilities;
  const lines = [tr.t('proof.cli.built', { snapshot: l.snapshot_id, as_of: l.as_of, leaves: groupDigits(String(l.leaf_count)), height: l.height, root: l.root_hash })];
  l.assets.forEach((a, i) => lines.push(tr.t('proof.cli.total', { asset: a.symbol, amount: groupDigits(formatAmount(BigInt(l.totals_minor[i]!), a.decimals)) })));
  lines.push(tr.t('proof.cli.written', { file: result.liabilities_file, tree: result.tree_dir }));
  return lines.join('\n') + '\n';
}

export function renderVerification(v: VerifyProofResult, tr: Translator): string {
  const lines = [v.ok ? tr.t('proof.cli.verified', { account: v.account_id, snapshot: v.snapshot_id, exchange: v.exchange.name, as_of: v.as_of }) : tr.t('proof.cli.not_verified', { account: v.account_id })];
  lines.push('');
  for (const c of v.checks) lines.push(`${c.ok ? '✓' : '✗'} ${tr.t(`proof.check.${c.id}`)}`);
  if (!v.liabilities_checked) lines.push(`- ${tr.t('proof.cli.no_liabilities')}`);
  lines.push('', tr.t('proof.cli.balances'));
  v.assets.forEach((a, i) => lines.push(tr.t('proof.cli.total', { asset: a.symbol, amount: groupDigits(formatAmount(v.balances_minor[i]!, a.decimals)) })));
  if (v.root_hash !== '') {
    lines.push('', tr.t('proof.cli.root', { root: v.root_hash }), tr.t('proof.cli.totals'));
    v.assets.forEach((a, i) => lines.push(tr.t('proof.cli.total', { asset: a.symbol, amount: groupDigits(formatAmount(v.totals_minor[i]!, a.decimals)) })));
  }
  lines.push('', tr.t('proof.cli.cannot_tell'));
  for (const id of v.cannot_tell) lines.push(`- ${tr.t(`proof.cannot.${id}`)}`);
  return lines.join('\n') + '\n';
}

export function renderDraw(result: ProofDrawResult, tr: Translator): string {
  const params = { count: groupDigits(String(result.count)), failed: groupDigits(String(result.failed)), snapshot: result.snapshot_id, root: result.root_hash, seed: result.seed_hex };
  const lines = [tr.t(result.failed === 0 ? 'proof.cli.draw_ok' : 'proof.cli.draw_failed', params)];
  for (const c of result.checks) {
    if (!c.included) lines.push(tr.t('proof.cli.draw_missing', { account: c.account_id, index: c.index }));
    else if (!c.balances_match) lines.push(tr.t('proof.cli.draw_balances', { account: c.account_id, index: c.index }));
  }
  return lines.join('\n') + '\n';
}
