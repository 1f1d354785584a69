// 受理登记 with an applicant already registered: the enterprise is shared, the person who acts
// (经办人) is each case's own, and a differing name for a known USCC asks the clerk which is right.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createBackend } from '../../../src/main/api/backend.js';
import { getCaseFile } from '../../../src/main/features/cases/service.js';
import { ApplicantDiffersError } from '../../../src/main/features/intake/service.js';
import { searchAll } from '../../../src/main/features/search/service.js';
import { makeResidentId, mulberry32 } from '../../../src/shared/domain/synthetic-ids.js';
import { usccCheckChar } from '../../../src/shared/domain/validators.js';
import { enterpriseApplicant, makeWorld, registerProxyCase, type World } from '../../helpers/fixtures.js';
import { useTempDirs } from '../../helpers/temp-dir.js';

const tempDir = useTempDirs();
const rng = mulberry32(9);

function audit(w: World, action: string) {
  return (w.store.db.prepare('SELECT entity, entity_id, detail FROM audit_events WHERE action = ? ORDER BY seq').all(action) as Array<{ entity: string; entity_id: string; detail: string }>)
    .map((e) => ({ entity: e.entity, entityId: e.entity_id, detail: JSON.parse(e.detail) as Record<string, unknown> }));
}

/** Case A registered; case B comes with A's USCC, another company name and another 经办人. */
function twoRegistrations() {
  const w = makeWorld(tempDir());
  const first = enterpriseApplicant({ name: '福州闽江智造科技有限公司', contactName: '林小明', contactPhone: '13905912345' });
  const a = registerProxyCase(w, { applicant: first });
  const second = { ...first, name: '福州闽江智造科技股份有限公司', contactName: '郑新人', contactIdNumber: undefined, contactPhone: '13600000001' };
  return { w, first, a, second };
}

describe('intake with a known USCC', () => {
  it('leaves case A’s contact as it was when case B is registered with A’s USCC, another name and another 经办人', () => {
    const { w, first, a, second } = twoRegistrations();
    const b = registerProxyCase(w, { applicant: second, applicantNameChoice: 'registered' });
    const fileA = getCaseFile(w.ctx('clerk'), a.caseId);
    const fileB = getCaseFile(w.ctx('clerk'), b.caseId);
    expect(fileB.applicant.id).toBe(fileA.applicant.id);
    // A shows its own contact, name beside its own ID number; B shows what was typed for B.
    expect(fileA.contact).toEqual({ name: '林小明', idNumber: `${first.contactIdNumber.slice(0, 3)}***********${first.contactIdNumber.slice(-4)}`, phone: '139****2345' });
    expect(fileB.contact).toEqual({ name: '郑新人', idNumber: null, phone: '136****0001' });
    // Kept name: the applicant stays as registered, and the typed name is kept in the registration's event.
    expect(fileB.applicant.name).toBe('福州闽江智造科技有限公司');
    const registered = audit(w, 'case.register').at(-1)!;
    expect(registered.detail.applicantValuesKept).toEqual([{ field: 'name', registered: '福州闽江智造科技有限公司', typed: '福州闽江智造科技股份有限公司' }]);
    expect(audit(w, 'applicant.correct')).toEqual([]);
    // Each case is found by its own contact.
    expect(searchAll(w.ctx('clerk'), { q: '郑新人', limit: 10 }).cases.map((c) => c.id)).toEqual([b.caseId]);
  });

  it('asks which name is right before registering anything, carrying both names', () => {
    const { w, second } = twoRegistrations();
    const before = w.store.db.prepare('SELECT count(*) FROM cases').pluck().get();
    let error: unknown;
    try {
      registerProxyCase(w, { applicant: second });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ApplicantDiffersError);
    const differs = error as ApplicantDiffersError;
    expect(differs.applicant.name).toBe('福州闽江智造科技有限公司');
    expect(differs.typedName).toBe('福州闽江智造科技股份有限公司');
    expect(differs.message).toBe('该统一社会信用代码已登记为“福州闽江智造科技有限公司”，与填写的“福州闽江智造科技股份有限公司”不一致，请确认以哪个名称为准');
    expect(w.store.db.prepare('SELECT count(*) FROM cases').pluck().get()).toBe(before);
  });

  it('corrects the applicant to the typed name when the clerk says it is right, audited with the new case', () => {
    const { w, a, second } = twoRegistrations();
    const b = registerProxyCase(w, { applicant: second, applicantNameChoice: 'typed' });
    const fileA = getCaseFile(w.ctx('clerk'), a.caseId);
    expect(fileA.applicant.name).toBe('福州闽江智造科技股份有限公司');
    expect(fileA.contact.name).toBe('林小明');
    expect(audit(w, 'applicant.correct')).toEqual([{
      entity: 'applicants',
      entityId: fileA.applicant.id,
      detail: { caseId: b.caseId, applicantName: '福州闽江智造科技有限公司', changes: { name: { from: '福州闽江智造科技有限公司', to: '福州闽江智造科技股份有限公司' } }, reason: '受理登记时核对更正' },
    }]);
    // The correction syncs as a field patch with its base value.
    const op = w.store.db.prepare(`SELECT kind, payload FROM outbox WHERE entity = 'applicants' AND kind = 'patch'`).get() as { kind: string; payload: string };
    expect(JSON.parse(op.payload)).toEqual({ name: { base: '福州闽江智造科技有限公司', value: '福州闽江智造科技股份有限公司' } });
    // Case A is found by the corrected name.
    expect(searchAll(w.ctx('clerk'), { q: '股份', limit: 10 }).cases.map((c) => c.id).sort()).toEqual([a.caseId, b.caseId].sort());
  });

  it('registers an already chosen applicant with the contact typed for the new case', () => {
    const { w, a } = twoRegistrations();
    const applicantId = getCaseFile(w.ctx('clerk'), a.caseId).applicant.id;
    const idNumber = makeResidentId(rng, { regionCode: '350102' });
    const b = registerProxyCase(w, { applicant: undefined, applicantId, contact: { name: '王𠮷', idNumber, phone: '13700000002' } });
    expect(getCaseFile(w.ctx('clerk'), b.caseId).contact.name).toBe('王𠮷');
    expect(getCaseFile(w.ctx('clerk'), a.caseId).contact.name).toBe('林小明');
  });
});

describe('intake through the contract', () => {
  it('answers applicantDiffers with both names, then registers once the clerk chose', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'daiban-intake-'));
    const b = createBackend({ dataDir: dir });
    try {
      const call = async (name: string, input: unknown) => {
        const r = await b.dispatch('c', name, input);
        if (!r.ok) throw new Error(r.error.message);
        return r.data as Record<string, unknown>;
      };
      await call('auth.setup', { orgUnitName: '闽清县政务服务中心', orgLevel: 'county', orgCode: '350124', username: 'admin', displayName: '林管理', password: 'Counter2026' });
      const uscc = '91350124MA2Y3B4C5' + usccCheckChar('91350124MA2Y3B4C5');
      const base = { channel: 'counter', mode: 'help', helpKind: 'assist', summary: '协助填写申请表' };
      const first = await call('intake.register', { ...base, applicant: { kind: 'enterprise', name: '闽清榕光机械有限公司', uscc }, contact: { name: '刘晓梅', phone: '13905917788' } });
      expect(first).toMatchObject({ outcome: 'registered' });
      const input = { ...base, applicant: { kind: 'enterprise', name: '闽清榕光机械制造有限公司', uscc }, contact: { name: '陈立', phone: '13905917789' } };
      expect(await call('intake.register', input)).toEqual({
        outcome: 'applicantDiffers',
        applicantId: expect.any(String),
        registeredName: '闽清榕光机械有限公司',
        typedName: '闽清榕光机械制造有限公司',
        differences: [{ field: 'name', registered: '闽清榕光机械有限公司', typed: '闽清榕光机械制造有限公司' }],
        message: expect.stringContaining('请确认以哪个名称为准'),
      });
      const second = await call('intake.register', { ...input, applicantNameChoice: 'registered' });
      expect(second).toMatchObject({ outcome: 'registered' });
      const file = await call('case.get', { id: second.caseId });
      expect(file.contact).toMatchObject({ name: '陈立' });
      const bad = await b.dispatch('c', 'intake.register', { ...base, applicant: { kind: 'enterprise', name: '某公司', uscc }, contact: { name: '陈立', phone: '123' } });
      expect(bad.ok).toBe(false);
      expect(!bad.ok && bad.error.fieldErrors?.['contact.phone']).toMatch(/手机|电话/);
    } finally {
      b.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
