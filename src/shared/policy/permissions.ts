// The one permission policy: for every use case (a contract name), who may call it, on which
// office's data, and which sync intents it sends. The backend registry, the services, the central
// server's push rules and the renderer's buttons all read this table; nothing else lists roles.
//
// Leaders (责任领导) read and supervise: they review admissions, assign agents, resolve sync
// conflicts and read the audit log, but never write case records (the seeds: "责任领导…掌握进度").
import { CASE_TRANSITIONS } from '../domain/case-status';
import type { Role } from '../domain/enums';
import type { ApiName } from '../api/index';

/** Who may call: nobody signed in needed, anyone signed in, or any of the listed roles. */
export type Who = 'public' | 'session' | readonly Role[];

/**
 * Whose data the use case touches, and so which check the service makes beyond the role:
 * - none: no office data (first start, sign-in);
 * - self: the caller's own account;
 * - case: a case the caller's office subtree holds (as owner, handler or by transfer), and its records;
 * - office: records of the caller's office subtree (staff, offices, interactions, terminals, archives);
 * - reference: reference data every office reads (catalogue, templates, calendar);
 * - device: this desktop (its sync state, backups, drives).
 */
export type DataScope = 'none' | 'self' | 'case' | 'office' | 'reference' | 'device';

export interface Permission {
  readonly who: Who;
  readonly data: DataScope;
  /** What it does, in Chinese, for refusals: 您的角色无权{what}. */
  readonly what: string;
  /** Sync intents the use case sends (the server allows an intent to the roles of the use cases sending it). */
  readonly intents?: readonly string[];
  /** Pushes plain row changes (insert, patch, delete) of case or office records. */
  readonly writesRows?: true;
}

/** Who writes case records (progress, problems, handovers, plans, ratings). */
export const RECORD_WRITERS = ['clerk', 'agent', 'admin'] as const satisfies readonly Role[];
const ADMINS = ['admin'] as const satisfies readonly Role[];
const SUPERVISORS = ['leader', 'admin'] as const satisfies readonly Role[];
const SUPERVISORS_AND_AGENTS = ['agent', 'leader', 'admin'] as const satisfies readonly Role[];
/** A new query code voids printed cards: the case's agent (the service checks which) or an admin. */
const TOKEN_REGENERATORS = ['agent', 'admin'] as const satisfies readonly Role[];

/** The roles any case status step allows, from the status machine itself (the service checks the step). */
const CASE_STEP_ROLES: readonly Role[] = [...new Set(Object.values(CASE_TRANSITIONS).flatMap((t) => [...t.roles, ...(t.helpRoles ?? [])]))];
const CASE_STEP_INTENTS = Object.keys(CASE_TRANSITIONS).map((a) => `case.${a}`);

const p = (who: Who, data: DataScope, what: string, extra: Pick<Permission, 'intents' | 'writesRows'> = {}): Permission => ({ who, data, what, ...extra });
const rows = { writesRows: true } as const;

export const POLICY = {
  // ---- signing in
  'auth.status': p('public', 'none', '查看登录状态'),
  'auth.setup': p('public', 'none', '初始化本机'),
  'auth.loadDemo': p('public', 'none', '载入演示数据'),
  'auth.login': p('public', 'none', '登录'),
  'auth.logout': p('public', 'none', '退出登录'),
  'auth.unlock': p('session', 'self', '解除锁屏'),
  'auth.changePassword': p('session', 'self', '修改密码'),

  // ---- intake and the case file
  'dashboard.get': p('session', 'office', '查看工作台'),
  'applicant.search': p('session', 'office', '查询申请人'),
  'applicant.get': p('session', 'office', '查看申请人'),
  'intake.register': p(RECORD_WRITERS, 'office', '受理登记', rows),
  'project.review': p(['clerk', 'agent', 'leader', 'admin'], 'case', '进行准入审核', { intents: ['admission.decide'] }),
  'admission.queue': p(SUPERVISORS, 'office', '查看准入审核待办'),
  'project.confirmRefusal': p(SUPERVISORS, 'case', '复核不予准入', { intents: ['admission.review'] }),
  'case.history': p('session', 'case', '查看修改记录'),
  'case.list': p('session', 'office', '查看办件列表'),
  'case.get': p('session', 'case', '查看案卷'),
  'case.assign': p(['clerk', 'leader', 'admin'], 'case', '分派代办员', { intents: ['case.assign'] }),
  'case.setLeader': p(RECORD_WRITERS, 'case', '指定责任领导', rows),
  'case.action': p(CASE_STEP_ROLES, 'case', '变更办件状态', { intents: CASE_STEP_INTENTS }),
  'case.close': p(CASE_STEP_ROLES, 'case', '结案', { intents: ['case.complete', 'case.suspend', 'case.withdraw'] }),
  'case.reveal': p(RECORD_WRITERS, 'case', '查看完整的身份证号码和电话'),
  'case.regenerateToken': p(TOKEN_REGENERATORS, 'case', '重新生成查询码', rows),

  'entrustment.create': p(RECORD_WRITERS, 'case', '办理代办委托', rows),
  'entrustment.sign': p(RECORD_WRITERS, 'case', '登记委托签署', { intents: ['entrustment.sign', 'case.entrust'], writesRows: true }),
  'entrustment.attachScan': p(RECORD_WRITERS, 'case', '补传委托扫描件', rows),
  'entrustment.revoke': p(RECORD_WRITERS, 'case', '撤销委托', { intents: ['entrustment.revoke'] }),

  'plan.create': p(RECORD_WRITERS, 'case', '制定代办服务计划', rows),
  'plan.addItem': p(RECORD_WRITERS, 'case', '调整代办服务计划', rows),
  'planItem.edit': p(RECORD_WRITERS, 'case', '调整计划事项', rows),
  'planItem.remove': p(RECORD_WRITERS, 'case', '移除计划事项', rows),
  'plan.setItemStatus': p(RECORD_WRITERS, 'case', '更新事项状态', { intents: ['planItem.status'] }),

  'progress.add': p(RECORD_WRITERS, 'case', '登记进度', rows),
  'progress.edit': p(RECORD_WRITERS, 'case', '更正进度记录', rows),
  'progress.withdraw': p(RECORD_WRITERS, 'case', '撤回进度记录', rows),

  'problem.add': p(RECORD_WRITERS, 'case', '登记协调问题', rows),
  'problem.resolve': p(RECORD_WRITERS, 'case', '登记问题解决情况', { intents: ['problem.resolve'] }),
  'problem.edit': p(RECORD_WRITERS, 'case', '更正协调问题', rows),
  'problem.withdraw': p(RECORD_WRITERS, 'case', '撤回协调问题', rows),

  'material.update': p(RECORD_WRITERS, 'case', '更新材料数量', rows),
  'handover.record': p(RECORD_WRITERS, 'case', '登记材料交接', rows),
  'handover.edit': p(RECORD_WRITERS, 'case', '更正交接记录', rows),
  'handover.withdraw': p(RECORD_WRITERS, 'case', '撤回交接记录', rows),
  'attachment.add': p(RECORD_WRITERS, 'case', '上传附件', rows),
  'attachment.get': p('session', 'case', '查看附件'),

  'transfer.send': p(RECORD_WRITERS, 'case', '转办或联办', { intents: ['transfer.send'], writesRows: true }),
  'transfer.accept': p(RECORD_WRITERS, 'case', '接收转办', { intents: ['transfer.accept'] }),
  'transfer.return': p(RECORD_WRITERS, 'case', '退回转办', { intents: ['transfer.return'] }),
  'transfer.inbox': p('session', 'office', '查看转办'),

  'evaluation.add': p(RECORD_WRITERS, 'case', '登记好差评', rows),
  'callback.add': p(RECORD_WRITERS, 'case', '登记回访', rows),
  'rectification.add': p(RECORD_WRITERS, 'case', '登记整改', rows),
  'rectification.complete': p(RECORD_WRITERS, 'case', '确认整改完成', { intents: ['rectification.complete'] }),
  // 好差评台账: supervisors see their office subtree, agents their own cases (the service narrows it).
  'ratings.ledger': p(['agent', 'leader', 'admin'], 'office', '查看好差评台账'),

  'applicant.correct': p(RECORD_WRITERS, 'case', '更正申请人信息', rows),
  'case.correctContact': p(RECORD_WRITERS, 'case', '更正经办人信息', rows),
  'project.correct': p(RECORD_WRITERS, 'case', '更正项目信息', rows),

  // ---- reference data, printing, records of the office
  'search.query': p('session', 'office', '搜索'),
  'catalogue.list': p('session', 'reference', '查看代办目录'),
  'catalogue.saveVersion': p(ADMINS, 'reference', '修改代办目录'),
  'catalogue.history': p('session', 'reference', '查看代办目录的变更记录'),
  'catalogue.addItem': p(ADMINS, 'reference', '新增代办目录事项'),
  'catalogue.exportXlsx': p('session', 'reference', '导出代办目录'),
  'catalogue.importXlsx': p(ADMINS, 'reference', '导入代办目录'),
  'catalogue.uploadSampleForm': p(ADMINS, 'reference', '上传样表'),
  'catalogue.sampleForm': p('session', 'reference', '下载样表'),
  'catalogue.publishStatus': p(ADMINS, 'reference', '查看代办目录的发布情况'),
  'catalogue.publishShipped': p(ADMINS, 'reference', '发布代办目录和计划书模板'),
  'planTemplate.list': p('session', 'reference', '查看计划书模板'),
  'planTemplate.history': p('session', 'reference', '查看计划书模板的变更记录'),
  'planTemplate.saveVersion': p(ADMINS, 'reference', '修改计划书模板'),
  'planTemplate.add': p(ADMINS, 'reference', '新增计划书模板'),
  // 知识库: every staff member reads, writes and proposes; the centre's admins publish (the reference rule checks the centre).
  'knowledge.list': p('session', 'reference', '查看知识库'),
  'knowledge.get': p('session', 'reference', '查看知识库'),
  'knowledge.forItems': p('session', 'reference', '查看相关知识'),
  'knowledge.save': p('session', 'reference', '编写知识'),
  'knowledge.propose': p('session', 'reference', '提交知识发布申请'),
  'knowledge.publish': p(ADMINS, 'reference', '发布知识'),
  'knowledge.withdraw': p(ADMINS, 'reference', '撤下知识'),
  'knowledge.remove': p('session', 'reference', '删除知识稿件'),
  'knowledge.addAttachment': p('session', 'reference', '添加知识附件'),
  'knowledge.removeAttachment': p('session', 'reference', '删除知识附件'),
  'knowledge.attachment': p('session', 'reference', '下载知识附件'),
  // 部门联络表: everyone reads every office's directory; admins edit the directories of their office subtree (the reference rule checks which).
  'contacts.list': p('session', 'reference', '查看部门联络表'),
  'contacts.forCase': p('session', 'case', '查看部门联络人'),
  'contacts.save': p(ADMINS, 'reference', '维护部门联络表'),
  'contacts.remove': p(ADMINS, 'reference', '删除部门联络人'),
  'contacts.renameDepartment': p(ADMINS, 'reference', '修改部门名称'),
  'print.document': p('session', 'case', '打印文书'),
  'print.weekly': p('session', 'office', '打印周进展报告'),
  'print.poster': p(ADMINS, 'office', '打印大厅二维码海报'),
  // ---- supervision: leaders and admins see their office subtree, an agent their own cases
  'stats.overview': p(SUPERVISORS_AND_AGENTS, 'office', '查看统计分析'),
  'stats.cases': p(SUPERVISORS_AND_AGENTS, 'office', '查看统计明细'),
  'performance.list': p(SUPERVISORS_AND_AGENTS, 'office', '查看代办员绩效'),
  'performance.cases': p(SUPERVISORS_AND_AGENTS, 'office', '查看代办员经办案件'),
  // Each report checks its own page's use case when it is built.
  'report.start': p('session', 'office', '导出报表'),
  'report.job': p('session', 'office', '查看导出进度'),
  'report.file': p('session', 'office', '下载导出的报表'),
  'interaction.list': p('session', 'office', '查看政企互动'),
  'interaction.add': p(RECORD_WRITERS, 'office', '登记政企互动', rows),
  'interaction.edit': p(RECORD_WRITERS, 'office', '更正政企互动', rows),
  'interaction.withdraw': p(RECORD_WRITERS, 'office', '撤回政企互动', rows),
  'guide.address': p(ADMINS, 'device', '查看电子指引地址'),
  'guide.setAddress': p(ADMINS, 'device', '设置电子指引地址'),
  // The lock applies to everyone at this desktop, so everyone reads its minutes.
  'settings.idleLock': p('session', 'device', '查看自动锁屏时间'),
  'settings.desktop': p(ADMINS, 'device', '查看本机设置'),
  'settings.saveDesktop': p(ADMINS, 'device', '修改本机设置'),

  // ---- administration
  'user.list': p(ADMINS, 'office', '管理工作人员'),
  'user.options': p('session', 'office', '查看人员'),
  'user.create': p(ADMINS, 'office', '添加工作人员'),
  'user.update': p(ADMINS, 'office', '修改工作人员'),
  'user.unlock': p(ADMINS, 'office', '解锁账号'),
  'user.resetPassword': p(ADMINS, 'office', '重置密码'),
  'orgUnit.list': p('session', 'office', '查看机构'),
  'orgUnit.create': p(ADMINS, 'office', '新建机构'),
  'orgUnit.update': p(ADMINS, 'office', '修改机构'),
  'calendar.year': p('session', 'reference', '查看工作日历'),
  'calendar.setDay': p(ADMINS, 'reference', '修改工作日历'),
  'audit.list': p(SUPERVISORS, 'office', '查看审计日志'),

  // ---- sync
  'sync.status': p('session', 'device', '查看同步状态'),
  'sync.strip': p('session', 'device', '查看同步状态'),
  'sync.overview': p('session', 'device', '查看同步情况'),
  'sync.now': p('session', 'device', '立即同步'),
  'sync.dismissRejection': p('session', 'device', '处理被拒绝的修改'),
  'sync.resolveConflict': p(['agent', 'leader', 'admin'], 'case', '处理同步冲突', { intents: ['conflict.resolve'] }),
  'sync.enroll': p(ADMINS, 'device', '注册本终端'),
  'sync.join': p('public', 'device', '加入已有机构'),
  'sync.adminConnect': p(ADMINS, 'device', '连接中心服务器'),
  'sync.terminals': p(ADMINS, 'office', '管理终端'),
  'sync.issueCode': p(ADMINS, 'office', '生成注册码'),
  'sync.revokeTerminal': p(ADMINS, 'office', '停用终端'),

  // ---- archives and backups
  'archive.drives': p(ADMINS, 'device', '查看可用磁盘'),
  'archive.preview': p(ADMINS, 'office', '导出专属档案'),
  'archive.start': p(ADMINS, 'office', '导出专属档案'),
  'archive.job': p(ADMINS, 'device', '查看档案导出'),
  'archive.cancel': p(ADMINS, 'device', '取消档案导出'),
  'archive.verify': p(ADMINS, 'device', '校验档案包'),
  'backup.list': p(ADMINS, 'device', '查看备份'),
  'backup.now': p(ADMINS, 'device', '备份数据'),
} as const satisfies Record<ApiName, Permission>;

/** Capabilities a use case checks inside itself, beyond being called at all. */
export const CAPABILITIES = {
  /** Full ID numbers and phones, on screen and on printed forms (each reveal is audited). */
  revealPersonalData: POLICY['case.reveal'],
  /** The audit log's chain check (校验审计日志). */
  verifyAudit: p(SUPERVISORS, 'office', '校验审计日志'),
} as const satisfies Record<string, Permission>;

export type UseCase = keyof typeof POLICY;
export type Capability = keyof typeof CAPABILITIES;
