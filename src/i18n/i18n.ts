// Every user-facing sentence exists in Japanese and English. Messages are templates with {name}
// placeholders, grouped in per-module catalogs (src/<module>/messages.ts) that catalogs.ts merges.

import type { MessageParams } from '../errors.ts';
import { shownTime } from './dates.ts';
import { moneyText } from './numbers.ts';

export const LANGS = ['ja', 'en'] as const;
export type Lang = (typeof LANGS)[number];

export interface MessageTemplate {
  en: string;
  ja: string;
}
export type Catalog = Record<string, MessageTemplate>;

export function isLang(value: unknown): value is Lang {
  return value === 'ja' || value === 'en';
}

/** `--lang` wins; else HOZEN_LANG, LC_ALL, LC_MESSAGES, LANG in that order (ja_JP.UTF-8 → ja); else en. */
export function detectLang(env: NodeJS.ProcessEnv = process.env): Lang {
  for (const name of ['HOZEN_LANG', 'LC_ALL', 'LC_MESSAGES', 'LANG']) {
    const value = env[name];
    if (value === undefined || value === '') continue;
    return value.toLowerCase().startsWith('ja') ? 'ja' : 'en';
  }
  return 'en';
}

/**
 * `{name}` is the parameter; `{name:one|other}` (English) is the number followed by the singular
 * or the plural noun: `{count:problem|problems}` → "1 problem", "2 problems", "1,000 problems".
 */
export function interpolate(template: string, params: MessageParams): string {
  return template.replace(/\{(\w+)(?::([^{}|]*)\|([^{}]*))?\}/g, (whole, name: string, one: string | undefined, other: string | undefined) => {
    const value = params[name];
    if (value === undefined || value === null) return whole;
    if (one === undefined) return String(value);
    return `${String(value)} ${String(value).replace(/,/g, '') === '1' ? one : other}`;
  });
}

/** Parameters that are counts, shown with grouped digits (100,000 simulated years); other numbers are names. */
const GROUPED_COUNTS: ReadonlySet<string> = new Set(['years', 'years_max', 'rows', 'count', 'accounts', 'customers', 'members', 'wallets', 'entries', 'occurrences', 'min', 'max', 'total']);

/** An amount of yen as the engines write it into a parameter: "1,234 JPY". */
const YEN_AMOUNT = /^(-?\d[\d,]*(?:\.\d+)?) JPY$/;

/** Separators of a list of vocabulary values in a parameter ('hot+warm', 'a, b'), as each language writes them. */
const LIST_SEPARATOR: Record<Lang, { plus: string; comma: string }> = { en: { plus: '+', comma: ', ' }, ja: { plus: '・', comma: '、' } };

export class Translator {
  constructor(
    readonly lang: Lang,
    private readonly catalog: Catalog,
    /** Parameter name → vocabulary: such a parameter is shown by its values' labels (`label.<vocabulary>.<value>`). */
    private readonly labelled: Readonly<Record<string, string>> = {},
  ) {}

  t(code: string, params: MessageParams = {}): string {
    const template = this.catalog[code];
    if (template === undefined) return `${code} ${JSON.stringify(params, (_k, v) => (typeof v === 'bigint' ? String(v) : v))}`;
    const text = interpolate(template[this.lang], this.labelParams(params));
    // "{amount} {currency}" with the yen: Japanese writes the amount and 円 together.
    return this.lang === 'ja' ? text.replace(/(\d) 円/g, '$1円') : text;
  }

  /**
   * Parameters as people read them: a vocabulary value by its label, an ISO 8601 timestamp or date
   * as people write it (in the offset it was written with: the exchange's local time), an amount
   * of yen as 1,000円 in Japanese, a count (GROUPED_COUNTS) of five digits or more grouped. `value`
   * parameters echo what the user typed and stay as typed; a seed, a pid or a line is a name, not a count.
   */
  private labelParams(params: MessageParams): MessageParams {
    let out: MessageParams | undefined;
    for (const [name, value] of Object.entries(params)) {
      if (typeof value === 'number') {
        if (name === 'value') continue;
        if (Number.isSafeInteger(value) && Math.abs(value) >= 10_000 && GROUPED_COUNTS.has(name)) (out ??= { ...params })[name] = value.toLocaleString('en-US');
        continue;
      }
      if (typeof value !== 'string') continue;
      const vocabulary = this.labelled[name];
      const money = YEN_AMOUNT.exec(value);
      const labelled = vocabulary === undefined ? value : this.labelList(vocabulary, value);
      const shown = labelled !== value ? labelled : money !== null ? moneyText(money[1]!, 'JPY', this.lang) : name === 'value' ? value : shownTime(value, this.lang);
      if (shown !== value) (out ??= { ...params })[name] = shown;
    }
    return out ?? params;
  }

  /** 'hot+warm' → 'ホット・ウォーム'; the value unchanged unless every part has a label. */
  private labelList(vocabulary: string, value: string): string {
    const plus = value.includes('+');
    const parts = value.split(plus ? '+' : /,\s*/);
    const labels = parts.map((part) => this.catalog[`label.${vocabulary}.${part}`]?.[this.lang]);
    if (labels.some((label) => label === undefined)) return value;
    const separator = LIST_SEPARATOR[this.lang];
    return labels.join(plus ? separator.plus : separator.comma);
  }

  has(code: string): boolean {
    return code in this.catalog;
  }
}
