// Applies the generated SQL migrations in migrations/desktop by file identity (name + SHA-256),
// each in its own transaction. Drizzle's own migrator orders by timestamp and can skip a file
// (drizzle-orm #5316); here a file is applied exactly when its name has not been applied yet.
// A database that has applied a migration this app does not know was written by a newer app:
// it is refused, never opened, so an old app cannot damage it.
import type Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DomainError } from '../../shared/errors.js';

export interface Migration {
  name: string;
  sha256: string;
  statements: string[];
}

export function loadMigrations(dir: string): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{4}_.+\.sql$/.test(f))
    .sort()
    .map((file) => {
      const sql = readFileSync(join(dir, file), 'utf8');
      return {
        name: file.replace(/\.sql$/, ''),
        sha256: createHash('sha256').update(sql).digest('hex'),
        statements: sql.split('--> statement-breakpoint').map((s) => s.trim()).filter(Boolean),
      };
    });
}

export interface MigrateResult {
  applied: string[];
}

/**
 * The "written by a newer app" guard: names applied to a database (or recorded in a backup) that
 * this build does not ship. Throws 'store_newer'; `what` names the thing refused.
 */
export function refuseNewer(appliedNames: Iterable<string>, migrations: Migration[], what = '此数据文件'): void {
  const known = new Set(migrations.map((m) => m.name));
  const unknown = [...appliedNames].filter((n) => !known.has(n));
  if (unknown.length > 0) {
    throw new DomainError(
      'store_newer',
      `${what}由更新版本的代办帮办工作台写入（含本程序不认识的数据库版本 ${unknown.join('、')}），为保护数据不予打开。请升级程序后再打开。`,
    );
  }
}

export interface MigrateOptions {
  /** Called once, before the first migration runs on a store that already has some applied. */
  beforeApply?: (pending: string[]) => void;
}

export function migrate(db: Database.Database, migrations: Migration[], options: MigrateOptions = {}): MigrateResult {
  db.exec(`CREATE TABLE IF NOT EXISTS _migrations (
    name TEXT PRIMARY KEY, sha256 TEXT NOT NULL, applied_at TEXT NOT NULL)`);
  const done = new Map(
    (db.prepare('SELECT name, sha256 FROM _migrations').all() as Array<{ name: string; sha256: string }>).map((r) => [r.name, r.sha256]),
  );
  refuseNewer(done.keys(), migrations);
  const pending = migrations.filter((m) => !done.has(m.name)).map((m) => m.name);
  // A brand-new store has nothing to protect; an existing one is backed up before it changes shape.
  if (pending.length > 0 && done.size > 0) options.beforeApply?.(pending);
  const applied: string[] = [];
  for (const m of migrations) {
    const prior = done.get(m.name);
    if (prior !== undefined) {
      if (prior !== m.sha256) {
        // Shipped migrations are never edited; a changed one means a broken build, not user data.
        console.warn(`migration ${m.name} differs from the one applied to this database; not re-applied`);
      }
      continue;
    }
    db.transaction(() => {
      for (const s of m.statements) db.exec(s);
      db.prepare('INSERT INTO _migrations (name, sha256, applied_at) VALUES (?, ?, ?)').run(m.name, m.sha256, new Date().toISOString());
    })();
    applied.push(m.name);
  }
  return { applied };
}
