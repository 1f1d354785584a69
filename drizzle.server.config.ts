// drizzle-kit config for the central server's PostgreSQL schema: `npx drizzle-kit generate --config drizzle.server.config.ts`.
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './src/server/store/schema.ts',
  out: './migrations/server',
});
