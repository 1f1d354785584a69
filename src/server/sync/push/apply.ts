// One op, start to end: which entities may be pushed at all, who may change it, then what it does by
// kind — insert, patch, a named intent from the registry, delete.
import type { SyncOp } from '../../../shared/sync/protocol';
import {
  INTENT_NAME_RE, LOCAL_ONLY_ENTITIES, SCOPE_EXIT_ENTITY, isAppendOnly, isLogCorrection, isReferenceEntity, normalizeIntentFields,
} from '../../../shared/sync/rules';
import type { Rec } from '../records';
import { authorizeAuthor, authorizeChange, writableExisting } from './authorization';
import { checkStatusMove } from './intents/case';
import { checkTransfer, grantTransfer } from './intents/transfer';
import { intentHandler } from './intents';
import { applyChanges, applyDelete, insertRecord } from './record-ops';
import type { IntentStep } from './record-ops';
import { applyReference } from './reference';
import { getRec, reject } from './state';
import type { Batch } from './state';

export function applyOp(b: Batch, op: SyncOp): { rec: Rec; conflicts: number } {
  if ((LOCAL_ONLY_ENTITIES as readonly string[]).includes(op.entity)) reject('local_only', `“${op.entity}”只保存在本机，不能上传`);
  if (op.entity === SCOPE_EXIT_ENTITY) reject('forbidden', '办件范围变更由服务器生成，不能上传');
  const roles = authorizeAuthor(b, op);
  if (isReferenceEntity(op.entity)) return applyReference(b, op, roles);
  if (op.kind === 'intent' && !INTENT_NAME_RE.test(op.intent)) reject('unknown_intent', `操作名称不正确：${op.intent}`);
  authorizeChange(op, roles);
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
      return applyChanges(b, r, changes, null);
    }
    case 'intent': {
      const found = intentHandler(op.intent);
      const handler = found && found.entities.includes(op.entity) ? found : undefined;
      if (handler?.create && !getRec(b, op.entity, op.entityId)) return { rec: handler.create(b, op), conflicts: 0 };
      if (isAppendOnly(op.entity)) reject('append_only', '进度、日志、附件和交接记录只能追加，不能修改');
      const r = writableExisting(b, op.entity, op.entityId);
      const step: IntentStep = {
        op,
        validate: (rec, changes) => (handler?.validate ? handler.validate({ b, op, r: rec, changes, roles }) : checkStatusMove(rec, changes)),
      };
      return applyChanges(b, r, normalizeIntentFields(op.payload.fields), step);
    }
    case 'delete':
      return { rec: applyDelete(b, op), conflicts: 0 };
  }
}
