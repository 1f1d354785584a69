// The centre's authority rule, on the desktop: a county admin's own desktop refuses, in the form,
// what the server would refuse at the next sync — and writes nothing (no row, no outbox op, no audit).
import { describe, expect, it } from 'vitest';
import * as t from '../../../src/main/db/schema.js';
import { actorFor, addUser, resetPassword, updateUser } from '../../../src/main/features/auth/service.js';
import { setCalendarDay } from '../../../src/main/features/calendar/service.js';
import type { ServiceContext } from '../../../src/main/features/context.js';
import { createOrgUnit, updateOrgUnit } from '../../../src/main/features/org-units/service.js';
import { makeWorld, PASSWORD, type World } from '../../helpers/fixtures.js';
import { useTempDirs } from '../../helpers/temp-dir.js';

const tempDir = useTempDirs();

function countyAdmin(w: World): ServiceContext {
  const u = addUser(w.ctx('admin'), { username: 'gulou-admin', displayName: '鼓楼区管理员', roles: ['admin'], orgUnitId: w.org('350102'), password: PASSWORD });
  return { store: w.store, actor: actorFor(w.store.byId(t.users, u.id)!) };
}

const written = (w: World) => w.store.db.prepare('SELECT (SELECT count(*) FROM outbox) + (SELECT count(*) FROM audit_events) + (SELECT count(*) FROM users) + (SELECT count(*) FROM org_units)').pluck().get();

describe("a county admin's desktop applies the centre's rule before writing", () => {
  it('refuses staff and offices outside the county, a root office and the calendar, with the server\'s words, writing nothing', () => {
    const w = makeWorld(tempDir());
    const county = countyAdmin(w);
    const sibling = w.org('350104');
    const rootAdmin = w.users.admin;
    const before = written(w);
    expect(() => addUser(county, { username: 'spy', displayName: '外区人员', roles: ['clerk'], orgUnitId: sibling, password: PASSWORD })).toThrow('只能把工作人员安排在本机构及下级机构');
    expect(() => updateUser(county, { userId: rootAdmin, displayName: '被改名的管理员' })).toThrow('只能管理本机构及下级机构的工作人员');
    expect(() => resetPassword(county, { userId: rootAdmin, password: 'takeover2026' })).toThrow('只能管理本机构及下级机构的工作人员');
    expect(() => updateUser(county, { userId: w.users.clerk, orgUnitId: sibling })).toThrow('只能把工作人员安排在本机构及下级机构');
    expect(() => createOrgUnit(county, { name: '新设的根机构', level: 'city', parentId: null })).toThrow('只有中心（根机构）的管理员可以设立没有上级的机构');
    expect(() => createOrgUnit(county, { name: '外区街道', level: 'township', parentId: sibling })).toThrow('上级机构须是本机构或其下级机构');
    expect(() => updateOrgUnit(county, { orgUnitId: sibling, name: '被改名的区' })).toThrow('只能管理本机构及下级机构');
    expect(() => setCalendarDay(county, { date: '2026-10-09', kind: 'holiday' })).toThrow('只有中心（根机构）的管理员可以修改');
    expect(written(w)).toBe(before);
  });

  it('lets the county admin run their own county: a township, its staff, their own office', () => {
    const w = makeWorld(tempDir());
    const county = countyAdmin(w);
    const town = createOrgUnit(county, { name: '洪山镇便民服务中心', level: 'township', parentId: w.org('350102') });
    const clerk = addUser(county, { username: 'hongshan', displayName: '洪山窗口', roles: ['clerk'], orgUnitId: town.id, password: PASSWORD });
    expect(updateUser(county, { userId: clerk.id, displayName: '洪山镇窗口' }).displayName).toBe('洪山镇窗口');
    expect(updateOrgUnit(county, { orgUnitId: w.org('350102'), phone: '0591-87654321' }).phone).toBe('0591-87654321');
    // and the root admin still sets the calendar for everyone
    expect(setCalendarDay(w.ctx('admin'), { date: '2026-10-09', kind: 'holiday' }).holidays).toContain('2026-10-09');
  });
});
