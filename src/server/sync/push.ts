// POST /sync/push: apply a batch of outbox ops in one transaction. Idempotent by (device, clientSeq):
// the applied_ops row is written in the same transaction as the effects. A bad op is rejected with
// a Chinese reason and never blocks the rest of the batch.
import { sql } from 'drizzle-orm';
import { caseKeys } from '../context';
import type { Ctx } from '../context';
import { HttpError, zodMessage } from '../errors';
import type { Tx } from '../store/db';
import { rows } from '../store/db';
import type { DeviceRow } from '../auth/devices';
import { userIsActive, userRoles } from '../auth/admin';
import { opEnvelopeSchema, opSchema } from '../../shared/sync/protocol';
import type { DeleteOp, InsertOp, IntentOp, OpResult, SyncOp } from '../../shared/sync/protocol';
import {
  CONFLICT_ENTITY,
  CONFLICT_RESOLUTION_FIELDS,
  IMMUTABLE_FIELDS,
  IMMUTABLE_REFERENCE_FIELDS,
  INTENT_NAME_RE,
  LEADER_INTENTS,
  LOCAL_ONLY_ENTITIES,
  SCOPE_EXIT_ENTITY,
  WRITER_ROLES,
  isAppendOnly,
  isControlledField,
  isLogCorrection,
  isReferenceEntity,
  type ReferenceEntity,
  jsonEqual,
  normalizeIntentFields,
} from '../../shared/sync/rules';
import { CASE_STATUSES, ROLES } from '../../shared/domain/enums';
import type { CaseStatus, HelpKind, Mode, Role } from '../../shared/domain/enums';
import { CASE_TRANSITIONS, applyCaseAction, isCaseTransition } from '../../shared/domain/case-status';
import { uuidv7 } from '../../shared/ids';

/** Statuses a new case may be created with. */
const INITIAL_CASE_STATUSES = ['consulting', 'accepted'];
import { chunkBy, flushRecords, loadRecords, lockSeq, recKey, restampCase, saveSeq, SeqAllocator } from './records';
import type { Rec } from './records';
import { upgradeOp } from './upgrade';
import { checkReferenceChange } from '../../shared/sync/reference-authority';
import { settleScopeChanges } from './scope';

class Rejection extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const reject = (code: string, message: string): never => {
  throw new Rejection(code, message);
};

interface Batch {
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

function touch(b: Batch, r: Rec): void {
  r.dirty = true;
  b.touched.delete(r);
  b.touched.add(r);
}

function getRec(b: Batch, entity: string, id: string): Rec | undefined {
  return b.recs.get(recKey(entity, id));
}

/** May the device's office write this record? Case data by case scope, office data by owner or share. */
function inDeviceScope(b: Batch, r: Pick<Rec, 'entity' | 'id' | 'orgUnitId' | 'caseId' | 'isRef'>): boolean {
  const root = b.device.orgUnitId;
  const tree = b.ctx.orgTree;
  if (r.caseId) {
    const scopes = b.caseScopes.get(r.caseId);
    if (scopes) for (const o of scopes) if (tree.contains(root, o)) return true;
    return false;
  }
  if (tree.contains(root, r.orgUnitId)) return true;
  const sh = b.shares.get(recKey(r.entity, r.id));
  if (sh) for (const o of sh) if (tree.contains(root, o)) return true;
  return false;
}

export async function pushBatch(ctx: Ctx, device: DeviceRow, rawOps: unknown[], headerSchema: number): Promise<OpResult[]> {
  // Envelopes first: an op without a client sequence cannot be recorded, so the batch is refused.
  const envelopes = rawOps.map((raw, i) => {
    const e = opEnvelopeSchema.safeParse(raw);
    if (!e.success) throw new HttpError(400, 'bad_envelope', `第 ${i + 1} 条操作缺少客户端序号：${zodMessage(e.error)}`);
    return e.data;
  });
  await ctx.orgTree.ensure(ctx.store);
  const now = ctx.clock();

  let lastSeq = 0;
  let touchedRecs: Rec[] = [];
  // Offices published in this batch are placed in the cached tree at once (for the batch's later
  // ops); whatever happens to the transaction, the cache is reloaded afterwards.
  const publishesOffices = envelopes.some((e) => (e as { entity?: unknown }).entity === 'orgUnits');
  let results: OpResult[];
  try {
    results = await ctx.store.db.transaction(async (tx) => {
      const seq = new SeqAllocator(await lockSeq(tx));
      const seqs = envelopes.map((e) => e.clientSeq);
      // Idempotency: by (device, client sequence), and by op id so a desktop re-enrolled under a new
      // device id cannot apply an op twice either.
      const opIds = envelopes.map((e) => e.opId).filter((o): o is string => typeof o === 'string');
      const byOpId = opIds.length ? sql` OR op_id IN (${sql.join(opIds.map((o) => sql`${o}`), sql`, `)})` : sql``;
      const prior = await rows<{ device_id: string; client_seq: string | number; op_id: string | null; status: string; code: string | null; error: string | null; server_seq: string | number | null; conflicts: number }>(
        tx,
        sql`SELECT device_id, client_seq, op_id, status, code, error, server_seq, conflicts FROM applied_ops
            WHERE (device_id = ${device.id} AND client_seq IN (${sql.join(seqs.map((s) => sql`${s}`), sql`, `)}))${byOpId}`,
      );
      const priorBySeq = new Map(prior.filter((p) => p.device_id === device.id).map((p) => [Number(p.client_seq), p]));
      const priorByOpId = new Map(prior.filter((p) => p.op_id).map((p) => [p.op_id as string, p]));
      for (const e of envelopes) {
        const p = e.opId ? priorByOpId.get(e.opId) : undefined;
        if (p && !priorBySeq.has(e.clientSeq)) priorBySeq.set(e.clientSeq, p);
      }

      // Parse and upgrade every op; collect what to preload.
      const parsed: Array<{ env: (typeof envelopes)[number]; op: SyncOp | null; error: string | null }> = rawOps.map((raw, i) => {
        const env = envelopes[i] as (typeof envelopes)[number];
        const r = opSchema.safeParse(raw);
        if (!r.success) return { env, op: null, error: `操作格式不正确：${zodMessage(r.error)}` };
        try {
          return { env, op: upgradeOp(r.data, r.data.schemaVersion ?? headerSchema, ctx.versions.schema), error: null };
        } catch (e) {
          return { env, op: null, error: (e as Error).message };
        }
      });
      const b: Batch = {
        ctx, tx, device, now,
        recs: new Map(), touched: new Set(), caseScopes: new Map(), shares: new Map(), users: new Map(),
        restamps: [], newScopes: [], newShares: [], scopeExits: [], orgTreeChanged: false,
      };
      await preload(b, parsed.flatMap((p) => (p.op && !priorBySeq.has(p.env.clientSeq) ? [p.op] : [])));

      const out: OpResult[] = [];
      const seen = new Set<number>();
      const applied: Array<{ clientSeq: number; opId: string | null; status: string; code: string | null; error: string | null; conflicts: number; rec: Rec | null }> = [];
      for (const p of parsed) {
        const cs = p.env.clientSeq;
        const opId = p.env.opId ?? null;
        const before = priorBySeq.get(cs);
        if (before || seen.has(cs)) {
          const res: OpResult = { clientSeq: cs, opId: before?.op_id ?? opId, status: 'duplicate' };
          if (before?.status === 'rejected') {
            res.code = before.code ?? 'rejected';
            res.error = before.error ?? '';
          }
          if (before?.server_seq != null) res.serverSeq = Number(before.server_seq);
          out.push(res);
          continue;
        }
        seen.add(cs);
        if (!p.op) {
          applied.push({ clientSeq: cs, opId, status: 'rejected', code: 'invalid', error: p.error, conflicts: 0, rec: null });
          continue;
        }
        // Every apply function checks everything before it changes anything, so a rejection leaves no trace.
        try {
          const { rec, conflicts } = applyOp(b, p.op);
          applied.push({ clientSeq: cs, opId, status: 'applied', code: null, error: null, conflicts, rec });
        } catch (e) {
          if (e instanceof Rejection) {
            applied.push({ clientSeq: cs, opId, status: 'rejected', code: e.code, error: e.message, conflicts: 0, rec: null });
          } else {
            ctx.log.error({ err: e, clientSeq: cs, deviceId: device.id }, 'op failed unexpectedly');
            applied.push({ clientSeq: cs, opId, status: 'rejected', code: 'internal', error: '服务器处理该操作时出错，请联系管理员', conflicts: 0, rec: null });
          }
        }
      }

      await settleScopeChanges({ ...b, touch: (r) => touch(b, r) });
      await flushRecords(tx, [...b.touched], seq, now, device.id);
      touchedRecs = [...b.touched];
      for (const s of b.newScopes) {
        await tx.execute(sql`INSERT INTO case_scope (case_id, org_unit_id, reason) VALUES (${s.caseId}, ${s.orgUnitId}, ${s.reason}) ON CONFLICT DO NOTHING`);
      }
      for (const s of b.newShares) {
        await tx.execute(sql`INSERT INTO record_shares (entity, record_id, org_unit_id) VALUES (${s.entity}, ${s.recordId}, ${s.orgUnitId}) ON CONFLICT DO NOTHING`);
      }
      for (const r of b.restamps) await restampCase(tx, r.caseId, r.extra, seq);
      await saveSeq(tx, seq.last);
      lastSeq = seq.last;

      for (const chunk of chunkBy(applied, 200, 32 * 1024, (a) => (a.error?.length ?? 0) * 3 + 200)) {
        const values = sql.join(
          chunk.map((a) => sql`(${device.id}, ${a.clientSeq}, ${a.opId}, ${a.status}, ${a.code}, ${a.error}, ${a.rec ? a.rec.serverSeq : null}, ${a.conflicts}, ${now})`),
          sql`, `,
        );
        await tx.execute(sql`INSERT INTO applied_ops (device_id, client_seq, op_id, status, code, error, server_seq, conflicts, received_at) VALUES ${values}`);
      }
      for (const a of applied) {
        const res: OpResult = { clientSeq: a.clientSeq, opId: a.opId, status: a.status as OpResult['status'] };
        if (a.code) res.code = a.code;
        if (a.error) res.error = a.error;
        if (a.rec) res.serverSeq = a.rec.serverSeq;
        if (a.conflicts) res.conflicts = a.conflicts;
        out.push(res);
      }
      return out;
    });
  } finally {
    if (publishesOffices) ctx.orgTree.invalidate();
  }
  ctx.watermark.raise(lastSeq); // committed
  ctx.caseChanges.mark(changedCaseKeys(touchedRecs));
  if (results.length) {
    // Keep the answer in the order of the request.
    const order = new Map(envelopes.map((e, i) => [e.clientSeq, i]));
    results.sort((x, y) => (order.get(x.clientSeq) ?? 0) - (order.get(y.clientSeq) ?? 0));
  }
  return results;
}

async function preload(b: Batch, ops: SyncOp[]): Promise<void> {
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

function applyOp(b: Batch, op: SyncOp): { rec: Rec; conflicts: number } {
  if ((LOCAL_ONLY_ENTITIES as readonly string[]).includes(op.entity)) reject('local_only', `“${op.entity}”只保存在本机，不能上传`);
  if (op.entity === SCOPE_EXIT_ENTITY) reject('forbidden', '办件范围变更由服务器生成，不能上传');
  // Device ↔ user ↔ office belong together.
  const user = b.users.get(op.userId);
  if (!user || !userIsActive(user)) reject('unknown_user', '操作人不存在或已停用');
  const u = user as Record<string, unknown>;
  const tree = b.ctx.orgTree;
  if (!tree.contains(b.device.orgUnitId, u.orgUnitId as string)) reject('user_not_in_office', '操作人不属于本终端所在机构，操作未生效');
  if (op.orgUnitId !== null && !tree.contains(b.device.orgUnitId, op.orgUnitId)) reject('office_mismatch', '操作所属机构与本终端不符，操作未生效');
  const roles = userRoles(u);

  if (isReferenceEntity(op.entity)) return applyReference(b, op, roles);
  const isWriter = roles.some((r) => (WRITER_ROLES as readonly string[]).includes(r));
  if (op.entity === CONFLICT_ENTITY) {
    if (op.kind === 'patch') {
      for (const f of Object.keys(op.payload)) {
        if (!(CONFLICT_RESOLUTION_FIELDS as readonly string[]).includes(f)) reject('forbidden', '冲突记录只能填写处理结果');
      }
    } else if (!(op.kind === 'intent' && op.intent === 'conflict.resolve')) {
      reject('forbidden', '冲突记录由服务器生成，只能处理，不能新建或删除');
    }
  } else if (op.kind === 'intent') {
    if (!INTENT_NAME_RE.test(op.intent)) reject('unknown_intent', `操作名称不正确：${op.intent}`);
    if (!isWriter && !(LEADER_INTENTS as readonly string[]).includes(op.intent)) reject('forbidden_role', '当前角色只能查看和督办，不能执行该操作');
  } else if (!isWriter) {
    reject('forbidden_role', '当前角色只能查看和督办，不能修改办件数据');
  }
  switch (op.kind) {
    case 'insert': {
      const c = op.entity === 'transfers' ? checkTransfer(b, op.payload) : null;
      const rec = insertRecord(b, op, op.payload);
      if (c) grantTransfer(b, c, rec.data.toOrgUnitId as string);
      return { rec, conflicts: 0 };
    }
    case 'patch': {
      if (isAppendOnly(op.entity) && !isLogCorrection(op.entity, Object.keys(op.payload))) {
        reject('append_only', '进度、日志、附件和交接记录只能追加，不能修改（进度和交接记录只能更正内容或撤回）');
      }
      const r = writableExisting(b, op.entity, op.entityId);
      const changes = Object.fromEntries(Object.entries(op.payload).map(([k, v]) => [k, { base: v.base, value: v.value, hasBase: true }]));
      return applyChanges(b, op, r, changes, null, roles);
    }
    case 'intent': {
      if (op.intent === 'transfer.send' && !getRec(b, op.entity, op.entityId)) {
        // A transfer sent as an intent that creates the row.
        const fields = normalizeIntentFields(op.payload.fields);
        const row: Record<string, unknown> = { ...op.payload.args };
        for (const [k, v] of Object.entries(fields)) row[k] = v.value;
        const c = checkTransfer(b, row);
        const rec = insertRecord(b, op, { ...row, status: 'sent' });
        grantTransfer(b, c, rec.data.toOrgUnitId as string);
        return { rec, conflicts: 0 };
      }
      if (isAppendOnly(op.entity)) reject('append_only', '进度、日志、附件和交接记录只能追加，不能修改');
      const r = writableExisting(b, op.entity, op.entityId);
      return applyChanges(b, op, r, normalizeIntentFields(op.payload.fields), op, roles);
    }
    case 'delete':
      return { rec: applyDelete(b, op), conflicts: 0 };
  }
}

function applyReference(b: Batch, op: SyncOp, roles: string[]): { rec: Rec; conflicts: number } {
  const existing = getRec(b, op.entity, op.entityId);
  let data: Record<string, unknown>;
  if (op.kind === 'insert') {
    if (existing) reject('exists', '该基础数据已存在');
    data = { ...op.payload, id: op.entityId };
  } else if (op.kind === 'patch' || op.kind === 'intent') {
    if (!existing || existing.deleted) reject('not_found', '要修改的基础数据不存在或已删除');
    data = { ...(existing as Rec).data };
    const changes = op.kind === 'patch' ? op.payload : normalizeIntentFields(op.payload.fields);
    for (const [f, v] of Object.entries(changes)) {
      if ((IMMUTABLE_REFERENCE_FIELDS as readonly string[]).includes(f)) reject('immutable', `字段“${f}”不能修改`);
      data[f] = v.value;
    }
  } else {
    if (!existing) reject('not_found', '要删除的基础数据不存在');
    data = { ...(existing as Rec).data, deletedAt: op.payload.deletedAt };
  }
  // The one authority rule (src/shared/sync/reference-authority.ts), as /admin/publish applies it.
  const verdict = checkReferenceChange(b.ctx.orgTree, { orgUnitId: b.device.orgUnitId, roles }, { entity: op.entity as ReferenceEntity, id: op.entityId, existing: existing && !existing.deleted ? existing.data : null, next: data });
  if (!verdict.ok) reject(verdict.code, verdict.message);
  if (op.entity === 'orgUnits') b.orgTreeChanged = true;
  // Later ops of this batch (the office's staff) may refer to a new office; the cache is reloaded after the commit.
  if (op.entity === 'orgUnits' && !data.deletedAt) b.ctx.orgTree.place(op.entityId, (data.parentId as string | null) ?? null);
  const rec: Rec = existing ?? { entity: op.entity, id: op.entityId, orgUnitId: null, caseId: null, isRef: true, data, deleted: false, serverSeq: 0, createdSeq: 0, exists: false, dirty: true };
  rec.data = data;
  rec.deleted = Boolean(data.deletedAt);
  rec.orgUnitId = typeof data.orgUnitId === 'string' ? data.orgUnitId : op.entity === 'orgUnits' ? op.entityId : null;
  b.recs.set(recKey(op.entity, op.entityId), rec);
  touch(b, rec);
  return { rec, conflicts: 0 };
}

function addScope(b: Batch, caseId: string, orgUnitId: string, reason: string): void {
  const set = b.caseScopes.get(caseId) ?? new Set<string>();
  if (set.has(orgUnitId)) return;
  set.add(orgUnitId);
  b.caseScopes.set(caseId, set);
  b.newScopes.push({ caseId, orgUnitId, reason });
}

function insertRecord(b: Batch, op: { entity: string; entityId: string }, row: Record<string, unknown>): Rec {
  const existing = getRec(b, op.entity, op.entityId);
  if (existing) reject(existing.deleted ? 'deleted' : 'exists', existing.deleted ? '该记录已被删除，不能重新创建' : '该记录已存在，不能重复创建');
  if (row.id !== undefined && row.id !== op.entityId) reject('id_mismatch', '记录标识与操作不一致');
  const data: Record<string, unknown> = { ...row, id: op.entityId };
  if (data.deletedAt) reject('invalid', '新建记录不能带删除标记');
  let orgUnitId: string | null = null;
  let caseId: string | null = null;
  const tree = b.ctx.orgTree;
  if (op.entity === 'cases') {
    if (typeof data.orgUnitId !== 'string') reject('invalid', '办件必须指明所属机构');
    orgUnitId = data.orgUnitId as string;
    caseId = op.entityId;
    if (!tree.contains(b.device.orgUnitId, orgUnitId)) reject('out_of_scope', '不能为本机构以外的机构创建办件');
    if (data.status !== undefined && !(INITIAL_CASE_STATUSES as readonly unknown[]).includes(data.status)) {
      reject('invalid_status', '新建办件的状态只能是“咨询中”或“已受理”');
    }
    const handling = data.handlingOrgUnitId;
    const handledElsewhere = typeof handling === 'string' && handling !== orgUnitId;
    if (handledElsewhere && !tree.contains(b.device.orgUnitId, handling)) reject('out_of_scope', '承办机构须为本机构或下级机构');
    // Only once every check passed: a rejected op leaves no trace.
    addScope(b, caseId, orgUnitId, 'owner');
    if (handledElsewhere) addScope(b, caseId, handling as string, 'handling');
  } else if (typeof data.caseId === 'string') {
    caseId = data.caseId;
    const c = getRec(b, 'cases', caseId);
    if (!c) reject('case_not_found', '所属办件不存在（可能尚未上传），操作未生效');
    if ((c as Rec).deleted) reject('case_deleted', '所属办件已被删除，操作未生效');
    orgUnitId = (c as Rec).orgUnitId;
    if (!inDeviceScope(b, { entity: 'cases', id: caseId, orgUnitId, caseId, isRef: false })) reject('out_of_scope', '无权修改其他机构的办件');
  } else {
    if (typeof data.orgUnitId !== 'string') reject('invalid', '记录必须指明所属机构或所属办件');
    orgUnitId = data.orgUnitId as string;
    if (!tree.contains(b.device.orgUnitId, orgUnitId)) reject('out_of_scope', '不能为本机构以外的机构创建记录');
  }
  const rec: Rec = { entity: op.entity, id: op.entityId, orgUnitId, caseId, isRef: false, data, deleted: false, serverSeq: 0, createdSeq: 0, exists: false, dirty: true };
  b.recs.set(recKey(op.entity, op.entityId), rec);
  touch(b, rec);
  return rec;
}

/** A transfer may be sent: the receiving office exists and the case is still open (checked before anything changes). */
function checkTransfer(b: Batch, row: Record<string, unknown>): Rec {
  const to = row.toOrgUnitId;
  if (typeof to !== 'string' || !b.ctx.orgTree.has(to)) reject('invalid', '接收机构不存在');
  const c = typeof row.caseId === 'string' ? getRec(b, 'cases', row.caseId) : undefined;
  if (!c) return reject('case_not_found', '要转办的办件不存在');
  if (c.data.status === 'completed' || c.data.status === 'withdrawn') reject('invalid_transition', '办件已办结或已退件，不能转办');
  return c;
}

/** A transfer (转办/联办) makes the case, its applicant and project visible to the receiving office. */
function grantTransfer(b: Batch, c: Rec, to: string): void {
  addScope(b, c.id, to, 'transfer');
  const extra: Array<[string, string]> = [];
  for (const [f, e] of [['applicantId', 'applicants'], ['projectId', 'projects']] as const) {
    const v = c.data[f];
    if (typeof v === 'string') {
      b.newShares.push({ entity: e, recordId: v, orgUnitId: to });
      extra.push([e, v]);
    }
  }
  b.restamps.push({ caseId: c.id, extra });
}

function writableExisting(b: Batch, entity: string, id: string): Rec {
  const r = getRec(b, entity, id);
  if (!r) return reject('not_found', '要修改的记录在服务器上不存在，操作未生效');
  if (!inDeviceScope(b, r)) reject('out_of_scope', '无权修改其他机构的数据');
  if (r.deleted) reject('deleted', '该记录已被删除，修改未生效');
  return r;
}

function conflictRec(b: Batch, r: Rec, field: string, local: unknown): Rec {
  const id = uuidv7(b.now.getTime());
  const stamp = b.now.toISOString();
  const data = {
    id,
    createdAt: stamp,
    updatedAt: stamp,
    deletedAt: null,
    caseId: r.caseId,
    entity: r.entity,
    entityId: r.id,
    field,
    localValue: local ?? null,
    serverValue: r.data[field] ?? null,
    status: 'open',
    resolvedBy: null,
  };
  return { entity: CONFLICT_ENTITY, id, orgUnitId: r.orgUnitId, caseId: r.caseId, isRef: false, data, deleted: false, serverSeq: 0, createdSeq: 0, exists: false, dirty: true };
}

type Changes = Record<string, { base: unknown; value: unknown; hasBase: boolean }>;

/**
 * Field changes from a patch (intent = null) or an intent. Plain fields: last writer wins in server
 * order. Controlled fields whose server value moved away from the op's base keep the server value
 * and record a conflict; for an intent (one workflow step) the whole step is then withheld.
 */
function applyChanges(b: Batch, op: SyncOp, r: Rec, changes: Changes, intent: IntentOp | null, roles: string[]): { rec: Rec; conflicts: number } {
  const tree = b.ctx.orgTree;
  for (const f of Object.keys(changes)) {
    if (r.entity === CONFLICT_ENTITY) continue;
    if ((IMMUTABLE_FIELDS as readonly string[]).includes(f)) reject('immutable', `字段“${f}”不能直接修改`);
    if (r.entity === 'cases' && f === 'handlingOrgUnitId') {
      const v = changes[f]?.value;
      if (intent?.intent !== 'transfer.accept') reject('immutable', '办件承办机构只能通过接收转办改变');
      if (typeof v !== 'string' || !tree.contains(b.device.orgUnitId, v)) reject('out_of_scope', '只能把办件转到本机构承办');
    }
  }
  const conflicts: Array<[string, unknown]> = [];
  for (const [f, c] of Object.entries(changes)) {
    const current = r.data[f];
    if (isControlledField(r.entity, f) && c.hasBase && !jsonEqual(current, c.base) && !jsonEqual(current, c.value)) conflicts.push([f, c.value]);
  }
  const conflictRecs = conflicts.map(([f, v]) => conflictRec(b, r, f, v));
  const data = { ...r.data };
  let changed = false;
  if (!(intent && conflicts.length)) {
    const skip = new Set(conflicts.map(([f]) => f));
    if (intent) validateIntent(b, op as IntentOp, r, changes, roles);
    else if (r.entity === 'cases' && changes.status && !skip.has('status')) {
      const from = r.data.status;
      const to = changes.status.value;
      if (!isCaseStatus(from) || !isCaseStatus(to) || (from !== to && !isCaseTransition(from, to))) {
        reject('invalid_transition', `办件状态不能从“${labelOf(from)}”变为“${labelOf(to)}”`);
      }
    }
    for (const [f, c] of Object.entries(changes)) {
      if (skip.has(f)) continue;
      data[f] = c.value;
      changed = true;
    }
  }
  for (const c of conflictRecs) {
    b.recs.set(recKey(c.entity, c.id), c);
    touch(b, c);
  }
  if (changed) {
    r.data = data;
    if (r.entity === 'cases' && typeof data.handlingOrgUnitId === 'string') addScope(b, r.id, data.handlingOrgUnitId, 'handling');
    touch(b, r);
  }
  return { rec: r, conflicts: conflicts.length };
}

function labelOf(s: unknown): string {
  return isCaseStatus(s) ? CASE_STATUSES.labels[s] : String(s);
}
function isCaseStatus(s: unknown): s is CaseStatus {
  return typeof s === 'string' && (CASE_STATUSES.codes as readonly string[]).includes(s);
}

/** Workflow rules the server re-checks against its own current state. */
function validateIntent(b: Batch, op: IntentOp, r: Rec, changes: Changes, roles: string[]): void {
  const [domain, action] = op.intent.split('.') as [string, string];
  if (domain === 'case' && r.entity === 'cases' && action in CASE_TRANSITIONS) {
    const status = r.data.status;
    if (!isCaseStatus(status)) reject('invalid_transition', '办件当前状态未知');
    let firstError = '';
    for (const role of roles) {
      if (!(ROLES.codes as readonly string[]).includes(role)) continue;
      const res = applyCaseAction(status as CaseStatus, action, {
        role: role as Role,
        mode: (r.data.mode === 'help' ? 'help' : 'proxy') as Mode,
        helpKind: (r.data.helpKind as HelpKind | null | undefined) ?? null,
        reason: (op.payload.args.reason as string | null | undefined) ?? null,
      });
      if (res.ok) {
        if (changes.status && changes.status.value !== res.to) reject('invalid_transition', '操作结果状态与服务器规则不一致');
        return;
      }
      firstError ||= res.error;
    }
    reject('invalid_transition', firstError || '当前角色无权执行该操作');
  }
  if (domain === 'case' && r.entity === 'cases' && action === 'assign') {
    if (r.data.status === 'completed' || r.data.status === 'withdrawn') reject('invalid_transition', '办件已办结或已退件，不能再指派');
    return;
  }
  if ((op.intent === 'transfer.accept' || op.intent === 'transfer.return') && r.entity === 'transfers') {
    if (r.data.status !== 'sent') reject('already_handled', '该转办已被处理');
    if (!b.ctx.orgTree.contains(b.device.orgUnitId, r.data.toOrgUnitId as string)) reject('forbidden', '只有接收机构可以接收或退回转办');
    if (op.intent === 'transfer.return' && r.caseId) b.scopeExits.push({ caseId: r.caseId, orgUnitId: r.data.toOrgUnitId as string });
    return;
  }
  if (op.intent === 'admission.decide' && r.entity === 'projects') {
    if (r.data.admissionStatus !== undefined && r.data.admissionStatus !== 'pending') reject('already_handled', '该项目已完成准入审核或正在复核');
    const to = changes.admissionStatus?.value;
    if (to === 'refused') reject('second_person', '不予准入须先提出意见，再由另一人复核（窗口无否决权）');
    return;
  }
  if (op.intent === 'admission.review' && r.entity === 'projects') {
    if (r.data.admissionStatus !== 'refusalPending') reject('invalid_transition', '该项目没有待复核的不予准入意见');
    if (r.data.admissionBy === op.userId) reject('second_person', '不予准入须由另一名工作人员复核，提出人不能自己确认');
    return;
  }
  if (r.entity === 'cases' && changes.status) {
    const from = r.data.status;
    const to = changes.status.value;
    if (!isCaseStatus(from) || !isCaseStatus(to) || (from !== to && !isCaseTransition(from, to))) {
      reject('invalid_transition', `办件状态不能从“${labelOf(from)}”变为“${labelOf(to)}”`);
    }
  }
}

function applyDelete(b: Batch, op: DeleteOp): Rec {
  if (isAppendOnly(op.entity)) reject('append_only', '进度、日志、附件和交接记录只能追加，不能删除');
  const r = getRec(b, op.entity, op.entityId);
  if (!r) return reject('not_found', '要删除的记录在服务器上不存在');
  if (!inDeviceScope(b, r)) reject('out_of_scope', '无权删除其他机构的数据');
  if (r.deleted) return r;
  r.data = { ...r.data, deletedAt: op.payload.deletedAt };
  r.deleted = true;
  touch(b, r);
  return r;
}

export type { InsertOp };

/** What the public pages must redraw after a push: the cases whose records changed (CaseChanges). */
function changedCaseKeys(recs: readonly Rec[]): string[] {
  const keys: string[] = [];
  for (const r of recs) {
    if (r.entity === 'cases') keys.push(...caseKeys(r.id, r.data));
    else if (r.caseId) keys.push(`case:${r.caseId}`);
  }
  return keys;
}
