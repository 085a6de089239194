import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { UserError } from '../errors.ts';
import { storeMessages } from './messages.ts';
import { LOCK_FILE_NAME } from './lock.ts';
import { PGLITE_SUBDIR, openStore } from './open.ts';
import { redactedLocation } from './postgres.ts';

describe('openStore', () => {
  test('a server that does not answer is store.unreachable, and the password appears nowhere', async () => {
    const error = await openStore({ database_url: 'postgres://hozen:s3cret-pw@127.0.0.1:1/hozen' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect(error).toMatchObject({ code: 'store.unreachable', params: { location: 'postgres://hozen@127.0.0.1:1/hozen', reason: 'ECONNREFUSED' } });
    expect(JSON.stringify((error as UserError).params) + (error as Error).message).not.toContain('s3cret');
  });

  test('a DATABASE_URL that is not a PostgreSQL URL is store.bad_url, without echoing it', async () => {
    for (const url of ['not a url', 'mysql://u:s3cret@h/db', 'http://h/db']) {
      const error = await openStore({ database_url: url }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'store.bad_url', params: {} });
      expect((error as Error).message).not.toContain('s3cret');
    }
  });

  test('redactedLocation drops the password and the query string', () => {
    expect(redactedLocation('postgresql://u:p%40ss@db.example:5433/prod?sslmode=require&password=x')).toBe('postgresql://u@db.example:5433/prod');
    expect(redactedLocation('postgres://127.0.0.1/test')).toBe('postgres://127.0.0.1/test');
  });

  test('a data directory that cannot be created is store.dir_unusable', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'hozen-open-test-'));
    try {
      writeFileSync(join(parent, 'file'), '');
      await expect(openStore({ db_dir: join(parent, 'file', 'db') })).rejects.toMatchObject({ code: 'store.dir_unusable', params: { reason: 'ENOTDIR' } });
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  });

  test('a data directory PGlite cannot use is store.open_failed, and the lock is released', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hozen-open-test-'));
    try {
      writeFileSync(join(dir, PGLITE_SUBDIR), 'not a directory');
      await expect(openStore({ db_dir: dir })).rejects.toMatchObject({ code: 'store.open_failed', params: { location: dir, reason: expect.stringMatching(/\S/) } });
      expect(existsSync(join(dir, LOCK_FILE_NAME))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('store messages', () => {
  test('every code the store throws has an English and a Japanese message with the same placeholders', () => {
    const sources = readdirSync(new URL('.', import.meta.url)).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
    const thrown = new Set(sources.flatMap((f) => [...readFileSync(new URL(f, import.meta.url), 'utf8').matchAll(/'(store\.[a-z_]+)'/g)].map((m) => m[1]!)));
    expect(thrown.size).toBeGreaterThan(5);
    for (const code of thrown) expect(storeMessages, code).toHaveProperty([code]);
    for (const [code, template] of Object.entries(storeMessages)) {
      const placeholders = (text: string): string[] => [...text.matchAll(/\{(\w+)(?::[^{}|]*\|[^{}]*)?\}/g)].map((m) => m[1]!).sort();
      expect(placeholders(template.ja), code).toEqual(placeholders(template.en));
      expect(thrown.has(code), `${code} is never thrown`).toBe(true);
    }
  });
});
