// The plan template proposed for a case (门类化的代办服务计划书): from the project's category and
// what the project is, on the shipped templates and real registered cases.
import { describe, expect, it } from 'vitest';
import type { ProjectCategory } from '../../../src/shared/domain/enums.js';
import { proposeTemplate } from '../../../src/shared/domain/plan-template-proposal.js';
import { listPlanTemplates } from '../../../src/main/features/catalog/service.js';
import { getCaseFile } from '../../../src/main/features/cases/service.js';
import { registerCase } from '../../../src/main/features/intake/service.js';
import { enterpriseApplicant, makeWorld, registerProxyCase, type World } from '../../helpers/fixtures.js';
import { useTempDirs } from '../../helpers/temp-dir.js';

const tempDir = useTempDirs();

function proposalFor(w: World, caseId: string) {
  const templates = listPlanTemplates(w.ctx('agent'));
  const file = getCaseFile(w.ctx('agent'), caseId);
  const p = proposeTemplate(templates, file.project, file.description ?? '');
  return p ? { name: templates.find((t) => t.id === p.id)!.name, why: p.why } : null;
}

function project(w: World, name: string, category: ProjectCategory) {
  return registerProxyCase(w, { project: { name, category, location: '鼓楼区', investment: 8000 }, applicant: enterpriseApplicant() }).caseId;
}

describe('plan template proposal', () => {
  it('proposes the template of the project’s category, and within it the one its name describes', () => {
    const w = makeWorld(tempDir());
    expect(proposalFor(w, project(w, '鼓楼区实验小学扩建工程', 'government'))).toEqual({ name: '政府投资房屋建筑类项目', why: '按项目类别（政府投资）和项目名称推荐' });
    expect(proposalFor(w, project(w, '杨桥路道路提升改造工程', 'government'))?.name).toBe('政府投资线性工程');
    expect(proposalFor(w, project(w, '洪山仓储物流中心', 'social'))?.name).toBe('社会投资小型低风险项目');
    expect(proposalFor(w, project(w, '榕光机械数控机床厂房', 'social'))?.name).toBe('社会投资一般工业项目');
    // Nothing in the name to go by: the category's first template, said as such.
    expect(proposalFor(w, project(w, '闽江之心综合体', 'social'))).toEqual({ name: '社会投资小型低风险项目', why: '按项目类别（社会投资）推荐' });
  });

  it('a 重点项目 (either kind of investment) is proposed by its name, or left for the agent to confirm', () => {
    const w = makeWorld(tempDir());
    // The fixture's key project is a factory building.
    expect(proposalFor(w, registerProxyCase(w).caseId)?.name).toBe('社会投资一般工业项目');
    expect(proposalFor(w, project(w, '滨海新城综合管廊', 'key'))?.name).toBe('政府投资线性工程');
    expect(proposalFor(w, project(w, '数字福建产业大厦', 'key'))?.why).toBe('重点项目：请按项目性质确认模板');
  });

  it('start-up and utility requests get their own plan kind; a consultation without a project gets none', () => {
    const w = makeWorld(tempDir());
    const help = (summary: string) => registerCase(w.ctx('clerk'), { channel: 'counter', mode: 'help', helpKind: 'assist', applicant: enterpriseApplicant(), summary, agentId: w.users.agent }).caseId;
    expect(proposalFor(w, help('协助办理企业开办（营业执照、公章、发票）'))?.name).toBe('企业开办');
    expect(proposalFor(w, help('新厂区供水供电报装'))?.name).toBe('水电气报装');
    expect(proposalFor(w, help('咨询不动产登记材料'))).toBeNull();
  });
});
