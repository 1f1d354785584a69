// 审计日志 in words: every audit action the app writes, as a Chinese sentence naming its object
// (case number, staff member, office). Pure: the backend resolves ids to names and passes them in,
// so the audit log, 最近动态 and a case's 修改记录 all say the same thing and the renderer needs no
// database. tests/unit/domain/audit-text.test.ts greps src/ so that a new action without a text fails.
import { CASE_ACTIONS, type CaseAction } from './case-status.js';
import {
  CHANNELS, ENTRUSTMENT_KINDS, EVALUATION_LEVELS, EVALUATION_SOURCES, HANDOVER_DIRECTIONS, HELP_KINDS, MODES, PLAN_ITEM_STATUSES,
  PROGRESS_KINDS, ROLES, TRANSFER_KINDS,
} from './enums.js';

/** What the backend resolved for one event. */
export interface AuditNames {
  /** The case the event belongs to (its number), if any. */
  caseNo: string | null;
  /** A staff member's display name by id (null if unknown). */
  user: (id: unknown) => string | null;
  /** An office's name by id (null if unknown). */
  office: (id: unknown) => string | null;
}

export interface AuditEventLike {
  action: string;
  entity: string | null;
  entityId: string | null;
  detail: Record<string, unknown>;
}

type Detail = Record<string, unknown>;
type Text = (d: Detail, n: AuditNames, e: AuditEventLike) => string;

/** The first word of an action name, as a person calls that part of the app (also the audit filter). */
export const AUDIT_DOMAINS: Record<string, string> = {
  case: '办件', admission: '准入审核', plan: '计划书', planItem: '计划事项', progress: '进度记录', problem: '问题协调',
  material: '材料', handover: '材料交接', entrustment: '委托文书', attachment: '附件', transfer: '转办联办', evaluation: '好差评',
  callback: '回访', rectification: '整改', interaction: '政企互动', applicant: '申请人', project: '项目', print: '打印文书',
  auth: '登录', user: '工作人员', setup: '初始化', orgUnit: '机构', calendar: '工作日历', sync: '同步', conflict: '同步冲突',
  demo: '演示数据', settings: '系统设置', archive: '档案导出', backup: '数据备份',
};

const str = (v: unknown): string => (v === null || v === undefined ? '' : String(v));
const lbl = (vocab: { labels: Record<string, string> }, v: unknown): string => vocab.labels[str(v)] ?? '';
/** "（原因：…）" when there is a reason. */
const why = (d: Detail, word = '原因'): string => (str(d.reason).trim() ? `（${word}：${str(d.reason).trim()}）` : '');
/** The case, named: " 350102-2026-00042" or nothing. */
const onCase = (n: AuditNames): string => (n.caseNo ? ` ${n.caseNo}` : '');
/** The case as an object inside a sentence: " 350102-2026-00042 " or "办件". */
const ref = (n: AuditNames): string => (n.caseNo ? ` ${n.caseNo} ` : '办件');
/** "350102-2026-00042 的" or "". */
const caseOf = (n: AuditNames): string => (n.caseNo ? `${n.caseNo} 的` : '');
const subjectUser = (n: AuditNames, e: AuditEventLike): string => (e.entity === 'users' ? n.user(e.entityId) : null) ?? '（未知人员）';

const caseSteps = Object.fromEntries(
  (Object.keys(CASE_ACTIONS) as CaseAction[]).map((a) => [`case.${a}`, ((d: Detail, n: AuditNames) => `${CASE_ACTIONS[a]}${onCase(n)}${why(d)}`) as Text]),
);

const USER_FIELD_WORDS: Record<string, (v: unknown, n: AuditNames) => string> = {
  role: (v) => `角色改为${lbl(ROLES, v) || str(v)}`,
  roles: (v) => `角色改为${(Array.isArray(v) ? v : [v]).map((r) => lbl(ROLES, r) || str(r)).join('、')}`,
  orgUnitId: (v, n) => `所属机构改为${n.office(v) ?? '（未知机构）'}`,
  active: (v) => (v ? '启用账号' : '停用账号'),
  displayName: (v) => `姓名改为${str(v)}`,
  phone: () => '修改联系电话',
};

const ORG_FIELD_WORDS: Record<string, string> = { name: '机构名称', officeName: '服务机构名称', code: '区划代码', address: '地址', phone: '咨询电话', officeHours: '办公时间' };
/** "（地址、咨询电话）": the fields an orgUnit.edit changed, or nothing. */
const orgChanges = (d: Detail): string => {
  const fields = d.changes && typeof d.changes === 'object' ? Object.keys(d.changes).map((f) => ORG_FIELD_WORDS[f]).filter(Boolean) : [];
  return fields.length ? `（${fields.join('、')}）` : '';
};
/** 本机设置 from → to: the idle lock in minutes, the backup folder (null: the built-in location). */
const desktopChanges = (d: Detail): string => {
  const c = (d.changes && typeof d.changes === 'object' ? d.changes : {}) as Record<string, { from?: unknown; to?: unknown } | undefined>;
  const folder = (v: unknown) => (v ? str(v) : '默认位置');
  const parts = [
    c.idleLockMinutes ? `自动锁屏时间由 ${str(c.idleLockMinutes.from)} 分钟改为 ${str(c.idleLockMinutes.to)} 分钟` : '',
    c.backupFolder ? `备份文件夹由 ${folder(c.backupFolder.from)} 改为 ${folder(c.backupFolder.to)}` : '',
  ].filter(Boolean);
  return parts.join('，') || '无变化';
};

/** Every action name written anywhere in src/, with its sentence. */
export const AUDIT_TEXTS: Record<string, Text> = {
  // ---- sign-in and staff
  'auth.login': (_d, n, e) => `${subjectUser(n, e)} 登录系统`,
  'auth.loginFailed': (d, n, e) =>
    d.reason === 'unknown' || e.entity !== 'users'
      ? `登录失败：账号“${str(d.username)}”不存在或已停用`
      : `${subjectUser(n, e)} 登录失败：密码错误${d.failures ? `（连续第 ${str(d.failures)} 次）` : ''}`,
  'auth.locked': (_d, n, e) => `${subjectUser(n, e)} 密码连续输错，账号已被锁定`,
  'setup.firstAdmin': (d) => `初始化本机，建立首位管理员账号“${str(d.username)}”`,
  'user.add': (d) => `新增工作人员账号“${str(d.username)}”${Array.isArray(d.roles) ? `（${d.roles.map((r) => lbl(ROLES, r) || str(r)).join('、')}）` : ''}`,
  'user.update': (d, n, e) => {
    const what = Object.entries(d).filter(([k]) => k in USER_FIELD_WORDS).map(([k, v]) => USER_FIELD_WORDS[k]!(v, n));
    return `修改工作人员 ${subjectUser(n, e)} 的信息${what.length ? `：${what.join('，')}` : ''}`;
  },
  'user.changePassword': (_d, n, e) => `${subjectUser(n, e)} 修改了自己的登录密码`,
  'user.resetPassword': (_d, n, e) => `重置工作人员 ${subjectUser(n, e)} 的登录密码`,
  'user.unlock': (_d, n, e) => `解除工作人员 ${subjectUser(n, e)} 的账号锁定`,
  'orgUnit.create': (d) => `新增机构“${str(d.name)}”`,
  'orgUnit.edit': (d, n, e) => `修改机构 ${n.office(e.entityId) ?? str(d.name)} 的信息${orgChanges(d)}`,
  'settings.desktop': (d) => `修改本机设置：${desktopChanges(d)}`,
  'settings.guideAddress': (d) => (d.to ? `将电子指引地址设为 ${str(d.to)}` : '清除电子指引地址的本机设置（改用中心服务器公布的地址）'),
  'catalogue.saveVersion': (d) => `修改代办目录事项 ${str(d.code)}（自 ${str(d.effectiveFrom)} 起执行：${Array.isArray(d.changed) ? d.changed.map(String).join('、') : ''}）`,
  'knowledge.save': (d) => `${d.created ? '编写' : '修改'}知识《${str(d.title)}》`,
  'knowledge.propose': (d) => `提交知识《${str(d.title)}》的发布申请`,
  'knowledge.publish': (d) => `发布知识《${str(d.title)}》${d.public ? '（在电子指引公开）' : ''}`,
  'knowledge.withdraw': (d) => `撤下知识《${str(d.title)}》`,
  'knowledge.remove': (d) => `删除知识《${str(d.title)}》`,
  'contacts.save': (d) => `${d.created ? '在部门联络表中登记' : '修改部门联络表中'} ${str(d.department)} ${str(d.roleLabel)} ${str(d.name)}${Array.isArray(d.changed) && d.changed.length ? `（${d.changed.map(String).join('、')}）` : ''}`,
  'contacts.remove': (d) => `从部门联络表中删除 ${str(d.department)} ${str(d.roleLabel)} ${str(d.name)}`,
  'contacts.renameDepartment': (d) => `将部门联络表中的部门 ${str(d.from)} 改名为 ${str(d.to)}（${str(d.people ?? 0)} 人）`,
  'knowledge.addAttachment': (d) => `为知识《${str(d.title)}》添加附件 ${str(d.name)}`,
  'knowledge.removeAttachment': (d) => `删除知识《${str(d.title)}》的附件 ${str(d.name)}`,
  'catalogue.publishShipped': (d) => `向中心服务器发布随附的代办目录（${str(d.items ?? 0)} 项）和计划书模板（${str(d.templates ?? 0)} 个）`,
  'catalogue.addItem': (d) => `新增代办目录事项 ${str(d.code)} ${str(d.name)}`,
  'planTemplate.saveVersion': (d) => `修改计划书模板 ${str(d.code)}（自 ${str(d.effectiveFrom)} 起执行：${Array.isArray(d.changed) ? d.changed.map(String).join('；') : ''}）`,
  'planTemplate.add': (d) => `新增计划书模板 ${str(d.code)} ${str(d.name)}（${str(d.items ?? 0)} 个事项）`,
  'catalogue.import': (d) => `从 ${str(d.fileName)} 导入代办目录（新增 ${str(d.added ?? 0)} 项，修改 ${str(d.changed ?? 0)} 项，自 ${str(d.effectiveFrom)} 起执行）`,
  'calendar.setYear': (d, _n, e) => `设置 ${str(e.entityId)} 年工作日历（节假日 ${str(d.holidays ?? 0)} 天，调休上班 ${str(d.workdays ?? 0)} 天）`,

  // ---- the case and its workflow
  'case.register': (d, n) => {
    const how = [lbl(CHANNELS, d.channel), d.mode === 'help' && d.helpKind ? lbl(HELP_KINDS, d.helpKind) : lbl(MODES, d.mode)].filter(Boolean).join('，');
    return `登记办件${onCase(n)}${how ? `（${how}）` : ''}`;
  },
  ...caseSteps,
  'case.assign': (d, n) => `为${ref(n)}分派代办员 ${n.user(d.agentId) ?? '（未知人员）'}${d.leaderId ? `，责任领导 ${n.user(d.leaderId) ?? '（未知人员）'}` : ''}`,
  'case.setLeader': (_d, n) => `设置${ref(n)}的责任领导`,
  'case.correctContact': (_d, n) => `更正${ref(n)}的经办人信息`,
  'case.reveal': (_d, n) => `查看${ref(n)}的完整证件号码和电话`,
  'case.regenerateToken': (_d, n) => `重新生成${ref(n)}的进度查询码（原联络卡作废，需重新打印）`,
  'admission.approve': (d, n) => `准入审核通过${onCase(n)}${why(d, '意见')}`,
  'admission.refuse': (d, n) => `提出不予准入${onCase(n)}${why(d, '理由')}，待领导复核`,
  'admission.refusalConfirmed': (d, n) => `复核确认不予准入${onCase(n)}${str(d.refusalReason).trim() ? `（理由：${str(d.refusalReason).trim()}）` : ''}`,
  'admission.refusalOverturned': (d, n) => `驳回不予准入意见，${n.caseNo ?? '该项目'} 准予准入${str(d.refusalReason).trim() ? `（被驳回的理由：${str(d.refusalReason).trim()}）` : ''}`,
  'applicant.reveal': (d) => `查看申请人“${str(d.applicantName)}”的完整证件号码和电话`,
  'applicant.correct': (_d, n) => `更正${n.caseNo ? ` ${n.caseNo} ` : ''}申请人信息`,
  'project.correct': (_d, n) => `更正${ref(n)}的项目信息`,

  // ---- the plan and the work on it
  'plan.create': (d, n) => `为${ref(n)}制定代办服务计划书${d.items !== undefined ? `（${str(d.items)} 个事项）` : ''}`,
  'plan.addItem': (d, n) => `在${ref(n)}的计划书中增加事项${d.name ? `“${str(d.name)}”` : d.item ? `（事项编码 ${str(d.item)}）` : ''}`,
  'planItem.status': (d, n) => `更新${ref(n)}的计划事项状态：${lbl(PLAN_ITEM_STATUSES, d.from) || '—'} → ${lbl(PLAN_ITEM_STATUSES, d.to) || '—'}`,
  'planItem.edit': (_d, n) => `修改${ref(n)}的计划事项`,
  'planItem.remove': (d, n) => `从${ref(n)}的计划书中移除事项${why(d)}`,
  'progress.add': (d, n) =>
    d.entries !== undefined
      ? `在${ref(n)}记录 ${str(d.entries)} 条进度`
      : `在${ref(n)}记录进度${d.kind ? `（${[lbl(PROGRESS_KINDS, d.kind), d.hours ? `${str(d.hours)} 小时` : ''].filter(Boolean).join('，')}）` : ''}`,
  'progress.edit': (_d, n) => `修改${ref(n)}的进度记录`,
  'progress.withdraw': (d, n) => `撤回${ref(n)}的一条进度记录${why(d)}`,
  'problem.add': (d, n) => `在${ref(n)}登记需协调的问题${d.department ? `（${str(d.department)}）` : ''}`,
  'problem.edit': (_d, n) => `修改${ref(n)}的问题协调记录`,
  'problem.withdraw': (d, n) => `撤回${ref(n)}的一条问题协调记录${why(d)}`,
  'problem.resolve': (_d, n) => `${caseOf(n)}协调问题已解决`,
  'material.update': (d, n) => {
    const f = (d.from ?? {}) as Detail;
    const t = (d.to ?? {}) as Detail;
    return `更新${ref(n)}的材料“${str(d.name)}”：原件 ${str(f.originals)} → ${str(t.originals)}，复印件 ${str(f.copies)} → ${str(t.copies)}`;
  },
  'handover.record': (d, n) => `为${ref(n)}登记材料${lbl(HANDOVER_DIRECTIONS, d.direction) || '交接'}${d.lines !== undefined ? `（${str(d.lines)} 项）` : ''}`,
  'handover.edit': (_d, n) => `修改${ref(n)}的材料交接记录`,
  'handover.withdraw': (d, n) => `撤回${ref(n)}的一次材料交接${why(d)}`,
  'entrustment.create': (d, n) => `为${ref(n)}起草${lbl(ENTRUSTMENT_KINDS, d.kind) || '委托文书'}`,
  'entrustment.sign': (d, n) => `${caseOf(n)}${lbl(ENTRUSTMENT_KINDS, d.kind) || '委托文书'}已签署${d.caseEntrusted ? '，办件转为已委托' : ''}`,
  'entrustment.attachScan': (d, n) => `为${ref(n)}的${lbl(ENTRUSTMENT_KINDS, d.kind) || '委托文书'}补传签字扫描件`,
  'entrustment.revoke': (d, n) => `撤销${ref(n)}的${lbl(ENTRUSTMENT_KINDS, d.kind) || '委托文书'}${why(d)}`,
  'attachment.add': (d, n) => `为${ref(n)}上传附件“${str(d.name)}”`,
  'transfer.send': (d, n) => `将${ref(n)}${lbl(TRANSFER_KINDS, d.kind) || '转办'}至 ${str(d.to) || '（未知机构）'}`,
  'transfer.accept': (_d, n) => `接收${ref(n)}的转办联办`,
  'transfer.return': (d, n) => `退回${ref(n)}的转办联办${why(d)}`,

  // ---- evaluation and interaction
  'evaluation.add': (d, n) => `为${ref(n)}登记好差评：${lbl(EVALUATION_LEVELS, d.level) || str(d.level)}${d.source ? `（${lbl(EVALUATION_SOURCES, d.source)}）` : ''}`,
  'callback.add': (d, n) => `对${ref(n)}的差评进行回访${d.result ? `：${str(d.result)}` : ''}`,
  'rectification.add': (d, n) => `为${ref(n)}的差评登记整改${d.dueDate ? `（限 ${str(d.dueDate)} 前完成）` : ''}`,
  'rectification.complete': (d, n) => `${caseOf(n)}整改已完成${d.onTime === false ? '（逾期）' : d.onTime ? '（按期）' : ''}`,
  'interaction.add': (d) => `登记政企互动：${str(d.heldDate)} ${str(d.place)}`.trim(),
  'interaction.edit': () => '修改政企互动记录',
  'interaction.withdraw': (d) => `撤回一条政企互动记录${why(d)}`,

  // ---- documents
  'print.weekly': (d, n, e) => `打印 ${n.office(e.entityId) ?? '本机构'} 的周进展报告${d.from ? `（${str(d.from)} 至 ${str(d.to)}，${str(d.cases ?? 0)} 件）` : ''}`,

  // ---- archives and backups
  'archive.export': (d) => {
    const cases = Array.isArray(d.cases) ? (d.cases as Array<{ caseNo?: unknown }>) : [];
    const what = cases.length ? `${cases.slice(0, 3).map((c) => str(c.caseNo)).join('、')}${cases.length > 3 ? ` 等 ${cases.length} 件` : ''}` : `${str(d.requested ?? 0)} 件案卷`;
    const outcome = d.state === 'done' ? '' : d.state === 'cancelled' ? '（已取消）' : '（未完成）';
    return `导出专属档案${d.encrypted ? '（加密）' : ''}：${what}，到 ${str(d.target)}${outcome}`;
  },
  'archive.import': (d) => `从档案包导入案卷 ${str(d.caseNo)}（${str(d.rows ?? 0)} 条记录、${str(d.attachments ?? 0)} 个附件）`,
  'backup.create': () => '手动备份数据库和附件',

  // ---- sync
  'sync.enroll': (d, n) => `将本机登记到中心服务器${n.office(d.orgUnitId) ? `（${n.office(d.orgUnitId)}）` : ''}${d.firstStart ? '，首次启动' : ''}`,
  'sync.codeIssued': (d, n) => `为 ${n.office(d.orgUnitId) ?? '（未知机构）'} 生成终端注册码${d.hours ? `（${str(d.hours)} 小时内有效）` : ''}`,
  'sync.deviceRevoked': (d) => `停用${d.thisDesktop ? '本机' : '一台终端'}${d.revoked === false ? '（中心服务器未找到该终端）' : ''}`,
  'sync.dismissRejection': (d, n) => `确认知晓被中心服务器拒绝的修改${d.change ? `“${str(d.change)}”` : ''}${n.caseNo || d.caseNo ? `（${n.caseNo ?? str(d.caseNo)}）` : ''}`,
  'conflict.resolve': (d, n) => `处理${n.caseNo ? ` ${n.caseNo} 的` : ''}同步冲突：采用${d.keep === 'local' ? '本机' : d.keep === 'server' ? '中心服务器' : ''}的值`,

  // ---- demo data
  'demo.reference': () => '载入演示用的机构、人员和代办目录',
  'demo.load': (d) => `载入演示案卷${d.count !== undefined ? ` ${str(d.count)} 件` : ''}`,
};

/** Actions written with a computed suffix (`print.${kind}`): one text for the family. */
export const AUDIT_PREFIX_TEXTS: Record<string, Text> = {
  'print.': (d, n) => `打印${n.caseNo ? ` ${n.caseNo} 的` : ''}${str(d.document) || '文书'}${d.pages ? `（${str(d.pages)} 页）` : ''}`,
};

const VERBS: Record<string, string> = {
  add: '新增', create: '新增', record: '登记', edit: '修改', update: '修改', correct: '更正', remove: '删除', withdraw: '撤回',
  revoke: '撤销', resolve: '处理', complete: '完成', sign: '签署', send: '发出', accept: '接收', return: '退回', set: '设置',
};

/** Whether an action has its own text (the unit test checks every action in src/ does). */
export function hasAuditText(action: string): boolean {
  return action in AUDIT_TEXTS || Object.keys(AUDIT_PREFIX_TEXTS).some((p) => action.startsWith(p));
}

/** The sentence for one event; an action no one wrote a text for still reads as Chinese. */
export function auditText(e: AuditEventLike, names: AuditNames): string {
  const text = AUDIT_TEXTS[e.action] ?? Object.entries(AUDIT_PREFIX_TEXTS).find(([p]) => e.action.startsWith(p))?.[1];
  if (text) return text(e.detail ?? {}, names, e);
  const [domain = '', verb = ''] = e.action.split('.');
  const what = AUDIT_DOMAINS[domain] ?? '记录';
  const how = Object.entries(VERBS).find(([k]) => verb.toLowerCase().startsWith(k))?.[1] ?? '处理';
  return `${how}${names.caseNo ? ` ${names.caseNo} 的` : ''}${what}`;
}

/** The short name of an action for the audit log's 操作 column and filter: "办件 · 受理". */
export function auditDomainLabel(action: string): string {
  return AUDIT_DOMAINS[action.split('.')[0] ?? ''] ?? '其他';
}
