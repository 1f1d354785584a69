// 案卷 list (case.list): pages in a total order with a correct total, for every scope and filter.
import { describe, expect, it } from 'vitest';
import { casesContract } from '../../../src/shared/api/cases.js';
import type { CaseSummaryDto } from '../../../src/shared/api/index.js';
import { caseAction, listCases, type CaseListQuery } from '../../../src/main/features/cases/service.js';
import { acceptTransfer, sendTransfer } from '../../../src/main/features/transfers/service.js';
import { makeWorld, registerProxyCase, type StaffKey, type World } from '../../helpers/fixtures.js';
import { useTempDirs } from '../../helpers/temp-dir.js';

const tempDir = useTempDirs();

/**
 * 30 cases at 鼓楼区 accepted over four days out of order (many on the same day: ties in the
 * 受理日期 sort), a few withdrawn, one passed to 台江区 and accepted there, one sent to 台江区
 * and not yet answered.
 */
function busyOffice(): { w: World; ids: string[] } {
  const w = makeWorld(tempDir());
  const days = ['2026-03-02', '2026-03-04', '2026-03-03', '2026-03-02', '2026-03-05'];
  const ids: string[] = [];
  for (let i = 0; i < 30; i++) {
    w.clock.set(`${days[i % days.length]}T0${1 + (i % 7)}:00:00Z`);
    ids.push(registerProxyCase(w).caseId);
  }
  w.clock.set('2026-03-06T01:00:00Z');
  for (const id of [ids[3]!, ids[11]!, ids[20]!]) caseAction(w.ctx('clerk'), { caseId: id, action: 'withdraw', reason: '申请人撤回' });
  const passed = sendTransfer(w.ctx('clerk'), { caseId: ids[7]!, kind: 'down', toOrgUnitId: w.org('350104'), reason: '属地办理' });
  acceptTransfer(w.ctx('otherClerk'), { transferId: passed.id });
  sendTransfer(w.ctx('clerk'), { caseId: ids[15]!, kind: 'down', toOrgUnitId: w.org('350104'), reason: '属地办理' });
  return { w, ids };
}

/** Every page of a query, walked with the given page size. */
function allPages(w: World, who: StaffKey, q: CaseListQuery, size: number): { rows: CaseSummaryDto[]; totals: number[] } {
  const rows: CaseSummaryDto[] = [];
  const totals: number[] = [];
  for (let offset = 0; ; offset += size) {
    const page = listCases(w.ctx(who), { ...q, offset, limit: size });
    totals.push(page.total);
    rows.push(...page.rows);
    if (page.rows.length < size) break;
  }
  return { rows, totals };
}

describe('case.list pages', () => {
  it('walks every case once, in 受理日期 order with ties broken the same way on every page', () => {
    const { w, ids } = busyOffice();
    const whole = listCases(w.ctx('clerk'), { sort: 'accepted', limit: 500 });
    expect(whole.total).toBe(ids.length);
    for (const size of [1, 4, 7, 30]) {
      const { rows, totals } = allPages(w, 'clerk', { sort: 'accepted' }, size);
      expect(rows.map((r) => r.id)).toEqual(whole.rows.map((r) => r.id));
      expect(new Set(rows.map((r) => r.id)).size).toBe(ids.length);
      expect(new Set(totals)).toEqual(new Set([ids.length]));
    }
    // Latest 受理日期 first; within a day, the later registration first.
    const expected = w.store.db.prepare('SELECT id FROM cases ORDER BY accepted_date DESC, id DESC').pluck().all();
    expect(whole.rows.map((r) => r.id)).toEqual(expected);
    expect(expected).not.toEqual([...expected].sort().reverse()); // not simply the registration order
    const dates = whole.rows.map((r) => r.acceptedDate);
    expect(dates.every((d) => /^\d{4}-\d{2}-\d{2}$/.test(d))).toBe(true);
    expect(dates).toEqual([...dates].sort().reverse());
    expect(new Set(dates).size).toBeLessThan(dates.length); // there are ties to break
    for (let i = 1; i < whole.rows.length; i++) {
      if (dates[i] === dates[i - 1]) expect(whole.rows[i]!.id < whole.rows[i - 1]!.id).toBe(true);
    }
  });

  it('keeps the registration order by default and applies status and scope filters with correct totals', () => {
    const { w, ids } = busyOffice();
    const newest = allPages(w, 'clerk', {}, 6).rows.map((r) => r.id);
    expect(newest).toEqual([...ids].sort().reverse());

    const withdrawn = allPages(w, 'clerk', { status: 'withdrawn', sort: 'accepted' }, 2);
    expect(withdrawn.rows.map((r) => r.id).sort()).toEqual([ids[3]!, ids[11]!, ids[20]!].sort());
    expect(new Set(withdrawn.totals)).toEqual(new Set([3]));

    // 台江区 sees the case it accepted and the one sent to it and not yet answered, nothing else.
    const other = allPages(w, 'otherClerk', { sort: 'accepted' }, 1);
    expect(other.rows.map((r) => r.id).sort()).toEqual([ids[7]!, ids[15]!].sort());
    expect(new Set(other.totals)).toEqual(new Set([2]));
    // 鼓楼区 still sees the case it passed on (it registered it).
    expect(listCases(w.ctx('clerk'), { limit: 100 }).rows.map((r) => r.id)).toContain(ids[7]);

    // 我的: the agent's own cases; a page past the end is empty with the same total.
    const mine = listCases(w.ctx('agent'), { scope: 'mine', offset: 100, limit: 10 });
    const assigned = w.store.db.prepare('SELECT count(*) FROM cases WHERE agent_id = ?').pluck().get(w.users.agent);
    expect(mine).toEqual({ rows: [], total: assigned });
    expect(allPages(w, 'agent', { scope: 'mine' }, 8).rows).toHaveLength(assigned as number);
  });

  it('refuses an unknown sort in Chinese', () => {
    const r = casesContract['case.list'].input.safeParse({ sort: 'random' });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toBe('不支持的排序方式');
  });
});
