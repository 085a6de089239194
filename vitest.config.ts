import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    // Store conformance runs twice (PGlite, PostgreSQL); both open real databases.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
