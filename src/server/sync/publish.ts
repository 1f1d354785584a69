// Admin publishing of reference data (org units, users, catalogue, plan templates, calendar years).
import type { Ctx } from '../context';
import { HttpError } from '../errors';
import { isReferenceEntity } from '../../shared/sync/rules';
import { flushRecords, loadRecords, lockSeq, recKey, saveSeq, SeqAllocator } from './records';
import type { Rec } from './records';

export async function publishReference(ctx: Ctx, entity: string, rowsIn: Array<Record<string, unknown>>, deviceId: string | null = null): Promise<number> {
  if (!isReferenceEntity(entity)) throw new HttpError(400, 'not_reference', `“${entity}”不是可发布的基础数据`);
  for (const r of rowsIn) {
    if (typeof r.id !== 'string' || !r.id) throw new HttpError(400, 'missing_id', '每条基础数据都必须有 id');
  }
  const now = ctx.clock();
  const last = await ctx.store.db.transaction(async (tx) => {
    const seq = new SeqAllocator(await lockSeq(tx));
    const map = new Map<string, Rec>();
    await loadRecords(tx, rowsIn.map((r) => [entity, String(r.id)]), map);
    const out: Rec[] = [];
    for (const row of rowsIn) {
      const id = String(row.id);
      const prev = map.get(recKey(entity, id));
      const data = { ...(prev?.data ?? {}), ...row };
      const rec: Rec = prev ?? { entity, id, orgUnitId: null, caseId: null, isRef: true, data, deleted: false, serverSeq: 0, createdSeq: 0, exists: false, dirty: true };
      rec.data = data;
      rec.deleted = Boolean(data.deletedAt);
      rec.orgUnitId = typeof data.orgUnitId === 'string' ? data.orgUnitId : entity === 'orgUnits' ? id : null;
      rec.dirty = true;
      out.push(rec);
    }
    await flushRecords(tx, out, seq, now, deviceId);
    await saveSeq(tx, seq.last);
    return seq.last;
  });
  ctx.watermark.raise(last);
  if (entity === 'orgUnits') ctx.orgTree.invalidate();
  return last;
}
