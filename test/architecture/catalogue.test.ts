// Every message a user can be shown exists in Japanese and in English: every code the sources
// raise or render is in the merged catalogue, each entry has both languages, and both name the
// same placeholders (a {param} missing from one language would show a blank or a raw brace).

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALL_CATALOGS } from '../../src/i18n/catalogs.ts';
import type { Catalog } from '../../src/i18n/i18n.ts';

const SRC = resolve(new URL('../../src/', import.meta.url).pathname);

/** A code in the places codes go: a UserError, an issue's `code:`, a translator call, an IssueCollector. */
const CODE_USE = /(?:UserError\(|\bcode:\s*|\bt\(|\.t\(|\.add\(\s*)['"`]([a-z][\w.-]*)['"`]/g;
/** Codes of libraries the CLI maps to its own messages, not ours. */
const FOREIGN_PREFIXES = ['commander.'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') && name !== 'messages.ts' ? [path] : [];
  });
}

export function codesUsed(files: readonly string[] = sourceFiles(SRC)): Map<string, string> {
  const used = new Map<string, string>();
  for (const file of files) {
    for (const m of readFileSync(file, 'utf8').matchAll(CODE_USE)) {
      const code = m[1]!;
      if (!FOREIGN_PREFIXES.some((p) => code.startsWith(p))) used.set(code, relative(SRC, file));
    }
  }
  return used;
}

export function placeholders(template: string): string[] {
  return [...new Set([...template.matchAll(/\{(\w+)(?::[^{}|]*\|[^{}]*)?\}/g)].map((m) => m[1]!))].sort();
}

/** The problems of a set of catalogues: codes defined twice, an empty language, placeholders that differ. */
export function catalogueProblems(catalogs: Record<string, Catalog>): string[] {
  const problems: string[] = [];
  const owner = new Map<string, string>();
  for (const [module, catalog] of Object.entries(catalogs)) {
    for (const [code, template] of Object.entries(catalog)) {
      const earlier = owner.get(code);
      if (earlier !== undefined) problems.push(`${code}: defined in ${earlier} and ${module}`);
      owner.set(code, module);
      if (typeof template.en !== 'string' || template.en.trim() === '') problems.push(`${code}: no English`);
      if (typeof template.ja !== 'string' || template.ja.trim() === '') problems.push(`${code}: no Japanese`);
      else if (placeholders(template.en).join() !== placeholders(template.ja).join()) problems.push(`${code}: en {${placeholders(template.en).join('}, {')}} but ja {${placeholders(template.ja).join('}, {')}}`);
    }
  }
  return problems;
}

const ROOT = resolve(new URL('../../', import.meta.url).pathname);

export interface SpellingRule {
  use: string;
  not: string[];
  except: string[];
}

/** The table "One spelling per concept" of docs/glossary.md. */
export function spellingRules(glossary: string): SpellingRule[] {
  const section = glossary.split(/^## One spelling per concept.*$/m)[1];
  if (section === undefined) throw new Error('docs/glossary.md has no "One spelling per concept" section');
  const cells = (cell: string | undefined): string[] =>
    (cell ?? '')
      .split(/,\s*/)
      .map((c) => c.trim().replace(/^`(.*)`$/, '$1'))
      .filter((c) => c !== '');
  return section
    .split('\n')
    .filter((line) => line.startsWith('| ') && !line.startsWith('| 使う') && !/^\|[-| ]+\|$/.test(line))
    .map((line) => line.split('|').slice(1, -1))
    .map(([use, not, except]) => ({ use: use!.trim(), not: cells(not), except: cells(except) }));
}

const JAPANESE = '[\\p{sc=Han}\\p{sc=Hiragana}\\p{sc=Katakana}ー]';
/** ASCII punctuation touching Japanese text: `（）：、。` belong there. */
const HALF_WIDTH_PUNCTUATION = new RegExp(`${JAPANESE}[(),.:;!?]|[(),;!?]${JAPANESE}`, 'u');

/** What Japanese `text` does wrong: a variant the glossary rules out, or half-width punctuation. */
export function japaneseProblems(text: string, rules: readonly SpellingRule[]): string[] {
  // Placeholders, code spans and URLs are not Japanese prose.
  const prose = text.replace(/\{\w+(?::[^{}]*)?\}/g, ' ').replace(/`[^`]*`/g, ' ').replace(/https?:\/\/\S+/g, ' ');
  const problems: string[] = [];
  for (const rule of rules) {
    let checked = prose;
    for (const allowed of rule.except) checked = checked.split(allowed).join(' ');
    for (const variant of rule.not) if (checked.includes(variant)) problems.push(`'${variant}' (use '${rule.use}')`);
  }
  const punctuation = HALF_WIDTH_PUNCTUATION.exec(prose);
  if (punctuation !== null) problems.push(`half-width punctuation in '${prose.slice(Math.max(0, punctuation.index - 8), punctuation.index + 10).trim()}'`);
  return problems;
}

/** A Markdown document's prose: fenced code blocks dropped. */
function markdownProse(text: string): string[] {
  return text
    .replace(/^```[\s\S]*?^```/gm, '')
    .split('\n')
    .filter((line) => line.trim() !== '');
}

describe('Japanese wording', () => {
  const rules = spellingRules(readFileSync(join(ROOT, 'docs/glossary.md'), 'utf8'));

  it('reads the glossary\'s spelling table', () => {
    expect(rules.length).toBeGreaterThan(8);
    expect(rules.find((r) => r.use === '基準日時')?.not).toEqual(['基準時点', 'as_of 時点']);
  });

  it('every ja message uses the glossary\'s spelling and full-width punctuation', () => {
    const problems = Object.values(ALL_CATALOGS).flatMap((catalog) => Object.entries(catalog).flatMap(([code, template]) => japaneseProblems(template.ja, rules).map((p) => `${code}: ${p}`)));
    expect(problems).toEqual([]);
  });

  it('a write-off is never called rounding down (切り捨て)', () => {
    const merged: Catalog = Object.assign({}, ...Object.values(ALL_CATALOGS));
    const written_off = Object.entries(merged).filter(([code]) => code.includes('written_off'));
    expect(written_off.length).toBeGreaterThan(0);
    expect(written_off.filter(([, t]) => t.ja.includes('切り捨て')).map(([code]) => code)).toEqual([]);
  });

  it('the Japanese guides use the glossary\'s spelling and full-width punctuation', () => {
    const guides = ['docs/guide.ja.md', ...readdirSync(join(ROOT, 'docs/guide')).filter((f) => f.endsWith('.ja.md')).map((f) => `docs/guide/${f}`)];
    expect(guides.length).toBeGreaterThan(3);
    const problems = guides.flatMap((file) => markdownProse(readFileSync(join(ROOT, file), 'utf8')).flatMap((line) => japaneseProblems(line, rules).map((p) => `${file}: ${p}`)));
    expect(problems).toEqual([]);
  });

  it('finds what it looks for (the checks themselves)', () => {
    const sample = [{ use: '基準日時', not: ['基準時点'], except: [] }, { use: '顧客', not: ['利用者'], except: ['利用者暗号資産'] }];
    expect(japaneseProblems('基準時点 {as_of}', sample)).toEqual(["'基準時点' (use '基準日時')"]);
    expect(japaneseProblems('利用者暗号資産の合計', sample)).toEqual([]);
    expect(japaneseProblems('利用者の残高', sample)).toEqual(["'利用者' (use '顧客')"]);
    expect(japaneseProblems('保有額(切り上げ)', sample)).toHaveLength(1);
    expect(japaneseProblems('価格: 日次', sample)).toHaveLength(1);
    expect(japaneseProblems('保有額（切り上げ）。`a (b)` 1.5%', sample)).toEqual([]);
  });
});

describe('the message catalogue', () => {
  const merged: Catalog = Object.assign({}, ...Object.values(ALL_CATALOGS));

  it('has every code the sources use', () => {
    const used = codesUsed();
    expect(used.size).toBeGreaterThan(250);
    const missing = [...used].filter(([code]) => !(code in merged)).map(([code, file]) => `${code} (${file})`);
    expect(missing).toEqual([]);
  });

  it('has each message in both languages, with the same placeholders, defined once', () => {
    expect(catalogueProblems(ALL_CATALOGS)).toEqual([]);
  });

  it('finds what it looks for (the checks themselves)', () => {
    expect(catalogueProblems({ a: { 'x.one': { en: 'held {amount} of {asset}', ja: '{amount} を保有' }, 'x.two': { en: 'ok', ja: '' } }, b: { 'x.one': { en: 'a', ja: 'あ' } } })).toEqual([
      'x.one: en {amount}, {asset} but ja {amount}',
      'x.two: no Japanese',
      'x.one: defined in a and b',
    ]);
  });
});
