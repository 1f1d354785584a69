import { defineConfig } from 'drizzle-kit';

// Desktop (SQLite) migrations: generated into migrations/desktop, applied by file identity
// by src/main/db/migrate.ts (never by drizzle's own migrator — see ARCHITECTURE.md pitfalls).
export default defineConfig({
  dialect: 'sqlite',
  schema: './src/main/db/schema.ts',
  out: './migrations/desktop',
  casing: 'snake_case',
});
