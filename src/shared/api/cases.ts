// Intake, the case file and every step on it.
import { z } from 'zod';
import {
  APPLICANT_KINDS, CASE_STATUSES, CHANNELS, ENTRUSTMENT_KINDS, EVALUATION_SOURCES, HANDOVER_DIRECTIONS, HELP_KINDS,
  MODES, PLAN_ITEM_STATUSES, PROGRESS_KINDS, PROJECT_CATEGORIES, TRANSFER_KINDS,
} from '../domain/enums';
import { phoneSchema, projectCodeSchema, residentIdSchema, textSchema, usccSchema } from '../domain/validators';
import { CASE_ACTION_CODES } from '../domain/case-status';
import type { CaseStatus } from '../domain/enums';
import { id, isoDate, optionalText, paging } from './common';
import { defineContract, out } from './contract';
import type {
  AdmissionQueueItemDto, ApplicantDto, AuditEventDto, AttachmentDto, CaseFileDto, CaseSummaryDto, DashboardDto, IntakeResultDto, Page, ProjectDto, TransferDto,
} from './dto';

const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const opt = <S extends z.ZodType>(s: S) => z.preprocess(blankToUndefined, s.optional());

/** The person who acts for the applicant on one case (经办人/报批员): each case has its own. */
export const contactSchema = z.object({
  name: textSchema('经办人姓名', 30),
  idNumber: opt(residentIdSchema),
  phone: phoneSchema,
});
export type ContactInput = z.input<typeof contactSchema>;
export type ContactOutput = z.output<typeof contactSchema>;

/** When the USCC / ID number is registered under another name: which name is right. */
export const APPLICANT_NAME_CHOICES = ['registered', 'typed'] as const;

export const newApplicantSchema = z
  .object({
    kind: z.enum(APPLICANT_KINDS.codes, { error: '请选择申请人类型' }),
    name: textSchema('申请人名称', 100),
    idNumber: opt(residentIdSchema),
    uscc: opt(usccSchema),
    legalRepresentative: opt(textSchema('法定代表人', 30)),
    // The case's contact may also come with the new applicant's fields (scripts, the CLI); it is
    // stored on the case, never on the applicant.
    contactName: opt(textSchema('经办人姓名', 30)),
    contactIdNumber: opt(residentIdSchema),
    contactPhone: opt(phoneSchema),
  })
  .superRefine((a, ctx) => {
    if (a.kind === 'enterprise' && !a.uscc) ctx.addIssue({ code: 'custom', path: ['uscc'], message: '企业须填写统一社会信用代码' });
    if (a.kind === 'person' && !a.idNumber) ctx.addIssue({ code: 'custom', path: ['idNumber'], message: '个人须填写身份证号码' });
  });
export type NewApplicantInput = z.input<typeof newApplicantSchema>;

export const newProjectSchema = z.object({
  name: textSchema('项目名称', 100),
  code: opt(projectCodeSchema),
  category: z.enum(PROJECT_CATEGORIES.codes, { error: '请选择项目类别' }),
  location: opt(textSchema('建设地点', 100)),
  investment: z.preprocess(blankToUndefined, z.coerce.number({ error: '总投资应为数字' }).min(0, { error: '总投资不能为负数' }).max(1e9, { error: '总投资数额过大' }).optional()),
});

/** Every key project (重点项目) has its responsible leader: at intake, and before it is accepted or worked on. */
export const KEY_PROJECT_NEEDS_LEADER = '重点项目须指定责任领导';

export const intakeSchema = z
  .object({
    channel: z.enum(CHANNELS.codes, { error: '请选择受理渠道' }),
    mode: z.enum(MODES.codes, { error: '请选择服务方式' }),
    helpKind: z.enum(HELP_KINDS.codes, { error: '请选择帮办类型' }).optional().nullable(),
    applicantId: opt(id('申请人')),
    applicant: newApplicantSchema.optional(),
    /** The case's 经办人; required unless given with the new applicant's fields. */
    contact: contactSchema.optional(),
    /** Answer to an `applicantDiffers` outcome: keep the registered name, or correct it to the typed one. */
    applicantNameChoice: z.enum(APPLICANT_NAME_CHOICES, { error: '请选择以哪个名称为准' }).optional(),
    project: newProjectSchema.optional(),
    summary: textSchema('诉求摘要', 500),
    agentId: opt(id('代办员')),
    leaderId: opt(id('责任领导')),
  })
  .superRefine((v, ctx) => {
    if (!v.applicantId && !v.applicant) ctx.addIssue({ code: 'custom', path: ['applicantId'], message: '请选择已有申请人或登记新申请人' });
    if (v.mode === 'help' && !v.helpKind) ctx.addIssue({ code: 'custom', path: ['helpKind'], message: '帮办须选择导办、协办、转办或联办' });
    if (v.mode === 'proxy' && !v.project) ctx.addIssue({ code: 'custom', path: ['project', 'name'], message: '代办件须登记项目' });
    if (!v.contact) {
      const inApplicant = v.applicant !== undefined && !v.applicantId;
      if (!(inApplicant && v.applicant?.contactName)) ctx.addIssue({ code: 'custom', path: inApplicant ? ['applicant', 'contactName'] : ['contact', 'name'], message: '请填写经办人姓名' });
      if (!(inApplicant && v.applicant?.contactPhone)) ctx.addIssue({ code: 'custom', path: inApplicant ? ['applicant', 'contactPhone'] : ['contact', 'phone'], message: '请填写联系电话' });
    }
    if (v.project?.category === 'key' && !v.leaderId) ctx.addIssue({ code: 'custom', path: ['leaderId'], message: KEY_PROJECT_NEEDS_LEADER });
  });

/** The case's contact from an intake input: `contact`, or the fields given with a new applicant. */
export function intakeContact(v: { contact?: ContactOutput | undefined; applicantId?: string | undefined; applicant?: z.output<typeof newApplicantSchema> | undefined }): ContactOutput | null {
  if (v.contact) return v.contact;
  const a = v.applicantId ? undefined : v.applicant;
  if (!a?.contactName || !a.contactPhone) return null;
  return { name: a.contactName, idNumber: a.contactIdNumber, phone: a.contactPhone };
}
export type IntakeInput = z.input<typeof intakeSchema>;

const blankToNull = (v: unknown) => (v === undefined || (typeof v === 'string' && v.trim() === '') ? null : v);

export const withdrawReasonSchema = textSchema('撤回原因', 300, 2);

/** Hours of one progress entry: refused (never clamped) outside 0–24. */
export const hoursSchema = z.coerce
  .number({ error: '工时应为数字' })
  .refine((n) => Number.isFinite(n), { error: '工时应为数字' })
  .pipe(z.number().min(0, { error: '工时不能为负数' }).max(24, { error: '单条记录工时不能超过24小时' }));

/** What a progress entry says: the fields of progress.add and progress.edit. */
export const progressFieldsSchema = z.object({
  kind: z.enum(PROGRESS_KINDS.codes, { error: '请选择记录类型' }),
  text: textSchema('进度内容', 1000, 2),
  hours: hoursSchema,
  at: opt(isoDate('日期')),
  planItemId: opt(id('计划事项')),
});

/** The fields of a 委托 document before the rules that depend on its kind. */
export const entrustmentFieldsSchema = z.object({
  caseId: id('案卷'),
  kind: z.enum(ENTRUSTMENT_KINDS.codes, { error: '请选择委托文书' }),
  scope: textSchema('委托范围', 300),
  termStart: opt(isoDate('委托起始日期')),
  termEnd: opt(isoDate('委托期限')),
  authorizedPerson: opt(textSchema('受托人', 30)),
  authorizedIdNumber: opt(residentIdSchema),
  authorizedPhone: opt(phoneSchema),
});

/**
 * What each kind of document needs besides scope: the agreement (代办委托协议) binds both parties
 * for a term, so it names its end and the trustee (受托人); the end never precedes the start.
 */
export function entrustmentKindIssues(v: { kind: string; termStart?: string | undefined; termEnd?: string | undefined; authorizedPerson?: string | undefined }): Array<{ path: string; message: string }> {
  const issues: Array<{ path: string; message: string }> = [];
  if (v.kind === 'agreement') {
    if (!v.termEnd) issues.push({ path: 'termEnd', message: '代办委托协议须填写委托期限（截止日期）' });
    if (!v.authorizedPerson) issues.push({ path: 'authorizedPerson', message: '代办委托协议须填写受托人' });
  }
  if (v.termStart && v.termEnd && v.termEnd < v.termStart) issues.push({ path: 'termEnd', message: '委托期限不能早于起始日期' });
  return issues;
}

export const entrustmentCreateSchema = entrustmentFieldsSchema.superRefine((v, ctx) => {
  for (const i of entrustmentKindIssues(v)) ctx.addIssue({ code: 'custom', path: [i.path], message: i.message });
});

/** A file sent with a step (the scan of a signed form): name, type and the bytes in base64. */
export const scanFileSchema = z.object({
  name: textSchema('文件名', 200),
  mime: z.string().max(100),
  dataBase64: z.string().min(1, { error: '文件为空' }).max(28_000_000, { error: '文件不能超过20MB' }),
}, { error: '请选择扫描件' });

export const casesContract = defineContract({
  'dashboard.get': { input: z.object({}).optional().default({}), output: out<DashboardDto>() },

  'applicant.search': { input: z.object({ q: z.string().trim().min(1, { error: '请输入关键词' }).max(60) }), output: out<ApplicantDto[]>() },
  'applicant.get': { input: z.object({ id: id('申请人'), reveal: z.boolean().default(false) }), output: out<ApplicantDto>() },

  'intake.register': {
    input: intakeSchema, output: out<IntakeResultDto>(),
    doc: 'Registers a case, or answers applicantDiffers when the USCC / ID number is registered under another name (resend with applicantNameChoice)',
  },

  'project.review': {
    input: z.object({ projectId: id('项目'), decision: z.enum(['approve', 'refuse']), reason: z.string().trim().max(500).default('') })
      .superRefine((v, ctx) => { if (v.decision === 'refuse' && v.reason.length < 2) ctx.addIssue({ code: 'custom', path: ['reason'], message: '不予准入须填写理由' }); }),
    output: out<ProjectDto>(),
  },
  'admission.queue': {
    input: z.object({}).optional().default({}), output: out<Page<AdmissionQueueItemDto>>(),
    doc: "准入审核 queue: cases of the leader's offices whose project awaits review or a refusal awaits confirmation",
  },
  'case.history': { input: z.object({ caseId: id('案卷') }), output: out<AuditEventDto[]>(), doc: '修改记录: every audit event of the case and its records, newest first' },
  'project.confirmRefusal': { input: z.object({ projectId: id('项目'), confirm: z.boolean() }), output: out<ProjectDto>(), doc: 'Second person confirms or overturns a refusal (窗口无否决权)' },

  'case.list': {
    input: z.object({
      scope: z.enum(['mine', 'office', 'all']).default('office'),
      status: z.enum(CASE_STATUSES.codes).optional(),
      q: z.string().trim().max(60).optional(),
      /** newest: registration order, newest first; accepted: 受理日期, latest first (ties by registration). */
      sort: z.enum(['newest', 'accepted'], { error: '不支持的排序方式' }).default('newest'),
      ...paging,
    }),
    output: out<Page<CaseSummaryDto>>(),
  },
  'case.get': { input: z.object({ id: id('案卷') }), output: out<CaseFileDto>() },
  'case.assign': { input: z.object({ caseId: id('案卷'), agentId: id('代办员'), leaderId: opt(id('责任领导')) }), output: out<{ ok: true }>() },
  'case.setLeader': {
    input: z.object({ caseId: id('案卷'), leaderId: id('责任领导') }),
    output: out<{ ok: true }>(), doc: 'Sets or changes the responsible leader (责任领导) of a case; leaders are read-only for the sync server',
  },
  'case.action': {
    input: z.object({ caseId: id('案卷'), action: z.enum(CASE_ACTION_CODES, { error: '不支持的操作' }), reason: optionalText('原因', 500) }),
    output: out<{ status: CaseStatus }>(), doc: 'A step of the case status machine (受理, 开始办理, 恢复办理…); the service checks role and status',
  },
  'case.close': {
    input: z.object({ caseId: id('案卷'), outcome: z.enum(['completed', 'suspended', 'withdrawn'], { error: '请选择结案方式' }), reason: textSchema('结案原因', 500, 2) }),
    output: out<{ ok: true }>(),
  },

  'entrustment.create': { input: entrustmentCreateSchema, output: out<{ id: string }>() },
  'entrustment.sign': {
    input: z.object({
      entrustmentId: id('委托'),
      /** A scan already among the case's attachments… */
      attachmentId: opt(id('附件')),
      /** …or the scan uploaded in the same step. */
      scan: scanFileSchema.optional(),
      /** Signed on paper, scan to follow (no scanner at hand): allowed, shown as 待补扫描件. */
      withoutScan: z.boolean().default(false),
    }),
    output: out<{ ok: true }>(),
  },
  'entrustment.attachScan': {
    input: z.object({ entrustmentId: id('委托'), scan: scanFileSchema }),
    output: out<{ attachmentId: string }>(), doc: 'The scan of a document signed without it (补传扫描件)',
  },
  'entrustment.revoke': { input: z.object({ entrustmentId: id('委托'), reason: textSchema('撤销原因', 300, 2) }), output: out<{ ok: true }>() },

  'plan.create': { input: z.object({ caseId: id('案卷'), templateId: id('计划书模板'), startDate: opt(isoDate('开始日期')) }), output: out<{ planId: string }>() },
  'plan.addItem': { input: z.object({ caseId: id('案卷'), catalogItemId: id('事项'), parallelGroup: z.number().int().min(0).max(99).default(1) }), output: out<{ planItemId: string }>() },
  'planItem.edit': {
    input: z.object({
      planItemId: id('计划事项'),
      department: textSchema('办理部门', 60),
      parallelGroup: z.coerce.number({ error: '并联组应为数字' }).int({ error: '并联组应为整数' }).min(0, { error: '并联组应为0至99' }).max(99, { error: '并联组应为0至99' }),
      startDate: opt(isoDate('开始日期')),
      dueDate: opt(isoDate('到期日')),
    }).superRefine((v, ctx) => {
      if (v.startDate && v.dueDate && v.dueDate < v.startDate) ctx.addIssue({ code: 'custom', path: ['dueDate'], message: '到期日不能早于开始日期' });
    }),
    output: out<{ ok: true }>(),
  },
  'planItem.remove': { input: z.object({ planItemId: id('计划事项'), reason: textSchema('移除原因', 300, 2) }), output: out<{ ok: true }>(), doc: 'Takes an item off the plan (soft delete); the reason is in the audit log' },
  'plan.setItemStatus': {
    input: z.object({ planItemId: id('计划事项'), status: z.enum(PLAN_ITEM_STATUSES.codes, { error: '请选择事项状态' }), approvalDocNo: opt(textSchema('批文文号', 60)), note: optionalText('说明', 300) }),
    output: out<{ ok: true }>(),
  },

  'progress.add': { input: progressFieldsSchema.extend({ caseId: id('案卷') }), output: out<{ id: string }>() },
  'progress.edit': {
    input: progressFieldsSchema.extend({ entryId: id('进度记录'), planItemId: z.preprocess(blankToNull, id('计划事项').nullable().optional()) }),
    output: out<{ ok: true }>(), doc: 'Corrects a saved entry (its author or an admin); the row keeps its author and creation time',
  },
  'progress.withdraw': { input: z.object({ entryId: id('进度记录'), reason: withdrawReasonSchema }), output: out<{ ok: true }>(), doc: 'Marks an entry withdrawn (已撤回) with the reason; it stays in the log' },

  'problem.add': { input: z.object({ caseId: id('案卷'), department: textSchema('协调部门', 60), description: textSchema('问题描述', 1000, 2) }), output: out<{ id: string }>() },
  'problem.resolve': { input: z.object({ problemId: id('问题'), resolution: textSchema('解决情况', 1000, 2) }), output: out<{ ok: true }>() },
  'problem.edit': {
    input: z.object({ problemId: id('问题'), department: textSchema('协调部门', 60), description: textSchema('问题描述', 1000, 2), resolution: opt(textSchema('解决情况', 1000, 2)) }),
    output: out<{ ok: true }>(), doc: 'Corrects department, description (and the resolution of a resolved one)',
  },
  'problem.withdraw': { input: z.object({ problemId: id('问题'), reason: withdrawReasonSchema }), output: out<{ ok: true }>() },

  'material.update': { input: z.object({ materialId: id('材料'), originalsHeld: z.number().int().min(0).max(99), copiesHeld: z.number().int().min(0).max(99) }), output: out<{ ok: true }>() },
  'handover.record': {
    input: z.object({
      caseId: id('案卷'),
      direction: z.enum(HANDOVER_DIRECTIONS.codes, { error: '请选择交接方向' }),
      counterpart: textSchema('交接人', 30),
      items: z.array(z.object({ materialId: opt(id('材料')), name: textSchema('材料名称', 100), originals: z.number().int().min(0).max(99), copies: z.number().int().min(0).max(99) })).min(1, { error: '至少登记一份材料' }),
    }),
    output: out<{ id: string }>(),
  },
  'handover.edit': {
    input: z.object({ handoverId: id('交接记录'), counterpart: textSchema('交接人', 30), note: optionalText('备注', 200) }),
    output: out<{ ok: true }>(), doc: 'Corrects who handed over and the note; the items and counts stay as received',
  },
  'handover.withdraw': {
    input: z.object({ handoverId: id('交接记录'), reason: withdrawReasonSchema }),
    output: out<{ ok: true }>(), doc: 'Withdraws a handover recorded by mistake: the held counts go back; the row stays, struck through',
  },

  'attachment.add': {
    input: z.object({ caseId: id('案卷'), name: textSchema('文件名', 200), mime: z.string().max(100), dataBase64: z.string().min(1, { error: '文件为空' }).max(28_000_000, { error: '文件不能超过20MB' }), label: opt(textSchema('说明', 100)) }),
    output: out<AttachmentDto>(),
  },
  'attachment.get': { input: z.object({ attachmentId: id('附件') }), output: out<{ name: string; mime: string; dataBase64: string }>() },

  'transfer.send': {
    input: z.object({ caseId: id('案卷'), kind: z.enum(TRANSFER_KINDS.codes, { error: '请选择转办或联办' }), toOrgUnitId: id('接收机构'), reason: textSchema('转办事由', 500, 2) }),
    output: out<{ id: string }>(),
  },
  'transfer.accept': { input: z.object({ transferId: id('转办'), note: optionalText('接收意见', 300) }), output: out<{ ok: true }>() },
  'transfer.return': { input: z.object({ transferId: id('转办'), reason: textSchema('退回理由', 500, 2) }), output: out<{ ok: true }>() },
  'transfer.inbox': { input: z.object({ status: z.enum(['sent', 'accepted', 'returned']).optional() }).optional().default({}), output: out<TransferDto[]>() },

  'evaluation.add': {
    input: z.object({ caseId: id('案卷'), level: z.coerce.number().int().min(1, { error: '请选择评价等级' }).max(5), source: z.enum(EVALUATION_SOURCES.codes, { error: '请选择评价渠道' }), comment: optionalText('评价内容', 500) }),
    output: out<{ id: string }>(),
  },
  'callback.add': { input: z.object({ evaluationId: id('评价'), content: textSchema('回访内容', 500, 2), result: textSchema('回访结果', 200) }), output: out<{ id: string }>() },
  'rectification.add': { input: z.object({ evaluationId: id('评价'), measure: textSchema('整改措施', 500, 2), deadline: opt(isoDate('整改期限')) }), output: out<{ id: string }>() },
  'rectification.complete': { input: z.object({ rectificationId: id('整改') }), output: out<{ ok: true }>() },
});
