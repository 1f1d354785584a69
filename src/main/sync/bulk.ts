// The bulk path of a fresh (or reset) store: the first pull loads rows into tables stripped of
// their secondary indexes, in large transactions (each row with its server sequence, the checksums
// kept as it goes); then builds the indexes and the search index once, and the store returns to the
// normal incremental path.
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
import { SYNCED_TABLES } from './held.js';
import { getSetting, setSetting } from './settings.js';

export const BULK_KEY = 'sync.bulkLoad';

export interface BulkState {
  phase: 'load' | 'index';
  /** CREATE INDEX statements of the indexes dropped for the load. */
  indexes: string[];
  startedAt: string;
  /** Set by migration 0010 on a load it interrupted (its checksums were to be computed at the end). */
  rebuildChecksums?: boolean;
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

/** Does this store start from nothing (no row ever pulled, no load under way)? The checksums count what it holds. */
export function isFreshStore(db: Database.Database, cursor: string | null): boolean {
  return cursor === null && !db.prepare('SELECT 1 FROM sync_checksums WHERE count > 0 LIMIT 1').get();
}

/** Rows loaded so far (the checksums' counts, committed with each batch). */
export function rowsHeld(db: Database.Database): number {
  return db.prepare('SELECT coalesce(sum(count), 0) FROM sync_checksums').pluck().get() as number;
}

/**
 * Drop the synced tables' non-unique secondary indexes (unique ones stay: a duplicate must be
 * refused as it arrives, not found when the index is built).
 */
export function beginBulk(db: Database.Database, now: Date): BulkState {
  const tables = [...SYNCED_TABLES.values()];
  const list = db
    .prepare(`SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%' AND tbl_name IN (SELECT value FROM json_each(?))`)
    .all(JSON.stringify(tables)) as Array<{ name: string; sql: string }>;
  const state: BulkState = { phase: 'load', indexes: list.map((i) => i.sql), startedAt: now.toISOString() };
  db.transaction(() => {
    for (const i of list) db.exec(`DROP INDEX "${i.name.replace(/"/g, '""')}"`);
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
  /** Recompute every entity's checksum from the rows held (only for a load begun before migration 0010). */
  rebuildChecksums: () => void;
  onStep?: (step: string) => void;
}

/**
 * The index phase: each dropped index built, then the search index in the transaction that ends
 * the bulk state. Every step can run again after a crash.
 */
export function finishBulk(db: Database.Database, state: BulkState, f: BulkFinish): void {
  if (state.phase !== 'index') {
    state = { ...state, phase: 'index' };
    setSetting(db, BULK_KEY, state);
  }
  f.onStep?.('index');
  for (const create of state.indexes) {
    f.onStep?.(create);
    db.exec(create.replace(/^CREATE INDEX (?!IF NOT EXISTS)/i, 'CREATE INDEX IF NOT EXISTS '));
  }
  f.onStep?.('search');
  db.transaction(() => {
    if (state.rebuildChecksums) f.rebuildChecksums();
    f.rebuildSearch?.();
    setSetting(db, BULK_KEY, null);
  })();
}
