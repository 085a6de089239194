import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, describe, expect, test } from 'vitest';
import { migrationsApplied, type SqlRow, type SqlRunner } from './adapter.ts';
import { openPgliteAdapter } from './pglite.ts';

const dir = mkdtempSync(join(tmpdir(), 'hozen-migrations-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('migrationsApplied (the check that lets an up-to-date store open without drizzle)', () => {
  test('is false for a database drizzle never migrated, true once it did, false when the last migration is missing', async () => {
    const bare = await PGlite.create();
    try {
      const runner: SqlRunner = {
        query: async <Row extends SqlRow>(text: string, params: readonly unknown[] = []) => (await bare.query<Row>(text, [...params])).rows,
        copyFrom: async () => 0,
        copyOut: async () => '',
      };
      expect(await migrationsApplied(runner)).toBe(false);
    } finally {
      await bare.close();
    }
    const adapter = await openPgliteAdapter(join(dir, 'pglite'), dir);
    try {
      expect(await migrationsApplied(adapter)).toBe(true);
      await adapter.query('DELETE FROM drizzle.__drizzle_migrations WHERE created_at = (SELECT max(created_at) FROM drizzle.__drizzle_migrations)');
      expect(await migrationsApplied(adapter)).toBe(false);
    } finally {
      await adapter.close();
    }
  });
});
