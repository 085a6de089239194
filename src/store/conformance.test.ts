// The conformance suite, once per driver, and once more for PGlite in a worker thread. The PostgreSQL half is skipped, by name, when no
// server answers at HOZEN_TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test).
import { describe } from 'vitest';
import { storeConformance } from './conformance.ts';
import { redactedLocation } from './postgres.ts';
import { TEST_DATABASE_URL, createTestDatabase, postgresReachable } from './testing.ts';

const reachable = await postgresReachable();
const server = new URL(redactedLocation(TEST_DATABASE_URL)).host;

describe('store conformance: PGlite (temporary directory)', () => {
  storeConformance('pglite', () => createTestDatabase('pglite'));
});

describe('store conformance: PGlite in a worker thread (as `hozen serve` opens it)', () => {
  storeConformance('pglite', () => createTestDatabase('pglite', { pglite_thread: true }));
});

describe.skipIf(!reachable)(`store conformance: PostgreSQL (${server})`, () => {
  storeConformance('postgres', () => createTestDatabase('postgres'));
});
