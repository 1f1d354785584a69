// A case leaves an office's scope when the office returns its transfer (退回): that office's desktops
// drop the case, its rows and the applicant it saw only through it — but only once their own edits
// to it have gone up; the county above still sees it; a new transfer brings all of it back.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../../src/main/db/store';
import { login } from '../../../src/main/features/auth/service';
import { registerCase } from '../../../src/main/features/intake/service';
import { addProgress } from '../../../src/main/features/progress/service';
import { returnTransfer, sendTransfer } from '../../../src/main/features/transfers/service';
import { intakeSchema } from '../../../src/shared/api/cases';
import { makeUscc, mulberry32 } from '../../../src/shared/domain/synthetic-ids';
import { PageApplier } from '../../../src/main/sync/apply';
import { SCOPE_EXIT_ENTITY, scopeExitId } from '../../../src/shared/sync/rules';
import { PASSWORD } from './harness';
import { useHarness, useStoreDesktops } from './store-desktops';
import type { StoreDesktop } from './store-desktops';

const h = useHarness();
const rng = mulberry32(7);
const desktop = useStoreDesktops(h);
let A: StoreDesktop;
let B: StoreDesktop;
beforeAll(async () => {
  A = await desktop(h().org.townA);
  B = await desktop(h().org.townB);
});

const count = (s: Store, sql: string, ...args: unknown[]) => s.db.prepare(sql).pluck().get(...args) as number;
const caseRows = (s: Store, caseId: string) =>
  count(s, 'SELECT (SELECT count(*) FROM cases WHERE id = ?) + (SELECT count(*) FROM transfers WHERE case_id = ?) + (SELECT count(*) FROM progress_entries WHERE case_id = ?)', caseId, caseId, caseId);

describe('a case leaving the scope', () => {
  it('is removed from the returning office once its edits are pushed, stays with the owner and the county, and comes back with a new transfer', async () => {
    const county = await desktop(h().org.county);
    const actorA = login(A.store, 'clerkA', PASSWORD).actor;
    const { caseId } = registerCase({ store: A.store, actor: actorA }, intakeSchema.parse({
      channel: 'counter', mode: 'proxy', summary: '新建仓储用房，协助办理施工许可',
      applicant: { kind: 'enterprise', name: '福州闽江仓储有限公司', uscc: makeUscc(rng, '350102'), legalRepresentative: '陈建国', contactName: '陈建国', contactPhone: '13905910002' },
      project: { name: '闽江仓储用房建设项目', code: '2026-350102-59-03-004211', category: 'key', location: '鼓楼区洪山镇', investment: 8600 },
      leaderId: h().org.users.leaderA,
    }));
    sendTransfer({ store: A.store, actor: actorA }, { caseId, toOrgUnitId: h().org.townB, kind: 'down', reason: '属地办理' } as never);
    await A.sync();
    await B.sync();
    const { applicantId, projectId } = B.store.db.prepare('SELECT applicant_id AS applicantId, project_id AS projectId FROM cases WHERE id = ?').get(caseId) as { applicantId: string; projectId: string };
    expect(count(B.store, 'SELECT count(*) FROM projects WHERE id = ?', projectId)).toBe(1);
    expect(caseRows(B.store, caseId)).toBe(2);
    expect(count(B.store, 'SELECT count(*) FROM search_docs WHERE ref_id = ?', caseId)).toBe(1);

    // B works on it, then returns it (both offline, in one push).
    const actorB = login(B.store, 'clerkB', PASSWORD).actor;
    addProgress({ store: B.store, actor: actorB }, { caseId, kind: 'phone', text: '已电话联系企业，材料不属本街道', hours: 0.5 } as never);
    const tr = B.store.db.prepare("SELECT id FROM transfers WHERE case_id = ? AND status = 'sent'").pluck().get(caseId) as string;
    returnTransfer({ store: B.store, actor: actorB }, { transferId: tr, reason: '不属本街道辖区' });
    const left = await B.sync();
    expect(left.casesLeftScope).toBe(1);
    expect(left.checksumsVerified).toBe(true);
    expect(caseRows(B.store, caseId)).toBe(0);
    expect(count(B.store, 'SELECT count(*) FROM applicants WHERE id = ?', applicantId)).toBe(0);
    expect(count(B.store, 'SELECT count(*) FROM projects WHERE id = ?', projectId)).toBe(0);
    expect(count(B.store, 'SELECT count(*) FROM search_docs WHERE ref_id IN (?, ?)', caseId, applicantId)).toBe(0);
    // Nothing B typed is lost: its note reached the owner before the case left.
    await A.sync();
    expect(count(A.store, "SELECT count(*) FROM transfers WHERE case_id = ? AND status = 'returned'", caseId)).toBe(1);
    expect(count(A.store, "SELECT count(*) FROM progress_entries WHERE case_id = ? AND text LIKE '已电话联系企业%'", caseId)).toBe(1);
    // The county sees the townships' cases as their parent office: the case stays, checksums agree.
    const c = await county.sync();
    expect(c.casesLeftScope).toBe(0);
    expect(c.checksumsVerified).toBe(true);
    expect(caseRows(county.store, caseId)).toBeGreaterThan(0);

    // Sent again: the exit is withdrawn and everything comes back to B.
    sendTransfer({ store: A.store, actor: actorA }, { caseId, toOrgUnitId: h().org.townB, kind: 'down', reason: '补充材料后再次转办' } as never);
    await A.sync();
    const back = await B.sync();
    expect(back.checksumsVerified).toBe(true);
    expect(caseRows(B.store, caseId)).toBe(4); // case, two transfers, the note
    expect(count(B.store, 'SELECT count(*) FROM applicants WHERE id = ?', applicantId)).toBe(1);
    expect(count(B.store, 'SELECT count(*) FROM projects WHERE id = ?', projectId)).toBe(1);
    expect(count(B.store, 'SELECT count(*) FROM search_docs WHERE ref_id = ?', caseId)).toBe(1);
  });

  it('waits while the case still has edits waiting to go up', async () => {
    const actorA = login(A.store, 'clerkA', PASSWORD).actor;
    const { caseId } = registerCase({ store: A.store, actor: actorA }, intakeSchema.parse({
      channel: 'counter', mode: 'help', helpKind: 'assist', summary: '协助办理营业执照变更',
      applicant: { kind: 'enterprise', name: '福州榕城餐饮管理有限公司', uscc: makeUscc(rng, '350102'), legalRepresentative: '林芳', contactName: '林芳', contactPhone: '13905910003' },
    }));
    sendTransfer({ store: A.store, actor: actorA }, { caseId, toOrgUnitId: h().org.townB, kind: 'down', reason: '属地办理' } as never);
    await A.sync();
    await B.sync();
    // A note typed at B after the push, while the exit is being applied (the page comes from the server).
    addProgress({ store: B.store, actor: login(B.store, 'clerkB', PASSWORD).actor }, { caseId, kind: 'visit', text: '企业来窗口补交材料', hours: 1 } as never);
    const exitId = scopeExitId(caseId, h().org.townB);
    const applier = new PageApplier(B.store.db);
    const applyExit = () =>
      B.store.db.transaction(() => {
        applier.loadPending();
        applier.apply({ entity: SCOPE_EXIT_ENTITY, id: exitId, serverSeq: 10 ** 9, orgUnitId: h().org.townB, caseId: null, deleted: false, data: { id: exitId, caseId, orgUnitId: h().org.townB, records: [] } });
        const removed = applier.leaveScopes();
        applier.flush();
        return removed;
      })();
    expect(applyExit()).toEqual([]);
    expect(caseRows(B.store, caseId)).toBe(3);
    // Once the note is pushed the case goes (here: at the next page).
    B.store.db.prepare("UPDATE outbox SET pushed_at = '2026-11-22T00:00:00Z', push_status = 'applied' WHERE pushed_at IS NULL").run();
    const removed = B.store.db.transaction(() => {
      applier.loadPending();
      return applier.leaveScopes();
    })();
    expect(removed.map((r) => r.entity).sort()).toEqual(['cases', 'progressEntries', 'transfers']);
    expect(caseRows(B.store, caseId)).toBe(0);
  });
});
