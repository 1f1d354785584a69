// 材料 and 材料交接: each plan item brings its checklist of materials from the catalogue; the
// window records what it holds (originals and copies) and every handover with the applicant —
// received (接收) or given back (退还) — with a receipt number for the printed receipt
// (`{caseNo}-J01` for the first receipt of materials, `{caseNo}-T01` for the first return).
//
// A handover and the held counts it changes are one transaction: a return of more than is held
// is refused with nothing changed. Materials received that are not on the checklist are added to
// it. Receiving needs an open case; returning originals stays possible after closing (that is
// when they usually go back).
import type { UseCase } from '../../../shared/policy/index.js';
import { and, eq, isNull } from 'drizzle-orm';
import type { z } from 'zod';
import type { ApiOutput, ApiParsedInput } from '../../../shared/api/index.js';
import { casesContract } from '../../../shared/api/cases.js';
import { optionalText } from '../../../shared/api/common.js';
import { normalizeText } from '../../../shared/domain/validators.js';
import { DomainError } from '../../../shared/errors.js';
import * as t from '../../db/schema.js';
import type { WriteTx } from '../../db/store.js';
import { changesOf, requireNotWithdrawn, withdrawalFields, writeCorrection } from '../record-changes.js';
import { loadCase, loadCaseChild, requireOpenCase, authorize, requireUser, type CaseRow, type ServiceContext } from '../context.js';

export type MaterialRow = typeof t.materials.$inferSelect;
export type HandoverRow = typeof t.handovers.$inferSelect;

export function updateMaterial(ctx: ServiceContext, input: ApiParsedInput<'material.update'>): ApiOutput<'material.update'> {
  authorize(ctx, 'material.update');
  requireUser(ctx);
  const { row: m, caseRow: c } = loadCaseChild(ctx, ctx.store.orm.select().from(t.materials).where(eq(t.materials.id, input.materialId)).get(), '材料');
  requireOpenCase(c, '更新材料');
  ctx.store.write(
    {
      actor: ctx.actor,
      action: 'material.update',
      entity: 'materials',
      entityId: m.id,
      detail: { caseId: c.id, name: m.name, from: { originals: m.originalsHeld, copies: m.copiesHeld }, to: { originals: input.originalsHeld, copies: input.copiesHeld } },
    },
    (tx) => tx.patch(t.materials, m.id, { originalsHeld: input.originalsHeld, copiesHeld: input.copiesHeld }),
  );
  return { ok: true };
}

/** handover.record plus a note for the receipt (e.g. "原件核对后退还"). */
export const handoverRecordSchema = casesContract['handover.record'].input.extend({ note: optionalText('备注', 200) });
export type HandoverRecordInput = ApiParsedInput<'handover.record'> | z.output<typeof handoverRecordSchema>;

const key = (name: string) => normalizeText(name).replace(/\s+/g, '');

/** The next receipt number of this direction for the case, unique within the case. */
export function nextReceiptNo(ctx: ServiceContext, c: Pick<CaseRow, 'id' | 'caseNo'>, direction: string): string {
  const prefix = `${c.caseNo}-${direction === 'returned' ? 'T' : 'J'}`;
  const taken = new Set(
    ctx.store.db.prepare('SELECT receipt_no FROM handovers WHERE case_id = ?').pluck().all(c.id) as string[],
  );
  let n = (ctx.store.db.prepare('SELECT count(*) FROM handovers WHERE case_id = ? AND direction = ?').pluck().get(c.id, direction) as number) + 1;
  while (taken.has(`${prefix}${String(n).padStart(2, '0')}`)) n++;
  return `${prefix}${String(n).padStart(2, '0')}`;
}

export function recordHandover(ctx: ServiceContext, input: HandoverRecordInput): ApiOutput<'handover.record'> & { receiptNo: string } {
  authorize(ctx, 'handover.record');
  const userId = requireUser(ctx);
  const c = loadCase(ctx, input.caseId);
  const returning = input.direction === 'returned';
  if (!returning) requireOpenCase(c, '接收材料');
  const note = (input as Partial<z.output<typeof handoverRecordSchema>>).note ?? '';

  const materials = ctx.store.orm.select().from(t.materials).where(and(eq(t.materials.caseId, c.id), isNull(t.materials.deletedAt))).all();
  const byId = new Map(materials.map((m) => [m.id, m]));
  // The same material is often on several items' checklists (营业执照, 授权委托书): a line given by
  // name goes to the first that still lacks it (receiving) or holds enough of it (returning).
  const byName = new Map<string, MaterialRow[]>();
  for (const m of materials) byName.set(key(m.name), [...(byName.get(key(m.name)) ?? []), m]);
  const taken = new Map<string, { o: number; c: number }>();
  const byNameFor = (item: { name: string; originals: number; copies: number }): MaterialRow | null => {
    const same = byName.get(key(item.name)) ?? [];
    const fits = (m: MaterialRow) => {
      const t = taken.get(m.id) ?? { o: 0, c: 0 };
      return returning
        ? m.originalsHeld - t.o >= item.originals && m.copiesHeld - t.c >= item.copies
        : (item.originals > 0 && m.originalsHeld + t.o < m.originalsRequired) || (item.copies > 0 && m.copiesHeld + t.c < m.copiesRequired);
    };
    const m = same.find(fits) ?? same[0] ?? null;
    if (m) {
      const t = taken.get(m.id) ?? { o: 0, c: 0 };
      taken.set(m.id, { o: t.o + item.originals, c: t.c + item.copies });
    }
    return m;
  };

  // Resolve each line to a checklist material (by id, else by name) and sum lines of the same one.
  type Line = { material: MaterialRow | null; name: string; originals: number; copies: number };
  const lines: Line[] = [];
  input.items.forEach((item, i) => {
    if (item.originals + item.copies === 0) {
      throw new DomainError('invalid_input', `第${i + 1}项“${item.name}”的原件和复印件份数不能都为0`, { [`items.${i}.originals`]: '份数不能都为0' });
    }
    let material: MaterialRow | null = null;
    if (item.materialId) {
      material = byId.get(item.materialId) ?? null;
      if (!material) throw new DomainError('invalid_input', `第${i + 1}项材料不属于本案卷`, { [`items.${i}.materialId`]: '材料不属于本案卷' });
    } else {
      material = byNameFor(item);
    }
    const same = lines.find((l) => (material ? l.material?.id === material.id : !l.material && key(l.name) === key(item.name)));
    if (same) {
      same.originals += item.originals;
      same.copies += item.copies;
    } else {
      lines.push({ material, name: material?.name ?? item.name, originals: item.originals, copies: item.copies });
    }
  });
  return ctx.store.write(
    { actor: ctx.actor, action: 'handover.record', entity: 'cases', entityId: c.id, detail: { direction: input.direction, lines: lines.length } },
    (tx) => {
      // Counts are read again inside the transaction: another window may have changed them.
      const fresh = lines.map((l) => ({ ...l, material: l.material ? (tx.get(t.materials, l.material.id) ?? null) : null }));
      if (returning) {
        for (const l of fresh) {
          const held = l.material ? { o: l.material.originalsHeld, c: l.material.copiesHeld } : { o: 0, c: 0 };
          if (l.originals > held.o || l.copies > held.c) {
            throw new DomainError(
              'invalid_input',
              `“${l.name}”退还数量超过在册数量（在册原件${held.o}份、复印件${held.c}份，拟退还原件${l.originals}份、复印件${l.copies}份），本次交接未登记`,
            );
          }
        }
      }
      const items = fresh.map((l) => {
        const m = l.material ?? addMaterial(tx, c.id, l.name);
        const sign = returning ? -1 : 1;
        tx.patch(t.materials, m.id, { originalsHeld: m.originalsHeld + sign * l.originals, copiesHeld: m.copiesHeld + sign * l.copies });
        return { materialId: m.id, name: m.name, originals: l.originals, copies: l.copies };
      });
      const receiptNo = nextReceiptNo(ctx, c, input.direction);
      const h = tx.insert(t.handovers, {
        caseId: c.id,
        receiptNo,
        direction: input.direction,
        counterpartName: input.counterpart,
        staffId: userId,
        handedAt: ctx.store.nowIso(),
        items,
        note,
      });
      return { id: h.id, receiptNo };
    },
  );
}

function addMaterial(tx: WriteTx, caseId: string, name: string): MaterialRow {
  // Not on the checklist: recorded as an extra material (nothing required of it).
  return tx.insert(t.materials, { caseId, planItemId: null, name, originalsRequired: 0, copiesRequired: 0, originalsHeld: 0, copiesHeld: 0 });
}

function loadHandover(ctx: ServiceContext, handoverId: string, useCase: UseCase) {
  authorize(ctx, useCase);
  const userId = requireUser(ctx);
  const { row, caseRow } = loadCaseChild(ctx, ctx.store.byId(t.handovers, handoverId), '交接记录');
  requireNotWithdrawn(row, '交接记录');
  return { row, caseRow, userId };
}

/** Corrects who handed over and the note; the items stay as received (withdraw and record again to change them). */
export function editHandover(ctx: ServiceContext, input: ApiParsedInput<'handover.edit'>): ApiOutput<'handover.edit'> {
  const { row, caseRow } = loadHandover(ctx, input.handoverId, 'handover.edit');
  writeCorrection(ctx, t.handovers, row, { counterpartName: input.counterpart, note: input.note ?? '' }, { action: 'handover.edit', caseId: caseRow.id });
  return { ok: true };
}

/**
 * Withdraws a handover recorded by mistake: the held counts it changed go back in the same
 * transaction (refused if materials it received were already returned); the row stays, marked.
 */
export function withdrawHandover(ctx: ServiceContext, input: ApiParsedInput<'handover.withdraw'>): ApiOutput<'handover.withdraw'> {
  const { row, caseRow, userId } = loadHandover(ctx, input.handoverId, 'handover.withdraw');
  const fields = withdrawalFields(ctx.store, userId, input.reason);
  const undo = row.direction === 'returned' ? 1 : -1;
  ctx.store.write(
    { actor: ctx.actor, action: 'handover.withdraw', entity: 'handovers', entityId: row.id, detail: { caseId: caseRow.id, receiptNo: row.receiptNo, changes: changesOf(row, fields), reason: input.reason } },
    (tx) => {
      for (const item of row.items) {
        const m = tx.get(t.materials, item.materialId);
        if (!m || m.deletedAt) continue;
        const originals = m.originalsHeld + undo * item.originals;
        const copies = m.copiesHeld + undo * item.copies;
        if (originals < 0 || copies < 0) {
          throw new DomainError('invalid_transition', `“${m.name}”已部分退还（在册原件${m.originalsHeld}份、复印件${m.copiesHeld}份），不能撤回本次接收；请先撤回退还记录`);
        }
        tx.patch(t.materials, m.id, { originalsHeld: originals, copiesHeld: copies });
      }
      tx.patch(t.handovers, row.id, fields);
    },
  );
  return { ok: true };
}

/** One handover with what a printed receipt needs. */
export function getHandover(ctx: ServiceContext, handoverId: string): { handover: HandoverRow; caseRow: CaseRow } {
  const { row, caseRow } = loadCaseChild(ctx, ctx.store.orm.select().from(t.handovers).where(eq(t.handovers.id, handoverId)).get(), '交接记录');
  return { handover: row, caseRow };
}

export function materialsOf(ctx: ServiceContext, caseId: string): MaterialRow[] {
  loadCase(ctx, caseId);
  return ctx.store.orm.select().from(t.materials).where(and(eq(t.materials.caseId, caseId), isNull(t.materials.deletedAt))).all();
}
