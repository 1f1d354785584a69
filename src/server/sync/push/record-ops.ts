// What an op does to one record once it is allowed: create it (with the case scope it opens), change
// fields (last writer wins, controlled fields keep the server's value and record a conflict), or
// tombstone it. Every function checks everything before it changes anything.
import { uuidv7 } from '../../../shared/ids';
import type { DeleteOp, IntentOp } from '../../../shared/sync/protocol';
import { CONFLICT_ENTITY, IMMUTABLE_FIELDS, isAppendOnly, isControlledField, jsonEqual } from '../../../shared/sync/rules';
import { recKey } from '../records';
import type { Rec } from '../records';
import { inDeviceScope } from './authorization';
import { checkStatusMove } from './intents/case';
import { addScope, getRec, reject, touch } from './state';
import type { Batch } from './state';

/** Statuses a new case may be created with. */
const INITIAL_CASE_STATUSES = ['consulting', 'accepted'];

export type Changes = Record<string, { base: unknown; value: unknown; hasBase: boolean }>;

/** The workflow step an intent's field changes belong to, with the server's re-check of it. */
export interface IntentStep {
  op: IntentOp;
  validate(r: Rec, changes: Changes): void;
}

export function insertRecord(b: Batch, op: { entity: string; entityId: string }, row: Record<string, unknown>): Rec {
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

/** A conflict record (冲突待处理) for a controlled field whose server value moved away from the op's base. */
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

/**
 * Field changes from a patch (step = null) or an intent. Plain fields: last writer wins in server
 * order. Controlled fields whose server value moved away from the op's base keep the server value
 * and record a conflict; for an intent (one workflow step) the whole step is then withheld.
 */
export function applyChanges(b: Batch, r: Rec, changes: Changes, step: IntentStep | null): { rec: Rec; conflicts: number } {
  const tree = b.ctx.orgTree;
  for (const f of Object.keys(changes)) {
    if (r.entity === CONFLICT_ENTITY) continue;
    if ((IMMUTABLE_FIELDS as readonly string[]).includes(f)) reject('immutable', `字段“${f}”不能直接修改`);
    if (r.entity === 'cases' && f === 'handlingOrgUnitId') {
      const v = changes[f]?.value;
      if (step?.op.intent !== 'transfer.accept') reject('immutable', '办件承办机构只能通过接收转办改变');
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
  if (!(step && conflicts.length)) {
    const skip = new Set(conflicts.map(([f]) => f));
    if (step) step.validate(r, changes);
    else if (!skip.has('status')) checkStatusMove(r, changes);
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

export function applyDelete(b: Batch, op: DeleteOp): Rec {
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
