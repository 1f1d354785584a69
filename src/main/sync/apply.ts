// Applying pulled changes to the local SQLite store: upsert rows by id (columns from the drizzle
// schema) with the server sequence of the version (held.ts), rebase pending local edits on top, and
// keep per-entity checksums incrementally, all inside the caller's transaction.
import type Database from 'better-sqlite3';
import { getTableColumns, getTableName } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import { SCHEMA_TABLES } from '../db/schema.js';
import type { Change } from '../../shared/sync/protocol.js';
import { CHECKSUM_MODULUS, checksumInput, formatChecksumHash } from '../../shared/sync/checksum.js';
import { md5 } from 'js-md5';
import { normalizeIntentFields, SCOPE_EXIT_ENTITY } from '../../shared/sync/rules.js';
import { checkPulledRow, describeRowIssues, scopeExitRowSchema } from '../../shared/sync/entities.js';
import type { SyncedEntityName } from '../../shared/sync/entities.js';
import { HeldRows, SERVER_SEQ_COLUMN, SYNCED_TABLES, ensureRefusedTable } from './held.js';

/** Sync bookkeeping tables owned by the sync client (created if missing); held rows: held.ts. */
export function ensureSyncTables(db: Database.Database): void {
  db.exec(`CREATE TABLE IF NOT EXISTS sync_checksums (entity TEXT PRIMARY KEY, count INTEGER NOT NULL, sum INTEGER NOT NULL);
           CREATE TABLE IF NOT EXISTS sync_scope_exits (case_id TEXT PRIMARY KEY, records TEXT NOT NULL);`);
  ensureRefusedTable(db);
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

/**
 * md5 of a row's short key in JavaScript (js-md5): for a 60-byte input node:crypto's per-call
 * overhead was most of the cost (~1.4 s of a 450,000-row first pull; js-md5 ~0.4 s). Same digest.
 */
export function rowHash(entity: string, id: string, seq: number): number {
  const d = md5.array(checksumInput(entity, id, seq));
  // The first 48 bits, read straight from the digest bytes (same value as the hex route).
  return (d[0] as number) * 2 ** 40 + (d[1] as number) * 2 ** 32 + (d[2] as number) * 2 ** 24 + (d[3] as number) * 2 ** 16 + (d[4] as number) * 2 ** 8 + (d[5] as number);
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
  private getSum: Database.Statement;
  private putSum: Database.Statement;
  private sums = new Map<string, { count: number; sum: number }>();
  /** entity/id → pending ops, loaded once per page. */
  private pending = new Map<string, Array<{ kind: string; payload: string }>>();
  private held: HeldRows;
  errors: Array<{ entity: string; id: string; error: string }> = [];
  /**
   * The bulk load of a fresh store (see bulk.ts): rows are inserted without looking up a version
   * held before (there is none, unless the server sent a row twice: the insert then fails on the
   * primary key and the row takes the normal way).
   */
  private bulk = false;

  setBulk(on: boolean): void {
    this.bulk = on;
  }

  constructor(
    private db: Database.Database,
    private clock: () => Date = () => new Date(),
  ) {
    ensureSyncTables(db);
    this.held = new HeldRows(db);
    this.pendingStmt = db.prepare(`SELECT entity, entity_id, kind, payload FROM outbox WHERE pushed_at IS NULL ORDER BY seq`);
    this.getSum = db.prepare('SELECT count, sum FROM sync_checksums WHERE entity = ?');
    this.putSum = db.prepare('INSERT INTO sync_checksums (entity, count, sum) VALUES (?, ?, ?) ON CONFLICT (entity) DO UPDATE SET count = excluded.count, sum = excluded.sum');
  }

  /** Write the checksum deltas accumulated since the last flush (call before commit). */
  flush(): void {
    for (const [entity, v] of this.sums) this.putSum.run(entity, v.count, v.sum);
    this.sums.clear();
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

  /** The ids of the rows of an entity this desktop holds from the server. */
  heldIds(entity: string): string[] {
    return this.held.ids(entity);
  }

  /** The statement used last per table and kind, with its column list: rows of a page share their shape. */
  private lastStmt = new Map<string, { keys: string[]; st: Database.Statement }>();

  /** INSERT … ON CONFLICT DO UPDATE (or, `insertOnly`, a plain INSERT) of these fields and the server sequence. */
  private writeStmt(info: TableInfo, keys: string[], insertOnly: boolean): Database.Statement {
    const kind = `${insertOnly ? 'i' : 'u'}|${info.sqlName}`;
    const last = this.lastStmt.get(kind);
    if (last && last.keys.length === keys.length && last.keys.every((k, i) => k === keys[i])) return last.st;
    const sig = `${kind}|${keys.join(',')}`;
    let st = this.stmts.get(sig);
    if (!st) {
      const cols = [...keys.map((k) => `"${info.columns.get(k)?.sqlName}"`), SERVER_SEQ_COLUMN];
      const updates = cols.filter((c) => c !== '"id"').map((c) => `${c} = excluded.${c}`);
      const conflict = insertOnly ? '' : ` ON CONFLICT ("id") DO UPDATE SET ${updates.join(', ')}`;
      st = this.db.prepare(`INSERT INTO "${info.sqlName}" (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})${conflict}`);
      this.stmts.set(sig, st);
    }
    this.lastStmt.set(kind, { keys, st });
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
    if (oldSeq === (newSeq ?? undefined)) return;
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
    values.push(c.serverSeq);
    // A failing statement is undone alone; the page transaction goes on.
    let old: number | undefined;
    try {
      // A row held only as a refusal has a sequence counted already: it takes the normal way.
      if (!this.bulk || this.held.isRefused(c.entity, c.id) || !this.insertedFirst(info, keys, values)) {
        old = this.held.seqOf(c.entity, c.id);
        this.writeStmt(info, keys, false).run(...values);
      }
    } catch (e) {
      this.errors.push({ entity: c.entity, id: c.id, error: (e as Error).message });
      return false;
    }
    this.bumpChecksum(c.entity, old, c.serverSeq, c.id);
    this.held.clearRefusal(c.entity, c.id);
    return true;
  }

  /** The bulk load's plain insert: false when the row is there already (the server sent it twice). */
  private insertedFirst(info: TableInfo, keys: string[], values: unknown[]): boolean {
    try {
      this.writeStmt(info, keys, true).run(...values);
      return true;
    } catch (e) {
      if ((e as { code?: string }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY') return false;
      throw e;
    }
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
    const old = this.held.seqOf(c.entity, c.id);
    this.held.moveStoredSeq(c.entity, c.id, c.serverSeq);
    this.noteRefusal(c, message);
    this.bumpChecksum(c.entity, old, c.serverSeq, c.id);
    return false;
  }

  /** Kept in sync_refused_rows: the 同步 page names the entity; `message` says which field is wrong. */
  private noteRefusal(c: Change, message: string): void {
    this.errors.push({ entity: c.entity, id: c.id, error: `服务器发来的记录格式不正确，未保存：${message}` });
    this.held.refuse(c.entity, c.id, c.serverSeq, message, this.clock());
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
    this.held.clearRefusal(c.entity, c.id);
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
    const old = this.held.seqOf(entity, id);
    if (info) this.db.prepare(`DELETE FROM "${info.sqlName}" WHERE id = ?`).run(id);
    this.held.clearRefusal(entity, id);
    this.bumpChecksum(entity, old, null, id);
    return true;
  }

  /** Recompute one entity's checksum from the rows held (after a resync, whatever the damage was). */
  rebuildChecksum(entity: string): void {
    this.flush();
    let count = 0;
    let sum = 0;
    for (const r of this.held.entries(entity)) {
      count += 1;
      sum = (sum + rowHash(entity, r.id, r.seq)) % CHECKSUM_MODULUS;
    }
    this.putSum.run(entity, count, sum);
  }

  /** Every entity's checksum from the rows held (a load interrupted by the upgrade to migration 0010). */
  rebuildAllChecksums(): void {
    this.sums.clear();
    this.db.exec('DELETE FROM sync_checksums');
    for (const entity of SYNCED_TABLES.keys()) this.rebuildChecksum(entity);
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
