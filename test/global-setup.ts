// Says, before any test runs, which optional parts of the suite will be skipped on this machine
// and why, by name: a green run must not hide that the PostgreSQL or Chromium half did not run.

import { existsSync } from 'node:fs';
import { redactedLocation } from '../src/store/postgres.ts';
import { postgresReachable, TEST_DATABASE_URL } from '../src/store/testing.ts';

export default async function setup(): Promise<void> {
  if (!(await postgresReachable())) {
    const server = new URL(redactedLocation(TEST_DATABASE_URL)).host;
    console.log(`SKIPPED: 'store conformance: PostgreSQL (${server})' — no PostgreSQL server answers there (set HOZEN_TEST_DATABASE_URL).`);
  }
  const chromium = process.env.HOZEN_CHROMIUM ?? '/usr/bin/chromium';
  if (!existsSync(chromium)) {
    console.log(`SKIPPED: 'pages in real Chromium (${chromium})' — Chromium is not installed (apt-get install chromium, as .ci/run does).`);
  }
}
