// One op, start to end: which entities may be pushed at all, who may change it, then what it does by
// kind — insert, patch, a named intent from the registry, delete.
import type { IntentOp, SyncOp } from '../../../shared/sync/protocol';
import {
  LOCAL_ONLY_ENTITIES, SCOPE_EXIT_ENTITY, isAppendOnly, isLogCorrection, isReferenceEntity, normalizeIntentFields,
} from '../../../shared/sync/rules';
import type { Rec } from '../records';
import { authorizeAuthor, authorizeChange, writableExisting } from './authorization';
import { checkStatusMove } from './intents/case';
import { checkTransfer, grantTransfer } from './intents/transfer';
import { intentHandler } from './intents';
import type { IntentHandler } from './intents';
import { applyChanges, applyDelete, insertRecord } from './record-ops';
import type { IntentStep } from './record-ops';
import { checkEntityName, checkPayload } from './payload';
import { applyReference } from './reference';
import { getRec, reject } from './state';
import type { Batch } from './state';

export function applyOp(b: Batch, op: SyncOp): { rec: Rec; conflicts: number } {
  if ((LOCAL_ONLY_ENTITIES as readonly string[]).includes(op.entity)) reject('local_only', `“${op.entity}”只保存在本机，不能上传`);
  if (op.entity === SCOPE_EXIT_ENTITY) reject('forbidden', '办件范围变更由服务器生成，不能上传');
  const entity = checkEntityName(op.entity);
  const handler = op.kind === 'intent' ? knownIntent(op) : null;
  const roles = authorizeAuthor(b, op);
  // The shape of what the op carries before any rule reads it: nothing below sees a malformed row.
  checkPayload(entity, op);
  if (isReferenceEntity(op.entity)) return applyReference(b, op, roles);
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
      const h = handler as IntentHandler;
      if (h.create && !getRec(b, op.entity, op.entityId)) return { rec: h.create(b, op), conflicts: 0 };
      if (isAppendOnly(op.entity)) reject('append_only', '进度、日志、附件和交接记录只能追加，不能修改');
      const r = writableExisting(b, op.entity, op.entityId);
      // A step without a rule of its own still moves a case's status only along the state machine.
      const step: IntentStep = { op, validate: (rec, changes) => (h.validate ? h.validate({ b, op, r: rec, changes, roles }) : checkStatusMove(rec, changes)) };
      return applyChanges(b, r, normalizeIntentFields(op.payload.fields), step);
    }
    case 'delete':
      return { rec: applyDelete(b, op), conflicts: 0 };
  }
}

/** The registry's handler for the intent: a name it does not know, or another entity, is refused. */
function knownIntent(op: IntentOp): IntentHandler {
  const handler = intentHandler(op.intent);
  if (!handler) return reject('unknown_intent', `服务器不认识操作“${op.intent}”（可能需要升级服务器），操作未生效`);
  if (!handler.entities.includes(op.entity)) reject('unknown_intent', `操作“${op.intent}”不适用于“${op.entity}”类记录，操作未生效`);
  return handler;
}
