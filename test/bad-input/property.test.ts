// Every reader fed arbitrary and mutated bytes (fast-check): it accepts them, or refuses them as
// bad input with every issue located at its file; never another error (the CLI's exit 1 and a
// stack trace), never a hang (the test's timeout). The readers are called as the commands call
// them; a few runs go through the CLI itself.

import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentIssues } from '../../src/app/import.ts';
import { readNamedText } from '../../src/cli/read-text.ts';
import { runCli } from '../../src/cli/main.ts';
import { parseCompensationPolicyText } from '../../src/compensation/policy.ts';
import { InputError, UserError } from '../../src/errors.ts';
import { parseIncident } from '../../src/incident/parse.ts';
import { readSnapshotDir } from '../../src/snapshot/read/directory.ts';
import type { Snapshot } from '../../src/snapshot/types.ts';
import { createTestDatabase, type TestDatabase } from '../../src/store/testing.ts';
import { writeBase } from './base.ts';

/** Bytes that make readers work: structure, escapes, bytes that are not UTF-8, line ends. */
const TOKENS = ['{', '}', '[', ']', '"', ',', ':', '\\', '\\u0000', '\\ud800', '\u0000', '\r', '\n', '\r\n', '[[[[[[[[[[[[[[[[', '1e999', '-', '0.', '"a":1,', 'null'].map((t) => Buffer.from(t, 'utf8'));
const RAW = [[0xff], [0xc3], [0xe3, 0x81], [0xed, 0xa0, 0x80], [0xef, 0xbb, 0xbf], [0xf4, 0x90, 0x80, 0x80]].map((b) => Buffer.from(b));

/** Values put in place of a JSON string: each is a class of bad input seen in the field. */
const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
const PAYLOADS = ['"a\\u0000b"', '"\\ud800"', nested(65), nested(100_000), '{"k":1,"k":2}', '5', 'true', '"30"', '[]', '{}', '"x"', '"\u00e9"'];

type Mutation = { kind: 'flip' | 'insert' | 'delete' | 'token' | 'raw' | 'truncate' | 'repeat' | 'value'; at: number; value: number };

const mutation: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom('flip', 'insert', 'delete', 'token', 'raw', 'truncate', 'repeat', 'value', 'value', 'value'),
  at: fc.nat(),
  value: fc.nat(),
});

export function mutate(bytes: Buffer, mutations: readonly Mutation[]): Buffer {
  let out = bytes;
  for (const m of mutations) {
    const at = out.length === 0 ? 0 : m.at % (out.length + 1);
    const head = out.subarray(0, at);
    const tail = out.subarray(at);
    switch (m.kind) {
      case 'flip':
        if (at < out.length) {
          out = Buffer.from(out);
          out[at] = m.value % 256;
        }
        break;
      case 'insert':
        out = Buffer.concat([head, Buffer.from([m.value % 256]), tail]);
        break;
      case 'delete':
        out = Buffer.concat([head, tail.subarray(1 + (m.value % 8))]);
        break;
      case 'token':
        out = Buffer.concat([head, TOKENS[m.value % TOKENS.length]!, tail]);
        break;
      case 'raw':
        out = Buffer.concat([head, RAW[m.value % RAW.length]!, tail]);
        break;
      case 'truncate':
        out = head;
        break;
      case 'value': {
        // Structure-aware: a string of the document (a JSON value or key, or a CSV field) replaced.
        const text = out.toString('latin1');
        const quoted = [...text.matchAll(/"[^"\\\n]*"/g)];
        const spans = quoted.length > 0 ? quoted : [...text.matchAll(/[^,\n]+/g)];
        if (spans.length === 0) break;
        const span = spans[m.at % spans.length]!;
        out = Buffer.concat([out.subarray(0, span.index), Buffer.from(PAYLOADS[m.value % PAYLOADS.length]!, 'utf8'), out.subarray(span.index + span[0].length)]);
        break;
      }
      case 'repeat':
        out = Buffer.concat([head, Buffer.from('['.repeat(1 + (m.value % 5000))), tail]);
        break;
    }
  }
  return out;
}

/** The bytes a reader gets: its valid file mutated, or anything at all. */
const input = (valid: Buffer): fc.Arbitrary<Buffer> =>
  fc.oneof({ weight: 4, arbitrary: fc.array(mutation, { minLength: 1, maxLength: 6 }).map((ms) => mutate(valid, ms)) }, { weight: 1, arbitrary: fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a)) });

/** Accepted, or refused as bad input with every issue at a file: anything else is a defect. */
async function acceptsOrLocates(run: () => Promise<unknown>): Promise<void> {
  try {
    await run();
  } catch (error) {
    if (error instanceof InputError) {
      expect(error.issues.length).toBeGreaterThan(0);
      for (const issue of error.issues) expect(issue.file, JSON.stringify(issue)).toBeDefined();
      return;
    }
    if (error instanceof UserError) return;
    throw error;
  }
}

const SNAPSHOT_FILES = ['exchange.json', 'balances.csv', 'wallets.json', 'prices.csv', 'safe_assets.csv', 'contracts.json', 'policies.json', 'compensation-policy.json'] as const;
const RUNS = 60;

describe('every reader on arbitrary and mutated bytes', () => {
  let work: string;
  let base: Snapshot;
  const valid = new Map<string, Buffer>();

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'hozen-fuzz-'));
    await writeBase(join(work, 'base'));
    for (const file of SNAPSHOT_FILES) valid.set(file, await readFile(join(work, 'base', 'snapshot', file)));
    valid.set('incident.json', await readFile(join(work, 'base', 'incident.json')));
    base = (await readSnapshotDir(join(work, 'base', 'snapshot'), { check_documents: documentIssues })).snapshot;
  });

  afterAll(async () => {
    if (work !== undefined) await rm(work, { recursive: true, force: true });
  });

  for (const file of SNAPSHOT_FILES) {
    it(`${file}, read with the whole snapshot as import reads it`, async () => {
      const dir = join(work, `fuzz-${file}`);
      await writeBase(dir);
      await fc.assert(
        fc.asyncProperty(input(valid.get(file)!), async (bytes) => {
          await writeFile(join(dir, 'snapshot', file), bytes);
          await acceptsOrLocates(() => readSnapshotDir(join(dir, 'snapshot'), { check_documents: documentIssues }));
        }),
        { numRuns: RUNS },
      );
    });
  }

  it('incident.json, as claim and compensate read it', async () => {
    const path = join(work, 'fuzz-incident.json');
    await fc.assert(
      fc.asyncProperty(input(valid.get('incident.json')!), async (bytes) => {
        await writeFile(path, bytes);
        await acceptsOrLocates(async () => {
          const named = await readNamedText(path);
          return parseIncident(named.text, named.name, base);
        });
      }),
      { numRuns: RUNS * 3 },
    );
  });

  it('a compensation policy file, as compensate --policy and policy render read it', async () => {
    const path = join(work, 'fuzz-policy.json');
    await fc.assert(
      fc.asyncProperty(input(valid.get('compensation-policy.json')!), async (bytes) => {
        await writeFile(path, bytes);
        await acceptsOrLocates(async () => {
          const named = await readNamedText(path);
          return parseCompensationPolicyText(named.text, base, named.name);
        });
      }),
      { numRuns: RUNS * 3 },
    );
  });
});

describe('through the CLI', () => {
  let database: TestDatabase;
  let work: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    database = await createTestDatabase('pglite');
    work = await mkdtemp(join(tmpdir(), 'hozen-fuzz-cli-'));
    const { DATABASE_URL: _url, HOZEN_DB: _db, LANG: _lang, LC_ALL: _lc, ...rest } = process.env;
    env = { ...rest, HOZEN_DB: database.dir!, HOZEN_LANG: 'ja' };
  });

  afterAll(async () => {
    await database?.dispose();
    if (work !== undefined) await rm(work, { recursive: true, force: true });
  });

  it('import exits 0 or 2 with located messages, never 1 or a stack trace', async () => {
    const dir = join(work, 'cli');
    await writeBase(dir);
    const files = await Promise.all(SNAPSHOT_FILES.map(async (f) => [f, await readFile(join(dir, 'snapshot', f))] as const));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...files), fc.array(mutation, { minLength: 1, maxLength: 4 }), async ([file, bytes], ms) => {
        await writeFile(join(dir, 'snapshot', file), mutate(bytes, ms));
        const result = await runCli(['import', join(dir, 'snapshot'), '--json'], env);
        await writeFile(join(dir, 'snapshot', file), bytes);
        expect(result.stderr).not.toMatch(/^\s+at .+[:(]/m);
        expect([0, 2], result.stderr).toContain(result.exit_code);
        if (result.exit_code === 2) {
          const body = JSON.parse(result.stdout) as { issues?: Array<{ file?: string }> };
          for (const issue of body.issues ?? []) expect(issue.file).toBeDefined();
        }
      }),
      { numRuns: 24 },
    );
  });
});
