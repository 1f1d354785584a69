// What an op carries, checked against the entity's wire schema (src/shared/sync/entities.ts) before
// anything else looks at it: an insert is a whole row, a patch or an intent changes fields one by
// one, a delete sets a tombstone. Unknown entities and fields are refused, as are oversized ops.
import { MAX_ROW_BYTES, checkEntityFields, checkEntityRow, isSyncedEntity, jsonBytes } from '../../../shared/sync/entities';
import type { SyncedEntityName } from '../../../shared/sync/entities';
import type { SyncOp } from '../../../shared/sync/protocol';
import { normalizeIntentFields } from '../../../shared/sync/rules';
import { reject } from './state';

export function checkEntityName(entity: string): SyncedEntityName {
  if (!isSyncedEntity(entity)) reject('unknown_entity', `服务器不接受“${entity}”类数据，操作未生效`);
  return entity as SyncedEntityName;
}

/** A whole row to be stored (an insert, or the row a transfer.send intent creates). */
export function checkRow(entity: SyncedEntityName, row: Record<string, unknown>): void {
  const r = checkEntityRow(entity, row);
  if (!r.ok) reject('invalid_row', `上传的记录不符合要求：${r.message}`);
}

export function checkPayload(entity: SyncedEntityName, op: SyncOp): void {
  // The op names the record; a payload without an id takes it (calendar years are sent that way).
  if (op.kind === 'insert') return checkRow(entity, { id: op.entityId, ...op.payload });
  // Bases and intent arguments are never stored, but they travel too: the op as a whole is capped.
  const bytes = jsonBytes(op.payload);
  if (bytes > MAX_ROW_BYTES * 2) reject('too_large', `操作内容过大（${Math.ceil(bytes / 1024)} KB），操作未生效`);
  let values: Record<string, unknown>;
  switch (op.kind) {
    case 'patch':
      values = Object.fromEntries(Object.entries(op.payload).map(([f, c]) => [f, c.value]));
      break;
    case 'intent':
      values = Object.fromEntries(Object.entries(normalizeIntentFields(op.payload.fields)).map(([f, c]) => [f, c.value]));
      break;
    case 'delete':
      values = { deletedAt: op.payload.deletedAt };
      break;
  }
  const r = checkEntityFields(entity, values);
  if (!r.ok) reject('invalid_field', `修改的内容不符合要求：${r.message}`);
}
