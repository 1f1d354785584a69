// Result types of the contract: what the UI receives. Plain JSON (strings for dates: 'YYYY-MM-DD'
// for days, ISO 8601 for instants). Personal data arrives masked unless the role needs it.
import type { CatalogFields } from '../domain/catalog-versions';
import type { TemplateContent } from '../domain/template-versions';
import type {
  AdmissionStatus, ApplicantKind, CaseStatus, Channel, EntrustmentKind, EntrustmentStatus, EvaluationLevel,
  EvaluationSource, HandoverDirection, HelpKind, KnowledgeKind, KnowledgeStatus, LimitUnit, Mode, OrgLevel, PlanItemStatus, PlanKind,
  ProblemStatus, ProgressKind, ProjectCategory, Role, Stage, TransferKind, TransferStatus,
} from '../domain/enums';

export interface SessionUser {
  userId: string;
  username: string;
  displayName: string;
  /** The first of `roles`, shown beside the name. */
  role: Role;
  /** Every role the user holds; access checks look at all of them. */
  roles: Role[];
  orgUnitId: string;
  orgUnitName: string;
  orgLevel: OrgLevel;
}

export interface AuthStatusDto {
  /** False on a fresh data folder: the UI asks for the first admin. */
  initialized: boolean;
  session: SessionUser | null;
  /** Whether this host can fill an empty folder with demonstration data. */
  demoAvailable: boolean;
}

export interface OrgUnitDto {
  id: string;
  name: string;
  level: OrgLevel;
  parentId: string | null;
  code: string | null;
  /** The service office's name on cards and agreements (often longer than the unit's name). */
  officeName: string;
  address: string;
  phone: string;
  officeHours: string;
}

export interface UserDto {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  roles: Role[];
  orgUnitId: string;
  orgUnitName: string;
  phone: string | null;
  active: boolean;
  lockedUntil: string | null;
}

export interface UserOptionDto { id: string; displayName: string; role: Role; roles: Role[]; orgUnitId: string; orgUnitName: string; phone: string | null }

export interface ApplicantDto {
  id: string;
  kind: ApplicantKind;
  name: string;
  /** Resident ID (person) — masked unless revealed. */
  idNumber: string | null;
  uscc: string | null;
  legalRepresentative: string | null;
}

/** The person who acts for the applicant on one case (经办人); ID number and phone masked unless revealed. */
export interface CaseContactDto {
  name: string | null;
  idNumber: string | null;
  phone: string | null;
}

/** What a correction changed (field names of the record); empty when every value was already so. */
export interface CorrectionResultDto { changed: string[] }

/** A field of the applicant where the registered value and the typed one differ. */
export interface ApplicantDifferenceDto { field: 'name' | 'legalRepresentative'; registered: string; typed: string }

/**
 * What registering a request answers: the new case, or — when the USCC / resident ID is already
 * registered under another name — both values, so the clerk says which is right and sends again.
 */
export type IntakeResultDto =
  | { outcome: 'registered'; caseId: string; caseNo: string }
  | { outcome: 'applicantDiffers'; applicantId: string; registeredName: string; typedName: string; differences: ApplicantDifferenceDto[]; message: string };

export interface ProjectDto {
  id: string;
  name: string;
  code: string | null;
  category: ProjectCategory;
  location: string | null;
  investment: number | null;
  admissionStatus: AdmissionStatus;
  admissionReason: string | null;
}

export interface CaseSummaryDto {
  id: string;
  caseNo: string;
  title: string;
  applicantName: string;
  mode: Mode;
  helpKind: HelpKind | null;
  channel: Channel;
  status: CaseStatus;
  agentName: string | null;
  orgUnitName: string;
  createdAt: string;
  /** 受理日期 (YYYY-MM-DD). */
  acceptedDate: string;
  /** Earliest due date of an open plan item, if any. */
  nextDue: string | null;
  overdue: boolean;
}

export interface PlanItemDto {
  id: string;
  stage: Stage;
  parallelGroup: number;
  catalogItemId: string | null;
  code: string | null;
  name: string;
  department: string | null;
  status: PlanItemStatus;
  limitValue: number | null;
  limitUnit: LimitUnit | null;
  startDate: string | null;
  dueDate: string | null;
  /** Working days from today to the due date (negative when overdue); null without a due date. */
  workingDaysLeft: number | null;
  approvalDocNo: string | null;
}

export interface PlanDto {
  id: string;
  kind: PlanKind;
  templateName: string | null;
  items: PlanItemDto[];
  /** Years the open items' due dates run into without a published calendar (estimated by the week). */
  uncalendaredYears: number[];
}

/** A saved record that was withdrawn (撤回): it stays in the list, struck through, with the reason. */
export interface WithdrawalDto {
  withdrawnAt: string | null;
  withdrawnByName: string | null;
  withdrawReason: string | null;
}

export interface ProgressEntryDto extends WithdrawalDto {
  id: string;
  authorId: string;
  at: string;
  kind: ProgressKind;
  text: string;
  hours: number;
  authorName: string;
  planItemId: string | null;
}

export interface ProblemDto extends WithdrawalDto {
  id: string;
  department: string;
  description: string;
  status: ProblemStatus;
  raisedAt: string;
  resolvedAt: string | null;
  resolution: string | null;
}

export interface MaterialDto {
  id: string;
  planItemId: string | null;
  /** The plan item whose checklist it is on; null for materials received outside the checklist. */
  planItemName: string | null;
  name: string;
  required: boolean;
  originalsRequired: number;
  copiesRequired: number;
  originalsHeld: number;
  copiesHeld: number;
  /** Totals of the handovers (材料交接) of this material. */
  received: { originals: number; copies: number };
  returned: { originals: number; copies: number };
}

export interface HandoverDto extends WithdrawalDto {
  id: string;
  receiptNo: string;
  note: string;
  at: string;
  direction: HandoverDirection;
  counterpart: string;
  items: Array<{ name: string; originals: number; copies: number }>;
  byName: string;
}

export interface AttachmentDto { id: string; name: string; mime: string; size: number; label: string | null; addedAt: string; addedByName: string }

export interface EntrustmentDto {
  id: string;
  kind: EntrustmentKind;
  status: EntrustmentStatus;
  scope: string;
  termEnd: string | null;
  authorizedPerson: string | null;
  createdAt: string;
  signedAt: string | null;
  revokedAt: string | null;
  revokeReason: string | null;
  /** The scan of the signed paper, when attached. */
  scan: { attachmentId: string; name: string } | null;
  /** Signed without its scan (待补扫描件). */
  scanMissing: boolean;
}

export interface TransferDto {
  id: string;
  caseId: string;
  caseNo: string;
  caseTitle: string;
  kind: TransferKind;
  status: TransferStatus;
  fromOrgUnitName: string;
  toOrgUnitId: string;
  toOrgUnitName: string;
  reason: string;
  sentAt: string;
  sentByName: string;
  answeredAt: string | null;
  answer: string | null;
}

export interface EvaluationDto {
  id: string;
  level: EvaluationLevel;
  source: EvaluationSource;
  comment: string | null;
  at: string;
  callbacks: Array<{ id: string; at: string; content: string; result: string; byName: string }>;
  rectifications: Array<{ id: string; measure: string; deadline: string | null; done: boolean; doneAt: string | null }>;
}

export interface ClosingDto { outcome: 'completed' | 'suspended' | 'withdrawn'; reason: string; at: string; byName: string }

export interface CaseFileDto {
  summary: CaseSummaryDto;
  description: string | null;
  leaderName: string | null;
  agentId: string | null;
  leaderId: string | null;
  orgUnitId: string;
  applicant: ApplicantDto;
  contact: CaseContactDto;
  project: ProjectDto | null;
  entrustments: EntrustmentDto[];
  plan: PlanDto | null;
  progress: ProgressEntryDto[];
  problems: ProblemDto[];
  materials: MaterialDto[];
  handovers: HandoverDto[];
  attachments: AttachmentDto[];
  transfers: TransferDto[];
  evaluations: EvaluationDto[];
  closing: ClosingDto | null;
  /** Steps the status machine allows now, so the UI shows only valid buttons. */
  allowedActions: string[];
}

export interface DueItemDto {
  planItemId: string;
  caseId: string;
  caseNo: string;
  caseTitle: string;
  itemName: string;
  dueDate: string;
  workingDaysLeft: number;
  agentName: string | null;
}

export interface ActivityDto { id: string; at: string; who: string; action: string; caseId: string | null; caseNo: string | null; /** The event as a Chinese sentence. */ text: string }

export interface DashboardDto {
  counters: { openCases: number; myCases: number; dueSoon: number; overdue: number; pendingTransfers: number; completedThisMonth: number };
  myCases: CaseSummaryDto[];
  dueSoon: DueItemDto[];
  overdue: DueItemDto[];
  recent: ActivityDto[];
  /** Years without a published calendar that due dates soon run into (this year; next year from November). */
  calendarWarningYears: number[];
  reminders: DashboardRemindersDto;
}

/** A bad rating (差评) still lacking its callback or its rectification entry. */
export interface FollowUpReminderDto {
  evaluationId: string;
  caseId: string;
  caseNo: string;
  title: string;
  level: EvaluationLevel;
  evaluatedDate: string;
  missingCallback: boolean;
  missingRectification: boolean;
}

/** An open rectification due within 3 working days, or overdue. */
export interface RectificationReminderDto {
  rectificationId: string;
  evaluationId: string;
  caseId: string;
  caseNo: string;
  title: string;
  measure: string;
  responsibleName: string | null;
  dueDate: string;
  /** 0 = due today, negative = overdue by that many working days. */
  workingDaysLeft: number;
}

/** The 工作台's reminders of 好差评 follow-ups and of the quarter's 政企互动统计表. */
export interface DashboardRemindersDto {
  /** In the 好差评台账's scope (an agent: their own cases; others: their office subtree); null without a signed-in user. */
  ratings: {
    followUps: FollowUpReminderDto[];
    followUpCount: number;
    rectifications: RectificationReminderDto[];
    rectificationCount: number;
    overdueCount: number;
  } | null;
  /** In the first 5 working days of a quarter: the previous quarter's 政企互动情况统计表 is due by `dueBy`. */
  interactionReport: { year: number; quarter: number; from: string; to: string; dueBy: string; recorded: number } | null;
}

export interface SearchResultDto {
  cases: CaseSummaryDto[];
  applicants: ApplicantDto[];
  projects: Array<ProjectDto & { caseId: string | null; caseNo: string | null }>;
  tookMs: number;
}

export interface CatalogItemDto {
  id: string;
  code: string;
  name: string;
  department: string;
  level: OrgLevel | null;
  stage: Stage;
  statutoryLimit: number | null;
  promisedLimit: number | null;
  limitUnit: LimitUnit;
  materials: string[];
  /** The materials' sample forms (样表), by material name. */
  sampleForms: Array<{ material: string; name: string; sha256: string }>;
  fees: string | null;
  proxyAllowed: boolean;
  online: boolean;
  instant: boolean;
  basis: string;
  /** The date the fields shown came into force (null: as shipped or first published). */
  effectiveFrom: string | null;
  /** The next change already saved for a later date, if any. */
  nextChangeFrom: string | null;
}

export interface CatalogHistoryDto {
  item: CatalogItemDto;
  /** The editable fields in force today (the editor's starting point). */
  fields: CatalogFields;
  /** Today at this desktop: the earliest date a change may take effect. */
  today: string;
  /** Oldest first. */
  entries: Array<{
    versionId: string;
    effectiveFrom: string;
    authorName: string;
    createdAt: string;
    note: string;
    changes: Array<{ field: string; label: string; before: unknown; after: unknown }>;
  }>;
}

/** A workbook the backend made: the renderer saves it under fileName. */
/** standalone: no server yet; notCentre: only the centre publishes; needed: the server lacks what the counts say. */
export interface ReferencePublishStatusDto { state: 'standalone' | 'notCentre' | 'needed' | 'published'; items: number; templates: number }

export interface FileDto { fileName: string; mime: string; dataBase64: string }

/** One row of a catalogue import as the dry run reads it. */
export interface CatalogImportRowDto {
  /** The sheet and the row number as Excel shows it. */
  sheet: string;
  row: number;
  code: string;
  name: string;
  /** add: a new item; change: a new version from the import's date; same: nothing to write; error: see problems. */
  action: 'add' | 'change' | 'same' | 'error';
  /** For a change: the labels of the fields it changes. */
  changed: string[];
  problems: string[];
}

export interface CatalogImportDto {
  fileName: string;
  effectiveFrom: string;
  /** Whether the import wrote anything (never on a dry run, never with a problem). */
  written: boolean;
  counts: { add: number; change: number; same: number; error: number };
  /** Every item row, the problem rows of every sheet first. */
  rows: CatalogImportRowDto[];
  /** Problems of the file as a whole (a missing sheet or column). */
  fileProblems: string[];
  /** Departments the file adds to the directory (its 实施部门 sheet). */
  newDepartments: string[];
  /** Items in the catalogue the file does not list: an import never removes them. */
  notInFile: number;
}

/** A 知识库 article in a list. */
export interface KnowledgeSummaryDto {
  id: string;
  title: string;
  kind: KnowledgeKind;
  status: KnowledgeStatus;
  public: boolean;
  tags: string[];
  catalogCodes: string[];
  templateCodes: string[];
  authorName: string;
  officeName: string;
  updatedAt: string;
  publishedAt: string | null;
  /** The body's first words as plain text. */
  excerpt: string;
}

export interface KnowledgeArticleDto extends KnowledgeSummaryDto {
  body: string;
  /** The body rendered (raw HTML off): safe to insert. */
  bodyHtml: string;
  items: Array<{ code: string; name: string | null }>;
  templates: Array<{ code: string; name: string | null }>;
  /** Files; `here`: the bytes are on this desktop (else they arrive with the next sync). */
  attachments: Array<{ name: string; mime: string; size: number; sha256: string; here: boolean }>;
  publishedByName: string | null;
  /** What the caller may do with it (the backend checks again). */
  mayEdit: boolean;
  mayPropose: boolean;
  mayPublish: boolean;
  mayWithdraw: boolean;
  mayRemove: boolean;
}

export interface PlanTemplateDto {
  id: string;
  code: string;
  name: string;
  kind: PlanKind;
  category: ProjectCategory | null;
  items: Array<{ catalogItemId: string; code: string; name: string; stage: Stage; parallelGroup: number }>;
  description: string;
  /** The date the content shown came into force (null: as shipped or first published). */
  effectiveFrom: string | null;
  /** The next change already saved for a later date, if any. */
  nextChangeFrom: string | null;
}

export interface PlanTemplateHistoryDto {
  template: PlanTemplateDto;
  /** The editable content in force today (the editor's starting point). */
  content: TemplateContent;
  /** This desktop's today: the earliest 生效日期. */
  today: string;
  /** Oldest first; each change said in Chinese. */
  entries: Array<{ versionId: string; effectiveFrom: string; authorName: string; createdAt: string; note: string; changes: string[] }>;
}

export interface CalendarYearDto {
  year: number;
  /** Dates that are days off although on a weekday (public holidays). */
  holidays: string[];
  /** Weekend dates that are workdays (调休). */
  workdays: string[];
  source: string | null;
  /** After an edit: how many open plan items got a new due date. */
  recomputedDueDates?: number;
}

/** One field a correction changed, said for people: "联系电话：从 139****0000 改为 138****1111". */
export interface AuditChangeDto { field: string; from: string; to: string }

/** An audit event in words (the backend resolves case numbers, staff and office names). */
export interface AuditEventDto {
  id: string;
  at: string;
  userName: string | null;
  /** The action name (for filtering); never shown. */
  action: string;
  /** The part of the app, in Chinese: 办件, 进度记录, 登录… */
  domain: string;
  /** The event as a Chinese sentence naming its object. */
  text: string;
  caseId: string | null;
  caseNo: string | null;
  changes: AuditChangeDto[];
  reason: string | null;
}

/** 准入审核 queue: a case whose project awaits review (待审核) or a leader's second look (拒绝待复核). */
export interface AdmissionQueueItemDto {
  caseId: string;
  caseNo: string;
  projectId: string;
  projectName: string;
  applicantName: string;
  orgUnitName: string | null;
  admissionStatus: 'pending' | 'refusalPending';
  /** The refusal proposed (拒绝待复核), with who proposed it. */
  reason: string | null;
  proposedBy: string | null;
  proposedByMe: boolean;
  registeredAt: string;
}

export interface Page<T> { rows: T[]; total: number }

/** 系统设置 → 电子指引地址: where cards point, and why. */
export interface GuideAddressDto {
  /** The address the enrolled server announced (its --public-url), or null (standalone, or none announced). */
  serverUrl: string | null;
  /** The admin's override on this desktop, or null. */
  override: string | null;
  /** What cards print: the override, else the server's address, else none. */
  effective: string | null;
  source: 'override' | 'server' | null;
  /** Whether cards carry a signature (this desktop holds a card key from the server). */
  signed: boolean;
}

export interface PrintedDocumentDto { fileName: string; mime: 'application/pdf'; dataBase64: string; pages: number | null }

export interface SyncStatusDto {
  state: 'online' | 'offline' | 'pending' | 'notConfigured';
  pendingChanges: number;
  lastSyncAt: string | null;
  message: string | null;
  /** A fresh desktop's first pull (the bulk load) under way or waiting to go on; null otherwise. */
  load: SyncLoadDto | null;
}

export interface SyncLoadDto {
  /** 'load': rows arriving; 'index': building indexes and search once the rows are in. */
  phase: 'load' | 'index';
  /** Whether a round is working on it now (false: cut short, it goes on with the next round). */
  running: boolean;
  rows: number;
  /** Rows the server announced for the whole load (null until it said). */
  totalRows: number | null;
  bytes: number;
  /** Time left at this round's pace (null until there is a pace). */
  remainingMs: number | null;
}

/** 政企互动: one government–enterprise interaction (Meizhou annex 2). */
export interface InteractionDto extends WithdrawalDto {
  id: string;
  heldDate: string;
  place: string;
  enterprises: string;
  content: string;
  orgUnitId: string;
  orgUnitName: string;
  recordedByName: string;
}

// ---------------------------------------------------------------- sync center (同步)

/** The status strip: the sync state plus what waits for a person on this desktop. */
export interface SyncStripDto extends SyncStatusDto {
  /** Same-field conflicts the server recorded, not yet resolved (冲突待处理). */
  openConflicts: number;
  /** Local changes the server refused that nobody has dealt with yet. */
  openRejections: number;
  /** Whether this desktop is enrolled with a sync server. */
  enrolled: boolean;
}

export interface SyncCaseRefDto { id: string; caseNo: string; title: string }

/** One field of a change, labelled and formatted for people (personal data masked). */
export interface SyncFieldDto { field: string; label: string; value: string }

/** A local change the server refused (被拒绝的修改), with what the clerk entered. */
export interface RejectedChangeDto {
  seq: number;
  entity: string;
  entityLabel: string;
  entityId: string;
  /** What the change did, in words (登记办件, 转办, 修改进度记录…). */
  action: string;
  case: SyncCaseRefDto | null;
  /** The case tab where it can be entered again. */
  caseTab: string | null;
  fields: SyncFieldDto[];
  /**
   * What the case-file form of this kind of record would be filled with to enter it again
   * (重新编辑), keyed by the form's draft name (transfer, progress, problem); null when there is no such form.
   */
  refill: { form: 'transfer' | 'progress' | 'problem'; values: Record<string, string | number | null> } | null;
  /** The server's reason, in Chinese. */
  reason: string;
  authorName: string | null;
  madeAt: string;
  rejectedAt: string | null;
}

/** A same-field conflict on a controlled field (冲突待处理): the server kept its value. */
export interface SyncConflictDto {
  id: string;
  entity: string;
  entityLabel: string;
  entityId: string;
  field: string;
  fieldLabel: string;
  /** The value the server kept (now in effect). */
  serverText: string;
  /** The value of the change that did not take effect. */
  localText: string;
  case: SyncCaseRefDto | null;
  caseTab: string | null;
  createdAt: string;
  /** Whether the signed-in user may resolve it (agents, leaders, admins of the case's scope). */
  canResolve: boolean;
  /** Why the change cannot simply be submitted again from here (null when it can). */
  resubmitBlocked: string | null;
  /** Submitting again is a workflow step that asks for a reason (e.g. 中止原因). */
  resubmitReasonLabel: string | null;
}

/** What the last sync round did. */
export interface SyncRoundDto {
  ok: boolean;
  message: string | null;
  pushed: number;
  rejected: number;
  conflicts: number;
  pulled: number;
  pending: number;
  ms: number;
}

export interface SyncDeviceDto { deviceId: string; serverUrl: string; orgUnitId: string; orgUnitName: string | null; expiresAt: string | null; /** The connection is plain http:// over a network (a trial an admin allowed). */ insecure: boolean }

/** A row the server sent that this desktop refused to store (malformed): waits until a good version arrives. */
export interface RefusedPulledRowDto {
  entity: string;
  entityLabel: string;
  id: string;
  /** Which field is wrong, in Chinese. */
  reason: string;
  refusedAt: string;
}

export interface SyncOverviewDto {
  status: SyncStripDto;
  device: SyncDeviceDto | null;
  lastRound: SyncRoundDto | null;
  rejections: RejectedChangeDto[];
  conflicts: SyncConflictDto[];
  refusedRows: RefusedPulledRowDto[];
}

// ---------------------------------------------------------------- 终端管理 (desktops at the centre)

/** A desktop enrolled with the central server, in the admin's subtree. */
export interface TerminalDto {
  id: string;
  name: string;
  orgUnitId: string;
  /** The office's name from this desktop's org_units (null when it is not known here). */
  orgUnitName: string | null;
  series: number | null;
  createdAt: string;
  lastSeenAt: string | null;
  revokedAt: string | null;
  /** This very desktop. */
  isThis: boolean;
}

/** An office of the admin's subtree a code may be issued for. */
export interface TerminalOfficeDto { id: string; name: string; level: string }

/** 终端管理: whether the admin confirmed the password this session, and then the desktops. */
export interface TerminalsDto {
  connected: boolean;
  serverUrl: string | null;
  /** Why the admin must confirm the password again (the centre's admin login expired), or null. */
  notice: string | null;
  devices: TerminalDto[];
  offices: TerminalOfficeDto[];
  ownOrgUnitId: string;
}

/** A one-time enrolment code just issued. */
export interface TerminalCodeDto { code: string; orgUnitId: string; orgUnitName: string | null; expiresAt: string; serverUrl: string }
