// Admin publishing of reference data (org units, users, catalogue, plan templates, calendar years).
import type { Ctx } from '../context';
import { HttpError } from '../errors';
import { checkReferenceChange, type ReferenceAuthor } from '../../shared/sync/reference-authority';
import { isReferenceEntity } from '../../shared/sync/rules';
import { checkEntityFields, checkPulledRow, entityFieldSchema } from '../../shared/sync/entities';
import type { SyncedEntityName } from '../../shared/sync/entities';
import { flushRecords, loadRecords, lockSeq, recKey, saveSeq, SeqAllocator } from './records';
import type { Rec } from './records';

/**
 * Upserts reference rows by id. With an `author` (an admin's request), every row must pass the one
 * authority rule against the row as stored and the row as it would be; one refusal refuses all.
 */
export async function publishReference(ctx: Ctx, entity: string, rowsIn: Array<Record<string, unknown>>, deviceId: string | null = null, author?: ReferenceAuthor): Promise<number> {
  if (!isReferenceEntity(entity)) throw new HttpError(400, 'not_reference', `“${entity}”不是可发布的基础数据`);
  for (const r of rowsIn) {
    if (typeof r.id !== 'string' || !r.id) throw new HttpError(400, 'missing_id', '每条基础数据都必须有 id');
  }
  const now = ctx.clock();
  if (author) await ctx.orgTree.ensure(ctx.store);
  const last = await ctx.store.db.transaction(async (tx) => {
    const seq = new SeqAllocator(await lockSeq(tx));
    const map = new Map<string, Rec>();
    await loadRecords(tx, rowsIn.map((r) => [entity, String(r.id)]), map);
    const out: Rec[] = [];
    for (const [i, row] of rowsIn.entries()) {
      const id = String(row.id);
      const prev = map.get(recKey(entity, id));
      const data = { ...(prev?.data ?? {}), ...row };
      stampTimes(entity, data, now);
      const rec: Rec = prev ?? { entity, id, orgUnitId: null, caseId: null, isRef: true, data, deleted: false, serverSeq: 0, createdSeq: 0, exists: false, dirty: true };
      if (author) {
        const verdict = checkReferenceChange(ctx.orgTree, author, { entity, id, existing: prev && !prev.deleted ? prev.data : null, next: data });
        if (!verdict.ok) throw new HttpError(403, verdict.code, verdict.message);
        // A later row of the request may sit under this office.
        if (entity === 'orgUnits' && !data.deletedAt) ctx.orgTree.place(id, typeof data.parentId === 'string' ? data.parentId : null);
      }
      // Who may first, then what: an admin outside their authority learns nothing about the row's shape.
      checkPublishedRow(entity, i, row, data);
      rec.data = data;
      rec.deleted = Boolean(data.deletedAt);
      rec.orgUnitId = typeof data.orgUnitId === 'string' ? data.orgUnitId : entity === 'orgUnits' ? id : null;
      rec.dirty = true;
      out.push(rec);
    }
    await flushRecords(tx, out, seq, now, deviceId);
    await saveSeq(tx, seq.last);
    return seq.last;
  }).catch((e: unknown) => {
    // Offices placed for the refused request's later rows are forgotten with it.
    ctx.orgTree.invalidate();
    throw e;
  });
  ctx.watermark.raise(last);
  if (entity === 'orgUnits') ctx.orgTree.invalidate();
  return last;
}

/** A row published without its times gets the centre's clock (a desktop needs both to store it). */
function stampTimes(entity: SyncedEntityName, data: Record<string, unknown>, now: Date): void {
  for (const f of ['createdAt', 'updatedAt']) if (data[f] === undefined && entityFieldSchema(entity, f)) data[f] = now.toISOString();
}

/**
 * The wire schema of the entity (src/shared/sync/entities.ts): the published fields one by one,
 * unknown ones refused; then the row as it would be stored, every required field present. (A field
 * an older centre stored and the schema no longer knows stays where it is, so such rows can still
 * be corrected.) One malformed row refuses the request, so nothing is written.
 */
function checkPublishedRow(entity: SyncedEntityName, i: number, row: Record<string, unknown>, data: Record<string, unknown>): void {
  const fields = checkEntityFields(entity, row);
  const whole = fields.ok ? checkPulledRow(entity, data) : fields;
  if (!whole.ok) throw new HttpError(400, 'invalid_row', `第 ${i + 1} 条（${String(row.id)}）不符合要求：${whole.message}，本次发布未生效`);
}
