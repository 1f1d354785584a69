// The reference service catalogue (代办目录): engineering-construction approval items over the
// four stages of the 工程建设项目审批制度改革 plus enterprise start-up and utility connection items.
// Item names and departments follow Fuzhou-style published catalogues; limits (法定/承诺时限),
// materials and fees are realistic demo values, not an official list.
import type { OrgLevel, PlanKind, Stage } from '../domain/enums.js';
import type { TimeLimit } from '../domain/calendar.js';

export interface CatalogMaterialSeed {
  name: string;
  /** Originals (原件) to show or hand in. */
  originals: number;
  /** Copies (复印件) to hand in. */
  copies: number;
  note?: string;
}

export interface CatalogItemSeed {
  /** `FZ-<stage>-<nnn>`; stage 0 for start-up and utility items. */
  code: string;
  name: string;
  department: string;
  /** The level of government that decides the item. */
  level: OrgLevel;
  planKind: PlanKind;
  stage: Stage;
  /** 法定时限; null where the law sets none (e.g. filings). */
  statutoryLimit: TimeLimit | null;
  /** 承诺时限 published by the service centre. */
  promisedLimit: TimeLimit;
  materials: CatalogMaterialSeed[];
  fee: string;
  proxyAllowed: boolean;
  online: boolean;
}

const wd = (value: number): TimeLimit => ({ value, unit: 'workdays' });
const wh = (value: number): TimeLimit => ({ value, unit: 'workhours' });
const min = (value: number): TimeLimit => ({ value, unit: 'minutes' });
/** A material: name, originals, copies, note. */
const m = (name: string, originals = 1, copies = 0, note?: string): CatalogMaterialSeed =>
  note ? { name, originals, copies, note } : { name, originals, copies };

const FREE = '不收费';
const 发改 = '市发改委';
const 资规 = '市自然资源和规划局';
const 住建 = '市住建局';
const 生态 = '市生态环境局';
const 水利 = '市水利局';
const 人防 = '市人防办';
const 城管 = '市城管委';

const 申请表 = (what: string) => m(`${what}申请表`, 1, 0, '加盖单位公章');
const 营业执照 = m('申请单位营业执照或统一社会信用代码证书', 0, 1);
const 授权书 = m('授权委托书及经办人身份证', 1, 1, '委托代办时提交');
const 立项文件 = m('项目审批、核准或备案文件', 0, 1);
const 用地文件 = m('土地权属证明（不动产权证书或国有土地使用权出让合同）', 0, 1);

type Row = Omit<CatalogItemSeed, 'planKind' | 'fee' | 'proxyAllowed' | 'online' | 'level'> &
  Partial<Pick<CatalogItemSeed, 'planKind' | 'fee' | 'proxyAllowed' | 'online' | 'level'>>;

const ROWS: Row[] = [
  // ------------------------------------------------------------------ 1 立项用地规划许可
  { code: 'FZ-1-001', name: '政府投资项目建议书审批', department: 发改, stage: 1, statutoryLimit: wd(20), promisedLimit: wd(5),
    materials: [m('项目建议书审批申请文件', 1, 0, '行业主管部门或项目单位正式行文'), m('项目建议书', 1, 2), m('项目资金来源说明', 1, 0), m('选址意见或用地初步意见', 0, 1, '如需新增用地')] },
  { code: 'FZ-1-002', name: '政府投资项目可行性研究报告审批', department: 发改, stage: 1, statutoryLimit: wd(20), promisedLimit: wd(7),
    materials: [m('可行性研究报告审批申请文件', 1, 0), m('可行性研究报告', 1, 2, '由具备相应能力的工程咨询单位编制'), m('项目建议书批复文件', 0, 1), m('用地预审与选址意见书', 0, 1), m('社会稳定风险评估报告及审查意见', 1, 0), m('节能审查意见', 0, 1)] },
  { code: 'FZ-1-003', name: '企业投资项目核准', department: 发改, stage: 1, statutoryLimit: wd(20), promisedLimit: wd(10), online: true,
    materials: [m('项目申请报告', 1, 2), m('城乡规划行政主管部门出具的选址意见书', 0, 1, '仅指以划拨方式提供国有土地使用权的项目'), m('用地预审意见', 0, 1), 营业执照, m('法律、行政法规规定需要办理的其他相关手续', 0, 1)] },
  { code: 'FZ-1-004', name: '企业投资项目备案', department: 发改, stage: 1, statutoryLimit: null, promisedLimit: min(30), online: true, level: 'county',
    materials: [m('项目备案信息表', 1, 0, '在投资项目在线审批监管平台填报'), 营业执照, m('项目单位承诺书', 1, 0)] },
  { code: 'FZ-1-005', name: '建设项目用地预审与选址意见书核发', department: 资规, stage: 1, statutoryLimit: wd(20), promisedLimit: wd(7),
    materials: [申请表('建设项目用地预审与选址'), m('建设项目用地预审与选址申请报告', 1, 0), m('项目建议书批复或项目申请报告', 0, 1), m('标注项目用地范围的土地利用现状图', 1, 0), m('项目用地勘测定界报告', 1, 0), 授权书] },
  { code: 'FZ-1-006', name: '建设用地规划许可证核发', department: 资规, stage: 1, statutoryLimit: wd(20), promisedLimit: wd(5),
    materials: [申请表('建设用地规划许可'), 立项文件, m('国有建设用地使用权出让合同', 0, 1, '出让方式'), m('建设项目用地预审与选址意见书', 0, 1, '划拨方式'), m('建设用地红线图及用地坐标', 1, 0), 授权书] },
  { code: 'FZ-1-007', name: '国有建设用地使用权划拨审批', department: 资规, stage: 1, statutoryLimit: wd(20), promisedLimit: wd(10),
    materials: [m('划拨用地申请书', 1, 0), m('项目可行性研究报告批复', 0, 1), m('建设用地规划许可证', 0, 1), m('勘测定界图及技术报告', 1, 0), m('划拨用地目录符合性说明', 1, 0)] },
  { code: 'FZ-1-008', name: '固定资产投资项目节能审查', department: 发改, stage: 1, statutoryLimit: wd(20), promisedLimit: wd(5),
    materials: [m('节能审查申请文件', 1, 0), m('项目节能报告', 1, 2), m('项目单位承诺书', 1, 0)] },
  { code: 'FZ-1-009', name: '建设项目环境影响报告书审批', department: 生态, stage: 1, statutoryLimit: wd(60), promisedLimit: wd(20), online: true,
    materials: [m('建设项目环境影响报告书审批申请', 1, 0), m('环境影响报告书（全本）', 1, 1), m('环境影响报告书（公开版本）及删除涉密内容的说明', 1, 0), m('公众参与说明', 1, 0), m('建设单位承诺书', 1, 0)] },
  { code: 'FZ-1-010', name: '建设项目环境影响报告表审批', department: 生态, stage: 1, statutoryLimit: wd(30), promisedLimit: wd(10), online: true,
    materials: [m('建设项目环境影响报告表审批申请', 1, 0), m('环境影响报告表（全本）', 1, 1), m('环境影响报告表（公开版本）', 1, 0), m('建设单位承诺书', 1, 0)] },
  { code: 'FZ-1-011', name: '生产建设项目水土保持方案审批', department: 水利, stage: 1, statutoryLimit: wd(20), promisedLimit: wd(10),
    materials: [m('水土保持方案审批申请文件', 1, 0), m('水土保持方案报告书（报告表）', 1, 2), m('技术评审意见', 1, 0, '报告书需提供'), 授权书] },
  { code: 'FZ-1-012', name: '洪水影响评价类审批', department: 水利, stage: 1, statutoryLimit: wd(20), promisedLimit: wd(10),
    materials: [申请表('洪水影响评价'), m('洪水影响评价报告', 1, 2), m('建设项目所依据的文件', 0, 1), m('与第三者利害关系的协议或说明', 1, 0)] },
  { code: 'FZ-1-013', name: '建设项目压覆重要矿产资源审批', department: 资规, stage: 1, statutoryLimit: wd(20), promisedLimit: wd(10),
    materials: [m('压覆重要矿产资源申请', 1, 0), m('压覆矿产资源评估报告', 1, 1), m('与矿业权人签订的补偿协议', 0, 1, '压覆已设置矿业权时'), 立项文件] },
  { code: 'FZ-1-014', name: '建设工程文物保护和考古许可', department: '市文化和旅游局', stage: 1, statutoryLimit: wd(20), promisedLimit: wd(10),
    materials: [申请表('建设工程文物保护'), m('建设工程选址、设计方案及图纸', 1, 1), m('文物影响评估报告', 1, 1), m('考古调查勘探报告', 0, 1, '需考古调查勘探的')] },

  // ------------------------------------------------------------------ 2 工程建设许可
  { code: 'FZ-2-001', name: '建设工程规划许可证核发', department: 资规, stage: 2, statutoryLimit: wd(20), promisedLimit: wd(7), online: true,
    materials: [申请表('建设工程规划许可'), 立项文件, 用地文件, m('建设工程设计方案总平面图及建筑单体方案图', 1, 1), m('建设工程设计方案审查意见', 0, 1), m('规划条件', 0, 1), 授权书] },
  { code: 'FZ-2-002', name: '建设工程设计方案审查', department: 资规, stage: 2, statutoryLimit: wd(20), promisedLimit: wd(7),
    materials: [m('建设工程设计方案审查申请', 1, 0), m('设计方案文本及图纸', 1, 1, '含总平面图、效果图'), m('规划条件及用地红线图', 0, 1), m('方案设计单位资质证明', 0, 1)] },
  { code: 'FZ-2-003', name: '超限高层建筑工程抗震设防审批', department: 住建, stage: 2, statutoryLimit: wd(20), promisedLimit: wd(10),
    materials: [m('超限高层建筑工程抗震设防专项审查申报表', 1, 0), m('建筑结构工程超限设计的可行性论证报告', 1, 1), m('建设项目岩土工程勘察报告', 0, 1), m('结构设计计算书及初步设计图纸', 1, 0)] },
  { code: 'FZ-2-004', name: '结合民用建筑修建防空地下室审批', department: 人防, stage: 2, statutoryLimit: wd(20), promisedLimit: wd(5),
    fee: '确因条件限制不能修建的，按规定缴纳防空地下室易地建设费',
    materials: [申请表('人防工程建设'), 立项文件, m('建设工程规划设计方案总平面图', 0, 1), m('人防工程设计图纸', 1, 0), 授权书] },
  { code: 'FZ-2-005', name: '临时建设工程规划许可', department: 资规, stage: 2, statutoryLimit: wd(20), promisedLimit: wd(5),
    materials: [申请表('临时建设工程规划许可'), m('临时建设的必要性说明及使用期限承诺', 1, 0), m('临时建设工程设计图纸', 1, 1), m('土地使用权人同意使用的证明', 1, 0)] },
  { code: 'FZ-2-006', name: '市政设施建设类审批', department: 城管, stage: 2, statutoryLimit: wd(20), promisedLimit: wd(5),
    materials: [申请表('市政设施建设'), m('施工方案及施工图', 1, 1), m('交通组织方案', 1, 0, '影响交通的'), m('建设工程规划许可证', 0, 1)] },
  { code: 'FZ-2-007', name: '城市建筑垃圾处置核准', department: 城管, stage: 2, statutoryLimit: wd(20), promisedLimit: wd(3), online: true,
    materials: [申请表('城市建筑垃圾处置核准'), m('建筑垃圾处置方案', 1, 0), m('与运输单位签订的运输合同', 0, 1), m('消纳场地证明', 0, 1)] },
  { code: 'FZ-2-008', name: '占用、挖掘城市道路审批', department: 城管, stage: 2, statutoryLimit: wd(20), promisedLimit: wd(5),
    fee: '挖掘城市道路的，按标准缴纳城市道路挖掘修复费',
    materials: [申请表('占用、挖掘城市道路'), m('施工图及平面位置图', 1, 1), m('交通组织方案及交警部门意见', 1, 0), m('道路恢复承诺书', 1, 0)] },
  { code: 'FZ-2-009', name: '使用林地审核', department: '市林业局', stage: 2, statutoryLimit: wd(20), promisedLimit: wd(10),
    fee: '按规定缴纳森林植被恢复费',
    materials: [m('使用林地申请表', 1, 0), 立项文件, m('使用林地现状调查表或可行性报告', 1, 1), m('被使用林地的权属证明', 0, 1), m('补偿协议', 0, 1)] },
  { code: 'FZ-2-010', name: '雷电防护装置设计审核', department: '市气象局', stage: 2, statutoryLimit: wd(20), promisedLimit: wd(5), online: true,
    materials: [申请表('雷电防护装置设计审核'), m('雷电防护装置设计说明书及图纸', 1, 1), m('设计单位资质证明', 0, 1), m('雷电灾害风险评估报告', 0, 1, '需要评估的项目')] },
  { code: 'FZ-2-011', name: '城市树木迁移、砍伐审批', department: '市园林中心', stage: 2, statutoryLimit: wd(20), promisedLimit: wd(5),
    materials: [申请表('城市树木迁移、砍伐'), m('树木迁移、砍伐位置图及数量清单', 1, 0), m('补植方案', 1, 0), m('建设工程规划许可证', 0, 1)] },

  // ------------------------------------------------------------------ 3 施工许可
  { code: 'FZ-3-001', name: '施工图设计文件审查', department: 住建, stage: 3, statutoryLimit: wd(20), promisedLimit: wd(10), online: true,
    fee: '政府购买服务，建设单位不支付审查费用',
    materials: [m('施工图设计文件（电子版）', 1, 0, '通过施工图数字化审查系统上传'), m('岩土工程勘察报告', 1, 0), m('建设工程规划许可证及附图', 0, 1), m('超限高层抗震设防审批意见', 0, 1, '超限高层项目')] },
  { code: 'FZ-3-002', name: '建设工程消防设计审查', department: 住建, stage: 3, statutoryLimit: wd(15), promisedLimit: wd(10), online: true,
    materials: [m('消防设计审查申请表', 1, 0), m('消防设计文件', 1, 0), m('依法需要办理建设工程规划许可的，提交建设工程规划许可文件', 0, 1), m('依法需要批准的临时性建筑，提交批准文件', 0, 1)] },
  { code: 'FZ-3-003', name: '建筑工程施工许可证核发', department: 住建, stage: 3, statutoryLimit: wd(7), promisedLimit: wd(3), online: true, level: 'county',
    materials: [m('建筑工程施工许可申请表', 1, 0), 用地文件, m('建设工程规划许可证', 0, 1), m('施工合同及中标通知书', 0, 1), m('施工图设计文件审查合格书', 0, 1), m('建设资金已落实承诺书', 1, 0), m('质量安全监督手续材料', 1, 0)] },
  { code: 'FZ-3-004', name: '建设工程质量安全监督登记', department: 住建, stage: 3, statutoryLimit: wd(5), promisedLimit: wh(4), online: true, level: 'county',
    materials: [m('工程质量安全监督登记表', 1, 0), m('施工、监理合同', 0, 1), m('危险性较大的分部分项工程清单及安全管理措施', 1, 0)] },
  { code: 'FZ-3-005', name: '建设工程招标投标情况书面报告备案', department: 住建, stage: 3, statutoryLimit: wd(15), promisedLimit: wd(3), online: true,
    materials: [m('招标投标情况书面报告', 1, 0), m('中标通知书', 0, 1), m('评标委员会评标报告', 0, 1)] },
  { code: 'FZ-3-006', name: '涉及国家安全事项的建设项目审批', department: '市国家安全局', stage: 3, statutoryLimit: wd(20), promisedLimit: wd(10), proxyAllowed: false,
    materials: [申请表('涉及国家安全事项的建设项目'), m('建设项目基本情况说明', 1, 0), m('建设项目总平面图', 0, 1)] },
  { code: 'FZ-3-007', name: '城镇污水排入排水管网许可', department: 住建, stage: 3, statutoryLimit: wd(15), promisedLimit: wd(5),
    materials: [申请表('排水许可'), m('排水户内部排水管网、专用检测井、污水排放口位置和口径的图纸及说明', 1, 0), m('排水水质检测报告', 1, 0), m('预处理设施说明', 0, 1, '需要预处理的')] },
  { code: 'FZ-3-008', name: '夜间施工许可', department: 住建, stage: 3, statutoryLimit: wd(5), promisedLimit: wh(8), level: 'county',
    materials: [申请表('夜间施工'), m('夜间施工的必要性说明', 1, 0), m('降噪措施及周边居民告知情况', 1, 0)] },
  { code: 'FZ-3-009', name: '商品房预售许可', department: 住建, stage: 3, statutoryLimit: wd(10), promisedLimit: wd(5),
    materials: [申请表('商品房预售许可'), 用地文件, m('建设工程规划许可证及施工许可证', 0, 1), m('预售资金监管协议', 1, 0), m('商品房预售方案', 1, 0), m('工程形象进度证明', 1, 0)] },

  // ------------------------------------------------------------------ 4 竣工验收
  { code: 'FZ-4-001', name: '工程建设项目竣工联合验收', department: '市住建局（牵头）', stage: 4, statutoryLimit: wd(20), promisedLimit: wd(10), online: true,
    materials: [m('联合验收申请表', 1, 0), m('工程竣工验收报告', 1, 0), m('规划核实测量成果', 1, 0), m('消防验收申请材料', 1, 0), m('人防工程竣工资料', 0, 1, '有人防工程的'), m('建设工程档案', 1, 0)] },
  { code: 'FZ-4-002', name: '建设工程规划条件核实', department: 资规, stage: 4, statutoryLimit: wd(20), promisedLimit: wd(5),
    materials: [申请表('规划条件核实'), m('建设工程规划许可证及附图', 0, 1), m('竣工测量成果报告', 1, 0), m('竣工总平面图', 1, 0)] },
  { code: 'FZ-4-003', name: '建设工程消防验收', department: 住建, stage: 4, statutoryLimit: wd(15), promisedLimit: wd(10),
    materials: [m('消防验收申请表', 1, 0), m('工程竣工验收报告', 0, 1), m('涉及消防的建设工程竣工图纸', 1, 0), m('消防设施检测报告', 1, 0)] },
  { code: 'FZ-4-004', name: '建设工程消防验收备案', department: 住建, stage: 4, statutoryLimit: wd(5), promisedLimit: wd(1), online: true, level: 'county',
    materials: [m('消防验收备案表', 1, 0), m('工程竣工验收报告', 0, 1), m('涉及消防的建设工程竣工图纸', 1, 0)] },
  { code: 'FZ-4-005', name: '人防工程竣工验收备案', department: 人防, stage: 4, statutoryLimit: wd(15), promisedLimit: wd(5),
    materials: [m('人防工程竣工验收备案表', 1, 0), m('人防工程竣工验收报告', 1, 0), m('人防工程竣工图', 1, 0)] },
  { code: 'FZ-4-006', name: '建设工程档案验收', department: '市城建档案馆', stage: 4, statutoryLimit: wd(20), promisedLimit: wd(5),
    materials: [m('建设工程档案验收申请表', 1, 0), m('建设工程竣工档案', 1, 0, '纸质及电子档案'), m('档案移交书', 1, 0)] },
  { code: 'FZ-4-007', name: '雷电防护装置竣工验收', department: '市气象局', stage: 4, statutoryLimit: wd(10), promisedLimit: wd(5),
    materials: [申请表('雷电防护装置竣工验收'), m('雷电防护装置检测报告', 1, 0), m('雷电防护装置竣工图纸', 1, 0)] },
  { code: 'FZ-4-008', name: '建设工程竣工验收备案', department: 住建, stage: 4, statutoryLimit: wd(15), promisedLimit: wd(5), online: true, level: 'county',
    materials: [m('竣工验收备案表', 1, 0), m('工程竣工验收报告', 1, 0), m('规划、消防、环保等部门出具的认可文件或准许使用文件', 0, 1), m('施工单位签署的工程质量保修书', 1, 0), m('住宅质量保证书和住宅使用说明书', 0, 1, '商品住宅工程')] },
  { code: 'FZ-4-009', name: '不动产首次登记', department: '市不动产登记中心', stage: 4, statutoryLimit: wd(30), promisedLimit: wd(5), online: true,
    fee: '住宅类 80元/件，非住宅类 550元/件（小微企业免收）',
    materials: [m('不动产登记申请书', 1, 0), 营业执照, 用地文件, m('建设工程符合规划的材料', 0, 1), m('房屋已经竣工的材料', 0, 1), m('房地产调查或者测绘报告', 1, 0)] },

  // ------------------------------------------------------------------ 0 企业开办
  { code: 'FZ-0-001', name: '企业设立登记', department: '市市场监管局', stage: 0, planKind: 'startup', statutoryLimit: wd(15), promisedLimit: wd(1), online: true, level: 'county',
    materials: [m('公司登记（备案）申请书', 1, 0), m('公司章程', 1, 0), m('股东主体资格证明或自然人身份证件', 0, 1), m('法定代表人、董事、监事和经理的任职文件', 1, 0), m('住所使用证明', 0, 1)] },
  { code: 'FZ-0-002', name: '公章刻制备案', department: '市公安局', stage: 0, planKind: 'startup', statutoryLimit: wd(1), promisedLimit: wh(4), online: true, level: 'county',
    fee: '首套印章由政府购买服务免费刻制',
    materials: [m('营业执照', 0, 1), m('法定代表人身份证', 0, 1), 授权书] },
  { code: 'FZ-0-003', name: '发票申领及税务登记信息确认', department: '市税务局', stage: 0, planKind: 'startup', statutoryLimit: wd(5), promisedLimit: wd(1), online: true, level: 'county',
    materials: [m('营业执照', 0, 1), m('办税人员身份证件', 1, 0), m('发票领用申请', 1, 0)] },
  { code: 'FZ-0-004', name: '单位参保登记', department: '市人社局', stage: 0, planKind: 'startup', statutoryLimit: wd(15), promisedLimit: min(30), online: true, level: 'county',
    materials: [m('社会保险登记表', 1, 0), m('营业执照', 0, 1), m('法定代表人身份证', 0, 1)] },
  { code: 'FZ-0-005', name: '住房公积金单位缴存登记', department: '福州住房公积金中心', stage: 0, planKind: 'startup', statutoryLimit: wd(5), promisedLimit: wd(1), online: true,
    materials: [m('单位住房公积金缴存登记表', 1, 0), m('营业执照', 0, 1), m('经办人身份证', 0, 1)] },

  // ------------------------------------------------------------------ 0 水电气接入
  { code: 'FZ-0-006', name: '供水报装', department: '福州市自来水有限公司', stage: 0, planKind: 'utilities', statutoryLimit: null, promisedLimit: wd(3), online: true,
    fee: '按物价部门核定标准收取工程费用；小型项目建筑区划红线外工程免费',
    materials: [m('用水报装申请表', 1, 0), m('营业执照或身份证', 0, 1), m('用水地址产权证明或租赁合同', 0, 1), m('用水平面图', 1, 0, '大中型项目')] },
  { code: 'FZ-0-007', name: '低压供电报装', department: '国网福州供电公司', stage: 0, planKind: 'utilities', statutoryLimit: null, promisedLimit: wd(5), online: true,
    fee: '低压小微企业接电“零投资”',
    materials: [m('用电申请表', 1, 0), m('用电人主体资格证明', 0, 1), m('用电地址物业权属证明', 0, 1)] },
  { code: 'FZ-0-008', name: '高压供电报装', department: '国网福州供电公司', stage: 0, planKind: 'utilities', statutoryLimit: null, promisedLimit: wd(20),
    materials: [m('用电申请表', 1, 0), m('用电人主体资格证明', 0, 1), m('用电地址物业权属证明', 0, 1), m('项目批复（核准、备案）文件', 0, 1), m('用电设备清单', 1, 0)] },
  { code: 'FZ-0-009', name: '燃气报装', department: '福州华润燃气有限公司', stage: 0, planKind: 'utilities', statutoryLimit: null, promisedLimit: wd(5), online: true,
    fee: '按核定的燃气工程安装收费标准收取',
    materials: [m('燃气报装申请表', 1, 0), m('营业执照或身份证', 0, 1), m('用气地址产权证明', 0, 1), m('用气设备清单', 1, 0, '工商户')] },
  { code: 'FZ-0-010', name: '排水接入', department: '福州市水务集团', stage: 0, planKind: 'utilities', statutoryLimit: null, promisedLimit: wd(5),
    materials: [m('排水接入申请表', 1, 0), m('排水平面图', 1, 0), m('城镇污水排入排水管网许可证', 0, 1, '需办理排水许可的')] },
];

/** The reference catalogue, in stage then code order. */
export const CATALOG_ITEMS: readonly CatalogItemSeed[] = ROWS.map((r) => ({
  code: r.code,
  name: r.name,
  department: r.department,
  level: r.level ?? 'city',
  planKind: r.planKind ?? 'engineering',
  stage: r.stage,
  statutoryLimit: r.statutoryLimit,
  promisedLimit: r.promisedLimit,
  materials: r.materials,
  fee: r.fee ?? FREE,
  proxyAllowed: r.proxyAllowed ?? true,
  online: r.online ?? false,
}));
