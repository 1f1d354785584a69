// The closed vocabularies of the domain, with their Chinese labels for the UI and printing.
// Codes are the English names from DOMAIN.md ("Words in code"); labels are what users see.

function labelled<const T extends Record<string, string>>(labels: T) {
  const codes = Object.keys(labels) as Array<keyof T & string>;
  return { codes: codes as [keyof T & string, ...Array<keyof T & string>], labels };
}

export const ROLES = labelled({ clerk: '窗口人员', agent: '代办员', leader: '责任领导', admin: '管理员' });
export type Role = (typeof ROLES.codes)[number];

export const ORG_LEVELS = labelled({ city: '市', county: '县(市、区)', township: '乡镇(街道)', village: '村(社区)' });
export type OrgLevel = (typeof ORG_LEVELS.codes)[number];

export const CASE_STATUSES = labelled({
  consulting: '咨询中',
  accepted: '已受理',
  entrusted: '已委托',
  inProgress: '办理中',
  completed: '已办结',
  suspended: '已中止',
  withdrawn: '已退件',
});
export type CaseStatus = (typeof CASE_STATUSES.codes)[number];

export const MODES = labelled({ proxy: '代办', help: '帮办' });
export type Mode = (typeof MODES.codes)[number];

export const HELP_KINDS = labelled({ guide: '导办', assist: '协办', transfer: '转办', joint: '联办' });
export type HelpKind = (typeof HELP_KINDS.codes)[number];

export const CHANNELS = labelled({ counter: '窗口', phone: '电话', hotline12345: '12345', web: '网上', app: 'APP', visit: '上门' });
export type Channel = (typeof CHANNELS.codes)[number];

export const APPLICANT_KINDS = labelled({ enterprise: '企业', person: '个人' });
export type ApplicantKind = (typeof APPLICANT_KINDS.codes)[number];

export const PROJECT_CATEGORIES = labelled({ government: '政府投资', social: '社会投资', key: '重点项目' });
export type ProjectCategory = (typeof PROJECT_CATEGORIES.codes)[number];

export const ADMISSION_STATUSES = labelled({ pending: '待审核', approved: '准入', refusalPending: '拒绝待复核', refused: '不予准入' });
export type AdmissionStatus = (typeof ADMISSION_STATUSES.codes)[number];

export const PLAN_KINDS = labelled({ engineering: '工程建设项目', startup: '企业开办', utilities: '水电气接入' });
export type PlanKind = (typeof PLAN_KINDS.codes)[number];

/** 知识库 articles: 政策解读, 常见问题, 标准流程 (for a high-frequency item), 经验做法 (from a finished project). */
export const KNOWLEDGE_KINDS = labelled({ policy: '政策解读', faq: '常见问题', standardFlow: '标准流程', lesson: '经验做法' });
export type KnowledgeKind = (typeof KNOWLEDGE_KINDS.codes)[number];
/** Staff write drafts and propose them; the centre's admins publish (and withdraw) them. */
export const KNOWLEDGE_STATUSES = labelled({ draft: '草稿', proposed: '待发布', published: '已发布', withdrawn: '已撤下' });
export type KnowledgeStatus = (typeof KNOWLEDGE_STATUSES.codes)[number];

/** Engineering-project stages (工程建设项目审批制度改革); other plan kinds use a single stage 0. */
export const STAGES = labelled({ '1': '立项用地规划许可', '2': '工程建设许可', '3': '施工许可', '4': '竣工验收', '0': '综合办理' });
export type Stage = 0 | 1 | 2 | 3 | 4;

export const PLAN_ITEM_STATUSES = labelled({
  notStarted: '未开始',
  preparing: '准备材料',
  submitted: '已申报',
  correcting: '补正中',
  approved: '已办结',
  refused: '不予许可',
});
export type PlanItemStatus = (typeof PLAN_ITEM_STATUSES.codes)[number];

export const ENTRUSTMENT_KINDS = labelled({ application: '代办服务申请表', agreement: '代办委托协议', authorization: '授权委托书' });
export type EntrustmentKind = (typeof ENTRUSTMENT_KINDS.codes)[number];

export const ENTRUSTMENT_STATUSES = labelled({ draft: '待签署', signed: '已签署', revoked: '已撤销' });
export type EntrustmentStatus = (typeof ENTRUSTMENT_STATUSES.codes)[number];

export const PROGRESS_KINDS = labelled({
  submission: '申报',
  correction: '补正',
  meeting: '会商',
  siteVisit: '现场踏勘',
  phone: '电话跟进',
  consult: '咨询解答',
  note: '其他',
});
export type ProgressKind = (typeof PROGRESS_KINDS.codes)[number];

export const PROBLEM_STATUSES = labelled({ open: '协调中', resolved: '已解决' });
export type ProblemStatus = (typeof PROBLEM_STATUSES.codes)[number];

export const HANDOVER_DIRECTIONS = labelled({ received: '接收', returned: '退还' });
export type HandoverDirection = (typeof HANDOVER_DIRECTIONS.codes)[number];

export const TRANSFER_KINDS = labelled({ down: '转办', up: '联办' });
export type TransferKind = (typeof TRANSFER_KINDS.codes)[number];

export const TRANSFER_STATUSES = labelled({ sent: '待接收', accepted: '已接收', returned: '已退回' });
export type TransferStatus = (typeof TRANSFER_STATUSES.codes)[number];

export const EVALUATION_LEVELS = labelled({ '5': '非常满意', '4': '满意', '3': '基本满意', '2': '不满意', '1': '非常不满意' });
export type EvaluationLevel = 1 | 2 | 3 | 4 | 5;

export const EVALUATION_SOURCES = labelled({ qr: '扫码', sms: '短信', device: '评价器', phone: '电话' });
export type EvaluationSource = (typeof EVALUATION_SOURCES.codes)[number];

export const LIMIT_UNITS = labelled({ workdays: '工作日', workhours: '工作小时', minutes: '分钟' });
export type LimitUnit = (typeof LIMIT_UNITS.codes)[number];
