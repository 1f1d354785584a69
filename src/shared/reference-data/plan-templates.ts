// Plan templates (门类化的代办服务计划书): per project category, the catalogue items by stage, with
// parallel groups — items in the same stage sharing a group number are handled in parallel
// (并联审批); groups within a stage run in ascending order. The description is the text of the
// electronic service guide (电子版代办服务工作指引) for that kind of project.
import type { PlanKind, ProjectCategory, Stage } from '../domain/enums.js';

export interface PlanTemplateItemSeed {
  catalogCode: string;
  stage: Stage;
  /** Parallel group inside the stage (1, 2, …). */
  group: number;
}

export interface PlanTemplateSeed {
  code: string;
  name: string;
  planKind: PlanKind;
  /** The project category the template is meant for; null for start-up and utility plans. */
  projectCategory: ProjectCategory | null;
  /** Which projects it fits, one line. */
  suitableFor: string;
  /** Guide text for the electronic guide and the printed plan. */
  description: string;
  /** Items in plan order (stage, then group). */
  items: PlanTemplateItemSeed[];
}

/** `stages([[stage, [[group items…], [next group items…]]], …])` → flat items. */
function stages(spec: ReadonlyArray<readonly [Stage, ReadonlyArray<readonly string[]>]>): PlanTemplateItemSeed[] {
  const out: PlanTemplateItemSeed[] = [];
  for (const [stage, groups] of spec) {
    groups.forEach((codes, i) => {
      for (const catalogCode of codes) out.push({ catalogCode, stage, group: i + 1 });
    });
  }
  return out;
}

export const PLAN_TEMPLATES: readonly PlanTemplateSeed[] = [
  {
    code: 'TPL-SMALL-LOWRISK',
    name: '社会投资小型低风险项目',
    planKind: 'engineering',
    projectCategory: 'social',
    suitableFor: '地上建筑面积不大于1万平方米、功能单一、技术要求简单的普通仓库和厂房等社会投资项目',
    description:
      '社会投资小型低风险项目实行“一次申请、并联审批、限时办结”。立项阶段在线备案即时办结；工程建设许可阶段核发建设工程规划许可证；' +
      '施工许可阶段施工许可与质量安全监督登记合并办理；竣工后实行联合验收，验收通过后同步办理不动产首次登记。全流程审批时间压缩至15个工作日以内。',
    items: stages([
      [1, [['FZ-1-004']]],
      [2, [['FZ-2-001']]],
      [3, [['FZ-3-003', 'FZ-3-004']]],
      [4, [['FZ-4-001'], ['FZ-4-009']]],
    ]),
  },
  {
    code: 'TPL-SOCIAL-INDUSTRY',
    name: '社会投资一般工业项目',
    planKind: 'engineering',
    projectCategory: 'social',
    suitableFor: '以出让方式取得土地、企业投资建设的一般工业厂房及配套设施项目',
    description:
      '一般工业项目按四个阶段推进。第一阶段：项目备案后，建设用地规划许可、节能审查、环境影响评价和水土保持方案并联办理；' +
      '第二阶段：设计方案审查通过后，建设工程规划许可、人防审批、防雷设计审核并联办理；第三阶段：施工图审查与消防设计审查同步进行，' +
      '合格后核发施工许可证并办理质量安全监督登记；第四阶段：规划核实、消防验收、人防备案、档案验收和防雷验收并联开展，之后办理竣工验收备案和不动产首次登记。',
    items: stages([
      [1, [['FZ-1-004'], ['FZ-1-006', 'FZ-1-008', 'FZ-1-010', 'FZ-1-011']]],
      [2, [['FZ-2-002'], ['FZ-2-001', 'FZ-2-004', 'FZ-2-010']]],
      [3, [['FZ-3-001', 'FZ-3-002'], ['FZ-3-003', 'FZ-3-004']]],
      [4, [['FZ-4-002', 'FZ-4-003', 'FZ-4-005', 'FZ-4-006', 'FZ-4-007'], ['FZ-4-008'], ['FZ-4-009']]],
    ]),
  },
  {
    code: 'TPL-GOV-BUILDING',
    name: '政府投资房屋建筑类项目',
    planKind: 'engineering',
    projectCategory: 'government',
    suitableFor: '学校、医院、保障性住房、行政办公用房等政府投资的房屋建筑工程',
    description:
      '政府投资房屋建筑类项目先批项目建议书，再办理用地预审与选址；可行性研究报告审批与环境影响评价、节能审查、水土保持方案并联办理；' +
      '划拨用地的，建设用地规划许可与划拨决定同步核发。工程建设许可阶段先审设计方案，再并联核发规划许可与人防审批；' +
      '施工许可阶段完成施工图审查、消防设计审查和招标投标备案后核发施工许可证；竣工后联合验收、竣工验收备案，办理不动产首次登记。',
    items: stages([
      [1, [['FZ-1-001'], ['FZ-1-005'], ['FZ-1-002', 'FZ-1-009', 'FZ-1-008', 'FZ-1-011'], ['FZ-1-006', 'FZ-1-007']]],
      [2, [['FZ-2-002'], ['FZ-2-001', 'FZ-2-004']]],
      [3, [['FZ-3-001', 'FZ-3-002', 'FZ-3-005'], ['FZ-3-003', 'FZ-3-004']]],
      [4, [['FZ-4-001'], ['FZ-4-008'], ['FZ-4-009']]],
    ]),
  },
  {
    code: 'TPL-GOV-LINEAR',
    name: '政府投资线性工程',
    planKind: 'engineering',
    projectCategory: 'government',
    suitableFor: '城市道路、桥梁、管网、河道整治等政府投资的线性工程',
    description:
      '线性工程跨越区域广、涉及部门多。立项阶段依次办理项目建议书、用地预审与选址，可研批复与环评、水保、洪水影响评价和文物保护并联办理；' +
      '工程建设许可阶段核发建设工程规划许可证后，占用挖掘道路、使用林地、树木迁移和市政设施建设类审批并联办理；' +
      '施工许可阶段完成施工图审查和招投标备案后核发施工许可；竣工阶段办理规划核实、档案验收和竣工验收备案。',
    items: stages([
      [1, [['FZ-1-001'], ['FZ-1-005'], ['FZ-1-002', 'FZ-1-010', 'FZ-1-011', 'FZ-1-012', 'FZ-1-014']]],
      [2, [['FZ-2-001'], ['FZ-2-008', 'FZ-2-009', 'FZ-2-011', 'FZ-2-006']]],
      [3, [['FZ-3-001', 'FZ-3-005'], ['FZ-3-003', 'FZ-3-004']]],
      [4, [['FZ-4-002', 'FZ-4-006'], ['FZ-4-008']]],
    ]),
  },
  {
    code: 'TPL-STARTUP',
    name: '企业开办',
    planKind: 'startup',
    projectCategory: null,
    suitableFor: '新设立的有限责任公司、股份有限公司、个人独资企业和合伙企业',
    description:
      '企业开办“一网通办、一窗通取”：营业执照核发后，公章刻制、发票申领、单位参保登记和住房公积金缴存登记同步办理，全程1个工作日内办结，首套印章免费刻制。',
    items: stages([[0, [['FZ-0-001'], ['FZ-0-002', 'FZ-0-003', 'FZ-0-004', 'FZ-0-005']]]]),
  },
  {
    code: 'TPL-UTILITIES',
    name: '水电气报装',
    planKind: 'utilities',
    projectCategory: null,
    suitableFor: '新建项目及企业办理供水、供电、供气和排水接入',
    description:
      '水电气报装实行“一表申请、联合踏勘、并联办理”：供水、低压供电、燃气和排水接入同时受理，供水企业、供电公司和燃气公司联合现场踏勘，' +
      '涉及道路挖掘的由代办员协调城管部门同步审批。',
    items: stages([[0, [['FZ-0-006', 'FZ-0-007', 'FZ-0-009', 'FZ-0-010']]]]),
  },
];
