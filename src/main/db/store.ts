// The local store: one SQLite file per data folder, opened with the pragmas of ARCHITECTURE.md,
// migrated by file identity, and written only through `store.write`, which wraps each change in
// one transaction together with its audit event and its outbox rows for the sync.
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Role } from '../../shared/domain/enums.js';
import { DomainError } from '../../shared/errors.js';
import { uuidv7 } from '../../shared/ids.js';
import { chinaDate, systemClock, type Clock } from '../platform/clock.js';
import { appRoot } from '../platform/paths.js';
import { auditWriter } from './audit.js';
import { CommitHub, commitEventOf } from './commits.js';
import type { ChangedRecord, CommitListener } from './commits.js';
import { loadMigrations, migrate } from './migrate.js';
import { rebuildSearchIfAsked } from './search.js';
import * as schema from './schema.js';
import { TableCodec } from './table-codec.js';

export type Orm = BetterSQLite3Database<typeof schema>;
export type SyncedTable = (typeof schema.SCHEMA_TABLES)[schema.SyncedEntity];

/** Who is acting: every write is attributed to a user (or to the system, for imports and the demo). */
export interface Actor {
  userId: string | null;
  roles: Role[];
  orgUnitId: string | null;
  displayName?: string;
}

export const SYSTEM_ACTOR: Actor = { userId: null, roles: ['admin'], orgUnitId: null, displayName: '系统' };

export interface OpenStoreOptions {
  clock?: Clock;
  migrationsDir?: string;
  /**
   * Called with the open connection before the first migration is applied to an existing store
   * (the pre-migration backup; the db layer knows nothing of backups). A throw aborts the open.
   */
  beforeMigrations?: (db: Database.Database, pending: string[]) => void;
}

export const DB_FILE = 'daiban.sqlite';

/** The migrations this build ships. */
export function desktopMigrationsDir(): string {
  return join(appRoot(), 'migrations', 'desktop');
}

/** Where a data folder keeps its attachment bytes (content-addressed, see features/attachments). */
export function attachmentsDirOf(dataDir: string): string {
  return join(dataDir, 'attachments');
}

const entityNameOf = new Map<SQLiteTable, schema.SyncedEntity>(
  Object.entries(schema.SCHEMA_TABLES).map(([k, t]) => [t as SQLiteTable, k as schema.SyncedEntity]),
);

type Row<T extends SyncedTable> = T['$inferSelect'];
type NewRow<T extends SyncedTable> = Omit<T['$inferInsert'], 'id' | 'createdAt' | 'updatedAt'> & { id?: string };
type Patch<T extends SyncedTable> = Partial<Omit<T['$inferInsert'], 'id' | 'createdAt' | 'updatedAt'>>;

export interface WriteSpec {
  actor: Actor;
  /** Audit action name, e.g. 'case.register'. */
  action: string;
  entity?: string;
  entityId?: string;
  detail?: Record<string, unknown>;
}

export class Store {
  readonly db: Database.Database;
  readonly orm: Orm;
  readonly clock: Clock;
  readonly dataDir: string;
  private readonly appendAudit: ReturnType<typeof auditWriter>;
  private readonly insertOutbox: Database.Statement;
  private readonly codecs = new Map<SQLiteTable, TableCodec>();
  private readonly commits = new CommitHub();
  /** A sync batch left open between network chunks (see sync/pull-writer.ts). */
  private openBatch: { commitForWrite(): void } | null = null;

  private constructor(dataDir: string, db: Database.Database, clock: Clock) {
    this.dataDir = dataDir;
    this.db = db;
    this.clock = clock;
    this.orm = drizzle({ client: db, schema, casing: 'snake_case' });
    this.appendAudit = auditWriter(db);
    this.insertOutbox = db.prepare(
      `INSERT INTO outbox (op_id, entity, entity_id, kind, intent, payload, user_id, org_unit_id, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
  }

  static open(dataDir: string, options: OpenStoreOptions = {}): Store {
    try {
      mkdirSync(dataDir, { recursive: true });
    } catch (e) {
      throw new DomainError('storage', `无法创建数据文件夹 ${dataDir}：${(e as Error).message}`);
    }
    const db = new Database(join(dataDir, DB_FILE));
    try {
      // WAL + synchronous=FULL: a committed write survives a crash or a pulled plug.
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      db.pragma('foreign_keys = ON');
      db.pragma('busy_timeout = 5000');
      db.pragma('temp_store = MEMORY');
      db.pragma('cache_size = -32000');
      const beforeMigrations = options.beforeMigrations;
      migrate(db, loadMigrations(options.migrationsDir ?? desktopMigrationsDir()), beforeMigrations ? { beforeApply: (pending) => beforeMigrations(db, pending) } : {});
      rebuildSearchIfAsked(db);
    } catch (e) {
      db.close();
      throw e;
    }
    return new Store(dataDir, db, options.clock ?? systemClock);
  }

  nowIso(): string {
    return this.clock.now().toISOString();
  }

  /** Today's date in China (YYYY-MM-DD): the date working-day limits count from. */
  today(): string {
    return chinaDate(this.clock.now());
  }

  newId(): string {
    return uuidv7(this.clock.now().getTime());
  }

  /**
   * Runs `fn` in one transaction that also appends the audit event and the outbox rows of every
   * change made through the WriteTx. A throw rolls everything back: nothing half-written.
   */
  write<T>(spec: WriteSpec, fn: (tx: WriteTx) => T): T {
    // A user's write never joins a sync batch (it would be lost with it, were the batch undone).
    this.openBatch?.commitForWrite();
    let tx: WriteTx | undefined;
    const run = this.db.transaction(() => {
      tx = new WriteTx(this, spec.actor);
      const result = fn(tx);
      this.appendAudit({
        id: this.newId(),
        at: this.nowIso(),
        actorId: spec.actor.userId,
        action: spec.action,
        entity: spec.entity ?? tx.firstEntity ?? null,
        entityId: spec.entityId ?? tx.firstEntityId ?? null,
        detail: spec.detail ?? {},
      });
      return result;
    });
    let result: T;
    try {
      result = run.immediate();
    } catch (e) {
      throw storageError(e);
    }
    // The audit event, and an entity the write names but changed without the WriteTx (calendar years).
    const named = spec.entity ? [{ entity: spec.entity, id: spec.entityId ?? '' }] : [];
    this.committed([...(tx?.changed ?? []), ...named, { entity: 'auditEvents', id: '' }]);
    return result;
  }

  /** The sync client's open batch, committed before any write of ours; null when it is closed. */
  holdBatch(batch: { commitForWrite(): void } | null): void {
    this.openBatch = batch;
  }

  /** Listen to every commit (local writes and applied sync pages); returns the unsubscribe. */
  onCommit(listener: CommitListener): () => void {
    return this.commits.subscribe(listener);
  }

  /** Called after a transaction committed: by `write`, and by the sync client after each page. */
  committed(changes: Iterable<ChangedRecord>): void {
    const event = commitEventOf(changes);
    event.ids = event.ids.filter(Boolean);
    this.commits.emit(event);
  }

  /** An audit event with no data change (printing, revealing personal data, exports). */
  audit(spec: WriteSpec): void {
    this.write(spec, () => undefined);
  }

  /** Records one outbox op; used by WriteTx. */
  recordOp(actor: Actor, entity: string, entityId: string, kind: 'insert' | 'patch' | 'intent' | 'delete', intent: string | null, payload: unknown): void {
    this.insertOutbox.run(this.newId(), entity, entityId, kind, intent, JSON.stringify(payload), actor.userId, actor.orgUnitId, this.nowIso());
  }

  /** Rows of a synced table by a fixed condition, through cached prepared statements (hot reads). */
  rows<T extends SyncedTable>(table: T, whereAndOrder: string, ...args: unknown[]): Array<Row<T>> {
    return this.codec(table).select(whereAndOrder, ...args) as Array<Row<T>>;
  }

  byId<T extends SyncedTable>(table: T, id: string): Row<T> | undefined {
    return this.codec(table).get(id) as Row<T> | undefined;
  }

  /** Cached prepared statements for a synced table (the write path). */
  codec(table: SyncedTable): TableCodec {
    let c = this.codecs.get(table as SQLiteTable);
    if (!c) this.codecs.set(table as SQLiteTable, (c = new TableCodec(this.db, table as SQLiteTable)));
    return c;
  }

  getSetting<T>(key: string): T | undefined {
    const row = this.db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(key) as string | undefined;
    return row === undefined ? undefined : (JSON.parse(row) as T);
  }

  setSetting(key: string, value: unknown): void {
    this.db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, JSON.stringify(value));
  }

  attachmentsDir(): string {
    return attachmentsDirOf(this.dataDir);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

export function openStore(dataDir: string, options?: OpenStoreOptions): Store {
  return Store.open(dataDir, options);
}

/** SQLite's own failures said in words a clerk understands; their typed data is never half-saved. */
function storageError(e: unknown): unknown {
  const code = (e as { code?: string }).code;
  if (code === 'SQLITE_FULL') return new DomainError('storage', '磁盘空间已满，本次操作未保存（已输入的内容仍在窗口中）。请清理磁盘后重试。');
  if (code === 'SQLITE_BUSY') return new DomainError('storage', '数据文件正被其他程序占用，请稍后重试。');
  if (code === 'SQLITE_READONLY' || code === 'SQLITE_IOERR' || code?.startsWith('SQLITE_IOERR')) {
    return new DomainError('storage', `数据文件无法写入（${code}），本次操作未保存。`);
  }
  if (code === 'SQLITE_CONSTRAINT_UNIQUE') return new DomainError('duplicate', '记录重复，未保存。');
  return e;
}

/** The changes of one write: each goes to SQLite and, in the same transaction, to the outbox. */
export class WriteTx {
  firstEntity: string | undefined;
  firstEntityId: string | undefined;
  /** Every record this write changed, for the commit event. */
  readonly changed: ChangedRecord[] = [];

  constructor(
    readonly store: Store,
    readonly actor: Actor,
  ) {}

  get orm(): Orm {
    return this.store.orm;
  }

  private note(entity: string, id: string, row?: unknown, changed = true): void {
    if (changed) this.changed.push({ entity, id, caseId: (row as { caseId?: string | null } | undefined)?.caseId ?? null });
    if (this.firstEntity === undefined) {
      this.firstEntity = entity;
      this.firstEntityId = id;
    }
  }

  /**
   * Inserts a row and queues it for the server. `local: true` keeps it off the outbox: for data every
   * desktop ships identically (the seeded catalogue), which the centre publishes under the same ids.
   */
  insert<T extends SyncedTable>(table: T, values: NewRow<T>, options: { local?: boolean } = {}): Row<T> {
    const now = this.store.nowIso();
    const codec = this.store.codec(table);
    const row = codec.complete({ ...values, id: values.id ?? this.store.newId(), createdAt: now, updatedAt: now }) as Row<T>;
    codec.insert(row);
    const name = entityName(table);
    if (!options.local) this.store.recordOp(this.actor, name, row.id, 'insert', null, row);
    this.note(name, row.id, row);
    return row;
  }

  /**
   * Queues a stored row that was kept off the outbox (`local: true`: the shipped catalogue) for the
   * server as it is now: how a fresh centre's first admin desktop publishes the shipped reference data.
   */
  queueLocal<T extends SyncedTable>(table: T, id: string): void {
    const row = this.get(table, id);
    if (!row) throw new DomainError('not_found', '记录不存在或已被删除');
    const name = entityName(table);
    this.store.recordOp(this.actor, name, id, 'insert', null, row);
    this.note(name, id, row);
  }

  get<T extends SyncedTable>(table: T, id: string): Row<T> | undefined {
    return this.store.codec(table).get(id) as Row<T> | undefined;
  }

  /**
   * A form edit: only fields that really change are written; the outbox op carries each field's
   * base value so the server can tell a concurrent edit of the same field.
   */
  patch<T extends SyncedTable>(table: T, id: string, fields: Patch<T>, intent?: { name: string; args?: Record<string, unknown> }): Row<T> {
    const current = this.get(table, id);
    if (!current) throw new DomainError('not_found', '记录不存在或已被删除');
    const changed: Record<string, { base: unknown; value: unknown }> = {};
    for (const [k, v] of Object.entries(fields)) {
      const base = (current as Record<string, unknown>)[k];
      if (v !== undefined && JSON.stringify(base) !== JSON.stringify(v)) changed[k] = { base: base ?? null, value: v };
    }
    const name = entityName(table);
    const changes = Object.keys(changed).length > 0 || Boolean(intent);
    this.note(name, id, current, changes);
    if (!changes) return current;
    const now = this.store.nowIso();
    const update = Object.fromEntries(Object.entries(changed).map(([k, c]) => [k, c.value]));
    this.store.codec(table).update(id, { ...update, updatedAt: now });
    if (intent) {
      this.store.recordOp(this.actor, name, id, 'intent', intent.name, { args: intent.args ?? {}, fields: changed });
    } else {
      this.store.recordOp(this.actor, name, id, 'patch', null, changed);
    }
    return { ...current, ...update, updatedAt: now } as Row<T>;
  }

  /** Soft delete: a tombstone that syncs like any other change. */
  remove<T extends SyncedTable>(table: T, id: string): void {
    const row = this.get(table, id);
    const now = this.store.nowIso();
    if (this.store.codec(table).update(id, { deletedAt: now, updatedAt: now }) === 0) throw new DomainError('not_found', '记录不存在或已被删除');
    const name = entityName(table);
    this.store.recordOp(this.actor, name, id, 'delete', null, { deletedAt: now });
    this.note(name, id, row);
  }
}

function entityName(table: SyncedTable): schema.SyncedEntity {
  const name = entityNameOf.get(table as SQLiteTable);
  if (!name) throw new Error('table is not a synced entity');
  return name;
}
