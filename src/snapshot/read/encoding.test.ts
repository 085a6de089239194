// A safe_assets.csv saved by Japanese Excel is Shift_JIS: refused as such, at its file, line and
// field, with the fix named, or read when the user says so; the content hash stays the bytes'.

import { createHash } from 'node:crypto';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../errors.ts';
import { identifySnapshotDir, readSnapshotDir } from './directory.ts';

const EXAMPLE = new URL('../../../examples/snapshot/', import.meta.url).pathname;
let root = '';
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'hozen-encoding-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** The example with one issuer renamed to 三菱UFJ銀行 and safe_assets.csv written in `encode`. */
async function withIssuer(name: string, encode: (text: string) => Uint8Array): Promise<string> {
  const dir = join(root, name);
  await cp(EXAMPLE, dir, { recursive: true });
  const text = await readFile(join(dir, 'safe_assets.csv'), 'utf8');
  const lines = text.split('\n');
  const fields = lines[1]!.split(',');
  fields[2] = '三菱UFJ銀行';
  lines[1] = fields.join(',');
  await writeFile(join(dir, 'safe_assets.csv'), encode(lines.join('\n')));
  return dir;
}

/** Shift_JIS bytes of the few characters these tests use (Node has no Shift_JIS encoder). */
const SJIS: Record<string, number[]> = { 三: [0x8e, 0x4f], 菱: [0x95, 0x48], 銀: [0x8b, 0xe2], 行: [0x8d, 0x73] };
const shiftJis = (text: string): Uint8Array => Uint8Array.from([...text].flatMap((c) => SJIS[c] ?? [c.charCodeAt(0)]));

async function issuesOf(promise: Promise<unknown>) {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(InputError);
  return (error as InputError).issues;
}

describe('text encodings of snapshot files', () => {
  it('refuses Shift_JIS at its file, line and field, naming the fix', async () => {
    const dir = await withIssuer('sjis', shiftJis);
    const [issue] = await issuesOf(readSnapshotDir(dir));
    expect(issue).toMatchObject({ file: 'safe_assets.csv', line: 2, field: 'issuer', code: 'file.shift_jis' });
    expect(String(issue!.params.sample)).toContain('三菱UFJ銀行');
  });

  it('locates any other byte that is not UTF-8 at its field too', async () => {
    const dir = await withIssuer('latin1', (t) => Uint8Array.from([...Buffer.from(t.replace('三菱UFJ銀行', 'Caf\u00e9'), 'latin1')]));
    const [issue] = await issuesOf(readSnapshotDir(dir));
    expect(issue).toMatchObject({ file: 'safe_assets.csv', line: 2, field: 'issuer', code: 'file.invalid_utf8' });
  });

  it('reads Shift_JIS when told to; the content hash is of the bytes as given', async () => {
    const dir = await withIssuer('sjis-ok', shiftJis);
    const { snapshot } = await readSnapshotDir(dir, { encoding: 'shift_jis' });
    expect(snapshot.safe_assets[0]!.issuer).toBe('三菱UFJ銀行');
    const identity = await identifySnapshotDir(dir);
    const utf8 = await identifySnapshotDir(await withIssuer('utf8', (t) => Buffer.from(t, 'utf8')));
    expect(identity.id).not.toBe(utf8.id);
    expect(createHash('sha256').update(await readFile(join(dir, 'safe_assets.csv'))).digest('hex')).not.toBe(createHash('sha256').update(await readFile(join(root, 'utf8', 'safe_assets.csv'))).digest('hex'));
    // The same text in UTF-8 reads the same.
    expect((await readSnapshotDir(join(root, 'utf8'))).snapshot.safe_assets[0]!.issuer).toBe('三菱UFJ銀行');
  });
});
