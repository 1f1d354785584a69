// 部门联络表 across desktops, over the real server: the centre's admin publishes the city's
// directory and a county desktop pulls it (and finds it by search); the county's admin keeps the
// county's directory, and two admins editing different people (or different fields of one person)
// of a department both keep their change; a county admin's forged push into another county's or
// the city's directory is refused and the server's rows stay as they were.
import { describe, expect, it } from 'vitest';
import type { Store } from '../../../src/main/db/store';
import * as t from '../../../src/main/db/schema';
import { login } from '../../../src/main/features/auth/service';
import { listContacts, removeContact, saveContact } from '../../../src/main/features/contacts/service';
import { publishReference } from '../../../src/server/sync/publish';
import { contactsContract } from '../../../src/shared/api/contacts';
import { uuidv7 } from '../../../src/shared/ids';
import { PASSWORD, Wire, enrollDevice } from './harness';
import { COUNTY_ADMIN_PASSWORD, publishCountyAdmin, useHarness, useStoreDesktops } from './store-desktops';

const h = useHarness();
const desktop = useStoreDesktops(h);
/** The county's admin (鼓楼区), published by the first test. */
let countyAdminId = '';

const as = (store: Store, username: string, password = PASSWORD) => ({ store, actor: login(store, username, password).actor });
const save = (input: Record<string, unknown>) => contactsContract['contacts.save'].input.parse(input);
const people = (store: Store, username: string, q?: string, password?: string) =>
  listContacts(as(store, username, password), contactsContract['contacts.list'].input.parse(q ? { q } : {})).departments
    .flatMap((d) => d.people.map((p) => `${d.department}/${p.name}/${p.post}/${p.mobile}/${p.business}`));

describe('部门联络表 sync', () => {
  it("the centre publishes the city's directory to a county desktop; two admins' edits of one department both survive", async () => {
    countyAdminId = await publishCountyAdmin(h());
    const centre = await desktop(h().org.city);
    const county = await desktop(h().org.county);
    const admin = as(centre.store, 'admin');
    const countyAdmin = as(county.store, 'gulouAdmin', COUNTY_ADMIN_PASSWORD);

    // The centre's admin: 市住建局's leader and lead.
    saveContact(admin, save({ orgUnitId: h().org.city, department: '市住建局', role: 'leader', name: '陈建平', post: '副局长', mobile: '13905912001', officePhone: '0591-87001001', business: '分管建设工程审批' }));
    saveContact(admin, save({ orgUnitId: h().org.city, department: '市住建局', role: 'lead', name: '林海燕', post: '审批科科长', mobile: '13905912002', business: '施工许可' }));
    expect((await centre.sync()).pushed.applied).toBe(2);
    await county.sync();
    // Published to every desktop, found there by its search index (rows that came by sync).
    expect(people(county.store, 'agentCounty', '住建')).toEqual(['市住建局/陈建平/副局长/13905912001/分管建设工程审批', '市住建局/林海燕/审批科科长/13905912002/施工许可']);
    expect(people(county.store, 'agentCounty', '87001001')).toEqual(['市住建局/陈建平/副局长/13905912001/分管建设工程审批']);
    // Read-only there: the county admin may not edit the city's directory, on the desktop already.
    const cityLeader = county.store.rows(t.departmentContacts, "name = '陈建平'")[0]!;
    expect(() => saveContact(countyAdmin, save({ ...cityLeader, contactId: cityLeader.id, post: '局长' }))).toThrow(/只能维护本机构及下级机构的部门联络表/);

    // The county's own directory, written at the county and edited at the centre as well.
    const { id: wang } = saveContact(countyAdmin, save({ orgUnitId: h().org.county, department: '鼓楼区住建局', role: 'staff', name: '王丽', post: '审批股股长', officePhone: '0591-87602001', business: '小型工程施工许可' }));
    const { id: he } = saveContact(countyAdmin, save({ orgUnitId: h().org.county, department: '鼓楼区住建局', role: 'lead', name: '何强', post: '副局长', mobile: '13905913001', business: '工程建设审批' }));
    await county.sync();
    await centre.sync();
    const row = (store: Store, id: string) => store.byId(t.departmentContacts, id)!;
    // Both admins edit at once, offline from each other: the county one person, the centre another,
    // and both the same third person's different fields.
    saveContact(countyAdmin, save({ ...row(county.store, wang), contactId: wang, post: '审批股股长（兼）' }));
    saveContact(admin, save({ ...row(centre.store, he), contactId: he, mobile: '13905913009' }));
    saveContact(countyAdmin, save({ ...row(county.store, he), contactId: he, business: '工程建设审批、联合验收' }));
    await county.sync();
    await centre.sync();
    await county.sync();
    const expected = ['鼓楼区住建局/何强/副局长/13905913009/工程建设审批、联合验收', '鼓楼区住建局/王丽/审批股股长（兼）//小型工程施工许可'];
    expect(people(centre.store, 'admin', '鼓楼区住建局')).toEqual(expected);
    expect(people(county.store, 'agentCounty', '鼓楼区住建局')).toEqual(expected);

    // A removal travels as a tombstone and leaves the other desktop's search.
    removeContact(admin, { contactId: wang });
    await centre.sync();
    await county.sync();
    expect(people(county.store, 'agentCounty', '王丽')).toEqual([]);
    expect(county.store.byId(t.departmentContacts, wang)!.deletedAt).toBeTruthy();
  });

  it("refuses a county admin's forged push into another county's or the city's directory; the server keeps its rows", async () => {
    // A second county, and the city's directory as the centre published it.
    const now = new Date().toISOString();
    const taijiang = uuidv7();
    await publishReference(h().server.ctx, 'orgUnits', [{ id: taijiang, code: '350103', name: '台江区', level: 'county', parentId: h().org.city, officeName: '台江区代办中心', createdAt: now, updatedAt: now, deletedAt: null }]);
    const centre = await desktop(h().org.city);
    const admin = as(centre.store, 'admin');
    const { id: cityId } = saveContact(admin, save({ orgUnitId: h().org.city, department: '市自然资源和规划局', role: 'staff', name: '郑晓东', post: '科员', mobile: '13905912003', business: '规划条件核实' }));
    const { id: taiId } = saveContact(admin, save({ orgUnitId: taijiang, department: '台江区住建局', role: 'lead', name: '孙悦', mobile: '13905914001' }));
    await centre.sync();

    const d = await enrollDevice(h(), h().org.county, '鼓楼区管理终端');
    const wire = new Wire(h().url, d.deviceToken, countyAdminId, h().org.county);
    const stamp = new Date().toISOString();
    const row = { orgUnitId: taijiang, department: '台江区住建局', role: 'staff', name: '冒名', post: '', mobile: '13905919999', officePhone: '', business: '', note: '', createdAt: stamp, updatedAt: stamp, deletedAt: null };
    const forged = await wire.push([
      wire.op({ kind: 'insert', entity: 'departmentContacts', entityId: uuidv7(), payload: row }),
      wire.op({ kind: 'patch', entity: 'departmentContacts', entityId: taiId, payload: { mobile: { base: '13905914001', value: '13905919999' } } }),
      wire.op({ kind: 'patch', entity: 'departmentContacts', entityId: cityId, payload: { post: { base: '科员', value: '局长' } } }),
      // Moving a city row into the county is refused too: the row as it is lies outside.
      wire.op({ kind: 'patch', entity: 'departmentContacts', entityId: cityId, payload: { orgUnitId: { base: h().org.city, value: h().org.county } } }),
      wire.op({ kind: 'delete', entity: 'departmentContacts', entityId: cityId, payload: { deletedAt: stamp } }),
      // A malformed row is named in Chinese.
      wire.op({ kind: 'insert', entity: 'departmentContacts', entityId: uuidv7(), payload: { ...row, orgUnitId: h().org.county, name: 42 } }),
    ]);
    expect(forged.status).toBe(200);
    expect(forged.results.map((x) => x.status)).toEqual(['rejected', 'rejected', 'rejected', 'rejected', 'rejected', 'rejected']);
    for (const r of forged.results.slice(0, 5)) expect(r.error).toMatch(/只能维护本机构及下级机构的部门联络表/);
    expect(forged.results[5]!.error).toMatch(/name/);
    // The county's own directory is the county admin's: the same push into it applies.
    const own = await wire.push([wire.op({ kind: 'insert', entity: 'departmentContacts', entityId: uuidv7(), payload: { ...row, orgUnitId: h().org.county, department: '鼓楼区发改局', name: '刘洋' } })]);
    expect(own.results.map((x) => x.status)).toEqual(['applied']);

    // What the centre's desktop pulls back is unchanged.
    await centre.sync();
    expect(centre.store.byId(t.departmentContacts, cityId)).toMatchObject({ post: '科员', orgUnitId: h().org.city, deletedAt: null });
    expect(centre.store.byId(t.departmentContacts, taiId)).toMatchObject({ mobile: '13905914001' });
    expect(people(centre.store, 'admin', '冒名')).toEqual([]);
    expect(people(centre.store, 'admin', '刘洋')).toEqual(['鼓楼区发改局/刘洋//13905919999/']);
  });
});
