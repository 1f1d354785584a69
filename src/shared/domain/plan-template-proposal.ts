// Which 代办服务计划书 template to propose for a case ("门类化的代办服务计划书"): the plan kind from
// what the case is about (企业开办, 水电气报装, else an engineering project), then the templates of
// the project's category (政府投资 / 社会投资), and among those the one whose kind of project the
// name describes (a road is a 线性工程, a warehouse a 小型低风险 project…). A 重点项目 can be either
// kind of investment, so its name alone decides. Only a proposal: the agent may choose another.
import type { PlanKind, ProjectCategory } from './enums';
import { PROJECT_CATEGORIES } from './enums';

export interface TemplateOption { id: string; name: string; kind: PlanKind; category: ProjectCategory | null }
export interface ProjectFacts { name: string; category: ProjectCategory; code: string | null; investment: number | null }
export interface TemplateProposal { id: string; why: string }

const KIND_WORDS: Array<[PlanKind, RegExp]> = [
  ['startup', /企业开办|开办企业|设立登记|公司设立|营业执照/],
  ['utilities', /水电气|报装|供水|供电|供气|用电|用水|燃气|排水接入/],
];

/** Words in a project's name → words in the name of the template for that kind of project. */
const PROJECT_WORDS: Array<[RegExp, RegExp]> = [
  [/道路|公路|大道|桥|隧道|管网|管廊|河道|堤防|轨道|线路|管线|整治/, /线性/],
  [/仓库|仓储|物流/, /小型低风险/],
  [/厂房|工厂|工业|产业园|车间|生产|制造|机械|加工/, /工业/],
  [/学校|中学|小学|幼儿园|医院|卫生|住房|安置|办公|服务中心|体育|文化|馆/, /房屋建筑/],
];

export function proposeTemplate(templates: readonly TemplateOption[], project: ProjectFacts | null, subject = ''): TemplateProposal | null {
  const text = `${project?.name ?? ''} ${subject}`;
  const kind = KIND_WORDS.find(([, re]) => re.test(text))?.[0] ?? (project ? 'engineering' : null);
  if (!kind) return null;
  if (kind !== 'engineering') {
    const t = templates.find((x) => x.kind === kind);
    return t ? { id: t.id, why: `按事项内容推荐（${t.name}）` } : null;
  }
  const engineering = templates.filter((x) => x.kind === 'engineering');
  const sameCategory = engineering.filter((x) => x.category === project!.category);
  const candidates = sameCategory.length ? sameCategory : engineering;
  if (!candidates.length) return null;
  const category = PROJECT_CATEGORIES.labels[project!.category];
  for (const [projectWords, templateWords] of PROJECT_WORDS) {
    if (!projectWords.test(project!.name)) continue;
    const t = candidates.find((x) => templateWords.test(x.name));
    if (t) return { id: t.id, why: `按项目类别（${category}）和项目名称推荐` };
  }
  return { id: candidates[0]!.id, why: sameCategory.length ? `按项目类别（${category}）推荐` : `${category}：请按项目性质确认模板` };
}
