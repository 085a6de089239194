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
  return [...new Set([...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!))].sort();
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
