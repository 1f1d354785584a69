// 更正 after saving: the applicant (shared by its cases), the case's contact and its project change
// by audited field patches with base values; a bad value is refused in Chinese and changes nothing.
import { describe, expect, it } from 'vitest';
import { correctionsContract } from '../../../src/shared/api/corrections.js';
import { getCaseFile } from '../../../src/main/features/cases/service.js';
import { correctApplicant, correctContact, correctProject, revealCase } from '../../../src/main/features/corrections/service.js';
import { searchAll } from '../../../src/main/features/search/service.js';
import { makeResidentId, makeUscc, mulberry32 } from '../../../src/shared/domain/synthetic-ids.js';
import { enterpriseApplicant, makeWorld, registerProxyCase, type World } from '../../helpers/fixtures.js';
import { useTempDirs } from '../../helpers/temp-dir.js';

const tempDir = useTempDirs();
const rng = mulberry32(5);

function state(w: World) {
  const all = (sql: string) => w.store.db.prepare(sql).all();
  return { audit: all('SELECT seq FROM audit_events'), outbox: all('SELECT seq FROM outbox'), applicants: all('SELECT * FROM applicants'), cases: all('SELECT * FROM cases'), projects: all('SELECT * FROM projects') };
}

function lastEvent(w: World, action: string) {
  const e = w.store.db.prepare('SELECT actor_id, entity, entity_id, detail FROM audit_events WHERE action = ? ORDER BY seq DESC LIMIT 1').get(action) as
    { actor_id: string; entity: string; entity_id: string; detail: string } | undefined;
  return e && { actorId: e.actor_id, entity: e.entity, entityId: e.entity_id, detail: JSON.parse(e.detail) as Record<string, unknown> };
}

function lastPatch(w: World, entity: string) {
  const op = w.store.db.prepare(`SELECT entity_id, kind, payload FROM outbox WHERE entity = ? AND kind = 'patch' ORDER BY seq DESC LIMIT 1`).get(entity) as { entity_id: string; payload: string };
  return { entityId: op.entity_id, fields: JSON.parse(op.payload) as Record<string, { base: unknown; value: unknown }> };
}

function world() {
  const w = makeWorld(tempDir());
  const applicant = enterpriseApplicant({ name: '福州闽江智造科技有限公司', legalRepresentative: '陈建国' });
  const a = registerProxyCase(w, { applicant });
  // A second case of the same enterprise, with its own contact.
  const b = registerProxyCase(w, { applicant: { ...applicant, contactName: '郑新人', contactIdNumber: undefined, contactPhone: '13600000001' } });
  const applicantId = getCaseFile(w.ctx('clerk'), a.caseId).applicant.id;
  return { w, applicant, a, b, applicantId };
}

const parse = <N extends keyof typeof correctionsContract>(name: N, input: unknown) => correctionsContract[name].input.parse(input) as never;

describe('correcting the applicant', () => {
  it('patches name, USCC and legal representative with base values, audited with the case and the changes; every case shows it', () => {
    const { w, applicant, a, b, applicantId } = world();
    const uscc = makeUscc(rng, '350102');
    const r = correctApplicant(w.ctx('clerk'), parse('applicant.correct', { caseId: a.caseId, name: '福州闽江智造科技股份有限公司', uscc, legalRepresentative: '陈建国', reason: '按营业执照更正' }));
    expect(r.changed.sort()).toEqual(['name', 'uscc']);
    expect(lastEvent(w, 'applicant.correct')).toEqual({
      actorId: w.users.clerk, entity: 'applicants', entityId: applicantId,
      detail: { caseId: a.caseId, applicantName: '福州闽江智造科技有限公司', reason: '按营业执照更正', changes: { name: { from: '福州闽江智造科技有限公司', to: '福州闽江智造科技股份有限公司' }, uscc: { from: applicant.uscc, to: uscc } } },
    });
    expect(lastPatch(w, 'applicants')).toEqual({ entityId: applicantId, fields: { name: { base: '福州闽江智造科技有限公司', value: '福州闽江智造科技股份有限公司' }, uscc: { base: applicant.uscc, value: uscc } } });
    expect(getCaseFile(w.ctx('clerk'), b.caseId).applicant).toMatchObject({ name: '福州闽江智造科技股份有限公司', uscc });
    expect(searchAll(w.ctx('clerk'), { q: '股份有限', limit: 10 }).cases).toHaveLength(2);
  });

  it('refuses a malformed USCC, a USCC of another applicant, an ID number for an enterprise and a leader, changing nothing', () => {
    const { w, a } = world();
    const other = registerProxyCase(w, { applicant: enterpriseApplicant({ name: '福建海峡物流有限公司' }) });
    const otherUscc = getCaseFile(w.ctx('clerk'), other.caseId).applicant.uscc;
    const before = state(w);
    const bad = correctionsContract['applicant.correct'].input.safeParse({ caseId: a.caseId, uscc: '91350102MA2Y3B4C5X' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toMatch(/统一社会信用代码|校验/);
    expect(() => correctApplicant(w.ctx('clerk'), parse('applicant.correct', { caseId: a.caseId, uscc: otherUscc }))).toThrow('该统一社会信用代码已登记为申请人“福建海峡物流有限公司”');
    expect(() => correctApplicant(w.ctx('clerk'), parse('applicant.correct', { caseId: a.caseId, idNumber: makeResidentId(rng, { regionCode: '350102' }) }))).toThrow(/企业申请人/);
    expect(() => correctApplicant(w.ctx('leader'), parse('applicant.correct', { caseId: a.caseId, name: '某公司' }))).toThrow(/无权/);
    expect(() => correctApplicant(w.ctx('otherClerk'), parse('applicant.correct', { caseId: a.caseId, name: '某公司' }))).toThrow(/不属于您所在机构/);
    expect(state(w)).toEqual(before);
  });

  it('writes nothing when every value is already so', () => {
    const { w, a, applicant } = world();
    const before = state(w);
    expect(correctApplicant(w.ctx('clerk'), parse('applicant.correct', { caseId: a.caseId, name: applicant.name, uscc: '', legalRepresentative: '' }))).toEqual({ changed: [] });
    expect(state(w)).toEqual(before);
  });
});

describe('correcting the case’s contact', () => {
  it('changes this case’s 经办人 only, audited with the changes, and reveals are audited too', () => {
    const { w, applicant, a, b } = world();
    const idNumber = makeResidentId(rng, { regionCode: '350103' });
    const r = correctContact(w.ctx('agent'), parse('case.correctContact', { caseId: b.caseId, name: '郑欣人', idNumber, phone: '13600000009' }));
    expect(r.changed).toEqual(['contactName', 'contactResidentId', 'contactPhone']);
    const event = lastEvent(w, 'case.correctContact')!;
    expect(event).toMatchObject({ actorId: w.users.agent, entity: 'cases', entityId: b.caseId });
    expect(event.detail).toEqual({
      caseId: b.caseId, caseNo: '350102-2026-00002',
      changes: { contactName: { from: '郑新人', to: '郑欣人' }, contactResidentId: { from: null, to: idNumber }, contactPhone: { from: '13600000001', to: '13600000009' } },
    });
    expect(lastPatch(w, 'cases').fields.contactResidentId).toEqual({ base: null, value: idNumber });
    expect(revealCase(w.ctx('agent'), { caseId: b.caseId }).contact).toEqual({ name: '郑欣人', idNumber, phone: '13600000009' });
    expect(lastEvent(w, 'case.reveal')).toMatchObject({ entity: 'cases', entityId: b.caseId, detail: { caseId: b.caseId, fields: ['contactIdNumber', 'contactPhone'] } });
    // The other case of the enterprise keeps its own contact.
    expect(revealCase(w.ctx('agent'), { caseId: a.caseId }).contact).toEqual({ name: applicant.contactName, idNumber: applicant.contactIdNumber, phone: applicant.contactPhone });
  });

  it('refuses a bad ID number or phone in Chinese at the boundary', () => {
    const { a } = world();
    const valid = makeResidentId(rng, { regionCode: '350102' });
    const wrongCheck = valid.slice(0, 17) + (valid[17] === '0' ? '1' : '0');
    const bad = correctionsContract['case.correctContact'].input.safeParse({ caseId: a.caseId, idNumber: wrongCheck, phone: '1390591' });
    expect(bad.success).toBe(false);
    const paths = Object.fromEntries((bad.error?.issues ?? []).map((i) => [i.path.join('.'), i.message]));
    expect(paths.idNumber).toMatch(/身份证|校验/);
    expect(paths.phone).toMatch(/手机|电话/);
  });
});

describe('correcting the project', () => {
  it('patches name, code, location, investment and category, audited', () => {
    const { w, a } = world();
    const r = correctProject(w.ctx('clerk'), parse('project.correct', { caseId: a.caseId, name: '闽江智造产业园二期厂房', code: '2026-350102-34-03-054321', location: '鼓楼区洪山镇工业路', investment: '61000', category: 'social' }));
    expect(r.changed.sort()).toEqual(['category', 'investment', 'location', 'name', 'projectCode']);
    const file = getCaseFile(w.ctx('clerk'), a.caseId);
    expect(file.project).toMatchObject({ name: '闽江智造产业园二期厂房', code: '2026-350102-34-03-054321', location: '鼓楼区洪山镇工业路', investment: 61000, category: 'social' });
    expect(lastEvent(w, 'project.correct')?.detail).toMatchObject({ caseId: a.caseId, changes: { investment: { from: 52000, to: 61000 }, category: { from: 'key', to: 'social' } } });
    expect(searchAll(w.ctx('clerk'), { q: '二期厂房', limit: 10 }).cases.map((c) => c.id)).toEqual([a.caseId]);
  });

  it('refuses a project code of the wrong shape and a negative investment, changing nothing', () => {
    const { w, a } = world();
    const before = state(w);
    const code = correctionsContract['project.correct'].input.safeParse({ caseId: a.caseId, code: '2026-3501-34-03-012345' });
    expect(code.error?.issues[0]).toMatchObject({ path: ['code'], message: expect.stringMatching(/项目代码/) });
    const money = correctionsContract['project.correct'].input.safeParse({ caseId: a.caseId, investment: -3 });
    expect(money.error?.issues[0]?.message).toBe('总投资不能为负数');
    expect(state(w)).toEqual(before);
  });
});
