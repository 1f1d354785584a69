// The desktop's sync client: one round = push the outbox in batches, then pull pages after the
// saved cursor, applying each page and the new cursor in one SQLite transaction. Checksums at the
// end of a pull are compared per entity; a mismatch triggers a targeted resync of that entity.
import { plainHttpRefusal } from '../../shared/sync/transport';
import type Database from 'better-sqlite3';
import type { z } from 'zod';
import { DEFAULT_STREAM_LIMIT, MAX_PULL_LIMIT, MAX_STREAM_LIMIT, opSchema, pullResponseSchema, pushResponseSchema } from '../../shared/sync/protocol.js';
import type { DeviceInfoResponse, OpResult, PullResponse, StreamEnd, SyncOp } from '../../shared/sync/protocol.js';
import { BAD_REPLY, parseReply, replyError, replyJson, SyncHttpError } from './reply.js';
import { fetchDeviceInfo } from './device.js';
import { SCHEMA_VERSION, versionHeaders } from '../../shared/sync/versions.js';
import type { ClientVersions } from '../../shared/sync/versions.js';
import { PageApplier, ensureSyncTables } from './apply.js';
import type { AppliedChange } from './apply.js';
import { syncAttachmentFiles } from './files.js';
import { HeldRows } from './held.js';
import { SCHEMA_TABLES } from '../db/schema.js';
import { beginBulk, bulkState, finishBulk, isFreshStore, useBulkPragmas } from './bulk.js';
import type { BulkProgress, BulkState } from './bulk.js';
import { pullStreamEvents } from './pull-stream.js';
import { CURSOR_KEY, PullWriter } from './pull-writer.js';
import type { OpenBatch } from './pull-writer.js';
import { getSetting, setSetting } from './settings.js';
import type { FileSyncSummary } from './files.js';

/** What the client needs from the local store (the foundation's Store satisfies it). */
export interface SyncStore {
  db: Database.Database;
  clock?: { now(): Date };
  /** When present, attachment files are uploaded/downloaded after the rows (`<dir>/ab/abcdef…`). */
  attachmentsDir?(): string;
  /** The store's commit hook: told after each committed page (caches, open windows). */
  committed?(changes: Iterable<{ entity: string; id: string; caseId?: string | null }>): void;
  /** The store's write path commits this sync batch before a write of its own (Store.write). */
  holdBatch?(batch: OpenBatch | null): void;
}

export interface SyncOptions {
  serverUrl: string;
  deviceToken: string;
  /** Plain http:// over a network, allowed by an admin for a trial; otherwise such an address is refused. */
  allowPlainHttp?: boolean;
  pushBatchSize?: number;
  /** Rows per page of a targeted resync, and per stream response of the main pull. */
  pageSize?: number;
  /** A batch of pulled rows commits once its rows reach this many bytes (default 4 MB; 64 MB in a bulk load). */
  commitBytes?: number;
  /** Ask the server to gzip the pull (default true). */
  compress?: boolean;
  /** Load a fresh store through the bulk path (default true). */
  bulkLoad?: boolean;
  /** The first pull's progress (rows, bytes, the rows announced), every 4,096 rows, at each stream's end and during the index phase. */
  onProgress?: (p: BulkProgress) => void;
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

export { SyncHttpError };

/** Commit budgets: a normal pull writes few random pages per batch; a bulk load appends. */
const COMMIT_BYTES = 4 << 20;
const BULK_COMMIT_BYTES = 64 << 20;
const BULK_STREAM_ROWS = MAX_STREAM_LIMIT;

export function savedCursor(store: SyncStore): string | null {
  return (getSetting(store.db, CURSOR_KEY) as string | undefined) ?? null;
}

/** POST a request and parse the answer with its reply schema (a reply that does not parse is a clear error). */
async function post<T>(opts: SyncOptions, path: string, body: unknown, schema: z.ZodType<T>): Promise<T> {
  let res: Response;
  try {
    res = await fetch(new URL(path, opts.serverUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${opts.deviceToken}`, ...versionHeaders(opts.versions) },
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

/** Pull everything after `cursor` (or from the start for a targeted resync) and apply it. */
async function pullLoop(
  store: SyncStore,
  opts: SyncOptions,
  summary: SyncSummary,
  mode: { kind: 'main' } | { kind: 'resync'; entity: string; ids?: string[]; seen: Set<string> },
  wantChecksums: boolean,
): Promise<PullResponse['checksums']> {
  return mode.kind === 'main' ? pullMain(store, opts, summary, wantChecksums) : pullResync(store, opts, summary, mode);
}

/** Counts of a writer's batches, added to the round's summary. */
function addWriter(summary: SyncSummary, w: PullWriter): void {
  summary.applyErrors += w.applyErrors;
  summary.casesLeftScope += w.casesLeftScope;
  w.applyErrors = 0;
  w.casesLeftScope = 0;
}

/**
 * The main pull: streams after the saved cursor, rows written as they arrive. A fresh store goes
 * through the bulk path (bulk.ts) and comes out of it, indexed, before the checksums are compared.
 */
async function pullMain(store: SyncStore, opts: SyncOptions, summary: SyncSummary, wantChecksums: boolean): Promise<PullResponse['checksums']> {
  const db = store.db;
  const now = () => store.clock?.now() ?? new Date();
  let cursor = savedCursor(store);
  let bulk = bulkState(db);
  // A fresh store starts its bulk load on the first row that arrives (a server that answers
  // nonsense leaves the store as it was).
  const fresh = !bulk && opts.bulkLoad !== false && isFreshStore(db, cursor);
  const applier = new PageApplier(db, now);
  const progress: BulkProgress = { phase: 'load', rows: 0, bytes: 0, totalRows: null, startedAt: bulk?.startedAt ?? now().toISOString() };
  const writer = new PullWriter(store, applier, {
    saveCursor: true,
    commitBytes: opts.commitBytes ?? COMMIT_BYTES,
    ...(opts.index ? { changed: opts.index.changed } : {}),
    ...(opts.onApplied ? { onApplied: opts.onApplied } : {}),
  });
  const startBulk = (state: BulkState) => {
    bulk = state;
    progress.startedAt = state.startedAt;
    applier.setBulk(true);
    writer.bulk(opts.commitBytes ?? BULK_COMMIT_BYTES);
    useBulkPragmas(db, true);
  };
  if (bulk) startBulk(bulk);
  try {
    for (let first = true; ; first = false) {
      let end: StreamEnd | undefined;
      // The total counts rows after this stream's cursor, whenever its line arrives.
      const rowsBefore = progress.rows;
      try {
        const events = pullStreamEvents(opts, {
          cursor,
          limit: opts.pageSize ?? (bulk || fresh ? BULK_STREAM_ROWS : DEFAULT_STREAM_LIMIT),
          // A load's checksums are asked for separately, while its indexes are built.
          checksums: wantChecksums && !(bulk || fresh),
          total: first && (bulk !== null || fresh),
        });
        for await (const ev of events) {
          if (ev.kind === 'row') {
            if (fresh && !bulk) startBulk(beginBulk(db, now()));
            writer.row(ev.change, ev.bytes);
            summary.pulled += 1;
            // The bar follows the rows as they are written (a load's batches grow large).
            if (bulk) {
              progress.rows += 1;
              progress.bytes += ev.bytes;
              if ((progress.rows & 4095) === 0) opts.onProgress?.({ ...progress });
            }
          } else if (ev.kind === 'total') {
            progress.totalRows = rowsBefore + ev.rows;
          } else {
            end = ev.end;
          }
        }
      } catch (e) {
        // What arrived whole is kept (each row was checked): the next round starts after it.
        writer.commit(null);
        addWriter(summary, writer);
        summary.cursor = savedCursor(store);
        throw e;
      }
      if (!end) throw new SyncHttpError(0, 'cut', '与同步服务器的连接中断：数据流不完整');
      if (end.hasMore) writer.carry(end.cursor);
      else writer.commit(end.cursor);
      addWriter(summary, writer);
      if (bulk) opts.onProgress?.({ ...progress });
      summary.pages += 1;
      cursor = end.cursor;
      summary.cursor = cursor;
      if (!end.hasMore) {
        if (!bulk) return end.checksums;
        const early = wantChecksums ? await fetchChecksumsEarly(opts, cursor) : null;
        finishLoad(store, opts, bulk, progress);
        // None (something new arrived meanwhile, or the request failed): the round asks again.
        return early ? await early.checksums : undefined;
      }
    }
  } finally {
    writer.rollback();
    if (bulk) useBulkPragmas(db, false);
  }
}

/**
 * The checksums after a load, asked for before its index phase: the server sums a city's 900,000
 * rows (seconds) while the desktop builds its indexes, instead of the desktop waiting for both in
 * turn. Resolves once the request is on its way (the index phase then blocks this thread; the
 * answer waits in the socket); `checksums` then gives them, or undefined when rows came after
 * `cursor` or the request failed (the round then asks again).
 */
async function fetchChecksumsEarly(opts: SyncOptions, cursor: string | null): Promise<{ checksums: Promise<PullResponse['checksums']> }> {
  let sent: () => void = () => undefined;
  const onItsWay = new Promise<void>((resolve) => (sent = resolve));
  const result = (async () => {
    let rows = 0;
    let checks: PullResponse['checksums'];
    for await (const ev of pullStreamEvents(opts, { cursor, limit: 1, checksums: true, total: false }, sent)) {
      if (ev.kind === 'row') rows += 1;
      else if (ev.kind === 'end' && !ev.end.hasMore && rows === 0) checks = ev.end.checksums;
    }
    return checks;
  })()
    .catch(() => undefined)
    .finally(sent);
  await onItsWay;
  // Wrapped: an async function returning the promise itself would wait for it.
  return { checksums: result };
}

/** The bulk load's index phase, under the load's pragmas (the caller's): see resumeIndexPhase. */
function finishLoad(store: SyncStore, opts: SyncOptions, state: BulkState, progress: BulkProgress | null): void {
  const db = store.db;
  const applier = new PageApplier(db);
  const p: BulkProgress = { ...(progress ?? { rows: 0, bytes: 0, totalRows: null, startedAt: state.startedAt }), phase: 'index' };
  finishBulk(db, state, {
    rebuildChecksums: () => applier.rebuildAllChecksums(),
    ...(opts.index ? { rebuildSearch: opts.index.rebuild } : {}),
    onStep: () => opts.onProgress?.(p),
  });
  // Screens that showed a loading store read it again, now indexed.
  store.committed?.(Object.keys(SCHEMA_TABLES).map((entity) => ({ entity, id: '' })));
}

/** A targeted resync (one entity, maybe some ids): pages from the start, the cursor untouched. */
async function pullResync(store: SyncStore, opts: SyncOptions, summary: SyncSummary, mode: { entity: string; ids?: string[]; seen: Set<string> }): Promise<PullResponse['checksums']> {
  const applier = new PageApplier(store.db, () => store.clock?.now() ?? new Date());
  const writer = new PullWriter(store, applier, {
    saveCursor: false,
    commitBytes: Number.POSITIVE_INFINITY,
    ...(opts.index ? { changed: opts.index.changed } : {}),
    ...(opts.onApplied ? { onApplied: opts.onApplied } : {}),
    onRow: (c) => mode.seen.add(c.id),
  });
  const fetchPage = (c: string | null) => {
    const body: Record<string, unknown> = { cursor: c, limit: Math.min(opts.pageSize ?? 5000, MAX_PULL_LIMIT), checksums: false, entities: [mode.entity] };
    if (mode.ids) body.ids = mode.ids;
    const p = post(opts, '/sync/pull', body, pullResponseSchema);
    p.catch(() => undefined); // awaited below; never an unhandled rejection if we stop early
    return p;
  };
  let next = fetchPage(null);
  try {
    for (;;) {
      const page = await next;
      // Fetch the next page while this one is written (the server works while SQLite does).
      if (page.hasMore) next = fetchPage(page.cursor);
      for (const c of page.changes) writer.row(c, 0);
      writer.commit(null);
      addWriter(summary, writer);
      summary.pulled += page.changes.length;
      summary.pages += 1;
      if (!page.hasMore) return page.checksums;
    }
  } finally {
    writer.rollback();
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
    const local = applier.heldIds(entity);
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
  const held = new HeldRows(db);
  for (const [entity, ids] of byEntity) {
    const list = [...ids];
    for (let i = 0; i < list.length; i += 1000) {
      const seen = new Set<string>();
      const chunk = list.slice(i, i + 1000);
      await pullLoop(store, opts, summary, { kind: 'resync', entity, ids: chunk, seen }, false);
      summary.restored += chunk.filter((id) => seen.has(id)).length;
      // Neither sent by the server now nor ever before: a record the server never accepted.
      const unknown = chunk.filter((id) => !seen.has(id) && held.seqOf(entity, id) === undefined);
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

/** A load whose index phase a crash cut short is finished before the store does anything else. */
function resumeIndexPhase(store: SyncStore, opts: SyncOptions): void {
  const state = bulkState(store.db);
  if (state?.phase !== 'index') return;
  useBulkPragmas(store.db, true);
  try {
    finishLoad(store, opts, state, null);
  } finally {
    useBulkPragmas(store.db, false);
  }
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
    resumeIndexPhase(store, opts);
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
