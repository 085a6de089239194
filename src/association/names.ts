// Names of vendors, platforms, counterparties, issuers, insurers and reinsurers as members write
// them: one company appears as "Acme Custody", "ACME custody", "ａｃｍｅ　ｃｕｓｔｏｄｙ" or
// "Acme-Custody" in different members' files. Matching folds those (NFKC for full and half width,
// case, white space, punctuation and symbols), then maps known other names of one company through
// the alias list (hozen-aliases/1, docs/formats.md). Every name keeps what it was matched from, so
// a reader can see why two members' entries were joined.

import { IssueCollector } from '../errors.ts';
import { JsonFields, isObject, parseJsonDocument } from '../input/json.ts';

export const ALIASES_FORMAT = 'hozen-aliases/1';
export const ALIAS_ENTRIES_MAX = 10_000;
export const ALIASES_PER_ENTRY_MAX = 100;
export const NAME_CHARS_MAX = 200;

/** The folded form two spellings of one name share: NFKC, lower case, no spaces, punctuation or symbols. */
export function foldName(name: string): string {
  return name.normalize('NFKC').toLowerCase().replace(/[\p{White_Space}\p{P}\p{S}]+/gu, '');
}

export interface AliasEntry {
  /** The name shown for the company. */
  name: string;
  aliases: string[];
}

export interface AliasList {
  entries: AliasEntry[];
  /** folded name or alias → index of its entry. */
  by_folded: ReadonlyMap<string, number>;
}

export const NO_ALIASES: AliasList = { entries: [], by_folded: new Map() };

/** Reads hozen-aliases/1; InputError (file, line, field) when it is not one, or when a name belongs to two entries. */
export function parseAliases(text: string, file: string): AliasList {
  const issues = new IssueCollector();
  const doc = parseJsonDocument(text, file, issues);
  if (doc === undefined) {
    issues.throwIfAny();
    throw new Error('unreachable');
  }
  const { context, value } = doc;
  if (!isObject(value)) {
    context.atFile('association.aliases.not_object', {});
    issues.throwIfAny();
  }
  const top = new JsonFields(context, [], value as Record<string, unknown>);
  top.rejectUnknown(['format', 'names']);
  const format = top.string('format');
  if (format !== undefined && format !== ALIASES_FORMAT) context.atPath(['format'], 'association.aliases.format', { expected: ALIASES_FORMAT, got: format.slice(0, 40) });
  const names = top.array('names') ?? [];
  if (names.length > ALIAS_ENTRIES_MAX) context.atPath(['names'], 'association.aliases.too_many', { max: ALIAS_ENTRIES_MAX });
  const entries: AliasEntry[] = [];
  const by_folded = new Map<string, number>();
  const claim = (path: (string | number)[], raw: string, index: number): void => {
    const folded = foldName(raw);
    if (folded === '' || raw.length > NAME_CHARS_MAX) {
      context.atPath(path, 'association.aliases.bad_name', { max: NAME_CHARS_MAX });
      return;
    }
    const owner = by_folded.get(folded);
    if (owner !== undefined && owner !== index) {
      context.atPath(path, 'association.aliases.conflict', { name: raw, other: entries[owner]!.name });
      return;
    }
    by_folded.set(folded, index);
  };
  names.slice(0, ALIAS_ENTRIES_MAX).forEach((item, i) => {
    if (!isObject(item)) {
      context.atPath(['names', i], 'association.aliases.entry_type', {});
      return;
    }
    const fields = new JsonFields(context, ['names', i], item);
    fields.rejectUnknown(['name', 'aliases']);
    const name = fields.string('name');
    const aliases = fields.stringArray('aliases') ?? [];
    if (name === undefined) return;
    if (aliases.length > ALIASES_PER_ENTRY_MAX) context.atPath(['names', i, 'aliases'], 'association.aliases.too_many', { max: ALIASES_PER_ENTRY_MAX });
    const index = entries.length;
    entries.push({ name, aliases: aliases.slice(0, ALIASES_PER_ENTRY_MAX) });
    claim(['names', i, 'name'], name, index);
    aliases.slice(0, ALIASES_PER_ENTRY_MAX).forEach((alias, k) => claim(['names', i, 'aliases', k], alias, index));
  });
  issues.throwIfAny();
  return { entries, by_folded };
}

/** How one written name was matched. */
export type MatchRule = 'exact' | 'folded' | 'alias';

export interface NameMatch {
  /** The key every spelling of the company shares. */
  key: string;
  /** The name shown: the alias entry's name, else the first spelling seen (in member order). */
  name: string;
  rule: MatchRule;
}

/** Resolves written names to shared keys; the display name of a folded group is the first spelling seen. */
export class NameMatcher {
  private readonly first_spelling = new Map<string, string>();

  constructor(private readonly aliases: AliasList = NO_ALIASES) {}

  match(written: string): NameMatch {
    const folded = foldName(written);
    const entry = this.aliases.by_folded.get(folded);
    if (entry !== undefined) {
      const name = this.aliases.entries[entry]!.name;
      return { key: `alias:${foldName(name)}`, name, rule: written === name ? 'exact' : 'alias' };
    }
    const key = `name:${folded === '' ? written : folded}`;
    let first = this.first_spelling.get(key);
    if (first === undefined) {
      first = written;
      this.first_spelling.set(key, written);
    }
    return { key, name: first, rule: written === first ? 'exact' : 'folded' };
  }
}
