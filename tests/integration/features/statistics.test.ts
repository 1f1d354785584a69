// 统计分析 and 代办员绩效 on a hand-made February 2026 (Spring Festival 02-15…23, make-up workdays
// Sat 02-14 and Sat 02-28) at 鼓楼区, where every answer is counted by hand below; then the same
// numbers read back from the .xlsx (exceljs) and the PDF (pdftotext).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import * as t from '../../../src/main/db/schema.js';
import { SYSTEM_ACTOR } from '../../../src/main/db/store.js';
import { listPerformance } from '../../../src/main/features/statistics/performance.js';
import { buildStatsReport, buildPerformanceReport } from '../../../src/main/features/statistics/report.js';
import { getStats, statsCases } from '../../../src/main/features/statistics/service.js';
import { reportFile, reportJob, startReportJob, writeReport } from '../../../src/main/features/reports/jobs.js';
import type { StatCount } from '../../../src/shared/api/index.js';
import type { DRILL_MEASURES } from '../../../src/shared/api/index.js';
import { makeWorld, type World } from '../../helpers/fixtures.js';
import { useTempDirs } from '../../helpers/temp-dir.js';

const tempDir = useTempDirs();
const FEB = { from: '2026-02-01', to: '2026-02-28' };
/** 09:00 China time on a day, as stored in timestamp columns. */
const at = (day: string) => new Date(`${day}T09:00:00+08:00`).toISOString();

interface CaseSpec {
  no: string;
  office: string;
  handling?: string;
  accepted: string;
  channel: string;
  mode: 'proxy' | 'help';
  helpKind?: string;
  category?: 'government' | 'social' | 'key';
  status: string;
  closed?: string;
  agent?: 'agent' | 'agent2';
  deleted?: boolean;
  items?: Array<{ stage: number; start: string; due: string; done?: string; status?: string; code?: string }>;
}

function build(w: World) {
  const ids: Record<string, string> = {};
  const items: Record<string, string[]> = {};
  w.store.write({ actor: SYSTEM_ACTOR, action: 'test.seed' }, (tx) => {
    const add = (s: CaseSpec) => {
      const a = tx.insert(t.applicants, { orgUnitId: w.org(s.office), kind: 'enterprise', name: `${s.no}公司`, uscc: null, residentId: null });
      const p = s.category ? tx.insert(t.projects, { orgUnitId: w.org(s.office), applicantId: a.id, name: `${s.no}项目`, category: s.category, admissionStatus: 'approved' }) : null;
      const c = tx.insert(t.cases, {
        caseNo: s.no, orgUnitId: w.org(s.office), handlingOrgUnitId: w.org(s.handling ?? s.office), applicantId: a.id, projectId: p?.id ?? null,
        channel: s.channel, mode: s.mode, helpKind: s.helpKind ?? null, status: s.status, subject: `${s.no}事项`, agentId: s.agent ? w.users[s.agent] : null,
        publicToken: `tok-${s.no}`, acceptedDate: s.accepted, registeredBy: w.users.clerk, closedAt: s.closed ? at(s.closed) : null,
      });
      if (s.deleted) tx.patch(t.cases, c.id, { deletedAt: at(s.accepted) });
      ids[s.no] = c.id;
      items[s.no] = (s.items ?? []).map((it, i) =>
        tx.insert(t.planItems, {
          caseId: c.id, catalogCode: it.code ?? `CODE-${it.stage}`, name: `第${it.stage}阶段事项`, department: '市住建局', stage: it.stage, parallelGroup: 1, sortOrder: i,
          limitValue: 5, limitUnit: 'workdays', startDate: it.start, dueDate: it.due, status: it.status ?? (it.done ? 'approved' : 'submitted'), completedDate: it.done ?? null,
        }).id,
      );
      return c.id;
    };
    add({ no: 'A', office: '350102', accepted: '2026-02-02', channel: 'counter', mode: 'proxy', category: 'key', status: 'completed', closed: '2026-02-27', agent: 'agent',
      items: [{ stage: 1, start: '2026-02-02', due: '2026-02-10', done: '2026-02-09' }, { stage: 2, start: '2026-02-10', due: '2026-02-13', done: '2026-02-14' }] });
    add({ no: 'B', office: '350102', accepted: '2026-02-03', channel: 'phone', mode: 'help', helpKind: 'assist', status: 'completed', closed: '2026-02-05', agent: 'agent' });
    add({ no: 'C', office: '350102', accepted: '2026-02-10', channel: 'counter', mode: 'proxy', category: 'government', status: 'suspended', closed: '2026-02-12', agent: 'agent' });
    add({ no: 'D', office: '350102001', accepted: '2026-02-11', channel: 'web', mode: 'help', helpKind: 'transfer', status: 'withdrawn', closed: '2026-02-12' });
    add({ no: 'E', office: '350102', accepted: '2026-01-20', channel: 'counter', mode: 'proxy', category: 'social', status: 'completed', closed: '2026-02-06', agent: 'agent',
      items: [{ stage: 3, start: '2026-01-20', due: '2026-02-06', done: '2026-02-06' }] });
    add({ no: 'F', office: '350104', accepted: '2026-02-05', channel: 'counter', mode: 'proxy', status: 'completed', closed: '2026-02-06' });
    add({ no: 'G', office: '350102', accepted: '2026-02-05', channel: 'counter', mode: 'proxy', status: 'inProgress', deleted: true });
    add({ no: 'H', office: '350102', handling: '350102001', accepted: '2026-02-28', channel: 'counter', mode: 'proxy', category: 'key', status: 'inProgress', agent: 'agent2',
      items: [{ stage: 1, start: '2026-02-28', due: '2026-03-09', status: 'correcting' }] });

    const progress = (no: string, who: 'agent' | 'agent2', day: string, hours: number, extra: Partial<typeof t.progressEntries.$inferInsert> = {}) =>
      tx.insert(t.progressEntries, { caseId: ids[no]!, kind: 'phone', text: '电话跟进', hours, occurredDate: day, authorId: w.users[who], ...extra });
    progress('A', 'agent', '2026-02-03', 2);
    progress('A', 'agent', '2026-02-10', 1.5);
    progress('A', 'agent', '2026-01-30', 2); // January: not this period
    progress('A', 'agent', '2026-02-11', 3, { withdrawnAt: at('2026-02-12'), withdrawnBy: w.users.agent, withdrawReason: '录错案卷' });
    progress('H', 'agent2', '2026-02-26', 1, { kind: 'correction', planItemId: items.H![0]! });

    const problem = (no: string, raised: string, extra: Partial<typeof t.problems.$inferInsert> = {}) =>
      tx.insert(t.problems, { caseId: ids[no]!, department: '市住建局', description: '图审意见未出', status: 'open', raisedBy: w.users.agent, raisedDate: raised, ...extra });
    problem('H', '2026-02-02');
    problem('A', '2026-02-03', { status: 'resolved', resolvedDate: '2026-02-10', resolution: '已协调' });
    problem('A', '2026-02-04', { withdrawnAt: at('2026-02-05'), withdrawnBy: w.users.agent, withdrawReason: '重复登记' });

    const transfer = (no: string, kind: 'down' | 'up', from: string, to: string, status: string, sent: string, responded: string | null) =>
      tx.insert(t.transfers, { caseId: ids[no]!, kind, fromOrgUnitId: w.org(from), toOrgUnitId: w.org(to), status, reason: '属地办理', sentBy: w.users.agent, sentAt: at(sent), respondedBy: responded ? w.users.townClerk : null, respondedAt: responded ? at(responded) : null });
    transfer('H', 'down', '350102', '350102001', 'accepted', '2026-02-28', '2026-03-02');
    transfer('D', 'up', '350102001', '350100', 'returned', '2026-02-11', '2026-02-13');
    transfer('F', 'up', '350104', '350100', 'sent', '2026-02-06', null);

    const rate = (no: string, level: number, day: string) => tx.insert(t.evaluations, { caseId: ids[no]!, level, source: 'qr', comment: level <= 2 ? '等待较久' : '满意', evaluatedDate: day });
    const bad = rate('A', 2, '2026-02-27');
    tx.insert(t.rectifications, { caseId: ids.A!, evaluationId: bad.id, problem: '等待较久', measure: '增设专窗', responsibleId: w.users.agent, dueDate: '2026-03-13', status: 'done', doneDate: '2026-02-28' });
    rate('B', 5, '2026-02-05');
    rate('E', 4, '2026-02-06');
  });
  return ids;
}

const byKey = (counts: StatCount[]) => Object.fromEntries(counts.filter((c) => c.value || c.previous).map((c) => [c.key, [c.value, c.previous]]));

describe('统计分析 on a hand-made February', () => {
  let w: World;
  beforeAll(() => {
    w = makeWorld(tempDir(), '2026-03-02T01:00:00Z');
    build(w);
  });

  it('counts what was received, completed, on time, per stage, in 补正, in problems and in transfers', () => {
    const s = getStats(w.ctx('leader'), FEB);
    expect(s.previous).toEqual({ from: '2026-01-01', to: '2026-01-31' });
    // Received: A B C D H (G deleted, F another county, E in January).
    expect(s.headline.received).toEqual({ value: 5, previous: 1 });
    expect(byKey(s.received.byChannel)).toEqual({ 'channel:counter': [3, 1], 'channel:phone': [1, 0], 'channel:web': [1, 0] });
    expect(byKey(s.received.byMode)).toEqual({ 'mode:proxy': [3, 1], 'mode:help': [2, 0] });
    expect(byKey(s.received.byHelpKind)).toEqual({ 'helpKind:assist': [1, 0], 'helpKind:transfer': [1, 0], 'helpKind:none': [3, 1] });
    expect(byKey(s.received.byCategory)).toEqual({ 'category:key': [2, 0], 'category:government': [1, 0], 'category:social': [0, 1], 'category:none': [2, 0] });
    expect(s.received.byOffice.map((o) => [o.label, o.value])).toEqual([['鼓楼区（本级）', 4], ['鼓东街道', 1], ['东街街道', 0], ['安泰街道', 0], ['洪山镇', 0]]);
    // Completed: A (late: item 2 done on the make-up Saturday after its due Friday), B, E.
    expect(s.headline.completed).toEqual({ value: 3, previous: 0 });
    expect(s.completed).toMatchObject({ total: 3, onTime: 2, late: 1 });
    expect(s.headline.onTimeRate).toEqual({ value: 2 / 3, previous: null });
    // A: 14 working days (the make-up 02-14 counts, the festival not); B: 2; E: 13 → 29 / 3.
    expect(s.headline.avgCaseWorkdays).toEqual({ value: 9.7, previous: null });
    expect(s.stages).toEqual([
      { stage: 1, label: '立项用地规划许可', items: 1, late: 0, avgWorkdays: 5 },
      { stage: 2, label: '工程建设许可', items: 1, late: 1, avgWorkdays: 4 },
      { stage: 3, label: '施工许可', items: 1, late: 0, avgWorkdays: 13 },
    ]);
    // 补正 since the correction entry of 02-26: 02-27, Sat 02-28 (make-up), 03-02 → 3 working days.
    expect(s.correcting.total).toBe(1);
    expect(s.correcting.longest).toEqual([expect.objectContaining({ caseNo: 'H', since: '2026-02-26', workdays: 3 })]);
    expect(s.correcting.byAge.map((b) => b.value)).toEqual([1, 0, 0, 0]);
    // One problem open (the resolved and the withdrawn ones are not), raised 02-02: 16 working days.
    expect(s.problems).toEqual({ total: 1, byDepartment: [{ department: '市住建局', total: 1, upTo5: 0, upTo10: 0, upTo20: 1, over20: 0, oldest: 16 }] });
    // Transfers: H down (accepted after 1 working day), D up (returned after 2); F's is another county's.
    expect(s.transfers.byKind).toEqual([
      { kind: 'down', label: '转办', sent: 1, accepted: 1, returned: 0, pending: 0, avgWaitWorkdays: 1 },
      { kind: 'up', label: '联办', sent: 1, accepted: 0, returned: 1, pending: 0, avgWaitWorkdays: 2 },
    ]);
    expect(s.headline.transfers).toEqual({ value: 2, previous: 0 });
    expect(s.trend.unit).toBe('day');
    expect(s.trend.received.reduce((a, b) => a + b, 0)).toBe(5);
    expect(s.trend.completed[s.trend.buckets.indexOf('02-27')]).toBe(1);
  });

  it('opens, for every bar, exactly the cases it counts', () => {
    const ctx = w.ctx('leader');
    const s = getStats(ctx, FEB);
    const total = (measure: (typeof DRILL_MEASURES)[number], key?: string) => statsCases(ctx, { ...FEB, measure, key, offset: 0, limit: 50 }).total;
    for (const c of [...s.received.byChannel, ...s.received.byMode, ...s.received.byHelpKind, ...s.received.byCategory, ...s.received.byOffice]) {
      expect([c.key, total('received', c.key)]).toEqual([c.key, c.value]);
    }
    for (const o of s.completed.byOffice) {
      expect([o.key, total('onTime', o.key), total('late', o.key)]).toEqual([o.key, o.onTime, o.late]);
    }
    expect(statsCases(ctx, { ...FEB, measure: 'late', offset: 0, limit: 50 }).cases.map((c) => c.caseNo)).toEqual(['A']);
    expect(statsCases(ctx, { ...FEB, measure: 'received', key: 'channel:counter', offset: 0, limit: 50 }).cases.map((c) => c.caseNo)).toEqual(['H', 'C', 'A']);
    expect(total('itemsLate', 'stage:2')).toBe(1);
    expect(total('correcting')).toBe(1);
    expect(total('problems', 'department:市住建局')).toBe(1);
    expect(total('transfers', 'status:returned')).toBe(1);
    expect(() => statsCases(ctx, { ...FEB, measure: 'problems', key: 'channel:counter', offset: 0, limit: 50 })).toThrow('该统计项没有这一分类');
  });

  it('narrows to a township, refuses an office outside the caller’s, and shows an agent only their own cases', () => {
    expect(getStats(w.ctx('leader'), { ...FEB, orgCode: '350102001' }).headline.received.value).toBe(1);
    expect(() => getStats(w.ctx('leader'), { ...FEB, orgCode: '350104' })).toThrow('该机构不在您所在机构及下级机构的范围内');
    expect(() => getStats(w.ctx('leader'), { ...FEB, orgCode: '350199' })).toThrow('机构代码“350199”不存在');
    expect(() => getStats(w.ctx('clerk'), FEB)).toThrow('您的角色无权查看统计分析');
    const mine = getStats(w.ctx('agent'), FEB);
    expect(mine.agentOnly).toBe(true);
    expect(mine.headline.received.value).toBe(3); // A, B, C
    expect(getStats(w.ctx('admin'), FEB).headline.received.value).toBe(6); // the whole city: F too
  });

  it('代办员绩效: cases, hours, on-time rate, satisfaction and rectifications per agent', () => {
    const rows = listPerformance(w.ctx('leader'), FEB);
    const agent = rows.find((r) => r.name === '陈志强')!;
    expect(agent).toMatchObject({ handled: 4, completed: 3, hours: 3.5, onTimeRate: 2 / 3, ratings: 3, avgLevel: 3.67, satisfiedRate: 2 / 3, badRatings: 1, rectificationsDone: 1, rectificationsOpen: 0, rectificationsMissing: 0 });
    expect(rows.find((r) => r.name === '黄丽君')).toMatchObject({ handled: 1, completed: 0, hours: 1, onTimeRate: null, ratings: 0, avgLevel: null });
    expect(listPerformance(w.ctx('agent'), FEB).map((r) => r.name)).toEqual(['陈志强']);
  });

  it('writes the same numbers to .xlsx cells and to the PDF text', async () => {
    const dir = tempDir();
    const ctx = w.ctx('leader');
    const report = buildStatsReport(ctx, FEB);
    await writeReport(ctx, report, 'xlsx', join(dir, 's.xlsx'));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(dir, 's.xlsx'));
    const overview = wb.getWorksheet('概览')!;
    expect(String(overview.getCell('A1').value)).toBe('代办帮办统计分析：主要指标 · 福州市鼓楼区行政服务中心代办服务窗口 · 2026年2月1日至2026年2月28日'.replace('福州市鼓楼区行政服务中心代办服务窗口', report.header.officeName));
    expect(overview.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
    const row = (ws: ExcelJS.Worksheet, label: string) => ws.getRows(1, ws.rowCount)!.find((r) => r.getCell(1).value === label)!;
    expect(row(overview, '受理（件）').getCell(2).value).toBe(5);
    expect(row(overview, '受理（件）').getCell(3).value).toBe(1);
    expect(row(overview, '办结（件）').getCell(2).value).toBe(3);
    const done = wb.getWorksheet('办结情况')!;
    expect(row(done, '合计').getCell(5).value).toBeCloseTo(2 / 3);
    expect(row(done, '合计').getCell(5).numFmt).toBe('0.0%');
    const detail = wb.getWorksheet('案件明细')!;
    expect(detail.rowCount).toBe(3 + 5);
    expect(detail.getRow(4).getCell(2).value).toEqual(new Date('2026-02-02T00:00:00Z'));

    await writeReport(ctx, report, 'pdf', join(dir, 's.pdf'));
    const text = execFileSync('pdftotext', ['-layout', join(dir, 's.pdf'), '-'], { encoding: 'utf8' });
    expect(text).toContain('代办帮办统计分析');
    expect(text).toMatch(/受理（件）\s+5\s+1\s+4/);
    expect(text).toMatch(/合计\s+3\s+2\s+1\s+66\.7%/);
    // The charts are vector graphics with their own text: their titles are in the PDF's text.
    expect(text).toContain('受理渠道');
    expect(text).toContain('各机构办结（按时/逾期）');

    const perf = buildPerformanceReport(ctx, FEB);
    await writeReport(ctx, perf, 'xlsx', join(dir, 'p.xlsx'));
    const pwb = new ExcelJS.Workbook();
    await pwb.xlsx.readFile(join(dir, 'p.xlsx'));
    const all = pwb.worksheets.flatMap((ws) => ws.getRows(1, ws.rowCount) ?? []);
    const chen = all.find((r) => r.getCell(1).value === '陈志强')!;
    expect([chen.getCell(3).value, chen.getCell(4).value, chen.getCell(5).value, chen.getCell(10).value]).toEqual([4, 3, 3.5, 1]);
  });

  it('exports as a job: progress, then the file once, only to the user who asked', async () => {
    const ctx = w.ctx('leader');
    const job = startReportJob(ctx, { kind: 'stats', format: 'xlsx', params: FEB });
    expect(job).toMatchObject({ state: 'running', total: expect.any(Number), fileName: expect.stringMatching(/^代办帮办统计分析-.+-2026-02-01至2026-02-28\.xlsx$/) });
    expect(() => reportJob(w.ctx('leader2'), { jobId: job.jobId })).toThrow('导出任务不存在或已结束');
    await expect.poll(() => reportJob(ctx, { jobId: job.jobId }).state).toBe('done');
    const file = reportFile(ctx, { jobId: job.jobId });
    expect(file.mime).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(file.dataBase64, 'base64') as unknown as ArrayBuffer);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['概览', '受理分类', '办结情况', '阶段用时', '事项用时', '补正等待', '问题分析', '接力办', '案件明细']);
    expect(() => reportFile(ctx, { jobId: job.jobId })).toThrow('导出任务不存在或已结束');
    expect(() => startReportJob(w.ctx('clerk'), { kind: 'stats', format: 'pdf', params: FEB })).toThrow('您的角色无权查看统计分析');
  });

  it('removes export files an earlier run of the backend left behind (they hold personal data)', async () => {
    const w2 = makeWorld(tempDir(), '2026-03-02T01:00:00Z');
    build(w2);
    const dir = join(w2.store.dataDir, 'tmp', 'reports');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'left-by-a-killed-run.xlsx'), 'A公司 350102…');
    const job = startReportJob(w2.ctx('leader'), { kind: 'performance', format: 'xlsx', params: FEB });
    expect(existsSync(join(dir, 'left-by-a-killed-run.xlsx'))).toBe(false);
    await expect.poll(() => reportJob(w2.ctx('leader'), { jobId: job.jobId }).state).toBe('done');
    reportFile(w2.ctx('leader'), { jobId: job.jobId });
    expect(readdirSync(dir)).toEqual([]);
  });
});
