// 申请人: masked search, and reveal of personal data for the roles that need it, audited.
import { describe, expect, it } from 'vitest';
import { casesContract } from '../../../src/shared/api/cases.js';
import { getApplicant, searchApplicants } from '../../../src/main/features/applicants/service.js';
import { getCaseFile } from '../../../src/main/features/cases/service.js';
import { enterpriseApplicant, makeWorld, registerProxyCase, type World } from '../../helpers/fixtures.js';
import { useTempDirs } from '../../helpers/temp-dir.js';

const tempDir = useTempDirs();

function counts(w: World) {
  const n = (sql: string) => w.store.db.prepare(sql).pluck().get() as number;
  return { audit: n('SELECT count(*) FROM audit_events'), outbox: n('SELECT count(*) FROM outbox') };
}

function world() {
  const w = makeWorld(tempDir());
  const applicant = enterpriseApplicant({ name: '福州榕树下文化传媒有限公司', contactName: '欧阳娜娜', contactPhone: '13905912345' });
  const { caseId } = registerProxyCase(w, { applicant });
  const applicantId = getCaseFile(w.ctx('clerk'), caseId).applicant.id;
  return { w, applicant, applicantId, caseId };
}

describe('applicant search', () => {
  it('finds applicants by 2- and 3+-character queries and by credit code, masked', () => {
    const { w, applicant, applicantId } = world();
    registerProxyCase(w, { applicant: enterpriseApplicant({ name: '福建海峡物流有限公司', contactName: '王芳' }) });
    for (const q of ['榕树', '榕树下文化', applicant.uscc]) {
      const hits = searchApplicants(w.ctx('clerk'), { q });
      expect(hits.map((h) => h.id), q).toEqual([applicantId]);
    }
    const [hit] = searchApplicants(w.ctx('leader'), { q: '榕树下' });
    expect(hit).toMatchObject({ name: '福州榕树下文化传媒有限公司', uscc: applicant.uscc });
    // The contact (经办人) is the case's, not the applicant's: searching a contact finds the case.
    expect(hit).not.toHaveProperty('contactName');
    expect(searchApplicants(w.ctx('clerk'), { q: '欧阳' })).toEqual([]);
    expect(searchApplicants(w.ctx('clerk'), { q: '有限公司' })).toHaveLength(2);
    // Searching is not a reveal: no audit event.
    expect(w.store.db.prepare(`SELECT count(*) FROM audit_events WHERE action = 'applicant.reveal'`).pluck().get()).toBe(0);
  });

  it('shows another county’s applicants to no one there, and the city sees the counties below it', () => {
    const { w, applicantId } = world();
    expect(searchApplicants(w.ctx('otherClerk'), { q: '榕树下' })).toEqual([]);
    expect(searchApplicants(w.ctx('cityAgent'), { q: '榕树下' }).map((a) => a.id)).toEqual([applicantId]);
    expect(() => getApplicant(w.ctx('otherClerk'), { id: applicantId, reveal: false })).toThrow('该申请人不属于您所在机构的办理范围');
  });

  it('rejects an empty query at the boundary', () => {
    expect(casesContract['applicant.search'].input.safeParse({ q: '  ' }).error?.issues[0]?.message).toBe('请输入关键词');
  });
});

describe('applicant reveal', () => {
  it('returns masked data without reveal and writes nothing', () => {
    const { w, applicant, applicantId } = world();
    const before = counts(w);
    const a = getApplicant(w.ctx('leader'), { id: applicantId, reveal: false });
    expect(a.uscc).toBe(applicant.uscc);
    expect(counts(w)).toEqual(before);
  });

  it('reveals full data to a clerk, agent or admin and audits who revealed whose data', () => {
    const { w, applicant, applicantId } = world();
    const a = getApplicant(w.ctx('agent'), { id: applicantId, reveal: true });
    expect(a).toMatchObject({ uscc: applicant.uscc, legalRepresentative: applicant.legalRepresentative });
    getApplicant(w.ctx('admin'), { id: applicantId, reveal: true });
    const events = w.store.db
      .prepare(`SELECT actor_id, entity, entity_id, detail FROM audit_events WHERE action = 'applicant.reveal' ORDER BY seq`)
      .all() as Array<{ actor_id: string; entity: string; entity_id: string; detail: string }>;
    expect(events.map((e) => [e.actor_id, e.entity, e.entity_id])).toEqual([
      [w.users.agent, 'applicants', applicantId],
      [w.users.admin, 'applicants', applicantId],
    ]);
    expect(JSON.parse(events[0]!.detail)).toEqual({ applicantName: '福州榕树下文化传媒有限公司', fields: [], by: '陈志强' });
    // A reveal changes no data: nothing to sync.
    expect(w.store.db.prepare(`SELECT count(*) FROM outbox WHERE entity = 'applicants' AND kind != 'insert'`).pluck().get()).toBe(0);
  });

  it('refuses a reveal to a leader and writes no event', () => {
    const { w, applicantId } = world();
    const before = counts(w);
    expect(() => getApplicant(w.ctx('leader'), { id: applicantId, reveal: true })).toThrow('您的角色无权查看完整的身份证号码和电话');
    expect(() => getApplicant(w.ctx('clerk'), { id: 'missing', reveal: true })).toThrow('申请人不存在或已删除');
    expect(() => getApplicant(w.ctx('otherClerk'), { id: applicantId, reveal: true })).toThrow(/不属于您所在机构/);
    expect(counts(w)).toEqual(before);
  });
});
