// Every audit action the source writes has a Chinese sentence: the test reads src/ for action names,
// so a new action without a text fails here.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CASE_ACTION_CODES } from '../../../src/shared/domain/case-status.js';
import { AUDIT_DOMAINS, auditText, hasAuditText, type AuditNames } from '../../../src/shared/domain/audit-text.js';

const SRC = join(__dirname, '../../../src');
/** Hosts' menus name UI actions, not audit events. */
const NOT_AUDIT = [join('main', 'electron')];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return NOT_AUDIT.some((x) => p.endsWith(x)) ? [] : sourceFiles(p);
    return /\.tsx?$/.test(f) ? [p] : [];
  });
}

/** Computed names (`case.${res.action}`) and what they expand to. */
const TEMPLATES: Record<string, string[]> = {
  'case.': CASE_ACTION_CODES.map((a) => `case.${a}`),
  'admission.': ['admission.approve', 'admission.refuse'],
  'print.': ['print.liaisonCard', 'print.serviceApplication', 'print.agreement', 'print.authorization', 'print.plan', 'print.handoverReceipt'],
};

/** Action names in `action: 'x.y'` / `action: cond ? 'a.b' : 'c.d'` of store.write / store.audit / appendAudit calls. */
function actionsInSource(): { names: Set<string>; templates: Set<string> } {
  const names = new Set<string>();
  const templates = new Set<string>();
  for (const file of sourceFiles(SRC)) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\baction:\s*([^,\n}]+(?:\?[^,\n}]+:[^,\n}]+)?)/g)) {
      const expr = m[1]!;
      for (const q of expr.matchAll(/'([a-z][A-Za-z]*\.[a-z][A-Za-z]*)'/g)) names.add(q[1]!);
      const tpl = /`([a-z][A-Za-z]*\.)\$\{/.exec(expr);
      if (tpl) templates.add(tpl[1]!);
    }
  }
  return { names, templates };
}

/** The names other engineers add in issue 9 (corrections and withdrawals). */
const CORRECTIONS = [
  'progress.edit', 'progress.withdraw', 'problem.edit', 'handover.withdraw', 'interaction.edit', 'planItem.edit', 'planItem.remove',
  'applicant.correct', 'case.correctContact', 'project.correct', 'orgUnit.edit', 'case.setLeader',
];

const names: AuditNames = {
  caseNo: '350102-2026-00042',
  user: (id) => (id === 'u1' ? '陈志强' : id === 'u2' ? '郑国栋' : null),
  office: (id) => (id === 'o1' ? '鼓楼区行政服务中心代办服务中心' : null),
};
const RAW_CODE = /[a-z]+\.[a-z][A-Za-z]+|\{"|[a-z]+[A-Z][a-z]+/;

describe('audit text', () => {
  const found = actionsInSource();

  it('finds the actions the source writes (the grep works)', () => {
    for (const a of ['case.register', 'progress.add', 'auth.loginFailed', 'auth.locked', 'admission.refusalOverturned', 'sync.enroll']) expect(found.names).toContain(a);
    expect(found.templates).toEqual(new Set(Object.keys(TEMPLATES)));
  });

  it('has a Chinese text for every action written in src/ and every correction', () => {
    const all = [...found.names, ...[...found.templates].flatMap((t) => TEMPLATES[t] ?? [`${t}unknownTemplate`]), ...CORRECTIONS];
    const missing = all.filter((a) => !hasAuditText(a));
    expect(missing).toEqual([]);
    for (const action of all) {
      const text = auditText({ action, entity: 'cases', entityId: 'c1', detail: { caseId: 'c1' } }, names);
      expect(text, action).toMatch(/[\u4e00-\u9fff]/);
      expect(text, action).not.toMatch(RAW_CODE);
    }
  });

  it('names the case, the people and the office, never ids or raw detail', () => {
    expect(auditText({ action: 'progress.add', entity: 'cases', entityId: 'c1', detail: { entries: 4 } }, names)).toBe('在 350102-2026-00042 记录 4 条进度');
    expect(auditText({ action: 'progress.add', entity: 'cases', entityId: 'c1', detail: { kind: 'phone', hours: 1.5 } }, names)).toMatch(/^在 350102-2026-00042 记录进度（.+，1\.5 小时）$/);
    expect(auditText({ action: 'case.assign', entity: 'cases', entityId: 'c1', detail: { agentId: 'u1', leaderId: 'u2' } }, names)).toBe('为 350102-2026-00042 分派代办员 陈志强，责任领导 郑国栋');
    expect(auditText({ action: 'auth.loginFailed', entity: null, entityId: null, detail: { username: 'nobody', reason: 'unknown' } }, names)).toBe('登录失败：账号“nobody”不存在或已停用');
    expect(auditText({ action: 'auth.loginFailed', entity: 'users', entityId: 'u1', detail: { failures: 2 } }, names)).toBe('陈志强 登录失败：密码错误（连续第 2 次）');
    expect(auditText({ action: 'sync.codeIssued', entity: 'orgUnits', entityId: 'o1', detail: { orgUnitId: 'o1', hours: 24 } }, names)).toBe('为 鼓楼区行政服务中心代办服务中心 生成终端注册码（24 小时内有效）');
    expect(auditText({ action: 'case.refuse', entity: 'cases', entityId: 'c1', detail: { reason: '不属于代办范围' } }, names)).toBe('不予受理 350102-2026-00042（原因：不属于代办范围）');
  });

  it('says an unknown action in Chinese too', () => {
    const text = auditText({ action: 'materials.frobnicate', entity: null, entityId: null, detail: {} }, { ...names, caseNo: null });
    expect(text).toMatch(/^[\u4e00-\u9fff]+$/);
    expect(auditText({ action: 'problem.reopen', entity: null, entityId: null, detail: {} }, names)).toBe('处理 350102-2026-00042 的问题协调');
    expect(Object.values(AUDIT_DOMAINS).every((d) => /^[\u4e00-\u9fff]+$/.test(d))).toBe(true);
  });
});
