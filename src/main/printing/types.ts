// Printable data: what the builders need, flattened from the store by the caller (see index.ts).
// Every input is parsed with these zod schemas before a document is built; a bad input gets a
// Chinese error (PrintError) that names the field.
import { z } from 'zod';
import {
  APPLICANT_KINDS,
  CASE_STATUSES,
  CHANNELS,
  HANDOVER_DIRECTIONS,
  HELP_KINDS,
  LIMIT_UNITS,
  MODES,
  PLAN_ITEM_STATUSES,
  PLAN_KINDS,
  PROBLEM_STATUSES,
  PROGRESS_KINDS,
  PROJECT_CATEGORIES,
} from '../../shared/domain/enums';
import { CARD_KEY_ID_RE } from '../../shared/guide/card-link';

export const DOCUMENT_KINDS = ['card', 'authorization', 'agreement', 'application', 'receipt', 'plan', 'weekly', 'poster'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export const DOCUMENT_LABELS: Record<DocumentKind, string> = {
  card: '重点项目审批代办服务联络卡',
  authorization: '授权委托书',
  agreement: '代办委托协议',
  application: '代办服务申请表',
  receipt: '材料接收凭证',
  plan: '代办服务计划书',
  weekly: '周进展报告',
  poster: '代办帮办电子指引海报',
};

/** Plain text a person typed: printed exactly as written, never interpreted. */
const text = (max: number) => z.string().max(max);
const name = text(200).min(1);
const optText = (max: number) => text(max).optional();
/** 'YYYY-MM-DD'. */
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
/** 'YYYY-MM-DD' optionally followed by a time ('T' or space, HH:mm[:ss], optional zone). */
const dateTime = z.string().regex(/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/);

const person = z.object({ name, phone: optText(40), idNumber: optText(40), title: optText(60) });
export type PrintablePerson = z.infer<typeof person>;

export const limitSchema = z.object({ value: z.number().nonnegative().max(100000), unit: z.enum(LIMIT_UNITS.codes) });

export const planItemSchema = z.object({
  name,
  department: optText(200),
  limit: limitSchema.optional(),
  dueDate: date.optional(),
  status: z.enum(PLAN_ITEM_STATUSES.codes).default('notStarted'),
  approvalNo: optText(200),
});
export type PrintablePlanItem = z.infer<typeof planItemSchema>;

export const planGroupSchema = z.object({ name: optText(200), items: z.array(planItemSchema).min(1).max(60) });
export const planStageSchema = z.object({
  stage: z.number().int().min(0).max(4),
  name: optText(200),
  groups: z.array(planGroupSchema).max(40),
});
export type PrintablePlanStage = z.infer<typeof planStageSchema>;

export const materialSchema = z.object({
  name,
  originals: z.number().int().min(0).max(9999).default(0),
  copies: z.number().int().min(0).max(9999).default(0),
  pages: z.number().int().min(0).max(99999).optional(),
  note: optText(500),
});

export const handoverSchema = z.object({
  id: optText(80),
  direction: z.enum(HANDOVER_DIRECTIONS.codes).default('received'),
  at: dateTime,
  from: name,
  by: name,
  item: optText(200),
  note: optText(1000),
  materials: z.array(materialSchema).min(1).max(200),
});
export type PrintableHandover = z.infer<typeof handoverSchema>;

export const progressSchema = z.object({
  date: dateTime,
  kind: z.enum(PROGRESS_KINDS.codes).default('note'),
  text: text(4000).min(1),
  author: optText(200),
  hours: z.number().min(0).max(1000).optional(),
  item: optText(200),
});
export type PrintableProgress = z.infer<typeof progressSchema>;

export const problemSchema = z.object({
  raisedAt: date,
  department: optText(200),
  text: text(4000).min(1),
  status: z.enum(PROBLEM_STATUSES.codes).default('open'),
  resolvedAt: date.optional(),
  resolution: optText(4000),
});
export type PrintableProblem = z.infer<typeof problemSchema>;

export const printableCaseSchema = z.object({
  caseNumber: text(64).min(1),
  mode: z.enum(MODES.codes),
  helpKind: z.enum(HELP_KINDS.codes).optional(),
  status: z.enum(CASE_STATUSES.codes).optional(),
  channel: z.enum(CHANNELS.codes).optional(),
  acceptedAt: date.optional(),
  /** What the applicant asked for, in their words. */
  request: optText(4000),
  office: z.object({ name, address: optText(300), phone: optText(40), hours: optText(200) }),
  applicant: z.object({
    kind: z.enum(APPLICANT_KINDS.codes),
    name,
    uscc: optText(40),
    idNumber: optText(40),
    legalRepresentative: optText(200),
    address: optText(300),
    phone: optText(40),
  }),
  /** The person who acts for the applicant on this case (报批员/经办人). */
  contact: person.optional(),
  /** The person an authorization (授权委托书) names; the contact when none is named. */
  authorized: person.optional(),
  project: z.object({
    name,
    code: optText(40),
    category: z.enum(PROJECT_CATEGORIES.codes).optional(),
    location: optText(300),
    investmentWan: z.number().min(0).max(1e9).optional(),
    description: optText(4000),
  }),
  agent: person,
  leader: person.optional(),
  entrustment: z
    .object({
      /** Listed items, listed stages, or the whole way (全程代办). */
      scope: z.enum(['items', 'stages', 'full']),
      stages: z.array(z.number().int().min(0).max(4)).max(5).optional(),
      items: z.array(name).max(200).optional(),
      termStart: date.optional(),
      termEnd: date.optional(),
      signedAt: date.optional(),
    })
    .optional(),
  plan: z
    .object({
      title: optText(200),
      kind: z.enum(PLAN_KINDS.codes).optional(),
      stages: z.array(planStageSchema).max(5),
    })
    .optional(),
  handovers: z.array(handoverSchema).max(500).optional(),
  progress: z.array(progressSchema).max(5000).optional(),
  problems: z.array(problemSchema).max(1000).optional(),
  /** Plan template code: the electronic guide the card's QR opens. */
  templateCode: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/).optional(),
  /** Opaque public progress token (no personal data): letters, digits, '-' and '_'. */
  progressToken: z.string().regex(/^[A-Za-z0-9_-]{8,128}$/).optional(),
});
export type PrintableCase = z.infer<typeof printableCaseSchema>;
export type PrintableCaseInput = z.input<typeof printableCaseSchema>;

export const printableWeeklySchema = z.object({
  /** A key project's report, or an office's report over several cases. */
  scope: z.enum(['project', 'office']),
  title: optText(200),
  office: z.object({ name, address: optText(300), phone: optText(40), hours: optText(200) }),
  periodStart: date,
  periodEnd: date,
  cases: z.array(printableCaseSchema).max(500),
});
export type PrintableWeekly = z.infer<typeof printableWeeklySchema>;
export type PrintableWeeklyInput = z.input<typeof printableWeeklySchema>;

export const printOptionsSchema = z.object({
  /** Base URL of the electronic guide (http or https, no query): the admin's or the server's. Needed for the card and the poster. */
  guideBaseUrl: z.url({ protocol: /^https?$/ }).max(300).optional(),
  /**
   * The card link's signature (key id and MAC over cardMacMessage of this case's token, number,
   * template and registration date), made by the caller with the desktop's card key. Without it
   * the card prints the unsigned link (a standalone desktop).
   */
  cardSignature: z.object({ keyId: z.string().regex(CARD_KEY_ID_RE), mac: z.string().regex(/^[A-Za-z0-9_-]{16}$/) }).optional(),
  /** When the document is printed: 'YYYY-MM-DD' or a date-time. From the injected clock. */
  printedAt: dateTime,
  /** Who prints (shown in the footer of A4 forms). */
  printedBy: optText(200),
  /** A blank form (样表) the applicant fills in by hand: no box is ticked, the footer says 样表. */
  blankForm: z.boolean().optional(),
  /** For the receipt: which handover; the latest when absent. */
  handoverId: optText(80),
  /** For the weekly report of one case: the week; Monday to Sunday around printedAt when absent. */
  periodStart: date.optional(),
  periodEnd: date.optional(),
});
export type PrintOptions = z.infer<typeof printOptionsSchema>;
export type PrintOptionsInput = z.input<typeof printOptionsSchema>;

/** A Chinese, user-facing error about the data handed to printing. Nothing is printed. */
export class PrintError extends Error {
  override readonly name = 'PrintError';
  constructor(
    message: string,
    readonly issues: string[] = [],
  ) {
    super(message);
  }
}

const FIELD_LABELS: Record<string, string> = {
  caseNumber: '代办编号',
  mode: '服务方式',
  helpKind: '帮办类型',
  office: '服务机构',
  applicant: '申请人',
  contact: '经办人',
  authorized: '被委托人',
  project: '项目',
  agent: '代办员',
  leader: '责任领导',
  entrustment: '委托',
  plan: '代办服务计划',
  handovers: '材料交接',
  progress: '进度记录',
  problems: '问题协调',
  templateCode: '计划模板编码',
  progressToken: '进度查询码',
  guideBaseUrl: '电子指引地址',
  cardSignature: '联络卡签名',
  printedAt: '打印日期',
  printedBy: '打印人',
  name: '名称',
  phone: '电话',
  idNumber: '身份证号码',
  uscc: '统一社会信用代码',
  address: '地址',
  hours: '办公时间',
  code: '项目代码',
  dueDate: '截止日期',
  date: '日期',
  at: '时间',
  materials: '材料',
  items: '事项',
  stages: '阶段',
  groups: '并联组',
  cases: '项目',
  periodStart: '统计起始日',
  periodEnd: '统计截止日',
};

function describePath(p: ReadonlyArray<PropertyKey>): string {
  return p
    .map((seg) => (typeof seg === 'number' ? `第${seg + 1}项` : (FIELD_LABELS[String(seg)] ?? String(seg))))
    .join(' › ');
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const where = issue.path.length > 0 ? describePath(issue.path) : '数据';
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined && /received undefined/.test(issue.message) ? `${where}：必填` : `${where}：类型不正确`;
    case 'too_big':
      return `${where}：过长（上限 ${String(issue.maximum)}）`;
    case 'too_small':
      return `${where}：不能为空`;
    case 'invalid_format':
      return `${where}：格式不正确`;
    case 'invalid_value':
      return `${where}：取值不在允许范围内`;
    default:
      return `${where}：无效`;
  }
}

/** Store rows use null for "absent"; the schemas use undefined. Copies plain objects and arrays. */
export function dropNulls(value: unknown, depth = 0): unknown {
  if (depth > 24) return value;
  if (Array.isArray(value)) return value.map((v) => dropNulls(v, depth + 1));
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== null && v !== undefined) out[k] = dropNulls(v, depth + 1);
    return out;
  }
  return value;
}

/** Parses with a schema (nulls count as absent); throws PrintError with Chinese messages on failure. */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, what: string): z.infer<S> {
  const result = schema.safeParse(dropNulls(value));
  if (result.success) return result.data;
  const issues = result.error.issues.map(describeIssue);
  throw new PrintError(`${what}无效：${issues.slice(0, 5).join('；')}${issues.length > 5 ? ` 等 ${issues.length} 处` : ''}`, issues);
}
