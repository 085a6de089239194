// Every user-facing sentence exists in Japanese and English. Messages are templates with {name}
// placeholders, grouped in per-module catalogs (src/<module>/messages.ts) that catalogs.ts merges.

import type { MessageParams } from '../errors.ts';

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

export function interpolate(template: string, params: MessageParams): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined || value === null ? whole : String(value);
  });
}

export class Translator {
  constructor(
    readonly lang: Lang,
    private readonly catalog: Catalog,
  ) {}

  t(code: string, params: MessageParams = {}): string {
    const template = this.catalog[code];
    if (template === undefined) return `${code} ${JSON.stringify(params, (_k, v) => (typeof v === 'bigint' ? String(v) : v))}`;
    return interpolate(template[this.lang], params);
  }

  has(code: string): boolean {
    return code in this.catalog;
  }
}
