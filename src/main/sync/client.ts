// The desktop's sync client: one round = push the outbox in batches, then pull pages after the
// saved cursor, applying each page and the new cursor in one SQLite transaction. Checksums at the
// end of a pull are compared per entity; a mismatch triggers a targeted resync of that entity.
import { plainHttpRefusal } from '../../shared/sync/transport';
import type Database from 'better-sqlite3';
import type { z } from 'zod';
import { opSchema, pullResponseSchema, pushResponseSchema } from '../../shared/sync/protocol.js';
import type { DeviceInfoResponse, OpResult, PullResponse, SyncOp } from '../../shared/sync/protocol.js';
import { BAD_REPLY, parseReply, replyError, replyJson } from './reply.js';
import { fetchDeviceInfo } from './device.js';
import { APP_VERSION, PROTOCOL_VERSION, SCHEMA_VERSION, versionHeaders } from '../../shared/sync/versions.js';
import type { ClientVersions } from '../../shared/sync/versions.js';
import { PageApplier, ensureSyncTables } from './apply.js';
import type { AppliedChange } from './apply.js';
import { syncAttachmentFiles } from './files.js';
import type { FileSyncSummary } from './files.js';

/** What the client needs from the local store (the foundation's Store satisfies it). */
export interface SyncStore {
  db: Database.Database;
  clock?: { now(): Date };
  /** When present, attachment files are uploaded/downloaded after the rows (`<dir>/ab/abcdef…`). */
  attachmentsDir?(): string;
  /** The store's commit hook: told after each committed page (caches, open windows). */
  committed?(changes: Iterable<{ entity: string; id: string; caseId?: string | null }>): void;
}

export interface SyncOptions {
  serverUrl: string;
  deviceToken: string;
  /** Plain http:// over a network, allowed by an admin for a trial; otherwise such an address is refused. */
  allowPlainHttp?: boolean;
  pushBatchSize?: number;
  pageSize?: number;
  /** Ask for checksums even when nothing came down (the scheduler does it every Nth round). */
  verify?: boolean;
  versions?: ClientVersions;
  timeoutMs?: number;
  /**
   * Called inside the page transaction with the changes applied and the rows removed because their
   * case left this desktop's scope (e.g. to refresh the search index).
   */
  onApplied?: (changes: ReadonlyArray<AppliedChange>) => void;
  /** A derived index (search) kept in step with pulled rows; rebuilt once after a fresh pull. */
  index?: PulledRowsIndex;
  /**
   * The device's card key and the server's guide address (GET /device/info): asked after the push
   * and pull of a round when `wanted()` says so (no key yet, or a new sync session). A failure is
   * noted in the summary and never fails the round.
   */
  deviceInfo?: { wanted(): boolean; received(info: DeviceInfoResponse): void | Promise<void> };
}

export interface PulledRowsIndex {
  /** Inside each page's transaction: the rows applied or removed. */
  changed(changes: ReadonlyArray<AppliedChange>): void;
  /** Build the whole index from the stored rows (runs in its own transaction). */
  rebuild(): void;
}

export interface SyncSummary {
  ok: boolean;
  /** 'offline' (no answer), 'unauthorized' (token revoked/expired), 'upgrade' (426), 'error'. */
  failure?: 'offline' | 'unauthorized' | 'upgrade' | 'error';
  message?: string;
  pushed: { applied: number; duplicate: number; rejected: number; conflicts: number };
  rejections: Array<{ seq: number; entity: string; entityId: string; kind: string; error: string }>;
  /** Local rows put back to the server's copy (or removed, if the server never had them) after a refusal. */
  restored: number;
  pulled: number;
  pages: number;
  applyErrors: number;
  cursor: string | null;
  checksumsVerified: boolean;
  /** The server no longer knew our cursor (restored from a backup): everything was pulled again. */
  restarted?: boolean;
  mismatched: string[];
  resynced: string[];
  /** Cases removed here because they left this office's scope (their edits had all gone up). */
  casesLeftScope: number;
  pending: number;
  openConflicts: number;
  files?: FileSyncSummary;
  /** GET /device/info this round: 'updated', or why it failed (the round itself is not failed by it). */
  deviceInfo?: 'updated' | { error: string };
  ms: number;
}

export class SyncHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const CURSOR_KEY = 'sync.cursor';
/** Set while a fresh pull skips per-page index updates; cleared by the rebuild in the same commit. */
const INDEX_REBUILD_KEY = 'sync.indexRebuildPending';

function getSetting(db: Database.Database, key: string): unknown {
  const row = db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(key) as string | undefined;
  return row === undefined ? undefined : JSON.parse(row);
}
function setSetting(db: Database.Database, key: string, value: unknown): void {
  db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, JSON.stringify(value));
}

export function savedCursor(store: SyncStore): string | null {
  return (getSetting(store.db, CURSOR_KEY) as string | undefined) ?? null;
}

/** POST a request and parse the answer with its reply schema (a reply that does not parse is a clear error). */
async function post<T>(opts: SyncOptions, path: string, body: unknown, schema: z.ZodType<T>): Promise<T> {
  const v = opts.versions ?? { protocol: PROTOCOL_VERSION, schema: SCHEMA_VERSION, app: APP_VERSION };
  let res: Response;
  try {
    res = await fetch(new URL(path, opts.serverUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${opts.deviceToken}`, ...versionHeaders(v) },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(opts.timeoutMs ?? 60_000),
    });
  } catch (e) {
    throw new SyncHttpError(0, 'offline', `无法连接同步服务器：${(e as Error).message}`);
  }
  const json = await replyJson(res);
  if (!res.ok) {
    const err = replyError(res.status, json, `同步服务器返回错误 ${res.status}`);
    throw new SyncHttpError(res.status, err.code, err.message);
  }
  const parsed = parseReply(schema, json);
  if (parsed === null) throw new SyncHttpError(res.status, 'bad_reply', `${BAD_REPLY}（${path}），本次未写入任何数据，请联系管理员检查同步服务器`);
  return parsed;
}

/** An outbox row as stored (snake_case columns). */
export interface OutboxRow {
  seq: number;
  op_id: string;
  entity: string;
  entity_id: string;
  kind: string;
  intent: string | null;
  payload: string;
  user_id: string | null;
  org_unit_id: string | null;
  created_at: string;
}

function toOp(r: OutboxRow): unknown {
  let payload: unknown;
  try {
    payload = JSON.parse(r.payload);
  } catch {
    payload = r.payload;
  }
  const op: Record<string, unknown> = {
    clientSeq: r.seq,
    opId: r.op_id,
    entity: r.entity,
    entityId: r.entity_id,
    kind: r.kind,
    payload,
    userId: r.user_id ?? '',
    orgUnitId: r.org_unit_id,
    createdAt: r.created_at,
    schemaVersion: SCHEMA_VERSION,
  };
  if (r.intent) op.intent = r.intent;
  return op;
}

/** Push every pending outbox row; each answer is recorded on its row in one transaction per batch. */
export async function pushOutbox(store: SyncStore, opts: SyncOptions, summary: SyncSummary): Promise<void> {
  const db = store.db;
  const batchSize = opts.pushBatchSize ?? 1000;
  const select = db.prepare('SELECT seq, op_id, entity, entity_id, kind, intent, payload, user_id, org_unit_id, created_at FROM outbox WHERE pushed_at IS NULL ORDER BY seq LIMIT ?');
  const mark = db.prepare('UPDATE outbox SET pushed_at = ?, push_status = ?, push_error = ? WHERE seq = ? AND pushed_at IS NULL');
  let lastFirst = -1;
  for (;;) {
    const rows = select.all(batchSize) as OutboxRow[];
    if (!rows.length) return;
    if (rows[0]?.seq === lastFirst) throw new SyncHttpError(0, 'stuck', '同步队列没有前进，请联系管理员');
    lastFirst = rows[0]?.seq ?? -1;
    const ops = rows.map(toOp);
    const res = await post(opts, '/sync/push', { ops }, pushResponseSchema);
    const byRow = new Map(rows.map((r) => [r.seq, r]));
    const now = (store.clock?.now() ?? new Date()).toISOString();
    db.transaction((results: OpResult[]) => {
      for (const r of results) {
        const row = byRow.get(r.clientSeq);
        if (!row) continue;
        const status = r.status === 'duplicate' && r.code ? 'rejected' : r.status;
        mark.run(now, status, r.error ?? null, r.clientSeq);
        if (status === 'applied' || r.status === 'duplicate') {
          if (status === 'applied') summary.pushed.applied++;
          else summary.pushed.duplicate++;
        }
        if (status === 'rejected') {
          summary.pushed.rejected++;
          summary.rejections.push({ seq: r.clientSeq, entity: row.entity, entityId: row.entity_id, kind: row.kind, error: r.error ?? '服务器拒绝了该操作' });
        }
        summary.pushed.conflicts += r.conflicts ?? 0;
      }
    })(res.results);
    // The 同步 page's counts (待同步, 被拒绝) follow the outbox.
    store.committed?.([{ entity: 'outbox', id: '' }]);
    // Ops the server did not answer for (should not happen) stay pending and go up next round.
    if (res.results.length === 0) return;
  }
}

/** Pull pages after `cursor` (or from the start for a targeted resync) and apply them. */
async function pullLoop(
  store: SyncStore,
  opts: SyncOptions,
  summary: SyncSummary,
  mode: { kind: 'main' } | { kind: 'resync'; entity: string; ids?: string[]; seen: Set<string> },
  wantChecksums: boolean,
): Promise<PullResponse['checksums']> {
  const db = store.db;
  const applier = new PageApplier(db, () => store.clock?.now() ?? new Date());
  const cursor = mode.kind === 'main' ? savedCursor(store) : null;
  // A desktop that holds nothing yet (its first pull, or one cut short) builds its index once at the
  // end of the round instead of row by row.
  const bulkIndex = Boolean(opts.index) && mode.kind === 'main' &&
    (getSetting(db, INDEX_REBUILD_KEY) === true || (cursor === null && !db.prepare('SELECT 1 FROM sync_rows LIMIT 1').get()));
  const fetchPage = (c: string | null) => {
    const body: Record<string, unknown> = { cursor: c, limit: opts.pageSize ?? 5000, checksums: wantChecksums };
    if (mode.kind === 'resync') {
      body.entities = [mode.entity];
      if (mode.ids) body.ids = mode.ids;
    }
    const p = post(opts, '/sync/pull', body, pullResponseSchema);
    p.catch(() => undefined); // awaited below; never an unhandled rejection if we stop early
    return p;
  };
  let next = fetchPage(cursor);
  for (;;) {
    const page = await next;
    let committedPage: ReadonlyArray<AppliedChange> = [];
    // Fetch the next page while this one is written (the server works while SQLite does).
    if (page.hasMore) {
      next = fetchPage(page.cursor);
      // fetch() only writes the request on a later turn of the event loop, and the page below is
      // written synchronously: without this yield the server would start on page N+1 only after
      // page N is in SQLite, and the two would never overlap (measured: 42 s → 22 s for 500k rows).
      await new Promise((r) => setImmediate(r));
      await new Promise((r) => setImmediate(r));
    }
    // Rows of one case may arrive before the case itself (orders follow the server sequence), so
    // foreign keys are checked by the server, not while a page is written.
    db.pragma('foreign_keys = OFF');
    try {
      db.transaction(() => {
      applier.loadPending();
      applier.preload(page.changes);
      for (const c of page.changes) {
        if (!applier.apply(c)) summary.applyErrors++;
        if (mode.kind === 'resync') mode.seen.add(c.id);
      }
      // Cases that left the scope go once nothing of theirs is pending (the push ran just before).
      const removed = applier.leaveScopes();
      summary.casesLeftScope += removed.filter((r) => r.entity === 'cases').length;
      applier.flush();
      const applied = removed.length ? [...page.changes, ...removed] : page.changes;
      if (bulkIndex) setSetting(db, INDEX_REBUILD_KEY, true);
      else opts.index?.changed(applied);
      opts.onApplied?.(applied);
      if (mode.kind === 'main') setSetting(db, CURSOR_KEY, page.cursor);
      committedPage = applied;
      })();
    } finally {
      db.pragma('foreign_keys = ON');
    }
    if (committedPage.length) store.committed?.(committedPage);
    summary.pulled += page.changes.length;
    summary.pages += 1;
    if (mode.kind === 'main') summary.cursor = page.cursor;
    if (!page.hasMore) return page.checksums;
  }
}

function compareChecksums(local: Record<string, { count: number; hash: string }>, server: NonNullable<PullResponse['checksums']>): string[] {
  const entities = new Set([...Object.keys(local), ...Object.keys(server)]);
  const bad: string[] = [];
  for (const e of entities) {
    const l = local[e] ?? { count: 0, hash: '000000000000' };
    const s = server[e] ?? { count: 0, hash: '000000000000' };
    if (l.count !== s.count || l.hash !== s.hash) bad.push(e);
  }
  return bad.sort();
}

/** Re-fetch every row of one entity in scope, then drop local synced rows the server no longer gives us. */
async function resyncEntity(store: SyncStore, opts: SyncOptions, summary: SyncSummary, entity: string): Promise<void> {
  const seen = new Set<string>();
  await pullLoop(store, opts, summary, { kind: 'resync', entity, seen }, false);
  const db = store.db;
  const applier = new PageApplier(db);
  let gone: string[] = [];
  db.transaction(() => {
    applier.loadPending();
    const exits = applier.deferredExits();
    const local = db.prepare('SELECT id FROM sync_rows WHERE entity = ?').pluck().all(entity) as string[];
    const removed = local.filter((id) => !seen.has(id) && !applier.keptForExit(entity, id, exits) && applier.remove(entity, id));
    applier.rebuildChecksum(entity);
    if (removed.length) opts.index?.changed(removed.map((id) => ({ entity, id, deleted: true })));
    gone = removed;
  })();
  if (gone.length) store.committed?.(gone.map((id) => ({ entity, id })));
  summary.resynced.push(entity);
}

/**
 * After the server refused some ops, put the rows they touched back to the server's copy: a
 * refused edit would otherwise stay on this desktop forever, and a refused new record (which the
 * server never had) is removed. What the clerk typed stays in the outbox row for the sync page.
 */
async function restoreRefused(store: SyncStore, opts: SyncOptions, summary: SyncSummary): Promise<void> {
  const byEntity = new Map<string, Set<string>>();
  for (const r of summary.rejections) byEntity.set(r.entity, (byEntity.get(r.entity) ?? new Set<string>()).add(r.entityId));
  const db = store.db;
  const held = db.prepare('SELECT 1 FROM sync_rows WHERE entity = ? AND id = ?').pluck();
  for (const [entity, ids] of byEntity) {
    const list = [...ids];
    for (let i = 0; i < list.length; i += 1000) {
      const seen = new Set<string>();
      const chunk = list.slice(i, i + 1000);
      await pullLoop(store, opts, summary, { kind: 'resync', entity, ids: chunk, seen }, false);
      summary.restored += chunk.filter((id) => seen.has(id)).length;
      // Neither sent by the server now nor ever before: a record the server never accepted.
      const unknown = chunk.filter((id) => !seen.has(id) && !held.get(entity, id));
      if (!unknown.length) continue;
      // Children first would matter with foreign keys on; a refused parent's children were refused too.
      let gone: string[] = [];
      db.pragma('foreign_keys = OFF');
      try {
        db.transaction(() => {
          const applier = new PageApplier(db);
          applier.loadPending();
          const removed = unknown.filter((id) => applier.remove(entity, id));
          applier.flush();
          summary.restored += removed.length;
          if (removed.length) opts.index?.changed(removed.map((id) => ({ entity, id, deleted: true })));
          gone = removed;
        })();
      } finally {
        db.pragma('foreign_keys = ON');
      }
      if (gone.length) store.committed?.(gone.map((id) => ({ entity, id })));
    }
  }
}

function rebuildIndexIfPending(store: SyncStore, opts: SyncOptions): void {
  if (!opts.index || getSetting(store.db, INDEX_REBUILD_KEY) !== true) return;
  store.db.transaction(() => {
    opts.index?.rebuild();
    setSetting(store.db, INDEX_REBUILD_KEY, false);
  })();
}

async function refreshDeviceInfo(opts: SyncOptions, summary: SyncSummary): Promise<void> {
  if (!opts.deviceInfo?.wanted()) return;
  try {
    await opts.deviceInfo.received(await fetchDeviceInfo(opts.serverUrl, opts.deviceToken, opts.timeoutMs));
    summary.deviceInfo = 'updated';
  } catch (e) {
    summary.deviceInfo = { error: (e as Error).message };
  }
}

/** One sync round. Never throws for network or server answers: the summary says what happened. */
export async function runSyncRound(store: SyncStore, opts: SyncOptions): Promise<SyncSummary> {
  const t0 = performance.now();
  ensureSyncTables(store.db);
  const summary: SyncSummary = {
    ok: true,
    pushed: { applied: 0, duplicate: 0, rejected: 0, conflicts: 0 },
    rejections: [],
    restored: 0,
    pulled: 0,
    pages: 0,
    applyErrors: 0,
    cursor: savedCursor(store),
    checksumsVerified: false,
    mismatched: [],
    resynced: [],
    casesLeftScope: 0,
    pending: 0,
    openConflicts: 0,
    ms: 0,
  };
  try {
    const refused = plainHttpRefusal(opts.serverUrl, opts.allowPlainHttp ?? false);
    if (refused) throw new Error(refused);
    await pushOutbox(store, opts, summary);
    if (summary.rejections.length) await restoreRefused(store, opts, summary);
    let checks: PullResponse['checksums'];
    try {
      checks = await pullLoop(store, opts, summary, { kind: 'main' }, Boolean(opts.verify));
    } catch (e) {
      if (!(e instanceof SyncHttpError && e.code === 'cursor_ahead')) throw e;
      // The server went back in time (restored backup): pull everything again; checksums then
      // find what the server no longer has and a targeted resync removes it.
      setSetting(store.db, CURSOR_KEY, null);
      summary.restarted = true;
      checks = await pullLoop(store, opts, summary, { kind: 'main' }, true);
    }
    if (!checks && summary.pulled > 0) {
      // Something came down: confirm with checksums (an empty page carrying them).
      checks = await pullLoop(store, opts, summary, { kind: 'main' }, true);
    }
    if (checks) {
      const applier = new PageApplier(store.db);
      summary.mismatched = compareChecksums(applier.localChecksums(), checks);
      for (const e of summary.mismatched) await resyncEntity(store, opts, summary, e);
      summary.checksumsVerified = summary.mismatched.length === 0;
      if (summary.mismatched.length) {
        const again = await pullLoop(store, opts, summary, { kind: 'main' }, true);
        if (again) summary.checksumsVerified = compareChecksums(new PageApplier(store.db).localChecksums(), again).length === 0;
      }
    }
    rebuildIndexIfPending(store, opts);
    await refreshDeviceInfo(opts, summary);
    if (store.attachmentsDir) summary.files = await syncAttachmentFiles(store as SyncStore & { attachmentsDir(): string }, opts);
  } catch (e) {
    summary.ok = false;
    if (e instanceof SyncHttpError) {
      summary.failure = e.status === 0 ? 'offline' : e.status === 401 ? 'unauthorized' : e.status === 426 ? 'upgrade' : 'error';
      summary.message = e.message;
    } else {
      summary.failure = 'error';
      summary.message = (e as Error).message;
    }
  }
  // A pull cut short still leaves what it brought searchable.
  if (!summary.ok) {
    try {
      rebuildIndexIfPending(store, opts);
    } catch (e) {
      summary.message = `${summary.message ?? ''}；索引重建失败：${(e as Error).message}`;
    }
  }
  summary.pending = store.db.prepare('SELECT count(*) FROM outbox WHERE pushed_at IS NULL').pluck().get() as number;
  try {
    summary.openConflicts = store.db.prepare("SELECT count(*) FROM conflicts WHERE status = 'open' AND deleted_at IS NULL").pluck().get() as number;
  } catch {
    summary.openConflicts = 0;
  }
  summary.ms = Math.round(performance.now() - t0);
  return summary;
}

/** Is this outbox payload a well-formed op? (for diagnostics in the UI) */
export function validateOutboxOp(op: SyncOp): boolean {
  return opSchema.safeParse(op).success;
}
