// 问题协调: raised with a department, resolved once.
import { describe, expect, it } from 'vitest';
import { caseAction, getCaseFile } from '../../../src/main/features/cases/service.js';
import { createPlan, planItemsOf } from '../../../src/main/features/plans/service.js';
import { addProblem, openProblems, problemAddSchema, resolveProblem } from '../../../src/main/features/problems/service.js';
import { listPlanTemplates } from '../../../src/main/features/catalog/service.js';
import { makeWorld, registerProxyCase, type World } from '../../helpers/fixtures.js';
import { useTempDirs } from '../../helpers/temp-dir.js';

const tempDir = useTempDirs();

function counts(w: World) {
  const n = (sql: string) => w.store.db.prepare(sql).pluck().get() as number;
  return { problems: n('SELECT count(*) FROM problems'), audit: n('SELECT count(*) FROM audit_events'), outbox: n('SELECT count(*) FROM outbox') };
}

describe('problems', () => {
  it('raises a blocker against a plan item and resolves it with what was done', () => {
    const w = makeWorld(tempDir());
    const { caseId } = registerProxyCase(w);
    const template = listPlanTemplates(w.ctx('agent'))[0]!;
    createPlan(w.ctx('agent'), { caseId, templateId: template.id });
    const item = planItemsOf(w.ctx('agent'), caseId)[0]!;
    const input = problemAddSchema.parse({ caseId, department: '市自然资源和规划局', description: '用地红线与规划条件不一致，需协调', planItemId: item.id });
    const { id } = addProblem(w.ctx('agent'), input);
    expect(openProblems(w.ctx('leader'), caseId).map((p) => p.id)).toEqual([id]);
    expect(getCaseFile(w.ctx('clerk'), caseId).problems).toEqual([
      { id, department: '市自然资源和规划局', description: input.description, status: 'open', raisedAt: '2026-03-02', resolvedAt: null, resolution: null, withdrawnAt: null, withdrawnByName: null, withdrawReason: null },
    ]);

    w.clock.advance(2 * 86_400_000);
    expect(() => resolveProblem(w.ctx('leader'), { problemId: id, resolution: '召开联审会' })).toThrow('您的角色无权登记问题解决情况');
    resolveProblem(w.ctx('agent'), { problemId: id, resolution: '召开联审会，规划条件已调整' });
    expect(getCaseFile(w.ctx('clerk'), caseId).problems[0]).toMatchObject({ status: 'resolved', resolvedAt: '2026-03-04', resolution: '召开联审会，规划条件已调整' });
    expect(openProblems(w.ctx('leader'))).toEqual([]);
    const intents = w.store.db.prepare(`SELECT intent FROM outbox WHERE entity = 'problems' ORDER BY seq`).pluck().all();
    expect(intents).toEqual([null, 'problem.resolve']);
  });

  it('lists open problems of the offices the actor may see only', () => {
    const w = makeWorld(tempDir());
    const { caseId } = registerProxyCase(w);
    addProblem(w.ctx('clerk'), { caseId, department: '住建局', description: '施工图审查意见待回复' });
    expect(openProblems(w.ctx('cityAgent'))).toHaveLength(1);
    expect(openProblems(w.ctx('otherClerk'))).toEqual([]);
  });

  it('refuses wrong roles, other offices, closed cases, foreign plan items, future dates and a second resolution — changing nothing', () => {
    const w = makeWorld(tempDir());
    const { caseId } = registerProxyCase(w);
    const other = registerProxyCase(w);
    createPlan(w.ctx('agent'), { caseId: other.caseId, templateId: listPlanTemplates(w.ctx('agent'))[0]!.id });
    const foreignItem = planItemsOf(w.ctx('agent'), other.caseId)[0]!;
    const base = { caseId, department: '消防救援支队', description: '消防验收排期过长' };
    const before = counts(w);
    expect(() => addProblem(w.ctx('otherClerk'), base)).toThrow('该案卷不属于您所在机构的办理范围');
    // Leaders read and supervise; the sync server refuses their writes, so the desktop does too.
    expect(() => addProblem(w.ctx('leader'), base)).toThrow('您的角色无权登记协调问题');
    expect(() => addProblem({ store: w.store, actor: { userId: null, roles: ['clerk'], orgUnitId: null } }, base)).toThrow('请先登录');
    expect(() => addProblem(w.ctx('agent'), { ...base, planItemId: foreignItem.id })).toThrow('所选计划事项不属于本案卷');
    expect(() => addProblem(w.ctx('agent'), { ...base, raisedDate: '2026-03-03' })).toThrow('提出日期不能晚于今天');
    expect(problemAddSchema.safeParse({ ...base, description: '短' }).error?.issues[0]?.message).toBe('问题描述至少2个字');
    expect(counts(w)).toEqual(before);

    const { id } = addProblem(w.ctx('agent'), { ...base, raisedDate: '2026-02-27' });
    expect(() => resolveProblem(w.ctx('agent'), { problemId: id, resolution: '已协调', resolvedDate: '2026-02-26' })).toThrow(/不能早于问题提出日期/);
    expect(() => resolveProblem(w.ctx('otherClerk'), { problemId: id, resolution: '已协调' })).toThrow(/不属于您所在机构/);
    resolveProblem(w.ctx('agent'), { problemId: id, resolution: '消防部门同意提前验收' });
    const resolved = counts(w);
    expect(() => resolveProblem(w.ctx('agent'), { problemId: id, resolution: '再次登记' })).toThrow('该问题已于2026-03-02解决，不能重复登记');
    expect(() => resolveProblem(w.ctx('agent'), { problemId: 'missing', resolution: '已协调' })).toThrow('协调问题不存在或已删除');
    expect(counts(w)).toEqual(resolved);

    // A closed case takes no new problems, but an old one can still be written off.
    const { id: late } = addProblem(w.ctx('agent'), base);
    caseAction(w.ctx('clerk'), { caseId, action: 'withdraw', reason: '项目取消' });
    const closed = counts(w);
    expect(() => addProblem(w.ctx('agent'), base)).toThrow('案卷已退件，不能再登记协调问题');
    expect(counts(w)).toEqual(closed);
    resolveProblem(w.ctx('agent'), { problemId: late, resolution: '项目取消，不再协调' });
    expect(openProblems(w.ctx('agent'), caseId)).toEqual([]);
  });
});
