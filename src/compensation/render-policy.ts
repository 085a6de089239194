// `hozen policy render`: the compensation policy as the document customers read, in Japanese or
// English, as Markdown and as HTML. One block model renders to both, so they never disagree.

import { formatAmount, formatDecimal, mulDecimal, type Decimal } from '../money/index.ts';
import type { Lang, Translator } from '../i18n/i18n.ts';
import type { AssetMethod, CompensationPolicy, PriceRule } from './types.ts';

export interface PolicyDocumentContext {
  exchange_name: string | null;
  base_currency: string;
  base_decimals: number;
}

export interface RenderedPolicy {
  markdown: string;
  html: string;
}

type Block =
  | { kind: 'h1' | 'h2' | 'p'; text: string }
  | { kind: 'ul'; items: string[] }
  | { kind: 'table'; headers: string[]; rows: string[][] };

/** In the translator's language. */
export function renderPolicy(policy: CompensationPolicy, context: PolicyDocumentContext, tr: Translator): RenderedPolicy {
  const blocks = policyBlocks(policy, context, tr);
  return { markdown: toMarkdown(blocks), html: toHtml(blocks, tr.lang) };
}

function policyBlocks(policy: CompensationPolicy, context: PolicyDocumentContext, tr: Translator): Block[] {
  const t = tr.t.bind(tr);
  const currency = context.base_currency;
  const price = (rule: PriceRule): string => priceText(rule, currency, t);
  const method = (m: AssetMethod): string => methodText(m, currency, t);
  const blocks: Block[] = [];
  blocks.push({ kind: 'h1', text: context.exchange_name === null ? t('compensation.doc_title') : t('compensation.doc_title_of', { exchange: context.exchange_name }) });
  blocks.push({ kind: 'p', text: t('compensation.doc_intro') });

  blocks.push({ kind: 'h2', text: t('compensation.doc_who_heading') });
  blocks.push({ kind: 'p', text: t(policy.scheme === 'haircut' ? 'compensation.doc_who_haircut' : 'compensation.doc_who') });

  blocks.push({ kind: 'h2', text: t('compensation.doc_how_heading') });
  const listed = [...policy.asset_terms.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  switch (policy.scheme) {
    case 'per_asset':
      blocks.push({ kind: 'p', text: t('compensation.doc_per_asset', { default: method(policy.default_terms.method) }) });
      if (listed.length > 0) blocks.push({ kind: 'table', headers: [t('compensation.col_asset'), t('compensation.doc_col_method')], rows: listed.map(([asset, terms]) => [asset, method(terms.method)]) });
      if (hasInKind(policy)) blocks.push({ kind: 'p', text: t('compensation.doc_in_kind_buyback') });
      break;
    case 'haircut':
      blocks.push({ kind: 'p', text: t('compensation.doc_haircut', { currency }) });
      blocks.push(pricesTable(policy, price, t));
      break;
    case 'rehabilitation':
      blocks.push({ kind: 'p', text: t('compensation.doc_rehabilitation', { currency, cap: grouped(formatAmount(policy.base_cap_minor ?? 0n, context.base_decimals)) }) });
      blocks.push(pricesTable(policy, price, t));
      break;
  }

  blocks.push({ kind: 'h2', text: t('compensation.doc_rounding_heading') });
  blocks.push({ kind: 'p', text: t('compensation.doc_rounding', { currency, unit: formatAmount(policy.rounding.unit_minor, context.base_decimals), mode: t(`compensation.doc_mode_${policy.rounding.mode}`) }) });

  blocks.push({ kind: 'h2', text: t('compensation.doc_funding_heading') });
  if (policy.funding_order.length === 0) blocks.push({ kind: 'p', text: t('compensation.doc_funding_none') });
  else {
    blocks.push({ kind: 'p', text: t(policy.scheme === 'per_asset' ? 'compensation.doc_funding' : 'compensation.doc_funding_value') });
    blocks.push({ kind: 'ul', items: policy.funding_order.map((source) => t(`compensation.doc_source_${source}`)) });
  }

  blocks.push({ kind: 'h2', text: t('compensation.doc_shortfall_heading') });
  if (policy.scheme === 'haircut') blocks.push({ kind: 'p', text: t('compensation.doc_shortfall_haircut') });
  else blocks.push({ kind: 'p', text: t(`compensation.doc_shortfall_${policy.on_shortfall}`) });

  blocks.push({ kind: 'h2', text: t('compensation.doc_record_heading') });
  blocks.push({ kind: 'p', text: t('compensation.doc_record') });
  return blocks;
}

function hasInKind(policy: CompensationPolicy): boolean {
  const methods = [policy.default_terms.method, ...[...policy.asset_terms.values()].map((t) => t.method)];
  return methods.some((m) => m.method !== 'fiat');
}

function pricesTable(policy: CompensationPolicy, price: (rule: PriceRule) => string, t: Translator['t']): Block {
  const rows = [...policy.asset_terms.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([asset, terms]) => [asset, price(terms.price!)]);
  rows.push([t('compensation.doc_other_assets'), price(policy.default_terms.price!)]);
  return { kind: 'table', headers: [t('compensation.col_asset'), t('compensation.doc_col_price')], rows };
}

function methodText(m: AssetMethod, currency: string, t: Translator['t']): string {
  switch (m.method) {
    case 'in_kind':
      return t('compensation.doc_method_in_kind');
    case 'fiat':
      return t('compensation.doc_method_fiat', { currency, price: priceText(m.price, currency, t) });
    case 'mixed':
      return t('compensation.doc_method_mixed', { share: percent(m.in_kind_share), currency, price: priceText(m.price, currency, t) });
  }
}

function priceText(rule: PriceRule, currency: string, t: Translator['t']): string {
  switch (rule.rule) {
    case 'fixed':
      return t('compensation.doc_price_fixed', { price: grouped(formatDecimal(rule.price)), currency });
    case 'vwap':
      return t(rule.venue === null ? 'compensation.doc_price_vwap_all' : 'compensation.doc_price_vwap', { venue: rule.venue ?? '', from: rule.from, to: rule.to, decimals: rule.decimals });
    case 'mid':
      return t('compensation.doc_price_mid', { venues: rule.venues.join(', '), at: rule.at, decimals: rule.decimals });
    case 'market_at_loss':
      return t('compensation.doc_price_market_at_loss');
  }
}

function percent(share: Decimal): string {
  return formatDecimal(mulDecimal(share, { coef: 100n, scale: 0 }));
}

function grouped(decimal: string): string {
  const [integer = '', fraction] = decimal.split('.');
  return integer.replace(/\B(?=(\d{3})+(?!\d))/g, ',') + (fraction === undefined ? '' : '.' + fraction);
}

function toMarkdown(blocks: readonly Block[]): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|');
  return (
    blocks
      .map((b) => {
        switch (b.kind) {
          case 'h1':
            return `# ${b.text}`;
          case 'h2':
            return `## ${b.text}`;
          case 'p':
            return b.text;
          case 'ul':
            return b.items.map((item, i) => `${i + 1}. ${item}`).join('\n');
          case 'table':
            return [`| ${b.headers.map(cell).join(' | ')} |`, `|${b.headers.map(() => ' --- ').join('|')}|`, ...b.rows.map((r) => `| ${r.map(cell).join(' | ')} |`)].join('\n');
        }
      })
      .join('\n\n') + '\n'
  );
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

function toHtml(blocks: readonly Block[], lang: Lang): string {
  const title = blocks.find((b) => b.kind === 'h1');
  const body = blocks.map((b) => {
    switch (b.kind) {
      case 'h1':
      case 'h2':
      case 'p':
        return `<${b.kind}>${escapeHtml(b.text)}</${b.kind}>`;
      case 'ul':
        return `<ol>\n${b.items.map((item) => `  <li>${escapeHtml(item)}</li>`).join('\n')}\n</ol>`;
      case 'table':
        return [
          '<table>',
          `  <thead><tr>${b.headers.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead>`,
          '  <tbody>',
          ...b.rows.map((r) => `    <tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`),
          '  </tbody>',
          '</table>',
        ].join('\n');
    }
  });
  return [
    '<!DOCTYPE html>',
    `<html lang="${lang}">`,
    '<head>',
    '<meta charset="utf-8">',
    `<title>${escapeHtml(title !== undefined && title.kind === 'h1' ? title.text : '')}</title>`,
    '<style>body{font-family:sans-serif;max-width:48em;margin:2em auto;line-height:1.6}table{border-collapse:collapse}th,td{border:1px solid #999;padding:.3em .6em;text-align:left}</style>',
    '</head>',
    '<body>',
    ...body,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
