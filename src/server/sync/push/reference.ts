// Reference data pushed by an admin's desktop (offices, staff, catalogue, plan templates, calendar):
// the row as it would be must pass the one authority rule; later ops of the batch see new offices.
import type { SyncOp } from '../../../shared/sync/protocol';
import { IMMUTABLE_REFERENCE_FIELDS, isAppendOnly, normalizeIntentFields } from '../../../shared/sync/rules';
import { recKey } from '../records';
import type { Rec } from '../records';
import { authorizeReference } from './authorization';
import { getRec, reject, touch } from './state';
import type { Batch } from './state';

export function applyReference(b: Batch, op: SyncOp, roles: readonly string[]): { rec: Rec; conflicts: number } {
  const existing = getRec(b, op.entity, op.entityId);
  // A catalogue or template version is never changed or removed: a later change is a version of its own.
  if (isAppendOnly(op.entity) && op.kind !== 'insert') reject('append_only', op.entity === 'planTemplateVersions' ? '计划书模板的版本记录只能追加，不能修改或删除' : '代办目录的版本记录只能追加，不能修改或删除');
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
  authorizeReference(b, op, roles, existing, data);
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
