// 部门联络表 on one desktop: admins keep their offices' directories, bad input is named in Chinese
// and writes nothing, a county admin cannot touch another county's or the city's directory, the
// search index finds people by department, name, business words and phone, a case's plan
// departments find their entries in the case's offices and those above, and the report lists rows.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as t from '../../../src/main/db/schema';
import { SYSTEM_ACTOR } from '../../../src/main/db/store';
import { actorFor } from '../../../src/main/features/auth/service';
import { buildContactsReport } from '../../../src/main/features/contacts/report';
import { contactsForCase, listContacts, removeContact, renameDepartment, saveContact } from '../../../src/main/features/contacts/service';
import { rebuildSearchDocs } from '../../../src/main/features/search/documents';
import { contactsContract } from '../../../src/shared/api/contacts';
import { makeWorld, registerProxyCase, type World } from '../../helpers/fixtures';

let dir: string;
let w: World;
let countyAdmin: ReturnType<World['ctx']>;

const parse = (input: Record<string, unknown>) => contactsContract['contacts.save'].input.parse(input);
const list = (input: Record<string, unknown> = {}) => contactsContract['contacts.list'].input.parse(input);
const written = () => w.store.db.prepare('SELECT (SELECT count(*) FROM outbox) || \'/\' || (SELECT count(*) FROM audit_events) || \'/\' || (SELECT count(*) FROM department_contacts)').pluck().get();

const CITY_ZJ = { department: '市住建局', role: 'leader', name: '陈建平', post: '副局长', mobile: '139 0591 2001', officePhone: '0591-87001001', business: '分管建设工程审批、施工许可' };

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'daiban-contacts-'));
  w = makeWorld(dir);
  // An admin of 鼓楼区 (a county, not the centre).
  const row = w.store.write({ actor: SYSTEM_ACTOR, action: 'test.seed' }, (tx) =>
    tx.insert(t.users, { username: 'gulouAdmin', displayName: '区管理员', roles: ['admin'], orgUnitId: w.org('350102'), passwordHash: 'x', phone: '' }));
  countyAdmin = { store: w.store, actor: actorFor(row) };
});

afterAll(() => {
  w?.store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('部门联络表', () => {
  it('refuses bad input in Chinese and writes nothing', () => {
    const before = written();
    const admin = w.ctx('admin');
    const base = { ...CITY_ZJ, orgUnitId: w.org('350100') };
    expect(() => parse({ ...base, mobile: '1390591' })).toThrow(/手机号码：手机号码应为11位，当前为7位/);
    expect(() => parse({ ...base, mobile: '0591-87001001' })).toThrow(/手机号码应为11位手机号码，固定电话请填在办公电话/);
    expect(() => parse({ ...base, officePhone: '87001001' })).toThrow(/办公电话：固定电话请填写区号/);
    expect(() => parse({ ...base, mobile: '', officePhone: '' })).toThrow(/手机号码和办公电话至少填写一项/);
    expect(() => parse({ ...base, name: '  ' })).toThrow(/请填写姓名/);
    expect(() => parse({ ...base, role: 'boss' })).toThrow(/请选择类别/);
    expect(() => parse({ ...base, department: '部'.repeat(61) })).toThrow(/部门名称不能超过60个字/);
    // Parsed but refused by the service: an unknown office, a clerk.
    expect(() => saveContact(admin, parse({ ...base, orgUnitId: '01950000-0000-7000-8000-00000000dead' }))).toThrow(/所选机构不存在/);
    expect(() => saveContact(w.ctx('clerk'), parse(base))).toThrow(/您的角色无权维护部门联络表/);
    expect(written()).toBe(before);
  });

  it('admins keep their directories: normalised phones, one field patch per edit, audited; a county admin stays in the county', () => {
    const admin = w.ctx('admin');
    const city = w.org('350100');
    const gulou = w.org('350102');
    const { id: leaderId } = saveContact(admin, parse({ ...CITY_ZJ, orgUnitId: city }));
    const stored = w.store.byId(t.departmentContacts, leaderId)!;
    expect(stored).toMatchObject({ mobile: '13905912001', officePhone: '0591-87001001', orgUnitId: city });
    saveContact(admin, parse({ department: '市住建局', role: 'lead', name: '林海燕', post: '行政审批科科长', mobile: '13905912002', officePhone: '0591-87001002', business: '建筑工程施工许可、竣工验收备案', orgUnitId: city }));
    saveContact(admin, parse({ department: '市自然资源和规划局', role: 'staff', name: '郑晓东', post: '审批科科员', mobile: '13905912003', business: '建设用地规划许可、规划条件核实', orgUnitId: city }));
    // The county admin: 鼓楼区's own directory, and a township below it.
    saveContact(countyAdmin, parse({ department: '鼓楼区住建局', role: 'staff', name: '王丽', post: '审批股股长', officePhone: '0591-87602001', business: '小型工程施工许可', orgUnitId: gulou }));
    saveContact(countyAdmin, parse({ department: '鼓东街道城建办', role: 'lead', name: '何强', mobile: '13905913001', orgUnitId: w.org('350102001') }));
    // A second entry for the same person and role is a slip.
    expect(() => saveContact(admin, parse({ ...CITY_ZJ, orgUnitId: city, post: '局长' }))).toThrow(/市住建局已登记分管领导陈建平/);

    // Outside the county: another county's and the city's directory are refused, nothing written.
    const before = written();
    expect(() => saveContact(countyAdmin, parse({ ...CITY_ZJ, name: '赵六', orgUnitId: w.org('350103') }))).toThrow(/只能维护本机构及下级机构的部门联络表/);
    expect(() => saveContact(countyAdmin, parse({ ...CITY_ZJ, orgUnitId: city, contactId: leaderId, post: '局长' }))).toThrow(/只能维护本机构及下级机构的部门联络表/);
    expect(() => removeContact(countyAdmin, { contactId: leaderId })).toThrow(/只能维护本机构及下级机构的部门联络表/);
    expect(() => renameDepartment(countyAdmin, { orgUnitId: city, from: '市住建局', to: '市住房和城乡建设局' })).toThrow(/只能维护本机构及下级机构的部门联络表/);
    // An entry never moves to another office's directory.
    expect(() => saveContact(admin, parse({ ...CITY_ZJ, orgUnitId: gulou, contactId: leaderId }))).toThrow(/不能移到别的机构/);
    expect(written()).toBe(before);

    // An edit sends only what changed, with its base value, and says so in the audit log.
    const seq = w.store.db.prepare('SELECT max(seq) FROM outbox').pluck().get() as number;
    saveContact(admin, parse({ ...CITY_ZJ, orgUnitId: city, contactId: leaderId, post: '党组成员、副局长' }));
    const ops = w.store.db.prepare('SELECT kind, payload FROM outbox WHERE seq > ?').all(seq) as Array<{ kind: string; payload: string }>;
    expect(ops).toHaveLength(1);
    expect(ops[0]!.kind).toBe('patch');
    expect(JSON.parse(ops[0]!.payload)).toEqual({ post: { base: '副局长', value: '党组成员、副局长' } });
    const audit = w.store.db.prepare("SELECT detail FROM audit_events WHERE action = 'contacts.save' ORDER BY at DESC, id DESC LIMIT 1").pluck().get() as string;
    expect(JSON.parse(audit)).toMatchObject({ created: false, changed: ['职务'], name: '陈建平' });

    // The list: grouped by office and department, people in the annex's order; who may edit what.
    const seen = listContacts(countyAdmin, list());
    const names = seen.departments.map((d) => `${d.officeName}/${d.department}:${d.people.map((p) => p.roleLabel + p.name).join(',')}`);
    expect(names).toEqual([
      '鼓楼区/鼓楼区住建局:审批骨干王丽',
      '福州市/市住建局:分管领导陈建平,业务负责人林海燕',
      '福州市/市自然资源和规划局:审批骨干郑晓东',
      '鼓东街道/鼓东街道城建办:业务负责人何强',
    ]);
    expect(seen.departments.map((d) => d.mayEdit)).toEqual([true, false, false, true]);
    expect(seen.editableOffices[0]).toEqual({ id: gulou, name: '鼓楼区' });
    expect(seen.editableOffices.map((o) => o.id)).not.toContain(city);
    expect(listContacts(w.ctx('clerk'), list()).editableOffices).toEqual([]);
    expect(listContacts(w.ctx('clerk'), list()).departments.every((d) => !d.mayEdit)).toBe(true);
  });

  it('finds people by department, name, business words and phone (2 and 3+ characters), also after a rebuild of the index', () => {
    const clerk = w.ctx('clerk');
    const found = (q: string) => listContacts(clerk, list({ q })).departments.flatMap((d) => d.people.map((p) => p.name)).sort();
    const check = () => {
      expect(found('住建')).toEqual(['林海燕', '王丽', '陈建平'].sort());
      expect(found('海燕')).toEqual(['林海燕']);
      expect(found('施工许可')).toEqual(['林海燕', '王丽', '陈建平'].sort());
      expect(found('规划条件')).toEqual(['郑晓东']);
      expect(found('87602001')).toEqual(['王丽']);
      expect(found('13905913001')).toEqual(['何强']);
      expect(found('不相干的词')).toEqual([]);
    };
    check();
    rebuildSearchDocs(w.store);
    check();
  });

  it("a plan's departments find their entries in the case's office and the offices above it, nearest first", () => {
    const { caseId } = registerProxyCase(w);
    const clerk = w.ctx('clerk');
    // A 住建局 of another county is not the case's.
    saveContact(w.ctx('admin'), parse({ department: '市住建局', role: 'staff', name: '孙悦', mobile: '13905914001', orgUnitId: w.org('350103') }));
    const got = contactsForCase(clerk, { caseId, departments: ['市住建局（牵头）', '鼓楼区住建局', '市气象局'] });
    expect(Object.keys(got).sort()).toEqual(['市住建局（牵头）', '鼓楼区住建局'].sort());
    expect(got['市住建局（牵头）']!.map((d) => `${d.officeName}:${d.people.map((p) => p.name).join(',')}`)).toEqual(['福州市:陈建平,林海燕']);
    expect(got['鼓楼区住建局']![0]!.people[0]).toMatchObject({ name: '王丽', officePhone: '0591-87602001', roleLabel: '审批骨干' });
    // Another county's clerk does not see the case.
    expect(() => contactsForCase(w.ctx('otherClerk'), { caseId, departments: ['市住建局'] })).toThrow(/不属于您所在机构/);
  });

  it('renames a department and removes a person (search follows), and builds the report rows', () => {
    const admin = w.ctx('admin');
    const city = w.org('350100');
    expect(renameDepartment(admin, { orgUnitId: city, from: '市住建局', to: '市住房和城乡建设局' })).toEqual({ people: 2 });
    expect(listContacts(admin, list({ q: '城乡建设' })).departments.map((d) => d.department)).toEqual(['市住房和城乡建设局']);
    const zheng = listContacts(admin, list({ q: '郑晓东' })).departments[0]!.people[0]!;
    removeContact(admin, { contactId: zheng.id });
    expect(listContacts(admin, list({ q: '郑晓东' })).departments).toEqual([]);

    const report = buildContactsReport(admin, { from: '2026-01-01', to: '2026-12-31' });
    expect(report.header).toEqual({ title: '部门联络表', officeName: '福州市', period: null });
    expect(report.tables).toHaveLength(1);
    const table = report.tables[0]!;
    expect(table.sheetName).toBe('部门联络表');
    expect(table.columns.map((c) => c.header)).toEqual(['部门', '职务类别', '姓名', '职务', '手机', '办公电话', '分管业务']);
    expect(table.columns.every((c) => c.kind === 'text')).toBe(true);
    expect(table.rows).toEqual([
      ['市住房和城乡建设局', '分管领导', '陈建平', '党组成员、副局长', '13905912001', '0591-87001001', '分管建设工程审批、施工许可'],
      ['市住房和城乡建设局', '业务负责人', '林海燕', '行政审批科科长', '13905912002', '0591-87001002', '建筑工程施工许可、竣工验收备案'],
    ]);
    // Another office by its code; an unknown code is named.
    expect(buildContactsReport(admin, { orgCode: '350102' }).tables[0]!.rows.map((r) => r[2])).toEqual(['王丽']);
    expect(buildContactsReport(admin, { orgCode: '350105' }).tables[0]!.note).toBe('本机构的部门联络表尚无登记');
    expect(() => buildContactsReport(admin, { orgCode: '359999' })).toThrow(/没有机构代码为 359999 的机构/);
  });
});
