// Words for sync records: what an entity, a field, an intent is called, and a stored value said for
// people (codes → labels, ids → names, personal data masked). Used to show refused changes and
// conflicts so that a clerk recognises what was typed.
import { CASE_ACTIONS } from '../../../shared/domain/case-status.js';
import {
  ADMISSION_STATUSES, APPLICANT_KINDS, CASE_STATUSES, CHANNELS, ENTRUSTMENT_KINDS, ENTRUSTMENT_STATUSES, EVALUATION_LEVELS,
  EVALUATION_SOURCES, HANDOVER_DIRECTIONS, HELP_KINDS, LIMIT_UNITS, MODES, PLAN_ITEM_STATUSES, PROBLEM_STATUSES, PROGRESS_KINDS,
  PROJECT_CATEGORIES, STAGES, TRANSFER_KINDS, TRANSFER_STATUSES,
} from '../../../shared/domain/enums.js';
import { maskPhone, maskResidentId } from '../../../shared/domain/masking.js';
import type { Store } from '../../db/store.js';
import { orgInfo, userName } from '../context.js';

export const ENTITY_LABELS: Record<string, string> = {
  cases: '办件', applicants: '申请人', projects: '项目', entrustments: '委托文书', planItems: '计划事项',
  progressEntries: '进度记录', problems: '问题协调', materials: '材料', handovers: '材料交接', attachments: '附件',
  transfers: '转办联办', evaluations: '好差评', callbacks: '回访', rectifications: '整改', interactions: '政企互动',
  conflicts: '冲突记录', users: '工作人员', orgUnits: '机构', catalogItems: '代办目录事项', catalogItemVersions: '代办目录事项的变更', planTemplates: '计划书模板', planTemplateVersions: '计划书模板的变更', knowledgeArticles: '知识库文章', departmentContacts: '部门联络表',
  calendarYears: '工作日历', scopeExits: '办件范围变更',
};

export const entityLabel = (entity: string): string => ENTITY_LABELS[entity] ?? entity;

/** Field labels; `entity.field` entries win over the plain field name. */
const FIELD_LABELS: Record<string, string> = {
  caseNo: '案卷编号', subject: '办件名称', status: '状态', agentId: '代办员', leaderId: '责任领导', handlingOrgUnitId: '承办机构',
  orgUnitId: '所属机构', channel: '受理渠道', mode: '服务方式', helpKind: '帮办类型', closeReason: '结案原因', closedAt: '结案时间',
  acceptedDate: '受理日期', registeredBy: '登记人', templateCode: '计划书模板',
  name: '名称', kind: '类型', uscc: '统一社会信用代码', residentId: '身份证号', legalRepresentative: '法定代表人', contactName: '经办人',
  contactResidentId: '经办人证件', contactPhone: '联系电话', address: '地址',
  projectCode: '项目代码', category: '类别', location: '建设地点', investment: '总投资（万元）', admissionStatus: '准入审核', admissionReason: '审核意见',
  toOrgUnitId: '接收机构', fromOrgUnitId: '转出机构', reason: '原因', responseNote: '回复意见', sentBy: '经办人', sentAt: '发出时间',
  respondedBy: '处理人', respondedAt: '处理时间',
  text: '内容', hours: '工时（小时）', occurredDate: '日期', authorId: '记录人',
  department: '部门', description: '问题描述', resolution: '解决情况', raisedBy: '提出人', raisedDate: '提出日期', resolvedDate: '解决日期',
  originalsHeld: '已收原件', copiesHeld: '已收复印件', originalsRequired: '应交原件', copiesRequired: '应交复印件',
  startDate: '开始日期', dueDate: '截止日期', docNo: '批文文号', statusReason: '状态说明', completedDate: '完成日期', limitValue: '时限',
  limitUnit: '时限单位', stage: '阶段',
  scope: '委托范围', termStart: '委托期限自', termEnd: '委托期限至', authorizedName: '受托人', authorizedResidentId: '受托人身份证号',
  authorizedPhone: '受托人电话', signedAt: '签署时间', revokedAt: '撤销时间', revokeReason: '撤销原因',
  receiptNo: '凭证编号', direction: '方向', counterpartName: '交接人', staffId: '经手人', handedAt: '交接时间', items: '材料', note: '备注',
  fileName: '文件名', size: '大小（字节）',
  level: '评价', source: '来源', comment: '评价内容', evaluatedDate: '评价日期',
  calledBy: '回访人', calledDate: '回访日期', content: '内容', result: '结果',
  problem: '问题', measure: '整改措施', responsibleId: '责任人', doneDate: '完成日期',
  heldDate: '活动日期', place: '活动地点', enterprises: '参与企业', recordedBy: '记录人', resolvedBy: '处理人',
  'transfers.reason': '事由', 'problems.department': '协调部门', 'planItems.name': '事项', 'planItems.department': '审批部门',
  'projects.name': '项目名称', 'transfers.sentBy': '转出人', 'interactions.content': '活动内容', 'callbacks.content': '回访内容',
  'callbacks.result': '回访结果', 'conflicts.status': '处理状态',
};

export function fieldLabel(entity: string, field: string): string {
  return FIELD_LABELS[`${entity}.${field}`] ?? FIELD_LABELS[field] ?? field;
}

/** Bookkeeping a person never typed: not shown. */
const HIDDEN_FIELDS = new Set([
  'id', 'createdAt', 'updatedAt', 'deletedAt', 'caseId', 'publicToken', 'passwordHash', 'failedLogins', 'lockedUntil', 'lastLoginAt',
  'applicantId', 'projectId', 'evaluationId', 'planItemId', 'ownerId', 'sha256', 'attachmentId', 'sortOrder', 'parallelGroup', 'mime',
  'catalogCode', 'materialId', 'closedAt',
]);
export const isHiddenField = (field: string): boolean => HIDDEN_FIELDS.has(field);

/** Filled in by the app when a record is created, not typed (the author is shown apart). */
const SET_ON_CREATE = new Set([
  'status', 'sentBy', 'sentAt', 'fromOrgUnitId', 'registeredBy', 'authorId', 'raisedBy', 'addedBy', 'recordedBy', 'calledBy', 'staffId',
  'orgUnitId', 'handlingOrgUnitId',
]);
export const isSetOnCreate = (field: string): boolean => SET_ON_CREATE.has(field);

type Vocab = { labels: Record<string, string> };
const VOCAB_BY_FIELD: Record<string, Vocab> = {
  'cases.status': CASE_STATUSES, 'planItems.status': PLAN_ITEM_STATUSES, 'transfers.status': TRANSFER_STATUSES,
  'entrustments.status': ENTRUSTMENT_STATUSES, 'problems.status': PROBLEM_STATUSES, 'projects.admissionStatus': ADMISSION_STATUSES,
  'transfers.kind': TRANSFER_KINDS, 'progressEntries.kind': PROGRESS_KINDS, 'entrustments.kind': ENTRUSTMENT_KINDS,
  'applicants.kind': APPLICANT_KINDS, mode: MODES, helpKind: HELP_KINDS, channel: CHANNELS, category: PROJECT_CATEGORIES,
  direction: HANDOVER_DIRECTIONS, 'evaluations.level': EVALUATION_LEVELS, source: EVALUATION_SOURCES, limitUnit: LIMIT_UNITS, stage: STAGES,
  'conflicts.status': { labels: { open: '待处理', resolved: '已处理' } },
};
const USER_FIELDS = new Set(['agentId', 'leaderId', 'authorId', 'raisedBy', 'sentBy', 'respondedBy', 'staffId', 'addedBy', 'registeredBy', 'calledBy', 'responsibleId', 'recordedBy', 'resolvedBy', 'admissionBy', 'admissionReviewBy']);
const ORG_FIELDS = new Set(['orgUnitId', 'handlingOrgUnitId', 'fromOrgUnitId', 'toOrgUnitId', 'parentId']);
const RESIDENT_ID_FIELDS = new Set(['residentId', 'contactResidentId', 'authorizedResidentId']);
const PHONE_FIELDS = new Set(['contactPhone', 'authorizedPhone', 'phone']);

/** A stored value as a person reads it. */
export function formatValue(store: Store, entity: string, field: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return '（空）';
  const vocab = VOCAB_BY_FIELD[`${entity}.${field}`] ?? VOCAB_BY_FIELD[field];
  if (vocab && (typeof value === 'string' || typeof value === 'number')) return vocab.labels[String(value)] ?? String(value);
  if (typeof value === 'string') {
    if (USER_FIELDS.has(field)) return userName(store, value) ?? '（未知人员）';
    if (ORG_FIELDS.has(field)) return orgInfo(store, value)?.name ?? '（未知机构）';
    if (RESIDENT_ID_FIELDS.has(field)) return maskResidentId(value);
    if (PHONE_FIELDS.has(field)) return maskPhone(value);
    if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)) return isoToChina(value);
    return value;
  }
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) {
    // Lists of materials or items: their names, with counts where they have them.
    return value
      .map((v) => {
        if (v && typeof v === 'object' && 'name' in v) {
          const o = v as { name: unknown; originals?: unknown; copies?: unknown };
          return o.originals !== undefined ? `${String(o.name)}（原件${String(o.originals)}，复印件${String(o.copies ?? 0)}）` : String(o.name);
        }
        return typeof v === 'object' ? JSON.stringify(v) : String(v);
      })
      .join('；');
  }
  if (field === 'scope' && typeof value === 'object') {
    const s = value as { stages?: unknown[]; items?: unknown[] };
    const parts = [
      ...(s.stages ?? []).map((x) => STAGES.labels[String(x) as keyof typeof STAGES.labels] ?? String(x)),
      ...(s.items ?? []).map(String),
    ];
    return parts.join('、') || '（空）';
  }
  return JSON.stringify(value);
}

/** ISO instant → "2026-03-02 10:00" in China time (UTC+8, no DST). */
function isoToChina(iso: string): string {
  const d = new Date(Date.parse(iso) + 8 * 3600_000);
  return Number.isNaN(d.getTime()) ? iso : d.toISOString().slice(0, 16).replace('T', ' ');
}

const INTENT_LABELS: Record<string, string> = {
  'case.assign': '分派代办员', 'transfer.send': '转办联办', 'transfer.accept': '接收转办', 'transfer.return': '退回转办',
  'admission.decide': '准入审核', 'admission.review': '复核不予准入', 'entrustment.sign': '签署委托文书', 'entrustment.revoke': '撤销委托文书',
  'planItem.status': '更新事项状态', 'problem.resolve': '问题已解决', 'rectification.complete': '完成整改', 'conflict.resolve': '处理冲突',
};

/** What an outbox op did, in words: 登记办件, 受理, 修改进度记录… */
export function actionLabel(entity: string, kind: string, intent: string | null): string {
  const what = entityLabel(entity);
  if (kind === 'intent' && intent) {
    const [domain, action] = intent.split('.') as [string, string];
    if (domain === 'case' && action in CASE_ACTIONS) return CASE_ACTIONS[action as keyof typeof CASE_ACTIONS];
    return INTENT_LABELS[intent] ?? `${what}：${intent}`;
  }
  if (kind === 'insert') return entity === 'cases' ? '登记办件' : `新增${what}`;
  if (kind === 'delete') return `删除${what}`;
  return `修改${what}`;
}

/** The case-file tab where a record of this entity is entered (for 重新编辑). */
const CASE_TABS: Record<string, string> = {
  cases: 'overview', applicants: 'overview', projects: 'overview', entrustments: 'entrust', planItems: 'plan', progressEntries: 'progress',
  problems: 'problems', materials: 'materials', handovers: 'materials', attachments: 'attachments', transfers: 'transfers',
  evaluations: 'evaluation', callbacks: 'evaluation', rectifications: 'evaluation',
};
export const caseTabOf = (entity: string): string | null => CASE_TABS[entity] ?? null;

// ---------------------------------------------------------------- sync errors in words

/** What a failed round or call said, as a clerk reads it: no "fetch failed", no error codes. */
export interface SyncFailure {
  /** HTTP status when the server answered; 0 or null when it could not be reached. */
  status?: number | null;
  /** The round's kind of failure (SyncSummary.failure). */
  failure?: string | null;
  message?: string | null;
  /** The thrown error, when there is one (its cause carries the network code). */
  error?: unknown;
}

const UNREACHABLE = '无法连接中心服务器（网络不通或服务器未启动），已保存的修改会在连通后自动同步';

/** Network codes (Node's and undici's) → what happened. */
const NETWORK_CODES: Array<[RegExp, string]> = [
  [/ECONNREFUSED/, '无法连接中心服务器：服务器未启动或端口不对（连接被拒绝）'],
  [/ENOTFOUND|EAI_AGAIN/, '找不到中心服务器：请检查服务器地址，或本机网络是否连通'],
  [/ETIMEDOUT|UND_ERR_CONNECT_TIMEOUT|UND_ERR_HEADERS_TIMEOUT|UND_ERR_BODY_TIMEOUT|TimeoutError|timed? ?out|aborted due to timeout|超时/i, '连接中心服务器超时：网络较慢或服务器无响应，稍后会自动重试'],
  [/ECONNRESET|UND_ERR_SOCKET|socket hang up|other side closed|EPIPE/i, '与中心服务器的连接中断，稍后会自动重试'],
  [/EHOSTUNREACH|ENETUNREACH|ENETDOWN/, '网络不通，无法到达中心服务器：请检查本机网络'],
  [/CERT|SSL|TLS|self[- ]signed|certificate|ERR_TLS/i, '中心服务器的安全证书无效或已过期：请联系管理员检查服务器证书'],
];

function causeCodes(e: unknown): string {
  const parts: string[] = [];
  let cur = e as { name?: unknown; code?: unknown; message?: unknown; cause?: unknown } | undefined;
  for (let i = 0; cur && i < 4; i++) {
    parts.push(String(cur.name ?? ''), String(cur.code ?? ''), String(cur.message ?? ''));
    cur = cur.cause as typeof cur;
  }
  return parts.join(' ');
}

const hasChinese = (s: string) => /[\u3400-\u9fff]/.test(s);

/** One failure of sync (a round, enrolment, a 终端管理 call) as a plain Chinese sentence. */
export function syncErrorText(f: SyncFailure): string {
  const message = f.message ?? (f.error instanceof Error ? f.error.message : '') ?? '';
  const quoted = /返回错误\s*(\d{3})|（(\d{3})）/.exec(message)?.slice(1).find(Boolean);
  const status = f.status ?? (quoted ? Number(quoted) : null);
  if (status === 401 || f.failure === 'unauthorized') return '本机的同步授权已失效（终端可能已被停用）：请管理员在“同步”页重新登记本机';
  if (status === 426 || f.failure === 'upgrade') return '中心服务器要求升级本程序：请安装新版本后再同步';
  if (status === 403) return hasChinese(message) && !/返回错误/.test(message) ? message : '中心服务器拒绝了本机的请求（无权限）';
  if (status === 404) return '中心服务器地址不对：该地址不是代办帮办中心服务器';
  if (status === 413) return '一次上传的内容过多，中心服务器未接收：请联系管理员';
  if (status === 429) return '同步请求过于频繁，中心服务器暂时拒绝：稍后会自动重试';
  if ((status !== null && status >= 500) || /Internal Server Error|Bad Gateway|Service Unavailable|Gateway Timeout/i.test(message)) {
    return `中心服务器出错（${status !== null && status >= 500 ? `错误代码 ${status}` : '服务器内部错误'}）：稍后会自动重试，如持续出现请联系管理员`;
  }
  const raw = `${causeCodes(f.error)} ${message}`;
  for (const [re, text] of NETWORK_CODES) if (re.test(raw)) return text;
  if (f.failure === 'offline' || status === 0 || /fetch failed|无法连接|network|Failed to fetch/i.test(raw)) return UNREACHABLE;
  // The server's own refusals come in Chinese already (e.g. 注册码已过期); anything else is not shown raw.
  if (hasChinese(message) && !/[A-Za-z]{4,}/.test(message.replace(/https?:\/\/\S+/g, ''))) return message;
  return '同步未完成：中心服务器返回了无法识别的答复，稍后会自动重试';
}
