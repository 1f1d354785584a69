// Who may do what in a push: the op's user belongs to the device's office subtree, the user's roles
// allow the kind of change, the record lies in the device's scope, and reference data follows the
// one authority rule shared with /admin/publish. Each check throws a Rejection before any change.
import { userIsActive, userRoles } from '../../auth/admin';
import type { SyncOp } from '../../../shared/sync/protocol';
import { CONFLICT_ENTITY, CONFLICT_RESOLUTION_FIELDS, type ReferenceEntity } from '../../../shared/sync/rules';
import { ROW_WRITER_ROLES, intentRoles } from '../../../shared/policy/verdict';
import { checkReferenceChange } from '../../../shared/sync/reference-authority';
import { recKey } from '../records';
import type { Rec } from '../records';
import { getRec, reject } from './state';
import type { Batch } from './state';

/** Device ↔ user ↔ office belong together; returns the user's roles. */
export function authorizeAuthor(b: Batch, op: SyncOp): string[] {
  const user = b.users.get(op.userId);
  if (!user || !userIsActive(user)) reject('unknown_user', '操作人不存在或已停用');
  const u = user as Record<string, unknown>;
  const tree = b.ctx.orgTree;
  if (!tree.contains(b.device.orgUnitId, u.orgUnitId as string)) reject('user_not_in_office', '操作人不属于本终端所在机构，操作未生效');
  if (op.orgUnitId !== null && !tree.contains(b.device.orgUnitId, op.orgUnitId)) reject('office_mismatch', '操作所属机构与本终端不符，操作未生效');
  return userRoles(u);
}

/**
 * The roles' part, from the permission policy: plain row changes only from the roles of use cases
 * that write rows (leaders read and supervise), a reader's intent only where a use case gives it to
 * the reader's role; conflict records, written by the server, are only ever resolved.
 */
export function authorizeChange(op: SyncOp, roles: readonly string[]): void {
  const isWriter = roles.some((r) => (ROW_WRITER_ROLES as readonly string[]).includes(r));
  if (op.entity === CONFLICT_ENTITY) {
    if (op.kind === 'patch') {
      for (const f of Object.keys(op.payload)) {
        if (!(CONFLICT_RESOLUTION_FIELDS as readonly string[]).includes(f)) reject('forbidden', '冲突记录只能填写处理结果');
      }
    } else if (!(op.kind === 'intent' && op.intent === 'conflict.resolve')) {
      reject('forbidden', '冲突记录由服务器生成，只能处理，不能新建或删除');
    }
  } else if (op.kind === 'intent') {
    // Writers' steps are re-checked by the intent's own rule (the status machine knows roles); a
    // reader may send only the steps the policy gives a reader's role (admission review, assigning).
    const allowed = intentRoles(op.intent) ?? [];
    if (!isWriter && !roles.some((r) => (allowed as readonly string[]).includes(r))) reject('forbidden_role', '当前角色只能查看和督办，不能执行该操作');
  } else if (!isWriter) {
    reject('forbidden_role', '当前角色只能查看和督办，不能修改办件数据');
  }
}

/** May the device's office write this record? Case data by case scope, office data by owner or share. */
export function inDeviceScope(b: Batch, r: Pick<Rec, 'entity' | 'id' | 'orgUnitId' | 'caseId' | 'isRef'>): boolean {
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

/** The stored record an op changes: it exists, is in the device's scope and is not deleted. */
export function writableExisting(b: Batch, entity: string, id: string): Rec {
  const r = getRec(b, entity, id);
  if (!r) return reject('not_found', '要修改的记录在服务器上不存在，操作未生效');
  if (!inDeviceScope(b, r)) reject('out_of_scope', '无权修改其他机构的数据');
  if (r.deleted) reject('deleted', '该记录已被删除，修改未生效');
  return r;
}

/** Reference data: the one authority rule (src/shared/sync/reference-authority.ts), as /admin/publish applies it. */
export function authorizeReference(b: Batch, op: SyncOp, roles: readonly string[], existing: Rec | undefined, next: Record<string, unknown>): void {
  const verdict = checkReferenceChange(b.ctx.orgTree, { orgUnitId: b.device.orgUnitId, roles, userId: op.userId }, {
    entity: op.entity as ReferenceEntity, id: op.entityId, existing: existing && !existing.deleted ? existing.data : null, next,
  });
  if (!verdict.ok) reject(verdict.code, verdict.message);
}
