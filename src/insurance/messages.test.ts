import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { translator } from '../i18n/catalogs.ts';
import { incidentMessages } from '../incident/messages.ts';
import { insuranceMessages } from './messages.ts';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)(?::[^{}|]*\|[^{}]*)?\}/g)].map((m) => m[1]).sort();

/** Message codes written as literals in the non-test sources of these directories. */
function codesUsed(dir: string): string[] {
  const codes = new Set<string>();
  for (const file of readdirSync(new URL(dir, import.meta.url))) {
    if (!file.endsWith('.ts') || file.endsWith('.test.ts') || file === 'messages.ts') continue;
    const text = readFileSync(new URL(dir + file, import.meta.url), 'utf8');
    // A file name ('incident.json') is not a message code.
    for (const m of text.matchAll(/'((?:insurance|incident|json|value|snapshot|file)\.[a-z_.]+[a-z_])'/g)) if (!m[1]!.endsWith('.json')) codes.add(m[1]!);
  }
  return [...codes];
}

describe('insurance and incident messages', () => {
  it('exist in both languages with the same placeholders', () => {
    for (const [code, template] of Object.entries({ ...insuranceMessages, ...incidentMessages })) {
      expect(template.en.trim(), code).not.toBe('');
      expect(template.ja.trim(), code).not.toBe('');
      expect(placeholders(template.ja), code).toEqual(placeholders(template.en));
    }
  });

  it('cover every code the sources emit, including each limit a recovery can be capped by', () => {
    const tr = translator('en');
    const used = [...codesUsed('./'), ...codesUsed('../incident/')];
    for (const limited_by of ['occurrence_limit', 'aggregate_limit', 'peril_sublimit_occurrence', 'peril_sublimit_aggregate']) used.push(`insurance.reason.limited.${limited_by}`);
    expect(used.length).toBeGreaterThan(60);
    for (const code of used) expect(tr.has(code), code).toBe(true);
  });
});
