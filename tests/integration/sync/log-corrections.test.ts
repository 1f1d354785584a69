// Progress entries and handovers stay append-only logs on the real server: a correction of their
// editable fields and a withdrawal (已撤回, with the reason) go through and reach the other desktop;
// any other field, a patch mixing both, and a delete are still refused.
import { describe, expect, it } from 'vitest';
import * as t from '../../../src/main/db/schema';
import type { Store } from '../../../src/main/db/store';
import { login } from '../../../src/main/features/auth/service';
import { registerCase } from '../../../src/main/features/intake/service';
import { editHandover, recordHandover, withdrawHandover } from '../../../src/main/features/materials/service';
import { addProgress, editProgress, withdrawProgress } from '../../../src/main/features/progress/service';
import { intakeSchema } from '../../../src/shared/api/cases';
import { makeResidentId, mulberry32 } from '../../../src/shared/domain/synthetic-ids';
import { PASSWORD } from './harness';
import { useHarness, useStoreDesktops } from './store-desktops';

const h = useHarness();
const rng = mulberry32(77);
const desktop = useStoreDesktops(h);

const ctxOf = (s: Store) => ({ store: s, actor: login(s, 'clerkA', PASSWORD).actor });
const row = (s: Store, sql: string, ...args: unknown[]) => s.db.prepare(sql).get(...args) as Record<string, unknown> | undefined;

describe('corrections of append-only logs through the server', () => {
  it('accepts corrections and withdrawals of progress entries and handovers, refuses every other change', async () => {
    const A1 = await desktop(h().org.townA);
    const A2 = await desktop(h().org.townA);
    const c1 = ctxOf(A1.store);
    const { caseId } = registerCase(c1, intakeSchema.parse({
      channel: 'counter', mode: 'help', helpKind: 'assist', summary: '协助办理食品经营许可',
      applicant: { kind: 'person', name: '郑丽华', idNumber: makeResidentId(rng, { regionCode: '350102' }), contactName: '郑丽华', contactPhone: '13905910088' },
    }));
    const entry = addProgress(c1, { caseId, kind: 'phone', text: '电话告知所需材料', hours: 0.5 } as never);
    const handover = recordHandover(c1, { caseId, direction: 'received', counterpart: '郑丽华', items: [{ name: '身份证复印件', originals: 0, copies: 1 }] });
    await A1.sync();

    editProgress(c1, { entryId: entry.id, kind: 'meeting', text: '当面告知所需材料', hours: 1.5, planItemId: null });
    withdrawProgress(c1, { entryId: entry.id, reason: '记错了案卷' });
    editHandover(c1, { handoverId: handover.id, counterpart: '郑丽花', note: '复印件核对无误' });
    withdrawHandover(c1, { handoverId: handover.id, reason: '材料未实际交接' });
    const r = await A1.sync();
    expect(r.rejections).toEqual([]);

    await A2.sync();
    expect(row(A2.store, 'SELECT kind, text, hours, withdraw_reason, withdrawn_at, deleted_at FROM progress_entries WHERE id = ?', entry.id)).toMatchObject({
      kind: 'meeting', text: '当面告知所需材料', hours: 1.5, withdraw_reason: '记错了案卷', deleted_at: null,
    });
    expect(row(A2.store, 'SELECT withdrawn_at FROM progress_entries WHERE id = ?', entry.id)?.withdrawn_at).toBeTruthy();
    expect(row(A2.store, 'SELECT counterpart_name, note, withdraw_reason FROM handovers WHERE id = ?', handover.id)).toMatchObject({
      counterpart_name: '郑丽花', note: '复印件核对无误', withdraw_reason: '材料未实际交接',
    });

    // Raw writes a correction may not make: who wrote it, when it was made, the receipt's items, a
    // patch that mixes a correctable field with another, and deletes.
    const c2 = ctxOf(A2.store);
    const raw = (fn: Parameters<Store['write']>[1]) => A2.store.write({ actor: c2.actor, action: 'test.raw', entity: 'cases', entityId: caseId }, fn);
    raw((tx) => tx.patch(t.progressEntries, entry.id, { authorId: 'someone-else' }));
    raw((tx) => tx.patch(t.progressEntries, entry.id, { text: '顺便改作者', authorId: 'someone-else-2' }));
    raw((tx) => tx.patch(t.handovers, handover.id, { receiptNo: 'X-01' }));
    raw((tx) => tx.patch(t.handovers, handover.id, { items: [] }));
    raw((tx) => tx.remove(t.progressEntries, entry.id));
    raw((tx) => tx.remove(t.handovers, handover.id));
    const refused = await A2.sync({ allowRejections: true });
    expect(refused.rejections.map((x) => x.entity).sort()).toEqual(['handovers', 'handovers', 'handovers', 'progressEntries', 'progressEntries', 'progressEntries']);
    for (const x of refused.rejections) expect(x.error).toMatch(/只能追加/);
    // The server's copies are unchanged and this desktop is put back to them.
    expect(row(A2.store, 'SELECT text, author_id, deleted_at FROM progress_entries WHERE id = ?', entry.id)).toMatchObject({ text: '当面告知所需材料', author_id: c1.actor.userId, deleted_at: null });
    expect(row(A2.store, 'SELECT receipt_no, deleted_at FROM handovers WHERE id = ?', handover.id)).toMatchObject({ receipt_no: handover.receiptNo, deleted_at: null });
  });
});
