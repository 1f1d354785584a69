// The state one push batch works on: the records its ops touch (loaded once, changed in memory,
// flushed at the end), the case scopes and shares they are checked against, and what the batch
// grants or takes away. A refused op throws a Rejection before it changes any of it.
import { sql } from 'drizzle-orm';
import type { Ctx } from '../../context';
import type { Tx } from '../../store/db';
import { rows } from '../../store/db';
import type { DeviceRow } from '../../auth/devices';
import type { SyncOp } from '../../../shared/sync/protocol';
import { loadRecords, recKey } from '../records';
import type { Rec } from '../records';

/** Why one op was refused: a stable code and the Chinese message the clerk sees. */
export class Rejection extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export const reject = (code: string, message: string): never => {
  throw new Rejection(code, message);
};

export interface Batch {
  ctx: Ctx;
  tx: Tx;
  device: DeviceRow;
  now: Date;
  recs: Map<string, Rec>;
  /** Records changed by this batch, in order of last change. */
  touched: Set<Rec>;
  caseScopes: Map<string, Set<string>>;
  shares: Map<string, Set<string>>;
  users: Map<string, Record<string, unknown> | null>;
  /** Cases to re-stamp after the flush (newly shared with another office). */
  restamps: Array<{ caseId: string; extra: Array<[string, string]> }>;
  newScopes: Array<{ caseId: string; orgUnitId: string; reason: string }>;
  newShares: Array<{ entity: string; recordId: string; orgUnitId: string }>;
  /** Offices whose transfer of a case was returned (they lose the case unless another grant holds). */
  scopeExits: Array<{ caseId: string; orgUnitId: string }>;
  orgTreeChanged: boolean;
}

export function newBatch(ctx: Ctx, tx: Tx, device: DeviceRow, now: Date): Batch {
  return {
    ctx, tx, device, now,
    recs: new Map(), touched: new Set(), caseScopes: new Map(), shares: new Map(), users: new Map(),
    restamps: [], newScopes: [], newShares: [], scopeExits: [], orgTreeChanged: false,
  };
}

/** Mark a record changed; it moves to the end so the flush numbers records in order of last change. */
export function touch(b: Batch, r: Rec): void {
  r.dirty = true;
  b.touched.delete(r);
  b.touched.add(r);
}

export function getRec(b: Batch, entity: string, id: string): Rec | undefined {
  return b.recs.get(recKey(entity, id));
}

export function addScope(b: Batch, caseId: string, orgUnitId: string, reason: string): void {
  const set = b.caseScopes.get(caseId) ?? new Set<string>();
  if (set.has(orgUnitId)) return;
  set.add(orgUnitId);
  b.caseScopes.set(caseId, set);
  b.newScopes.push({ caseId, orgUnitId, reason });
}

/** Load, in a few queries, every record, case scope, share and user the ops will be checked against. */
export async function preload(b: Batch, ops: SyncOp[]): Promise<void> {
  const keys: Array<[string, string]> = ops.map((o) => [o.entity, o.entityId]);
  await loadRecords(b.tx, keys, b.recs);
  const caseIds = new Set<string>();
  const extra: Array<[string, string]> = [];
  for (const o of ops) {
    if (o.entity === 'cases') caseIds.add(o.entityId);
    const p = o.kind === 'insert' ? o.payload : o.kind === 'intent' ? { ...o.payload.args, ...o.payload.fields } : {};
    if (typeof p.caseId === 'string') caseIds.add(p.caseId);
    const r = getRec(b, o.entity, o.entityId);
    if (r?.caseId) caseIds.add(r.caseId);
  }
  await loadRecords(b.tx, [...caseIds].map((id) => ['cases', id]), b.recs);
  for (const id of caseIds) {
    const c = getRec(b, 'cases', id);
    for (const f of ['applicantId', 'projectId'] as const) {
      const v = c?.data[f];
      if (typeof v === 'string') extra.push([f === 'applicantId' ? 'applicants' : 'projects', v]);
    }
  }
  await loadRecords(b.tx, extra, b.recs);
  if (caseIds.size) {
    const list = sql.join([...caseIds].map((c) => sql`${c}`), sql`, `);
    const sc = await rows<{ case_id: string; org_unit_id: string }>(b.tx, sql`SELECT case_id, org_unit_id FROM case_scope WHERE case_id IN (${list})`);
    for (const s of sc) {
      const set = b.caseScopes.get(s.case_id) ?? new Set<string>();
      set.add(s.org_unit_id);
      b.caseScopes.set(s.case_id, set);
    }
  }
  const officeKeys = [...b.recs.values()].filter((r) => !r.caseId && !r.isRef);
  if (officeKeys.length) {
    const tuples = sql.join(officeKeys.map((r) => sql`(${r.entity}, ${r.id})`), sql`, `);
    const sh = await rows<{ entity: string; record_id: string; org_unit_id: string }>(b.tx, sql`SELECT entity, record_id, org_unit_id FROM record_shares WHERE (entity, record_id) IN (${tuples})`);
    for (const s of sh) {
      const k = recKey(s.entity, s.record_id);
      const set = b.shares.get(k) ?? new Set<string>();
      set.add(s.org_unit_id);
      b.shares.set(k, set);
    }
  }
  const userIds = [...new Set(ops.map((o) => o.userId))];
  if (userIds.length) {
    const list = sql.join(userIds.map((u) => sql`${u}`), sql`, `);
    const us = await rows<{ id: string; data: Record<string, unknown>; deleted: boolean }>(b.tx, sql`SELECT id, data, deleted FROM records WHERE entity = 'users' AND id IN (${list})`);
    for (const u of userIds) b.users.set(u, null);
    for (const u of us) b.users.set(u.id, u.deleted ? null : u.data);
  }
}
