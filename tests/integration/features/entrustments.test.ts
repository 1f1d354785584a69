// 委托: create, sign (with its scan), revoke — on a real SQLite store.
import { describe, expect, it } from 'vitest';
import { createBackend } from '../../../src/main/api/backend.js';
import { addAttachment, readVerified } from '../../../src/main/features/attachments/service.js';
import { caseAction, getCaseFile, reviewProject, confirmRefusal } from '../../../src/main/features/cases/service.js';
import { attachEntrustmentScan, createEntrustment, entrustmentCreateSchema, entrustmentsOf, parseScope, revokeEntrustment, signEntrustment } from '../../../src/main/features/entrustments/service.js';
import { registerCase } from '../../../src/main/features/intake/service.js';
import { enterpriseApplicant, makeWorld, PASSWORD, registerProxyCase, type World } from '../../helpers/fixtures.js';
import { useTempDirs } from '../../helpers/temp-dir.js';

const tempDir = useTempDirs();

function counts(w: World) {
  const n = (sql: string) => w.store.db.prepare(sql).pluck().get() as number;
  return {
    entrustments: n('SELECT count(*) FROM entrustments'),
    audit: n('SELECT count(*) FROM audit_events'),
    outbox: n('SELECT count(*) FROM outbox'),
    status: w.store.db.prepare('SELECT group_concat(status) FROM (SELECT status FROM cases ORDER BY id)').pluck().get() as string,
  };
}

function agreement(w: World, caseId: string, scope = '全程代办') {
  return createEntrustment(w.ctx('clerk'), { caseId, kind: 'agreement', scope, termEnd: '2026-12-31', authorizedPerson: '王代办' });
}

describe('entrustment scope', () => {
  it('reads what a clerk types: stages in words or digits, the whole way, and named items', () => {
    expect(parseScope('第1阶段、第二阶段，消防设计审查')).toEqual({ stages: [1, 2], items: ['消防设计审查'] });
    expect(parseScope('全程代办')).toEqual({ stages: [1, 2, 3, 4], items: [] });
    expect(parseScope('施工许可; 施工许可\n竣工验收备案')).toEqual({ stages: [], items: ['施工许可', '竣工验收备案'] });
  });
});

describe('creating entrustments', () => {
  it('drafts an agreement with scope and term, shown in the case file as the clerk wrote it', () => {
    const w = makeWorld(tempDir());
    const { caseId } = registerProxyCase(w);
    const { id } = createEntrustment(w.ctx('clerk'), { caseId, kind: 'agreement', scope: '第1阶段、第2阶段、消防设计审查', termEnd: '2026-12-31', authorizedPerson: '王代办' });
    const [row] = entrustmentsOf(w.ctx('agent'), caseId);
    expect(row).toMatchObject({ id, status: 'draft', scope: { stages: [1, 2], items: ['消防设计审查'] }, termStart: '2026-03-02', termEnd: '2026-12-31' });
    const file = getCaseFile(w.ctx('clerk'), caseId);
    expect(file.entrustments).toEqual([expect.objectContaining({ id, kind: 'agreement', status: 'draft', scope: '第1阶段、第2阶段、消防设计审查' })]);
    const outbox = w.store.db.prepare(`SELECT kind FROM outbox WHERE entity = 'entrustments'`).pluck().all();
    expect(outbox).toEqual(['insert']);
  });

  it('takes a structured scope and the authorized person with ID and phone (normalised)', () => {
    const w = makeWorld(tempDir());
    const { caseId } = registerProxyCase(w);
    const input = entrustmentCreateSchema.parse({
      caseId,
      kind: 'authorization',
      scope: { stages: [3], items: ['施工许可证核发'] },
      authorizedPerson: '赵敏',
      authorizedIdNumber: '11010519491231002x',
      authorizedPhone: '139 0591 2345',
    });
    createEntrustment(w.ctx('agent'), input);
    const [row] = entrustmentsOf(w.ctx('agent'), caseId);
    expect(row).toMatchObject({ kind: 'authorization', scope: { stages: [3], items: ['施工许可证核发'] }, authorizedName: '赵敏', authorizedResidentId: '11010519491231002X', authorizedPhone: '13905912345' });
  });

  it('names the applicant’s acting contact in an authorization when no one else is given', () => {
    const w = makeWorld(tempDir());
    const applicant = enterpriseApplicant();
    const { caseId } = registerProxyCase(w, { applicant });
    createEntrustment(w.ctx('clerk'), { caseId, kind: 'authorization', scope: '全程代办' });
    const [row] = entrustmentsOf(w.ctx('clerk'), caseId);
    expect(row).toMatchObject({ authorizedName: '林小明', authorizedResidentId: applicant.contactIdNumber, authorizedPhone: '13905912345' });
  });

  it('rejects a bad authorized ID number at the boundary with a Chinese message', () => {
    const r = entrustmentCreateSchema.safeParse({ caseId: 'x', kind: 'authorization', scope: '全程代办', authorizedIdNumber: '110105194912310021' });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toMatch(/校验|身份证/);
  });

  it('refuses help cases, closed cases, wrong roles, other offices, bad terms, empty scopes and a second live agreement — changing nothing', () => {
    const w = makeWorld(tempDir());
    const { caseId } = registerProxyCase(w);
    const help = registerCase(w.ctx('clerk'), {
      channel: 'phone', mode: 'help', helpKind: 'assist', applicant: enterpriseApplicant(), summary: '协助网上申报营业执照变更',
    });
    const before = counts(w);
    expect(() => agreement(w, help.caseId)).toThrow('帮办件无需签订代办委托');
    expect(() => createEntrustment(w.ctx('leader'), { caseId, kind: 'agreement', scope: '全程代办' })).toThrow(/角色无权/);
    expect(() => createEntrustment(w.ctx('otherClerk'), { caseId, kind: 'agreement', scope: '全程代办' })).toThrow('该案卷不属于您所在机构的办理范围');
    expect(() => createEntrustment(w.ctx('clerk'), { caseId, kind: 'agreement', scope: '全程代办', termEnd: '2026-01-31', authorizedPerson: '王代办' })).toThrow(/委托期限/);
    expect(() => createEntrustment(w.ctx('clerk'), { caseId, kind: 'agreement', scope: ' 、 ' })).toThrow('请填写委托范围（阶段或事项）');
    expect(() => createEntrustment(w.ctx('clerk'), { caseId: 'no-such-case', kind: 'agreement', scope: '全程代办' })).toThrow('案卷不存在或已删除');
    expect(counts(w)).toEqual(before);

    agreement(w, caseId);
    const afterOne = counts(w);
    expect(() => agreement(w, caseId)).toThrow(/已有待签署的代办委托协议/);
    expect(counts(w)).toEqual(afterOne);

    caseAction(w.ctx('clerk'), { caseId, action: 'withdraw', reason: '申请人撤回申请' });
    const closed = counts(w);
    expect(() => createEntrustment(w.ctx('clerk'), { caseId, kind: 'application', scope: '全程代办' })).toThrow('案卷已退件，不能再办理委托');
    expect(counts(w)).toEqual(closed);
  });
});

describe('signing', () => {
  it('signing the agreement of an accepted case makes it entrusted in the same write, with the scan attached', () => {
    const w = makeWorld(tempDir());
    const { caseId } = registerProxyCase(w);
    const { id } = agreement(w, caseId);
    const scan = addAttachment(w.ctx('clerk'), { caseId, name: '委托协议签字页.pdf', mime: 'application/pdf', dataBase64: Buffer.from('%PDF-1.4 signed').toString('base64'), label: '委托协议扫描件' });
    const auditBefore = counts(w).audit;
    signEntrustment(w.ctx('clerk'), { entrustmentId: id, attachmentId: scan.id });

    const file = getCaseFile(w.ctx('agent'), caseId);
    expect(file.summary.status).toBe('entrusted');
    expect(file.entrustments[0]).toMatchObject({ status: 'signed', signedAt: '2026-03-02T01:00:00.000Z' });
    expect(entrustmentsOf(w.ctx('clerk'), caseId)[0]?.attachmentId).toBe(scan.id);
    // One audit event for the whole step; the case move travels as the 'case.entrust' intent.
    expect(counts(w).audit).toBe(auditBefore + 1);
    const intents = w.store.db.prepare(`SELECT entity, intent FROM outbox WHERE kind = 'intent' ORDER BY seq`).all();
    expect(intents).toEqual([{ entity: 'entrustments', intent: 'entrustment.sign' }, { entity: 'cases', intent: 'case.entrust' }]);
    // Attachments are append-only for the sync: the link lives on the entrustment, the scan is untouched.
    expect(w.store.db.prepare(`SELECT kind FROM outbox WHERE entity = 'attachments'`).pluck().all()).toEqual(['insert']);
    // The agent can now start work: the status machine accepts it.
    expect(caseAction(w.ctx('agent'), { caseId, action: 'start' }).status).toBe('inProgress');
  });

  it('signing an application or authorization leaves the case status alone', () => {
    const w = makeWorld(tempDir());
    const { caseId } = registerProxyCase(w);
    const { id } = createEntrustment(w.ctx('clerk'), { caseId, kind: 'application', scope: '全程代办' });
    signEntrustment(w.ctx('agent'), { entrustmentId: id, withoutScan: true });
    expect(getCaseFile(w.ctx('agent'), caseId).summary.status).toBe('accepted');
  });

  it('refuses twice-signing, a revoked document, another case’s scan, wrong role and office, and a refused project — changing nothing', () => {
    const w = makeWorld(tempDir());
    const { caseId } = registerProxyCase(w);
    const other = registerProxyCase(w);
    const foreignScan = addAttachment(w.ctx('clerk'), { caseId: other.caseId, name: 'x.pdf', mime: 'application/pdf', dataBase64: Buffer.from('other case').toString('base64') });
    const { id } = agreement(w, caseId);
    const before = counts(w);
    expect(() => signEntrustment(w.ctx('clerk'), { entrustmentId: id, attachmentId: foreignScan.id })).toThrow('所选扫描件不属于本案卷');
    expect(() => signEntrustment(w.ctx('leader'), { entrustmentId: id })).toThrow(/角色无权/);
    expect(() => signEntrustment(w.ctx('otherClerk'), { entrustmentId: id })).toThrow('该案卷不属于您所在机构的办理范围');
    expect(() => signEntrustment(w.ctx('clerk'), { entrustmentId: 'missing' })).toThrow('委托文书不存在或已删除');
    expect(counts(w)).toEqual(before);

    signEntrustment(w.ctx('clerk'), { entrustmentId: id, withoutScan: true });
    const signed = counts(w);
    expect(() => signEntrustment(w.ctx('clerk'), { entrustmentId: id })).toThrow('该代办委托协议已签署');
    expect(counts(w)).toEqual(signed);

    const { id: app } = createEntrustment(w.ctx('clerk'), { caseId, kind: 'application', scope: '全程代办' });
    revokeEntrustment(w.ctx('clerk'), { entrustmentId: app, reason: '填写有误' });
    const revoked = counts(w);
    expect(() => signEntrustment(w.ctx('clerk'), { entrustmentId: app })).toThrow(/已撤销，不能再签署/);
    expect(counts(w)).toEqual(revoked);

    // A refusal awaiting its second reviewer blocks the agreement (窗口无否决权, but no mandate either).
    const third = registerProxyCase(w);
    const file = getCaseFile(w.ctx('clerk'), third.caseId);
    reviewProject(w.ctx('clerk'), { projectId: file.project!.id, decision: 'refuse', reason: '不符合产业规划' });
    const { id: a3 } = agreement(w, third.caseId);
    expect(() => signEntrustment(w.ctx('clerk'), { entrustmentId: a3 })).toThrow(/正在复核/);
    confirmRefusal(w.ctx('leader'), { projectId: file.project!.id, confirm: true });
    expect(() => signEntrustment(w.ctx('clerk'), { entrustmentId: a3 })).toThrow('项目未通过准入审核，不能签订代办委托协议');
    expect(getCaseFile(w.ctx('clerk'), third.caseId).summary.status).toBe('accepted');
  });
});

describe('signing with the scan of the signed paper', () => {
  const pdf = (text: string) => ({ name: '委托协议签字页.pdf', mime: 'application/pdf', dataBase64: Buffer.from(`%PDF-1.4 ${text}`).toString('base64') });
  const attachments = (w: World) => w.store.db.prepare('SELECT count(*) FROM attachments').pluck().get() as number;

  it('uploads the scan in the same step: stored, owned by the document, linked to it, one audit event', () => {
    const w = makeWorld(tempDir());
    const { caseId } = registerProxyCase(w);
    const { id } = agreement(w, caseId);
    const auditBefore = counts(w).audit;
    signEntrustment(w.ctx('clerk'), { entrustmentId: id, scan: pdf('signed by 林小明') });

    const file = getCaseFile(w.ctx('agent'), caseId);
    expect(file.summary.status).toBe('entrusted');
    const [e] = file.entrustments;
    expect(e).toMatchObject({ status: 'signed', scanMissing: false, scan: { name: '委托协议签字页.pdf' } });
    expect(file.attachments).toEqual([expect.objectContaining({ id: e!.scan!.attachmentId, name: '委托协议签字页.pdf', label: '代办委托协议签署扫描件' })]);
    const row = w.store.db.prepare('SELECT owner_id, sha256 FROM attachments').get() as { owner_id: string; sha256: string };
    expect(row.owner_id).toBe(id);
    expect(readVerified(w.store, row.sha256).toString()).toBe('%PDF-1.4 signed by 林小明');
    expect(counts(w).audit).toBe(auditBefore + 1);
    const ev = w.store.db.prepare(`SELECT detail FROM audit_events WHERE action = 'entrustment.sign'`).pluck().get() as string;
    expect(JSON.parse(ev)).toMatchObject({ caseId, scan: '委托协议签字页.pdf', scanMissing: false, caseEntrusted: true });
    // The scan row travels with the step: attachment insert, then the sign and entrust intents.
    const ops = w.store.db.prepare(`SELECT entity, kind, intent FROM outbox WHERE seq > (SELECT max(seq) - 3 FROM outbox) ORDER BY seq`).all();
    expect(ops).toEqual([
      { entity: 'attachments', kind: 'insert', intent: null },
      { entity: 'entrustments', kind: 'intent', intent: 'entrustment.sign' },
      { entity: 'cases', kind: 'intent', intent: 'case.entrust' },
    ]);
  });

  it('refuses to record the signature with no scan unless the clerk says it follows — changing nothing', () => {
    const w = makeWorld(tempDir());
    const { caseId } = registerProxyCase(w);
    const { id } = agreement(w, caseId);
    const before = { ...counts(w), attachments: attachments(w) };
    expect(() => signEntrustment(w.ctx('clerk'), { entrustmentId: id })).toThrow('请上传签字盖章后的扫描件；暂时无法扫描的，请选择“稍后补传扫描件”');
    // A bad file refuses the whole step: the document stays unsigned.
    expect(() => signEntrustment(w.ctx('clerk'), { entrustmentId: id, scan: { ...pdf(''), dataBase64: '' } })).toThrow('文件为空');
    expect(() => signEntrustment(w.ctx('clerk'), { entrustmentId: id, scan: { ...pdf(''), name: '..' } })).toThrow('文件名无效');
    expect({ ...counts(w), attachments: attachments(w) }).toEqual(before);
    expect(getCaseFile(w.ctx('clerk'), caseId).entrustments[0]).toMatchObject({ status: 'draft', scan: null });
  });

  it('signed without the scan: the case moves on, the document shows 待补扫描件 until 补传扫描件 links it', () => {
    const w = makeWorld(tempDir());
    const { caseId } = registerProxyCase(w);
    const { id } = agreement(w, caseId);
    expect(() => attachEntrustmentScan(w.ctx('clerk'), { entrustmentId: id, scan: pdf('early') })).toThrow('该代办委托协议尚未签署，不能补传签署扫描件');
    signEntrustment(w.ctx('clerk'), { entrustmentId: id, withoutScan: true });
    let file = getCaseFile(w.ctx('agent'), caseId);
    expect(file.summary.status).toBe('entrusted');
    expect(file.entrustments[0]).toMatchObject({ status: 'signed', scanMissing: true, scan: null });
    const ev = w.store.db.prepare(`SELECT detail FROM audit_events WHERE action = 'entrustment.sign'`).pluck().get() as string;
    expect(JSON.parse(ev)).toMatchObject({ scanMissing: true });

    const { attachmentId } = attachEntrustmentScan(w.ctx('agent'), { entrustmentId: id, scan: pdf('later') });
    file = getCaseFile(w.ctx('agent'), caseId);
    expect(file.entrustments[0]).toMatchObject({ scanMissing: false, scan: { attachmentId, name: '委托协议签字页.pdf' } });
    const patch = w.store.db.prepare(`SELECT kind, payload FROM outbox WHERE entity = 'entrustments' ORDER BY seq DESC LIMIT 1`).get() as { kind: string; payload: string };
    expect(patch.kind).toBe('patch');
    expect(JSON.parse(patch.payload)).toMatchObject({ attachmentId: { base: null, value: attachmentId } });

    const after = { ...counts(w), attachments: attachments(w) };
    expect(() => attachEntrustmentScan(w.ctx('clerk'), { entrustmentId: id, scan: pdf('again') })).toThrow('该代办委托协议已有签署扫描件；其他文件请在“附件”中上传');
    expect(() => attachEntrustmentScan(w.ctx('leader'), { entrustmentId: id, scan: pdf('leader') })).toThrow(/角色无权/);
    expect({ ...counts(w), attachments: attachments(w) }).toEqual(after);
  });
});

describe('revoking', () => {
  it('revokes a draft with its reason; a new one can then be drafted', () => {
    const w = makeWorld(tempDir());
    const { caseId } = registerProxyCase(w);
    const { id } = agreement(w, caseId, '第1阶段');
    revokeEntrustment(w.ctx('agent'), { entrustmentId: id, reason: '范围调整为全程代办' });
    expect(getCaseFile(w.ctx('agent'), caseId).entrustments[0]).toMatchObject({ status: 'revoked', revokeReason: '范围调整为全程代办', revokedAt: '2026-03-02T01:00:00.000Z' });
    expect(() => agreement(w, caseId)).not.toThrow();
  });

  it('allows revoking the signed agreement of a case in progress, and flags it in the audit log', () => {
    const w = makeWorld(tempDir());
    const { caseId } = registerProxyCase(w);
    const { id } = agreement(w, caseId);
    signEntrustment(w.ctx('clerk'), { entrustmentId: id, withoutScan: true });
    caseAction(w.ctx('agent'), { caseId, action: 'start' });
    revokeEntrustment(w.ctx('clerk'), { entrustmentId: id, reason: '企业决定自行办理' });
    const ev = w.store.db.prepare(`SELECT entity_id, detail FROM audit_events WHERE action = 'entrustment.revoke'`).get() as { entity_id: string; detail: string };
    expect(ev.entity_id).toBe(id);
    expect(JSON.parse(ev.detail)).toMatchObject({ activeMandateRevoked: true, wasSigned: true, caseStatus: 'inProgress', reason: '企业决定自行办理' });
    // The case itself is not moved: the agent decides whether to suspend or withdraw it.
    expect(getCaseFile(w.ctx('agent'), caseId).summary.status).toBe('inProgress');
  });

  it('refuses revoking twice, and by the wrong role or office — changing nothing', () => {
    const w = makeWorld(tempDir());
    const { caseId } = registerProxyCase(w);
    const { id } = agreement(w, caseId);
    const before = counts(w);
    expect(() => revokeEntrustment(w.ctx('leader'), { entrustmentId: id, reason: '测试' })).toThrow(/角色无权/);
    expect(() => revokeEntrustment(w.ctx('otherClerk'), { entrustmentId: id, reason: '测试' })).toThrow(/不属于您所在机构/);
    expect(counts(w)).toEqual(before);
    revokeEntrustment(w.ctx('clerk'), { entrustmentId: id, reason: '重复录入' });
    const after = counts(w);
    expect(() => revokeEntrustment(w.ctx('clerk'), { entrustmentId: id, reason: '重复录入' })).toThrow(/已于2026-03-02撤销/);
    expect(counts(w)).toEqual(after);
  });
});

describe('through the contract (backend registry: parse → access → handler → service)', () => {
  it('runs the case-file steps a window UI sends, with Chinese errors for bad input and wrong roles', async () => {
    const dir = tempDir();
    const w = makeWorld(dir);
    const { caseId } = registerProxyCase(w);
    const backend = createBackend({ dataDir: dir, clock: w.clock, log: () => undefined });
    try {
      const call = async (conn: string, name: string, input: unknown) => backend.dispatch(conn, name, input);
      const ok = async <T>(conn: string, name: string, input: unknown): Promise<T> => {
        const r = await call(conn, name, input);
        if (!r.ok) throw new Error(`${name}: ${r.error.message}`);
        return r.data as T;
      };
      await ok('c', 'auth.login', { username: 'clerk', password: PASSWORD });
      await ok('l', 'auth.login', { username: 'leader', password: PASSWORD });

      const { id } = await ok<{ id: string }>('c', 'entrustment.create', { caseId, kind: 'agreement', scope: '第1阶段、第2阶段', termEnd: '2026-12-31', authorizedPerson: '王代办' });
      const scan = await ok<{ id: string }>('c', 'attachment.add', { caseId, name: '协议.pdf', mime: 'application/pdf', dataBase64: Buffer.from('%PDF signed').toString('base64') });
      await ok('c', 'entrustment.sign', { entrustmentId: id, attachmentId: scan.id });
      expect((await ok<{ name: string }>('l', 'attachment.get', { attachmentId: scan.id })).name).toBe('协议.pdf');
      await ok('c', 'problem.add', { caseId, department: '市住建局', description: '施工图审查意见待回复' });
      const h = await ok<{ id: string }>('c', 'handover.record', { caseId, direction: 'received', counterpart: '林小明', items: [{ name: '营业执照复印件', originals: 0, copies: 1 }] });
      expect(h.id).toBeTruthy();
      const file = await ok<{ summary: { status: string }; entrustments: Array<{ scope: string; status: string }>; problems: unknown[]; materials: Array<{ name: string; copiesHeld: number }> }>('l', 'case.get', { id: caseId });
      expect(file.summary.status).toBe('entrusted');
      expect(file.entrustments).toEqual([expect.objectContaining({ scope: '第1阶段、第2阶段', status: 'signed' })]);
      expect(file.problems).toHaveLength(1);
      expect(file.materials).toEqual([expect.objectContaining({ name: '营业执照复印件', copiesHeld: 1 })]);

      // Bad input stops at the boundary; a leader is refused by the contract or the service; nothing is written.
      const before = w.store.db.prepare('SELECT count(*) FROM audit_events').pluck().get();
      const bad = await call('c', 'entrustment.revoke', { entrustmentId: id, reason: '' });
      expect(bad).toMatchObject({ ok: false, error: { code: 'validation' } });
      const leader = await call('l', 'entrustment.revoke', { entrustmentId: id, reason: '测试撤销' });
      expect(leader).toMatchObject({ ok: false, error: { message: '您的角色无权撤销委托' } });
      const leaderProblem = await call('l', 'problem.add', { caseId, department: '市住建局', description: '领导登记的问题' });
      expect(leaderProblem).toMatchObject({ ok: false, error: { message: '您的角色无权登记协调问题' } });
      const reveal = await call('l', 'applicant.get', { id: w.store.db.prepare('SELECT applicant_id FROM cases WHERE id = ?').pluck().get(caseId), reveal: true });
      expect(reveal).toMatchObject({ ok: false, error: { message: '您的角色无权查看完整的身份证号码和电话' } });
      expect(w.store.db.prepare('SELECT count(*) FROM audit_events').pluck().get()).toBe(before);
    } finally {
      backend.close();
    }
  });
});
