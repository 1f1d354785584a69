// Opens the server's database: PostgreSQL through node-postgres when a URL is given, otherwise an
// embedded PGlite in the data folder (embedded.ts). Both are driven through the same drizzle pg API.
import pg from 'pg';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type { SQL } from 'drizzle-orm';
import * as schema from './schema';
import { openEmbedded } from './embedded';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type Q = Db | Tx;

export interface Store {
  db: Db;
  kind: 'pglite' | 'postgres';
  close(): Promise<void>;
}

export async function openStore(opts: { databaseUrl?: string; dataDir?: string }): Promise<Store> {
  if (opts.databaseUrl) {
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: 10 });
    // An idle connection that PostgreSQL ends (a restart, a terminated backend) is dropped from the
    // pool and replaced at the next query; unhandled, its error would end the whole server.
    pool.on('error', (e) => console.warn(`PostgreSQL closed an idle connection: ${e.message}`));
    // Keep bigint/numeric as strings by default; our columns use mode: 'number'.
    const db = drizzlePg(pool, { schema }) as unknown as Db;
    await pool.query('select 1');
    return { db, kind: 'postgres', close: () => pool.end() };
  }
  if (!opts.dataDir) throw new Error('未设置 DATABASE_URL 时必须指定数据目录（--data）');
  const embedded = await openEmbedded(opts.dataDir);
  const db = drizzlePglite(embedded.client, { schema }) as unknown as Db;
  return { db, kind: 'pglite', close: () => embedded.close() };
}

/** Run raw SQL and return its rows (works for both drivers). */
export async function rows<T>(q: Q, query: SQL): Promise<T[]> {
  const res = (await q.execute(query)) as unknown as { rows: T[] };
  return res.rows;
}
