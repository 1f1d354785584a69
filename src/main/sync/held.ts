// Which server version of each row this desktop holds — what the checksums are computed over.
// A stored row carries it in its table's server_seq column (migration 0010; NULL for a row made
// here and not yet pulled back), so a pulled row's sequence is written with the row itself. A row
// refused before any version of it was stored (malformed on the server) has no table row: its
// sequence is its refusal record's, so the checksums still agree with the server's.
import type Database from 'better-sqlite3';
import { getTableName } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import { SCHEMA_TABLES } from '../db/schema.js';

/** The synced entities and their tables (the entity is the key of SCHEMA_TABLES). */
export const SYNCED_TABLES: ReadonlyMap<string, string> = new Map(
  Object.entries(SCHEMA_TABLES as Record<string, SQLiteTable>).map(([entity, t]) => [entity, getTableName(t)]),
);

export const SERVER_SEQ_COLUMN = 'server_seq';

const key = (entity: string, id: string) => `${entity}\u0000${id}`;

export function ensureRefusedTable(db: Database.Database): void {
  db.exec('CREATE TABLE IF NOT EXISTS sync_refused_rows (entity TEXT NOT NULL, id TEXT NOT NULL, server_seq INTEGER NOT NULL, error TEXT NOT NULL, refused_at TEXT NOT NULL, PRIMARY KEY (entity, id)) WITHOUT ROWID');
}

export class HeldRows {
  private seqStmts = new Map<string, Database.Statement>();
  private setSeqStmts = new Map<string, Database.Statement>();
  /** entity\0id of rows refused (a handful at most), kept in memory so a good row costs no lookup. */
  private refused: Set<string>;
  private refusedSeq: Database.Statement;
  private putRefused: Database.Statement;
  private delRefused: Database.Statement;

  constructor(private db: Database.Database) {
    ensureRefusedTable(db);
    this.refused = new Set((db.prepare('SELECT entity, id FROM sync_refused_rows').all() as Array<{ entity: string; id: string }>).map((r) => key(r.entity, r.id)));
    this.refusedSeq = db.prepare('SELECT server_seq FROM sync_refused_rows WHERE entity = ? AND id = ?').pluck();
    this.putRefused = db.prepare('INSERT INTO sync_refused_rows (entity, id, server_seq, error, refused_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (entity, id) DO UPDATE SET server_seq = excluded.server_seq, error = excluded.error, refused_at = excluded.refused_at');
    this.delRefused = db.prepare('DELETE FROM sync_refused_rows WHERE entity = ? AND id = ?');
  }

  private table(entity: string): string | null {
    return SYNCED_TABLES.get(entity) ?? null;
  }

  /** The server sequence held for a row (undefined: none — never pulled, or made here). */
  seqOf(entity: string, id: string): number | undefined {
    const table = this.table(entity);
    if (table) {
      let st = this.seqStmts.get(table);
      if (!st) this.seqStmts.set(table, (st = this.db.prepare(`SELECT ${SERVER_SEQ_COLUMN} FROM "${table}" WHERE id = ?`).pluck()));
      const seq = st.get(id) as number | null | undefined;
      if (seq !== null && seq !== undefined) return seq;
    }
    return this.refused.has(key(entity, id)) ? (this.refusedSeq.get(entity, id) as number | undefined) : undefined;
  }

  /**
   * A newer version of a stored row was refused: the row keeps its data, the sequence moves on (as
   * the server's does). Returns false when there is no stored row (the refusal record holds it).
   */
  moveStoredSeq(entity: string, id: string, seq: number): boolean {
    const table = this.table(entity);
    if (!table) return false;
    let st = this.setSeqStmts.get(table);
    if (!st) this.setSeqStmts.set(table, (st = this.db.prepare(`UPDATE "${table}" SET ${SERVER_SEQ_COLUMN} = ? WHERE id = ?`)));
    return st.run(seq, id).changes > 0;
  }

  isRefused(entity: string, id: string): boolean {
    return this.refused.has(key(entity, id));
  }

  refuse(entity: string, id: string, seq: number, message: string, at: Date): void {
    this.putRefused.run(entity, id, seq, message, at.toISOString());
    this.refused.add(key(entity, id));
  }

  /** A good version arrived, or the row left this desktop: its refusal is gone. */
  clearRefusal(entity: string, id: string): void {
    if (this.refused.delete(key(entity, id))) this.delRefused.run(entity, id);
  }

  /** Every held row of an entity with its sequence: stored rows, then rows held only as refusals. */
  *entries(entity: string): Iterable<{ id: string; seq: number }> {
    const table = this.table(entity);
    if (table) yield* this.db.prepare(`SELECT id, ${SERVER_SEQ_COLUMN} AS seq FROM "${table}" WHERE ${SERVER_SEQ_COLUMN} IS NOT NULL`).iterate() as Iterable<{ id: string; seq: number }>;
    const notStored = table ? ` AND NOT EXISTS (SELECT 1 FROM "${table}" t WHERE t.id = r.id)` : '';
    yield* this.db.prepare(`SELECT id, server_seq AS seq FROM sync_refused_rows r WHERE entity = ?${notStored}`).iterate(entity) as Iterable<{ id: string; seq: number }>;
  }

  /** The ids of an entity's held rows. */
  ids(entity: string): string[] {
    return [...this.entries(entity)].map((r) => r.id);
  }
}
