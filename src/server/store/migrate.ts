// Applies the SQL files of migrations/server by file identity (name), each in one transaction,
// under an advisory lock so two servers starting together do not race. Unlike drizzle's own
// migrator it never skips a file because of its timestamp (drizzle-orm #5316).
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import type { Db } from './db';
import { rows } from './db';

export const SERVER_MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../migrations/server');

export interface MigrationLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export async function migrate(db: Db, log?: MigrationLog, dir = SERVER_MIGRATIONS_DIR): Promise<string[]> {
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.sql')).sort();
  await db.execute(sql`CREATE TABLE IF NOT EXISTS server_migrations (name text PRIMARY KEY, sha256 text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
  const applied: string[] = [];
  for (const file of files) {
    const text = fs.readFileSync(path.join(dir, file), 'utf8');
    const hash = crypto.createHash('sha256').update(text).digest('hex');
    await db.transaction(async (tx) => {
      await tx.execute(sql`SELECT pg_advisory_xact_lock(730115)`);
      const done = await rows<{ sha256: string }>(tx, sql`SELECT sha256 FROM server_migrations WHERE name = ${file}`);
      if (done[0]) {
        if (done[0].sha256 !== hash) log?.warn({ file }, 'applied migration file has changed since it was applied');
        return;
      }
      for (const stmt of text.split('--> statement-breakpoint')) {
        if (stmt.trim()) await tx.execute(sql.raw(stmt));
      }
      await tx.execute(sql`INSERT INTO server_migrations (name, sha256) VALUES (${file}, ${hash})`);
      applied.push(file);
      log?.info({ file }, 'migration applied');
    });
  }
  await db.execute(sql`INSERT INTO sync_state (id, last_seq) VALUES (1, 0) ON CONFLICT (id) DO NOTHING`);
  return applied;
}
