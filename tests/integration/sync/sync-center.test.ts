// The sync center against the real server over HTTP, with real desktop stores and services:
// a status conflict made by two desktops is pulled, resolved on the desktop by submitting its value
// again through the workflow, pushed, and the server's conflict row is resolved for every desktop;
// a refused change in the middle of a batch does not hold up the rest, is shown with what was
// typed and the server's reason, and is dismissed.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../../src/main/db/store';
import { login } from '../../../src/main/features/auth/service';
import { registerCase } from '../../../src/main/features/intake/service';
import { caseAction } from '../../../src/main/features/cases/service';
import { addProgress } from '../../../src/main/features/progress/service';
import { sendTransfer } from '../../../src/main/features/transfers/service';
import { dismissRejection, listConflicts, listRejections, resolveConflict, syncCounts } from '../../../src/main/features/sync/service';
import { contract } from '../../../src/shared/api/index';
import { intakeSchema } from '../../../src/shared/api/cases';
import { makeResidentId, mulberry32 } from '../../../src/shared/domain/synthetic-ids';
import { PASSWORD } from './harness';
import { useHarness, useStoreDesktops } from './store-desktops';
import type { StoreDesktop } from './store-desktops';

const h = useHarness();
const desktop = useStoreDesktops(h);
// Two desktops of one office for the whole file.
let A: StoreDesktop;
let B: StoreDesktop;
beforeAll(async () => {
  A = await desktop(h().org.townA);
  B = await desktop(h().org.townA);
});

const as = (d: StoreDesktop, username: string) => ({ store: d.store, actor: login(d.store, username, PASSWORD).actor });

const rng = mulberry32(11);
function helpCase(ctx: ReturnType<typeof as>, summary: string) {
  const { caseId, caseNo } = registerCase(ctx, intakeSchema.parse({
    channel: 'counter', mode: 'help', helpKind: 'assist', summary,
    applicant: { kind: 'person', name: '郑淑贞', idNumber: makeResidentId(rng, { regionCode: '350102' }), contactName: '郑淑贞', contactPhone: '13905910001' },
  }));
  const row = ctx.store.db.prepare('SELECT status FROM cases WHERE id = ?').pluck().get(caseId);
  if (row === 'consulting') caseAction(ctx, { caseId, action: 'accept' });
  return { caseId, caseNo };
}

const statusOf = (s: Store, caseId: string) => s.db.prepare('SELECT status FROM cases WHERE id = ?').pluck().get(caseId);

describe('sync center against the real server', () => {
  it('a conflict from two desktops is pulled, resolved by resubmitting through the workflow, and resolved on the server', async () => {
    const { caseId } = helpCase(as(A, 'clerkA'), '协助办理食品经营许可');
    await A.sync();
    await B.sync();
    expect(statusOf(B.store, caseId)).toBe('accepted');

    // Offline on both: A starts the work, B suspends it. A pushes first.
    caseAction(as(A, 'agentA'), { caseId, action: 'start' });
    caseAction(as(B, 'agentA'), { caseId, action: 'suspend', reason: '申请人补充材料' });
    await A.sync();
    const b1 = await B.sync();
    expect(b1.pushed.conflicts).toBe(1);
    expect(b1.rejections).toEqual([]);
    // The server kept its value; B now shows it, and the conflict waits for a person.
    expect(statusOf(B.store, caseId)).toBe('inProgress');
    expect(syncCounts(B.store).openConflicts).toBe(1);
    const [conflict] = listConflicts(as(B, 'agentA'));
    expect(conflict).toMatchObject({ fieldLabel: '状态', serverText: '办理中', localText: '已中止', canResolve: true, resubmitBlocked: null, resubmitReasonLabel: '中止原因' });

    // B's agent insists: the suspension goes again as a fresh workflow step based on 办理中.
    resolveConflict(as(B, 'agentA'), { conflictId: conflict!.id, keep: 'local', reason: '申请人补充材料' });
    const b2 = await B.sync();
    expect(b2.pushed).toMatchObject({ applied: 2, rejected: 0, conflicts: 0 });
    expect(b2.pending).toBe(0);
    expect(b2.openConflicts).toBe(0);

    // Every desktop now has the suspension and the resolved conflict, from the server.
    await A.sync();
    expect(statusOf(A.store, caseId)).toBe('suspended');
    expect(A.store.db.prepare('SELECT status, resolved_by, field FROM conflicts WHERE id = ?').get(conflict!.id)).toEqual({ status: 'resolved', resolved_by: h().org.users.agentA, field: 'status' });
    expect(listConflicts(as(A, 'agentA'))).toEqual([]);
    expect(syncCounts(A.store).openConflicts).toBe(0);
  });

  it('a refused change in the middle of a batch: the rest goes through, the refusal is shown and dismissed', async () => {
    const { caseId, caseNo } = helpCase(as(A, 'clerkA'), '协助办理个体工商户登记');
    await A.sync();
    await B.sync();
    // B withdraws the case and syncs; A has not heard of it yet.
    caseAction(as(B, 'agentA'), { caseId, action: 'withdraw', reason: '申请人主动撤回' });
    await B.sync();

    const clerk = as(A, 'clerkA');
    addProgress(clerk, contract['progress.add'].input.parse({ caseId, kind: 'phone', text: '电话告知申请人所需材料', hours: 0.5 }));
    sendTransfer(clerk, contract['transfer.send'].input.parse({ caseId, toOrgUnitId: h().org.townB, kind: 'down', reason: '属地办理，请鼓西街道协助' }));
    addProgress(clerk, contract['progress.add'].input.parse({ caseId, kind: 'siteVisit', text: '上门核对经营场所', hours: 1 }));
    const r = await A.sync({ allowRejections: true });
    // The refusal did not hold the queue: both progress entries went up, nothing is pending.
    expect(r.pushed).toMatchObject({ applied: 2, rejected: 1 });
    expect(r.rejections).toEqual([expect.objectContaining({ entity: 'transfers', error: '办件已办结或已退件，不能转办' })]);
    expect(r.pending).toBe(0);
    expect(statusOf(A.store, caseId)).toBe('withdrawn');
    expect(B.store.db.prepare('SELECT count(*) FROM progress_entries WHERE case_id = ?').pluck().get(caseId)).toBe(0);
    await B.sync();
    expect(B.store.db.prepare('SELECT count(*) FROM progress_entries WHERE case_id = ?').pluck().get(caseId)).toBe(2);

    // The clerk sees what was typed, where it belongs and why it was refused.
    expect(syncCounts(A.store).openRejections).toBe(1);
    const [refused] = listRejections(as(A, 'clerkA'));
    expect(refused).toMatchObject({ action: '新增转办联办', case: { id: caseId, caseNo }, caseTab: 'transfers', reason: '办件已办结或已退件，不能转办', authorName: 'clerkA' });
    expect(refused!.fields).toEqual(expect.arrayContaining([
      { field: 'kind', label: '类型', value: '转办' },
      { field: 'toOrgUnitId', label: '接收机构', value: '鼓西街道' },
      { field: 'reason', label: '事由', value: '属地办理，请鼓西街道协助' },
    ]));
    // 重新编辑 fills the case file's transfer form with exactly what was typed.
    expect(refused!.refill).toEqual({ form: 'transfer', values: { kind: 'down', toOrgUnitId: h().org.townB, reason: '属地办理，请鼓西街道协助' } });
    // The clerk dismisses it (nothing goes to the server), and it stays dismissed.
    dismissRejection(as(A, 'clerkA'), { seq: refused!.seq });
    expect(listRejections(as(A, 'clerkA'))).toEqual([]);
    const again = await A.sync();
    expect(again.pushed).toMatchObject({ applied: 0, rejected: 0 });
    expect(syncCounts(A.store)).toEqual({ pending: 0, openConflicts: 0, openRejections: 0 });
  });
});
