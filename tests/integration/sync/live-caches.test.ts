// The one commit hook: a sync page that brings a new township and its clerk reaches the running
// desktop's caches (office subtree, user names) at once, without a restart; every commit, local or
// pulled, is one event naming its entities and cases (what the hosts forward as data.changed).
import { describe, expect, it } from 'vitest';
import type { CommitEvent } from '../../../src/main/db/commits';
import { addUser, login } from '../../../src/main/features/auth/service';
import { getCaseFile, listCases } from '../../../src/main/features/cases/service';
import { registerCase } from '../../../src/main/features/intake/service';
import { userName } from '../../../src/main/features/context';
import { createOrgUnit } from '../../../src/main/features/org-units/service';
import { addProgress } from '../../../src/main/features/progress/service';
import { intakeSchema } from '../../../src/shared/api/cases';
import { contract } from '../../../src/shared/api/index';
import { makeResidentId, mulberry32 } from '../../../src/shared/domain/synthetic-ids';
import { PASSWORD } from './harness';
import { useHarness, useStoreDesktops } from './store-desktops';

const h = useHarness();
const desktop = useStoreDesktops(h);
const rng = mulberry32(11);

describe('commits reach caches and windows', () => {
  it('a pulled township and its clerk show up on a running county desktop without a restart', async () => {
    const county = await desktop(h().org.county);
    const countyCtx = { store: county.store, actor: login(county.store, 'agentCounty', PASSWORD).actor };
    // The county desktop has read its subtree (and user names) before the township exists.
    const before = listCases(countyCtx, { scope: 'office', offset: 0, limit: 50 });
    expect(userName(county.store, h().org.users.agentCounty)).toBe('agentCounty');

    const adminDesk = await desktop(h().org.city);
    const adminCtx = { store: adminDesk.store, actor: login(adminDesk.store, 'admin', PASSWORD).actor };
    const town = createOrgUnit(adminCtx, { name: '鼓山镇', level: 'township', parentId: h().org.county, code: '350102003' });
    addUser(adminCtx, { username: 'clerkG', displayName: '郑晓梅', password: 'Clerk2026g', roles: ['clerk'], orgUnitId: town.id });
    await adminDesk.sync();

    const townDesk = await desktop(town.id);
    const townCtx = { store: townDesk.store, actor: login(townDesk.store, 'clerkG', 'Clerk2026g').actor };
    const r = registerCase(townCtx, intakeSchema.parse({
      channel: 'counter', mode: 'help', helpKind: 'guide', summary: '咨询农家乐经营许可办理流程',
      applicant: { kind: 'person', name: '林秀英', idNumber: makeResidentId(rng, { regionCode: '350102' }), contactName: '林秀英', contactPhone: '13905910003' },
    }));
    addProgress(townCtx, contract['progress.add'].input.parse({ caseId: r.caseId, kind: 'consult', text: '已告知申请人办理流程及所需材料清单', hours: 0.5 }));
    await townDesk.sync();

    const events: CommitEvent[] = [];
    const off = county.store.onCommit((e) => events.push(e));
    await county.sync();
    off();
    // The pulled pages said what they brought.
    const pulled = new Set(events.flatMap((e) => e.entities));
    expect([...pulled]).toEqual(expect.arrayContaining(['orgUnits', 'users', 'cases']));
    expect(events.flatMap((e) => e.caseIds)).toContain(r.caseId);

    const after = listCases(countyCtx, { scope: 'office', offset: 0, limit: 50 });
    expect(after.total).toBe(before.total + 1);
    expect(after.rows.map((c) => c.id)).toContain(r.caseId);
    // The new clerk's name, not an empty cell, on the county's copy.
    expect(getCaseFile(countyCtx, r.caseId).progress.map((p) => p.authorName)).toEqual(['郑晓梅']);
  });

  it('a local write is one event after its commit, naming the case; a refused write is none', async () => {
    const town = await desktop(h().org.townA);
    const ctx = { store: town.store, actor: login(town.store, 'clerkA', PASSWORD).actor };
    const events: CommitEvent[] = [];
    town.store.onCommit((e) => events.push(e));
    const r = registerCase(ctx, intakeSchema.parse({
      channel: 'phone', mode: 'help', helpKind: 'assist', summary: '协助办理食品经营许可证延续',
      applicant: { kind: 'person', name: '陈建国', idNumber: makeResidentId(rng, { regionCode: '350102' }), contactName: '陈建国', contactPhone: '13905910004' },
    }));
    expect(events).toHaveLength(1);
    expect(events[0]!.caseIds).toEqual([r.caseId]);
    expect(events[0]!.entities).toEqual(expect.arrayContaining(['cases', 'applicants', 'auditEvents']));
    // While the listener runs the row is already committed: a second connection sees it.
    let seenByListener = 0;
    town.store.onCommit(() => {
      seenByListener = town.store.db.prepare('SELECT count(*) FROM progress_entries WHERE case_id = ?').pluck().get(r.caseId) as number;
    });
    const agent = { store: town.store, actor: login(town.store, 'agentA', PASSWORD).actor };
    addProgress(agent, contract['progress.add'].input.parse({ caseId: r.caseId, kind: 'phone', text: '电话告知申请人需补充健康证明复印件', hours: 0.5 }));
    expect(seenByListener).toBe(1);
    expect(events.at(-1)!.entities).toContain('progressEntries');
    const count = events.length;
    const gone = contract['progress.add'].input.parse({ caseId: '01900000-0000-7000-8000-000000000000', kind: 'phone', text: '电话告知申请人补充材料', hours: 1 });
    expect(() => addProgress(agent, gone)).toThrow('案卷不存在');
    expect(events.length).toBe(count);
  });
});
