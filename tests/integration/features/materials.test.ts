// 材料 and 材料交接: held counts, receipts, returns that cannot exceed what is held.
import { describe, expect, it } from 'vitest';
import { listPlanTemplates } from '../../../src/main/features/catalog/service.js';
import { caseAction, getCaseFile } from '../../../src/main/features/cases/service.js';
import { getHandover, handoverRecordSchema, materialsOf, recordHandover, updateMaterial } from '../../../src/main/features/materials/service.js';
import { createPlan } from '../../../src/main/features/plans/service.js';
import { makeWorld, registerProxyCase, type World } from '../../helpers/fixtures.js';
import { useTempDirs } from '../../helpers/temp-dir.js';

const tempDir = useTempDirs();

function counts(w: World) {
  const n = (sql: string) => w.store.db.prepare(sql).pluck().get() as number;
  return {
    materials: n('SELECT count(*) FROM materials'),
    held: n('SELECT coalesce(sum(originals_held * 100 + copies_held), 0) FROM materials'),
    handovers: n('SELECT count(*) FROM handovers'),
    audit: n('SELECT count(*) FROM audit_events'),
    outbox: n('SELECT count(*) FROM outbox'),
  };
}

function withPlan(w: World) {
  const c = registerProxyCase(w);
  createPlan(w.ctx('agent'), { caseId: c.caseId, templateId: listPlanTemplates(w.ctx('agent'))[0]!.id });
  const materials = materialsOf(w.ctx('agent'), c.caseId);
  expect(materials.length).toBeGreaterThan(1);
  return { ...c, materials };
}

describe('materials', () => {
  it('sets the held counts of a checklist material', () => {
    const w = makeWorld(tempDir());
    const { caseId, materials } = withPlan(w);
    const m = materials[0]!;
    updateMaterial(w.ctx('clerk'), { materialId: m.id, originalsHeld: 1, copiesHeld: 2 });
    expect(getCaseFile(w.ctx('agent'), caseId).materials.find((x) => x.id === m.id)).toMatchObject({ originalsHeld: 1, copiesHeld: 2 });
    const op = w.store.db.prepare(`SELECT kind, payload FROM outbox WHERE entity = 'materials' AND entity_id = ? ORDER BY seq DESC LIMIT 1`).get(m.id) as { kind: string; payload: string };
    expect(op.kind).toBe('patch');
    expect(JSON.parse(op.payload)).toEqual({ originalsHeld: { base: 0, value: 1 }, copiesHeld: { base: 0, value: 2 } });
  });

  it('refuses wrong roles, other offices and closed cases — changing nothing', () => {
    const w = makeWorld(tempDir());
    const { caseId, materials } = withPlan(w);
    const m = materials[0]!;
    const before = counts(w);
    expect(() => updateMaterial(w.ctx('leader'), { materialId: m.id, originalsHeld: 1, copiesHeld: 0 })).toThrow(/角色无权/);
    expect(() => updateMaterial(w.ctx('otherClerk'), { materialId: m.id, originalsHeld: 1, copiesHeld: 0 })).toThrow(/不属于您所在机构/);
    expect(() => updateMaterial(w.ctx('clerk'), { materialId: 'nope', originalsHeld: 1, copiesHeld: 0 })).toThrow('材料不存在或已删除');
    caseAction(w.ctx('clerk'), { caseId, action: 'withdraw', reason: '申请人撤回' });
    const closed = counts(w);
    expect(closed.held).toBe(before.held);
    expect(() => updateMaterial(w.ctx('clerk'), { materialId: m.id, originalsHeld: 1, copiesHeld: 0 })).toThrow('案卷已退件，不能再更新材料');
    expect(counts(w)).toEqual(closed);
  });
});

describe('handovers', () => {
  it('receives materials with a numbered receipt, updating the checklist and adding what is not on it', () => {
    const w = makeWorld(tempDir());
    const { caseId, caseNo, materials } = withPlan(w);
    const [m1, m2] = materials;
    const input = handoverRecordSchema.parse({
      caseId,
      direction: 'received',
      counterpart: '林小明',
      items: [
        { materialId: m1!.id, name: m1!.name, originals: 1, copies: 2 },
        { name: m2!.name, originals: 0, copies: 1 }, // matched by name
        { name: '房屋租赁合同', originals: 1, copies: 0 }, // not on the checklist
        { materialId: m1!.id, name: m1!.name, originals: 0, copies: 1 }, // same material again: summed
      ],
      note: '原件核对后退还',
    });
    const first = recordHandover(w.ctx('clerk'), input);
    expect(first.receiptNo).toBe(`${caseNo}-J01`);
    const after = materialsOf(w.ctx('clerk'), caseId);
    expect(after.find((m) => m.id === m1!.id)).toMatchObject({ originalsHeld: 1, copiesHeld: 3 });
    expect(after.find((m) => m.id === m2!.id)).toMatchObject({ originalsHeld: 0, copiesHeld: 1 });
    expect(after.find((m) => m.name === '房屋租赁合同')).toMatchObject({ planItemId: null, originalsRequired: 0, originalsHeld: 1 });
    expect(after).toHaveLength(materials.length + 1);

    const { handover } = getHandover(w.ctx('agent'), first.id);
    expect(handover).toMatchObject({ receiptNo: `${caseNo}-J01`, direction: 'received', counterpartName: '林小明', staffId: w.users.clerk, note: '原件核对后退还' });
    expect(handover.items).toEqual([
      { materialId: m1!.id, name: m1!.name, originals: 1, copies: 3 },
      { materialId: m2!.id, name: m2!.name, originals: 0, copies: 1 },
      { materialId: expect.any(String), name: '房屋租赁合同', originals: 1, copies: 0 },
    ]);
    expect(getCaseFile(w.ctx('agent'), caseId).handovers[0]).toMatchObject({ direction: 'received', counterpart: '林小明', byName: '林晓燕' });

    // One audit event for the handover; outbox: material patches, the new material, the handover.
    expect(w.store.db.prepare(`SELECT count(*) FROM audit_events WHERE action = 'handover.record'`).pluck().get()).toBe(1);

    const second = recordHandover(w.ctx('agent'), { caseId, direction: 'received', counterpart: '林小明', items: [{ materialId: m2!.id, name: m2!.name, originals: 1, copies: 0 }] });
    const back = recordHandover(w.ctx('agent'), { caseId, direction: 'returned', counterpart: '林小明', items: [{ materialId: m1!.id, name: m1!.name, originals: 1, copies: 0 }] });
    expect([second.receiptNo, back.receiptNo]).toEqual([`${caseNo}-J02`, `${caseNo}-T01`]);
    expect(materialsOf(w.ctx('clerk'), caseId).find((m) => m.id === m1!.id)).toMatchObject({ originalsHeld: 0, copiesHeld: 3 });
  });

  it('refuses to give back more than is held, or what was never received — nothing changed', () => {
    const w = makeWorld(tempDir());
    const { caseId, materials } = withPlan(w);
    const [m1, m2] = materials;
    recordHandover(w.ctx('clerk'), { caseId, direction: 'received', counterpart: '林小明', items: [{ materialId: m1!.id, name: m1!.name, originals: 1, copies: 1 }] });
    const before = counts(w);
    expect(() =>
      recordHandover(w.ctx('clerk'), {
        caseId, direction: 'returned', counterpart: '林小明',
        items: [
          { materialId: m1!.id, name: m1!.name, originals: 1, copies: 0 }, // fine on its own
          { materialId: m2!.id, name: m2!.name, originals: 1, copies: 0 }, // never received
        ],
      }),
    ).toThrow(`“${m2!.name}”退还数量超过在册数量（在册原件0份、复印件0份，拟退还原件1份、复印件0份），本次交接未登记`);
    expect(() =>
      recordHandover(w.ctx('clerk'), { caseId, direction: 'returned', counterpart: '林小明', items: [{ name: '从未收过的材料', originals: 0, copies: 1 }] }),
    ).toThrow(/退还数量超过在册数量/);
    expect(() =>
      recordHandover(w.ctx('clerk'), { caseId, direction: 'returned', counterpart: '林小明', items: [
        { materialId: m1!.id, name: m1!.name, originals: 1, copies: 0 },
        { materialId: m1!.id, name: m1!.name, originals: 1, copies: 0 },
      ] }),
    ).toThrow(/在册原件1份.*拟退还原件2份/);
    expect(counts(w)).toEqual(before);
  });

  it('refuses zero quantities, foreign materials, wrong roles, other offices, and receiving on a closed case; returns stay possible after closing', () => {
    const w = makeWorld(tempDir());
    const { caseId, materials } = withPlan(w);
    const other = withPlan(w);
    const m1 = materials[0]!;
    const recv = (items: Array<{ materialId?: string; name: string; originals: number; copies: number }>) => ({ caseId, direction: 'received' as const, counterpart: '林小明', items });
    recordHandover(w.ctx('clerk'), recv([{ materialId: m1.id, name: m1.name, originals: 1, copies: 0 }]));
    const before = counts(w);
    expect(() => recordHandover(w.ctx('clerk'), recv([{ name: '身份证复印件', originals: 0, copies: 0 }]))).toThrow('第1项“身份证复印件”的原件和复印件份数不能都为0');
    expect(() => recordHandover(w.ctx('clerk'), recv([{ materialId: other.materials[0]!.id, name: 'x', originals: 1, copies: 0 }]))).toThrow('第1项材料不属于本案卷');
    expect(() => recordHandover(w.ctx('leader'), recv([{ name: '委托书', originals: 1, copies: 0 }]))).toThrow(/角色无权/);
    expect(() => recordHandover(w.ctx('otherClerk'), recv([{ name: '委托书', originals: 1, copies: 0 }]))).toThrow(/不属于您所在机构/);
    expect(handoverRecordSchema.safeParse(recv([])).error?.issues[0]?.message).toBe('至少登记一份材料');
    expect(counts(w)).toEqual(before);

    caseAction(w.ctx('clerk'), { caseId, action: 'withdraw', reason: '申请人撤回' });
    const closed = counts(w);
    expect(() => recordHandover(w.ctx('clerk'), recv([{ name: '委托书', originals: 1, copies: 0 }]))).toThrow('案卷已退件，不能再接收材料');
    expect(counts(w)).toEqual(closed);
    const back = recordHandover(w.ctx('clerk'), { caseId, direction: 'returned', counterpart: '林小明', items: [{ materialId: m1.id, name: m1.name, originals: 1, copies: 0 }] });
    expect(back.receiptNo).toMatch(/-T01$/);
    expect(materialsOf(w.ctx('clerk'), caseId).find((m) => m.id === m1.id)?.originalsHeld).toBe(0);
  });
});

describe('the checklist per plan item', () => {
  /** A plan whose items share materials (营业执照, 授权委托书… on several checklists). */
  function sharedMaterials(w: World) {
    const c = registerProxyCase(w);
    const template = listPlanTemplates(w.ctx('agent')).find((t) => t.name === '政府投资房屋建筑类项目')!;
    createPlan(w.ctx('agent'), { caseId: c.caseId, templateId: template.id });
    const file = getCaseFile(w.ctx('agent'), c.caseId);
    const names = file.materials.map((m) => m.name);
    const shared = names.find((n, i) => names.indexOf(n) !== i && file.materials.filter((m) => m.name === n).every((m) => m.originalsRequired + m.copiesRequired > 0))!;
    expect(shared).toBeTruthy();
    return { ...c, file, shared };
  }

  it('groups the checklist per plan item in plan order, each material once per item, with its item named', () => {
    const w = makeWorld(tempDir());
    const { file } = sharedMaterials(w);
    const itemOrder = file.plan!.items.map((i) => i.id);
    const groups = file.materials.map((m) => m.planItemId);
    // Contiguous groups, in the plan's order.
    const seen = groups.filter((g, i) => g !== groups[i - 1]);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(itemOrder.filter((id) => groups.includes(id)));
    for (const m of file.materials) expect(m.planItemName).toBe(file.plan!.items.find((i) => i.id === m.planItemId)!.name);
    for (const id of seen) {
      const names = file.materials.filter((m) => m.planItemId === id).map((m) => m.name);
      expect(new Set(names).size).toBe(names.length);
    }
  });

  it('a handover by name fills the checklist entry that still lacks it, and the checklist shows received and returned', () => {
    const w = makeWorld(tempDir());
    const { caseId, shared } = sharedMaterials(w);
    const entries = getCaseFile(w.ctx('agent'), caseId).materials.filter((m) => m.name === shared);
    const line = (m: (typeof entries)[number]) => ({ name: shared, originals: m.originalsRequired, copies: m.copiesRequired });
    recordHandover(w.ctx('clerk'), { caseId, direction: 'received', counterpart: '林小明', items: [line(entries[0]!)] });
    recordHandover(w.ctx('clerk'), { caseId, direction: 'received', counterpart: '林小明', items: [line(entries[1]!)] });
    let after = getCaseFile(w.ctx('agent'), caseId).materials.filter((m) => m.name === shared);
    // Each item's entry got its own set, not the first one twice.
    for (const [i, m] of after.slice(0, 2).entries()) {
      expect(m).toMatchObject({ originalsHeld: entries[i]!.originalsRequired, copiesHeld: entries[i]!.copiesRequired, received: { originals: entries[i]!.originalsRequired, copies: entries[i]!.copiesRequired }, returned: { originals: 0, copies: 0 } });
    }
    // Returning the originals of the second item's entry by its id: the checklist shows it.
    const second = after[1]!;
    expect(second.originalsHeld).toBeGreaterThan(0);
    recordHandover(w.ctx('clerk'), { caseId, direction: 'returned', counterpart: '林小明', items: [{ materialId: second.id, name: shared, originals: second.originalsHeld, copies: 0 }] });
    after = getCaseFile(w.ctx('agent'), caseId).materials.filter((m) => m.name === shared);
    expect(after[1]).toMatchObject({ originalsHeld: 0, returned: { originals: second.originalsHeld, copies: 0 } });
    expect(after[0]!.originalsHeld).toBe(entries[0]!.originalsRequired);
  });
});
