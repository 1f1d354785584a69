// The ops the real desktop services write (intake, status actions, assignment, transfers) are the
// ones the server accepts: a window registers and works a case offline, a second desktop of the office
// and the receiving township see it after sync, with nothing rejected.
import { describe, expect, it } from 'vitest';
import type { Store } from '../../../src/main/db/store';
import { login } from '../../../src/main/features/auth/service';
import { registerCase } from '../../../src/main/features/intake/service';
import { assignCase, caseAction, findCaseByNo } from '../../../src/main/features/cases/service';
import { acceptTransfer, sendTransfer } from '../../../src/main/features/transfers/service';
import { intakeSchema } from '../../../src/shared/api/cases';
import { makeResidentId, mulberry32 } from '../../../src/shared/domain/synthetic-ids';
import { PASSWORD } from './harness';
import { useHarness, useStoreDesktops } from './store-desktops';

const h = useHarness();
const desktop = useStoreDesktops(h);

describe('ops written by the desktop services', () => {
  it('register, accept, assign and transfer offline; everything is accepted and reaches the other desktops', async () => {
    const A = await desktop(h().org.townA);
    const A2 = await desktop(h().org.townA);
    const B = await desktop(h().org.townB);
    const { actor } = login(A.store, 'clerkA', PASSWORD);
    const rng = mulberry32(5);
    const { caseId, caseNo } = registerCase({ store: A.store, actor }, intakeSchema.parse({
      channel: 'counter', mode: 'help', helpKind: 'assist', summary: '协助填写食品经营许可申请',
      applicant: { kind: 'person', name: '郑淑贞', idNumber: makeResidentId(rng, { regionCode: '350102' }), contactName: '郑淑贞', contactPhone: '13905910001' },
    }));
    const c = findCaseByNo(A.store, caseNo);
    if (c?.status === 'consulting') caseAction({ store: A.store, actor }, { caseId, action: 'accept' });
    assignCase({ store: A.store, actor }, { caseId, agentId: h().org.users.agentA } as never);
    const r1 = await A.sync();
    expect(r1.rejections).toEqual([]);
    expect(r1.pushed.applied).toBeGreaterThan(0);

    await A2.sync();
    const seen = findCaseByNo(A2.store, caseNo);
    expect(seen?.agentId).toBe(h().org.users.agentA);
    expect(seen?.status).toBe('accepted');

    sendTransfer({ store: A.store, actor }, { caseId, toOrgUnitId: h().org.townB, kind: 'down', reason: '属地办理' } as never);
    const r2 = await A.sync();
    expect(r2.rejections).toEqual([]);
    const r3 = await B.sync();
    expect(findCaseByNo(B.store, caseNo)).toBeTruthy();
    expect(r3.checksumsVerified).toBe(true);
    const { actor: actorB } = login(B.store, 'clerkB', PASSWORD);
    const tr = B.store.db.prepare("SELECT id FROM transfers WHERE case_id = ? AND status = 'sent'").pluck().get(caseId) as string;
    acceptTransfer({ store: B.store, actor: actorB }, { transferId: tr } as never);
    const r4 = await B.sync();
    expect(r4.rejections).toEqual([]);
    await A.sync();
    expect(findCaseByNo(A.store, caseNo)?.handlingOrgUnitId).toBe(h().org.townB);
  });

  it('two windows of one office register offline and never issue the same case number', async () => {
    const W1 = await desktop(h().org.townB);
    const W2 = await desktop(h().org.townB);
    expect(W2.series).toBe(W1.series + 1);
    const rng = mulberry32(9);
    const register = (store: Store, name: string) =>
      registerCase({ store, actor: login(store, 'clerkB', PASSWORD).actor }, intakeSchema.parse({
        channel: 'counter', mode: 'help', helpKind: 'assist', summary: '协助办理社保登记',
        applicant: { kind: 'person', name, idNumber: makeResidentId(rng, { regionCode: '350102' }), contactName: name, contactPhone: '13905910011' },
      }));
    const a = register(W1.store, '黄丽娟');
    const b = register(W2.store, '吴志强');
    expect(a.caseNo).not.toBe(b.caseNo);
    expect(a.caseNo).toMatch(new RegExp(`-${String(W1.series).padStart(2, '0')}-00001$`));
    await W1.sync();
    const r2 = await W2.sync();
    const r1 = await W1.sync();
    for (const r of [r1, r2]) {
      expect(r.applyErrors).toBe(0);
      expect(r.checksumsVerified).toBe(true);
    }
    for (const W of [W1, W2]) {
      expect(findCaseByNo(W.store, a.caseNo)?.id).toBe(a.caseId);
      expect(findCaseByNo(W.store, b.caseNo)?.id).toBe(b.caseId);
    }
  });
});
