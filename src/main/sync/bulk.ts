// The bulk path of a fresh (or reset) store: the first pull loads rows into tables stripped of
// their secondary indexes, in large transactions, and records each row's server sequence in an
// append-only list; then builds the indexes, the sequence table, the checksums and the search index
// once, and the store returns to the normal incremental path.
//
// Random ids make every indexed insert touch a random B-tree page: row by row into indexed tables a
// 900,000-row pull wrote ~26× the store's size to disk. Built once from sorted input, an index is
// written once.
//
// Restartable: the state (phase, the dropped indexes' SQL) is a setting written in the transaction
// that changes the schema, and every load batch commits its cursor with its rows. A crash in the
// load resumes from that cursor (the indexes still dropped); a crash in the index phase repeats the
// phase's remaining steps, each idempotent, before the store is used for anything else.
import type Database from 'better-sqlite3';
import { getTableName } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import { SCHEMA_TABLES } from '../db/schema.js';
import { getSetting, setSetting } from './settings.js';

export const BULK_KEY = 'sync.bulkLoad';
/** Rows' server sequences during the load, in arrival order (sorted into sync_rows at the end). */
export const BULK_SEQ_TABLE = 'sync_rows_bulk';

export interface BulkState {
  phase: 'load' | 'index';
  /** CREATE INDEX statements of the indexes dropped for the load. */
  indexes: string[];
  startedAt: string;
}

export interface BulkProgress {
  phase: 'load' | 'index';
  rows: number;
  bytes: number;
  /** Rows the server said are coming (null when it did not say). */
  totalRows: number | null;
  startedAt: string;
}

/**
 * While loading: a larger page cache (the primary-key pages stay in memory between commits), no
 * fsync per commit (synchronous=NORMAL: in WAL mode a crash or a killed process loses nothing
 * committed, a power cut at most the last batches, which are pulled again — never a damaged file),
 * and checkpoints every 128 MB of WAL rather than 4 MB (a page changed by several batches reaches
 * the database file once per checkpoint, not once per batch). Index builds sort in temporary files
 * beyond the cache (in memory they would hold a whole index: ~40 MB for a city's progress notes).
 */
const BULK_PRAGMAS = { cache: -64 * 1024, synchronous: 'NORMAL', checkpointPages: 32_768, temp: 'FILE' };
const NORMAL_PRAGMAS = { cache: -32_000, synchronous: 'FULL', checkpointPages: 1000, temp: 'MEMORY' };

export function bulkState(db: Database.Database): BulkState | null {
  const s = getSetting(db, BULK_KEY) as BulkState | null | undefined;
  return s && (s.phase === 'load' || s.phase === 'index') && Array.isArray(s.indexes) ? s : null;
}

/** Does this store start from nothing (no row ever pulled, no load under way)? */
export function isFreshStore(db: Database.Database, cursor: string | null): boolean {
  return cursor === null && !db.prepare('SELECT 1 FROM sync_rows LIMIT 1').get();
}

function syncedTableNames(): string[] {
  return Object.values(SCHEMA_TABLES as Record<string, SQLiteTable>).map((t) => getTableName(t));
}

/**
 * Drop the synced tables' non-unique secondary indexes (unique ones stay: a duplicate must be
 * refused as it arrives, not found when the index is built) and start the sequence list.
 */
export function beginBulk(db: Database.Database, now: Date): BulkState {
  const tables = syncedTableNames();
  const list = db
    .prepare(`SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%' AND tbl_name IN (SELECT value FROM json_each(?))`)
    .all(JSON.stringify(tables)) as Array<{ name: string; sql: string }>;
  const state: BulkState = { phase: 'load', indexes: list.map((i) => i.sql), startedAt: now.toISOString() };
  db.transaction(() => {
    for (const i of list) db.exec(`DROP INDEX "${i.name.replace(/"/g, '""')}"`);
    db.exec(`CREATE TABLE IF NOT EXISTS ${BULK_SEQ_TABLE} (entity TEXT NOT NULL, id TEXT NOT NULL, server_seq INTEGER NOT NULL)`);
    setSetting(db, BULK_KEY, state);
  })();
  return state;
}

export function useBulkPragmas(db: Database.Database, on: boolean): void {
  const p = on ? BULK_PRAGMAS : NORMAL_PRAGMAS;
  db.pragma(`cache_size = ${p.cache}`);
  db.pragma(`synchronous = ${p.synchronous}`);
  db.pragma(`wal_autocheckpoint = ${p.checkpointPages}`);
  db.pragma(`temp_store = ${p.temp}`);
  // Back to the store's own settings: the WAL the load grew is given back to the disk.
  if (!on) db.pragma('wal_checkpoint(TRUNCATE)');
}

export interface BulkFinish {
  /** Rebuild the search index from the stored rows (inside the last step's transaction). */
  rebuildSearch?: () => void;
  /** Recompute every entity's checksum from sync_rows (inside the last step's transaction). */
  rebuildChecksums: () => void;
  onStep?: (step: string) => void;
}

/**
 * The index phase: the sequence list sorted into sync_rows (the highest sequence of a row pulled
 * twice wins), each dropped index built, then checksums and search in the transaction that ends the
 * bulk state. Every step can run again after a crash.
 */
export function finishBulk(db: Database.Database, state: BulkState, f: BulkFinish): void {
  if (state.phase !== 'index') {
    state = { ...state, phase: 'index' };
    setSetting(db, BULK_KEY, state);
  }
  f.onStep?.('index');
  const hasList = db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?").get(BULK_SEQ_TABLE);
  if (hasList) {
    f.onStep?.('sync_rows');
    db.transaction(() => {
      db.exec(`INSERT INTO sync_rows (entity, id, server_seq)
                 SELECT entity, id, max(server_seq) FROM ${BULK_SEQ_TABLE} GROUP BY entity, id ORDER BY entity, id
                 ON CONFLICT (entity, id) DO UPDATE SET server_seq = max(server_seq, excluded.server_seq)`);
      db.exec(`DROP TABLE ${BULK_SEQ_TABLE}`);
    })();
  }
  for (const create of state.indexes) {
    f.onStep?.(create);
    db.exec(create.replace(/^CREATE INDEX (?!IF NOT EXISTS)/i, 'CREATE INDEX IF NOT EXISTS '));
  }
  f.onStep?.('search');
  db.transaction(() => {
    f.rebuildChecksums();
    f.rebuildSearch?.();
    setSetting(db, BULK_KEY, null);
  })();
}
