// Applying pulled changes to the local SQLite store: upsert rows by id (columns from the drizzle
// schema), rebase pending local edits on top, keep per-row server sequences and per-entity
// checksums (incrementally), all inside the caller's transaction.
import crypto from 'node:crypto';
import type Database from 'better-sqlite3';
import { getTableColumns, getTableName } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import { SCHEMA_TABLES } from '../db/schema.js';
import type { Change } from '../../shared/sync/protocol.js';
import { CHECKSUM_MODULUS, checksumInput, formatChecksumHash, rowHashFromMd5Hex } from '../../shared/sync/checksum.js';
import { normalizeIntentFields, SCOPE_EXIT_ENTITY } from '../../shared/sync/rules.js';
import { checkPulledRow, describeRowIssues, scopeExitRowSchema } from '../../shared/sync/entities.js';
import type { SyncedEntityName } from '../../shared/sync/entities.js';
import { BULK_SEQ_TABLE } from './bulk.js';

/** Sync bookkeeping tables owned by the sync client (created if missing). */
export function ensureSyncTables(db: Database.Database): void {
  db.exec(`CREATE TABLE IF NOT EXISTS sync_rows (entity TEXT NOT NULL, id TEXT NOT NULL, server_seq INTEGER NOT NULL, PRIMARY KEY (entity, id)) WITHOUT ROWID;
           CREATE TABLE IF NOT EXISTS sync_checksums (entity TEXT PRIMARY KEY, count INTEGER NOT NULL, sum INTEGER NOT NULL);
           CREATE TABLE IF NOT EXISTS sync_scope_exits (case_id TEXT PRIMARY KEY, records TEXT NOT NULL);
           CREATE TABLE IF NOT EXISTS sync_refused_rows (entity TEXT NOT NULL, id TEXT NOT NULL, server_seq INTEGER NOT NULL, error TEXT NOT NULL, refused_at TEXT NOT NULL, PRIMARY KEY (entity, id)) WITHOUT ROWID;`);
}

/** A pulled row this desktop refused to store (malformed), shown on the 同步 page until a good version arrives. */
export interface RefusedRow {
  entity: string;
  id: string;
  serverSeq: number;
  error: string;
  refusedAt: string;
}

export function listRefusedRows(db: Database.Database): RefusedRow[] {
  ensureSyncTables(db);
  return db
    .prepare('SELECT entity, id, server_seq AS serverSeq, error, refused_at AS refusedAt FROM sync_refused_rows ORDER BY refused_at DESC, entity, id LIMIT 200')
    .all() as RefusedRow[];
}

/** A row the search index (or any other listener) must hear about after a page. */
export interface AppliedChange {
  entity: string;
  id: string;
  deleted: boolean;
}

/** One-shot hashing (node ≥ 20.12): no Hash object per row, which counted on a 500k-row pull. */
const oneShotHash = (crypto as unknown as { hash?: (alg: string, data: string, enc: 'buffer') => Buffer }).hash;

export function rowHash(entity: string, id: string, seq: number): number {
  const input = checksumInput(entity, id, seq);
  // The first 48 bits of the md5, read straight from the digest bytes (same value as the hex route).
  if (oneShotHash) return oneShotHash('md5', input, 'buffer').readUIntBE(0, 6);
  return rowHashFromMd5Hex(crypto.createHash('md5').update(input).digest('hex'));
}

const snake = (k: string) => k.replace(/[A-Z]/g, (m) => `_${m.toLowerCase()}`);

interface TableInfo {
  sqlName: string;
  columns: Map<string, { sqlName: string; kind: 'json' | 'boolean' | 'other' }>;
}

const tableInfo = new Map<string, TableInfo | null>();

export function tableFor(entity: string): TableInfo | null {
  if (tableInfo.has(entity)) return tableInfo.get(entity) ?? null;
  const t = (SCHEMA_TABLES as Record<string, SQLiteTable>)[entity];
  let info: TableInfo | null = null;
  if (t) {
    const cols = getTableColumns(t);
    const name = getTableName(t);
    info = { sqlName: name, columns: new Map() };
    for (const [key, col] of Object.entries(cols)) {
      const dt = (col as { dataType: string }).dataType;
      const colName = (col as { name: string; keyAsName?: boolean }).keyAsName ? snake(key) : (col as { name: string }).name;
      info.columns.set(key, { sqlName: colName === key ? snake(key) : colName, kind: dt === 'json' ? 'json' : dt === 'boolean' ? 'boolean' : 'other' });
    }
  }
  tableInfo.set(entity, info);
  return info;
}

function toSql(v: unknown, kind: 'json' | 'boolean' | 'other'): unknown {
  if (v === undefined || v === null) return null;
  if (kind === 'json') return JSON.stringify(v);
  if (kind === 'boolean' || typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'object') return JSON.stringify(v);
  return v;
}

export class PageApplier {
  private stmts = new Map<string, Database.Statement>();
  private pendingStmt: Database.Statement;
  private getSeq: Database.Statement;
  private putSeq: Database.Statement;
  private delSeq: Database.Statement;
  private getSum: Database.Statement;
  private putSum: Database.Statement;
  private sums = new Map<string, { count: number; sum: number }>();
  /** entity\0id → server seq already held, loaded once per page (one query per entity). */
  private seqs = new Map<string, number>();
  /** entity/id → pending ops, loaded once per page. */
  private pending = new Map<string, Array<{ kind: string; payload: string }>>();
  errors: Array<{ entity: string; id: string; error: string }> = [];
  /**
   * The bulk load of a fresh store (see bulk.ts): sequences go to the append-only list, checksums
   * are computed once at the end, and no row's earlier sequence is looked up (there is none).
   */
  private bulkSeq: Database.Statement | null = null;
  private bulkForget: Database.Statement | null = null;

  setBulk(on: boolean): void {
    this.bulkSeq = on ? this.db.prepare(`INSERT INTO ${BULK_SEQ_TABLE} (entity, id, server_seq) VALUES (?, ?, ?)`) : null;
    this.bulkForget = on ? this.db.prepare(`DELETE FROM ${BULK_SEQ_TABLE} WHERE entity = ? AND id = ?`) : null;
  }

  /** entity\0id of rows refused earlier (a handful at most): cleared when a good version arrives. */
  private refused: Set<string>;
  private putRefused: Database.Statement;
  private delRefused: Database.Statement;

  constructor(
    private db: Database.Database,
    private clock: () => Date = () => new Date(),
  ) {
    ensureSyncTables(db);
    this.refused = new Set((db.prepare('SELECT entity, id FROM sync_refused_rows').all() as Array<{ entity: string; id: string }>).map((r) => `${r.entity}\u0000${r.id}`));
    this.putRefused = db.prepare('INSERT INTO sync_refused_rows (entity, id, server_seq, error, refused_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (entity, id) DO UPDATE SET server_seq = excluded.server_seq, error = excluded.error, refused_at = excluded.refused_at');
    this.delRefused = db.prepare('DELETE FROM sync_refused_rows WHERE entity = ? AND id = ?');
    this.pendingStmt = db.prepare(`SELECT entity, entity_id, kind, payload FROM outbox WHERE pushed_at IS NULL ORDER BY seq`);
    this.getSeq = db.prepare('SELECT server_seq FROM sync_rows WHERE entity = ? AND id = ?').pluck();
    this.putSeq = db.prepare('INSERT INTO sync_rows (entity, id, server_seq) VALUES (?, ?, ?) ON CONFLICT (entity, id) DO UPDATE SET server_seq = excluded.server_seq');
    this.delSeq = db.prepare('DELETE FROM sync_rows WHERE entity = ? AND id = ?');
    this.getSum = db.prepare('SELECT count, sum FROM sync_checksums WHERE entity = ?');
    this.putSum = db.prepare('INSERT INTO sync_checksums (entity, count, sum) VALUES (?, ?, ?) ON CONFLICT (entity) DO UPDATE SET count = excluded.count, sum = excluded.sum');
  }

  /** Write the checksum deltas accumulated since the last flush (call before commit). */
  flush(): void {
    for (const [entity, v] of this.sums) this.putSum.run(entity, v.count, v.sum);
    this.sums.clear();
  }

  /** Load the known server sequences of the rows of a page in one query per entity. */
  preload(changes: Change[]): void {
    this.seqs.clear();
    const byEntity = new Map<string, string[]>();
    for (const c of changes) {
      const l = byEntity.get(c.entity) ?? [];
      l.push(c.id);
      byEntity.set(c.entity, l);
    }
    const st = this.db.prepare('SELECT id, server_seq FROM sync_rows WHERE entity = ? AND id IN (SELECT value FROM json_each(?))');
    for (const [entity, ids] of byEntity) {
      // A fresh pull brings ids this desktop has never held: one index probe over the page's id
      // range proves it and saves a lookup per row. (ASCII ids only, where JS and SQLite order agree.)
      if (this.noneHeldInRange(entity, ids)) continue;
      for (const r of st.iterate(entity, JSON.stringify(ids)) as Iterable<{ id: string; server_seq: number }>) this.seqs.set(`${entity}\u0000${r.id}`, r.server_seq);
    }
    this.preloaded = true;
  }

  private preloaded = false;
  private anyInRange?: Database.Statement;

  private noneHeldInRange(entity: string, ids: string[]): boolean {
    let min: string | undefined;
    let max: string | undefined;
    for (const id of ids) {
      if (!/^[\x20-\x7e]*$/.test(id)) return false;
      if (min === undefined || id < min) min = id;
      if (max === undefined || id > max) max = id;
    }
    if (min === undefined || max === undefined) return true;
    this.anyInRange ??= this.db.prepare('SELECT 1 FROM sync_rows WHERE entity = ? AND id >= ? AND id <= ? LIMIT 1').pluck();
    return this.anyInRange.get(entity, min, max) === undefined;
  }

  loadPending(): void {
    this.pending.clear();
    for (const r of this.pendingStmt.iterate() as Iterable<{ entity: string; entity_id: string; kind: string; payload: string }>) {
      const k = `${r.entity}\u0000${r.entity_id}`;
      const list = this.pending.get(k) ?? [];
      list.push({ kind: r.kind, payload: r.payload });
      this.pending.set(k, list);
    }
  }

  hasPending(entity: string, id: string): boolean {
    return this.pending.has(`${entity}\u0000${id}`);
  }

  /** The statement used last per table, with its column list: rows of a page share their shape. */
  private lastStmt = new Map<string, { keys: string[]; st: Database.Statement }>();

  private upsertStmt(info: TableInfo, keys: string[]): Database.Statement {
    const last = this.lastStmt.get(info.sqlName);
    if (last && last.keys.length === keys.length && last.keys.every((k, i) => k === keys[i])) return last.st;
    const sig = `${info.sqlName}|${keys.join(',')}`;
    let st = this.stmts.get(sig);
    if (!st) {
      const cols = keys.map((k) => `"${info.columns.get(k)?.sqlName}"`);
      const updates = cols.filter((c) => c !== '"id"').map((c) => `${c} = excluded.${c}`);
      st = this.db.prepare(`INSERT INTO "${info.sqlName}" (${cols.join(', ')}) VALUES (${keys.map(() => '?').join(', ')}) ON CONFLICT ("id") DO UPDATE SET ${updates.join(', ')}`);
      this.stmts.set(sig, st);
    }
    this.lastStmt.set(info.sqlName, { keys, st });
    return st;
  }

  /** Local values of pending edits, laid over the server row (the server decides once they are pushed). */
  private rebase(entity: string, id: string, data: Record<string, unknown>): Record<string, unknown> {
    const list = this.pending.get(`${entity}\u0000${id}`);
    if (!list) return data;
    const out = { ...data };
    for (const p of list) {
      const payload = JSON.parse(p.payload) as Record<string, unknown>;
      if (p.kind === 'patch') for (const [f, v] of Object.entries(payload)) out[f] = (v as { value: unknown }).value;
      else if (p.kind === 'intent') for (const [f, v] of Object.entries(normalizeIntentFields((payload.fields ?? {}) as Record<string, unknown>))) out[f] = v.value;
      else if (p.kind === 'delete') out.deletedAt = payload.deletedAt;
    }
    return out;
  }

  private bumpChecksum(entity: string, oldSeq: number | undefined, newSeq: number | null, id: string): void {
    let cur = this.sums.get(entity);
    if (!cur) {
      const row = this.getSum.get(entity) as { count: number; sum: number } | undefined;
      cur = { count: row?.count ?? 0, sum: row?.sum ?? 0 };
      this.sums.set(entity, cur);
    }
    let { count, sum } = cur;
    if (oldSeq !== undefined) {
      count -= 1;
      sum = (sum - rowHash(entity, id, oldSeq) + CHECKSUM_MODULUS) % CHECKSUM_MODULUS;
    }
    if (newSeq !== null) {
      count += 1;
      sum = (sum + rowHash(entity, id, newSeq)) % CHECKSUM_MODULUS;
    }
    cur.count = count;
    cur.sum = sum;
  }

  /** Apply one change. Returns false when the row could not be written (kept in `errors`). */
  apply(c: Change): boolean {
    if (c.entity === SCOPE_EXIT_ENTITY) return this.noteScopeExit(c);
    const info = tableFor(c.entity);
    if (!info) return true; // an entity this desktop does not store: ignore
    // Rows from the server already carry their id: no copy unless it differs (rebase copies itself).
    const row = c.data.id === c.id ? c.data : { ...c.data, id: c.id };
    const checked = checkPulledRow(c.entity as SyncedEntityName, row);
    if (!checked.ok) return this.refuse(c, checked.message);
    const data = this.rebase(c.entity, c.id, row);
    const keys: string[] = [];
    const values: unknown[] = [];
    for (const key of Object.keys(data)) {
      const col = info.columns.get(key);
      if (!col) continue;
      keys.push(key);
      values.push(toSql(data[key], col.kind));
    }
    try {
      // A failing statement is undone alone; the page transaction goes on.
      this.upsertStmt(info, keys).run(...values);
    } catch (e) {
      this.errors.push({ entity: c.entity, id: c.id, error: (e as Error).message });
      return false;
    }
    this.track(c);
    this.clearRefusal(c);
    return true;
  }

  /**
   * A malformed row (wrong types, a missing required field, an oversized value) is not written: the
   * page goes on and the row waits on the 同步 page. Its server sequence is still recorded, so the
   * checksums agree and the cursor moves on as for any other row. Asking again would not help: the
   * server hands out the same row for the same sequence, and once it is corrected there it gets a new
   * sequence and arrives through the normal pull (and its refusal is cleared). Leaving it unrecorded
   * instead would make every verifying round resync the whole entity for one bad row.
   */
  private refuse(c: Change, message: string): false {
    this.noteRefusal(c, message);
    this.track(c);
    return false;
  }

  /** Kept in sync_refused_rows: the 同步 page names the entity; `message` says which field is wrong. */
  private noteRefusal(c: Change, message: string): void {
    this.errors.push({ entity: c.entity, id: c.id, error: `服务器发来的记录格式不正确，未保存：${message}` });
    this.putRefused.run(c.entity, c.id, c.serverSeq, message, this.clock().toISOString());
    this.refused.add(`${c.entity}\u0000${c.id}`);
  }

  private clearRefusal(c: Change): void {
    const k = `${c.entity}\u0000${c.id}`;
    if (!this.refused.delete(k)) return;
    this.delRefused.run(c.entity, c.id);
  }

  /** Remember the row's server sequence (sync_rows and the entity checksum). */
  private track(c: Change): void {
    if (this.bulkSeq) {
      this.bulkSeq.run(c.entity, c.id, c.serverSeq);
      return;
    }
    const k = `${c.entity}\u0000${c.id}`;
    const old = this.preloaded ? this.seqs.get(k) : (this.getSeq.get(c.entity, c.id) as number | undefined);
    if (this.preloaded) this.seqs.set(k, c.serverSeq);
    if (old !== c.serverSeq) {
      this.putSeq.run(c.entity, c.id, c.serverSeq);
      this.bumpChecksum(c.entity, old, c.serverSeq, c.id);
    }
  }

  /**
   * A case left (or, as a tombstone, came back into) this desktop's scope: see leaveScopes(). Exits
   * are not counted in checksums (the server shows one only where the case is out of sight).
   */
  private noteScopeExit(c: Change): boolean {
    // Its record list decides what this desktop deletes: a malformed one is refused, never half-read.
    const exit = scopeExitRowSchema.safeParse(c.data);
    if (!exit.success) {
      this.noteRefusal(c, describeRowIssues(exit.error));
      return false;
    }
    const { caseId, records } = exit.data;
    if (c.deleted) this.db.prepare('DELETE FROM sync_scope_exits WHERE case_id = ?').run(caseId);
    else this.db.prepare('INSERT OR REPLACE INTO sync_scope_exits (case_id, records) VALUES (?, ?)').run(caseId, JSON.stringify(records));
    this.clearRefusal(c);
    return true;
  }

  /** Cases that left the scope but still have edits waiting to go up (kept until they are pushed). */
  deferredExits(): Map<string, Array<[string, string]>> {
    const out = new Map<string, Array<[string, string]>>();
    for (const r of this.db.prepare('SELECT case_id, records FROM sync_scope_exits').iterate() as Iterable<{ case_id: string; records: string }>) {
      out.set(r.case_id, JSON.parse(r.records) as Array<[string, string]>);
    }
    return out;
  }

  /** The case a local row belongs to (null for office and reference rows). */
  private caseOf(entity: string, id: string): string | null {
    if (entity === 'cases') return id;
    const info = tableFor(entity);
    const col = info?.columns.get('caseId');
    if (!info || !col) return null;
    return (this.db.prepare(`SELECT "${col.sqlName}" FROM "${info.sqlName}" WHERE id = ?`).pluck().get(id) as string | null | undefined) ?? null;
  }

  /** Does a pending scope exit keep this row (so a checksum resync must not half-remove its case)? */
  keptForExit(entity: string, id: string, exits: Map<string, Array<[string, string]>>): boolean {
    if (!exits.size) return false;
    const caseId = this.caseOf(entity, id);
    if (caseId && exits.has(caseId)) return true;
    for (const recs of exits.values()) if (recs.some(([e, i]) => e === entity && i === id)) return true;
    return false;
  }

  /**
   * Drop every case that left the scope and has nothing pending: its rows, and the applicant and
   * project it alone brought. Cases with unpushed edits wait for the next round (after the push).
   */
  leaveScopes(): AppliedChange[] {
    const exits = this.deferredExits();
    if (!exits.size) return [];
    const busy = new Set<string>();
    for (const key of this.pending.keys()) {
      const [entity, id] = key.split('\u0000') as [string, string];
      const caseId = this.caseOf(entity, id);
      if (caseId) busy.add(caseId);
    }
    const removed: AppliedChange[] = [];
    const gone = (entity: string, id: string) => {
      if (this.remove(entity, id)) removed.push({ entity, id, deleted: true });
    };
    for (const [caseId, records] of exits) {
      if (busy.has(caseId)) continue;
      for (const [entity] of Object.entries(SCHEMA_TABLES)) {
        const info = tableFor(entity);
        const col = info?.columns.get('caseId');
        if (!info || !col || entity === 'cases') continue;
        const ids = this.db.prepare(`SELECT id FROM "${info.sqlName}" WHERE "${col.sqlName}" = ?`).pluck().all(caseId) as string[];
        for (const id of ids) gone(entity, id);
      }
      gone('cases', caseId);
      // Projects first: an applicant is kept while a project of it stays.
      for (const [entity, id] of [...records].sort(([a], [b]) => b.localeCompare(a))) {
        const stillUsed =
          entity === 'applicants'
            ? this.db.prepare('SELECT 1 FROM cases WHERE applicant_id = ? UNION ALL SELECT 1 FROM projects WHERE applicant_id = ? LIMIT 1').get(id, id)
            : entity === 'projects'
              ? this.db.prepare('SELECT 1 FROM cases WHERE project_id = ? LIMIT 1').get(id)
              : undefined;
        if (!stillUsed) gone(entity, id);
      }
      this.db.prepare('DELETE FROM sync_scope_exits WHERE case_id = ?').run(caseId);
    }
    return removed;
  }

  /** Forget a row that left this desktop's scope (only when nothing of it is pending). */
  remove(entity: string, id: string): boolean {
    if (this.hasPending(entity, id)) return false;
    const info = tableFor(entity);
    const old = this.getSeq.get(entity, id) as number | undefined;
    if (info) this.db.prepare(`DELETE FROM "${info.sqlName}" WHERE id = ?`).run(id);
    this.bulkForget?.run(entity, id);
    if (old !== undefined) {
      this.delSeq.run(entity, id);
      this.bumpChecksum(entity, old, null, id);
    }
    return true;
  }

  /** Recompute one entity's checksum from sync_rows (after a resync, whatever the damage was). */
  rebuildChecksum(entity: string): void {
    this.flush();
    let count = 0;
    let sum = 0;
    for (const r of this.db.prepare('SELECT id, server_seq FROM sync_rows WHERE entity = ?').iterate(entity) as Iterable<{ id: string; server_seq: number }>) {
      count += 1;
      sum = (sum + rowHash(entity, r.id, r.server_seq)) % CHECKSUM_MODULUS;
    }
    this.putSum.run(entity, count, sum);
  }

  /** Every entity's checksum from sync_rows (after a bulk load). */
  rebuildAllChecksums(): void {
    this.sums.clear();
    this.db.exec('DELETE FROM sync_checksums');
    for (const entity of this.db.prepare('SELECT DISTINCT entity FROM sync_rows').pluck().all() as string[]) this.rebuildChecksum(entity);
  }

  localChecksums(): Record<string, { count: number; hash: string }> {
    this.flush();
    const out: Record<string, { count: number; hash: string }> = {};
    for (const r of this.db.prepare('SELECT entity, count, sum FROM sync_checksums WHERE count > 0').all() as Array<{ entity: string; count: number; sum: number }>) {
      out[r.entity] = { count: r.count, hash: formatChecksumHash(r.sum) };
    }
    return out;
  }
}
