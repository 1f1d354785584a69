// Printing a case from the store: the documents service flattens the real case file, the PDF reads
// back with poppler, the card's QR decodes to the guide URL, and every print is audited.
import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { getCaseFile } from '../../../src/main/features/cases/service.js';
import { listPlanTemplates } from '../../../src/main/features/catalog/service.js';
import { printCaseDocument, printOfficeWeekly } from '../../../src/main/features/documents/service.js';
import { createPlan } from '../../../src/main/features/plans/service.js';
import { addProgress } from '../../../src/main/features/progress/service.js';
import { enterpriseApplicant, makeWorld, registerProxyCase } from '../../helpers/fixtures.js';
import { useTempDirs } from '../../helpers/temp-dir.js';
import { cleanUp, decodeQr, flat, pdfText, renderPages, savePdf } from '../printing/pdf-tools.js';

const tempDir = useTempDirs();
const havePoppler = spawnSync('pdftotext', ['-v']).status === 0 && spawnSync('zbarimg', ['--version']).status === 0;
if (!havePoppler) console.warn('documents test skipped: pdftotext/zbarimg missing (bash scripts/install-system-deps.sh installs them)');
afterAll(cleanUp);

describe.skipIf(!havePoppler)('printing a case from the store', () => {
  it('prints the liaison card of a planned case with the guide QR, and audits it', async () => {
    const w = makeWorld(tempDir());
    w.store.setSetting('guideBaseUrl', 'https://zwfw.fuzhou.example/daiban');
    const { caseId, caseNo } = registerProxyCase(w, { applicant: enterpriseApplicant({ contactName: '王𠮷' }) });
    const template = listPlanTemplates(w.ctx('agent'))[0]!;
    createPlan(w.ctx('agent'), { caseId, templateId: template.id });
    const doc = await printCaseDocument(w.ctx('agent'), { kind: 'card', caseId });
    const file = savePdf(doc.pdf, 'card-from-store');
    const text = flat(pdfText(file));
    expect(text).toContain(caseNo);
    expect(text).toContain('陈志强');
    expect(text).toContain('郑国栋');
    const { token, code } = w.store.db.prepare('SELECT public_token AS token, template_code AS code FROM cases WHERE id = ?').get(caseId) as { token: string; code: string };
    const back = renderPages(file, 150)[1]!;
    expect(decodeQr(back)).toEqual([`https://zwfw.fuzhou.example/daiban/g/${code}?c=${token}`]);
    const audit = w.store.db.prepare(`SELECT actor_id, entity_id FROM audit_events WHERE action = 'print.card'`).get() as { actor_id: string; entity_id: string };
    expect(audit).toEqual({ actor_id: w.users.agent, entity_id: caseId });
  });

  it('prints the authorization letter with the acting person unmasked, and a weekly report naming the case', async () => {
    const w = makeWorld(tempDir());
    const applicant = enterpriseApplicant({ contactName: '林小明' });
    const { caseId, caseNo } = registerProxyCase(w, { applicant });
    addProgress(w.ctx('agent'), { caseId, kind: 'meeting', text: '组织规划、住建部门联审会办', hours: 3 });
    const auth = await printCaseDocument(w.ctx('agent'), { kind: 'authorization', caseId });
    const text = flat(pdfText(savePdf(auth.pdf, 'authorization-from-store')));
    expect(text).toContain('林小明');
    expect(text).toContain(applicant.contactIdNumber);
    expect(getCaseFile(w.ctx('agent'), caseId).contact.idNumber).not.toBe(applicant.contactIdNumber); // masked on screen
    const weekly = await printOfficeWeekly(w.ctx('leader'), { orgUnitId: w.org('350102') });
    const wtext = flat(pdfText(savePdf(weekly.pdf, 'weekly-office')));
    expect(wtext).toContain(caseNo);
    expect(wtext).toContain('联审会办');
  });

  it('puts every key project of the office in the weekly batch, moved or not, and leaves out an idle ordinary case', async () => {
    const w = makeWorld(tempDir());
    const idleKey = registerProxyCase(w, { project: { name: '鼓楼科创大厦', code: '2026-350102-70-01-000777', category: 'key', location: '鼓楼区', investment: 80000 } });
    const idleOther = registerProxyCase(w, { project: { name: '社区卫生服务站改造', code: '2026-350102-84-01-000778', category: 'social', location: '鼓楼区', investment: 300 } });
    const otherCounty = registerProxyCase(w, { project: { name: '仓山物流园', code: '2026-350104-59-01-000779', category: 'key', location: '仓山区', investment: 9000 } });
    // The third case is moved to 仓山区 by hand: it is another office's key project.
    w.store.db.prepare('UPDATE cases SET handling_org_unit_id = ? WHERE id = ?').run(w.org('350104'), otherCounty.caseId);
    const text = flat(pdfText(savePdf((await printOfficeWeekly(w.ctx('leader'), { orgUnitId: w.org('350102') })).pdf, 'weekly-key-projects')));
    expect(text).toContain(idleKey.caseNo);
    expect(text).toContain('鼓楼科创大厦');
    expect(text).not.toContain(idleOther.caseNo);
    expect(text).not.toContain(otherCounty.caseNo);
  });

  it('prints personal data in full only for roles the policy lets see it: a leader gets the same letter masked, and the audit says which', async () => {
    const w = makeWorld(tempDir());
    const applicant = enterpriseApplicant({ contactName: '林小明' });
    const { caseId } = registerProxyCase(w, { applicant });
    const phone = applicant.contactPhone;
    const asLeader = flat(pdfText(savePdf((await printCaseDocument(w.ctx('leader'), { kind: 'authorization', caseId })).pdf, 'authorization-leader')));
    expect(asLeader).toContain('林小明');
    expect(asLeader).not.toContain(applicant.contactIdNumber);
    expect(asLeader).not.toContain(phone);
    // masked as the case file shows it: the first and last characters stay
    expect(asLeader).toContain(getCaseFile(w.ctx('leader'), caseId).contact.idNumber!);
    const asClerk = flat(pdfText(savePdf((await printCaseDocument(w.ctx('clerk'), { kind: 'authorization', caseId })).pdf, 'authorization-clerk')));
    expect(asClerk).toContain(applicant.contactIdNumber);
    const audits = w.store.db.prepare(`SELECT actor_id, detail FROM audit_events WHERE action = 'print.authorization' ORDER BY seq`).all() as Array<{ actor_id: string; detail: string }>;
    expect(audits.map((a) => [a.actor_id, JSON.parse(a.detail).personalData])).toEqual([[w.users.leader, 'masked'], [w.users.clerk, 'full']]);
  });

  it('refuses a case of another office without printing anything', async () => {
    const w = makeWorld(tempDir());
    const { caseId } = registerProxyCase(w);
    await expect(printCaseDocument(w.ctx('otherClerk'), { kind: 'card', caseId })).rejects.toThrow(/不属于/);
    expect(w.store.db.prepare(`SELECT count(*) FROM audit_events WHERE action LIKE 'print.%'`).pluck().get()).toBe(0);
  });
});
