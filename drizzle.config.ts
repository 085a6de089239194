// drizzle-kit generates the store's SQL migrations offline from the schema: `npx drizzle-kit generate`.
// The generated SQL and meta/ are committed; the store applies them when it opens (drizzle's migrators, in src/store/pglite.ts and postgres.ts).
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './src/store/schema.ts',
  out: './src/store/migrations',
});
