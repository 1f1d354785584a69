// The desktop store: one drizzle table per entity of DOMAIN.md. Column names are snake_case in SQL
// (drizzle `casing: 'snake_case'`), camelCase in TypeScript.
//
// Conventions every synced entity follows (the sync protocol relies on them):
// - `id`: UUIDv7 made on the desktop (time-ordered, so bulk inserts stay append-only in the B-tree);
// - `createdAt` / `updatedAt`: ISO timestamps from the injected clock;
// - `deletedAt`: soft delete — rows are tombstoned, never removed, so a delete can sync;
// - scope: `orgUnitId` (owning office) on top-level rows, `caseId` on everything inside a case file.

import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import type { CatalogFields } from '../../shared/domain/catalog-versions.js';
import type { TemplateContent } from '../../shared/domain/template-versions.js';

const entity = {
  id: text().primaryKey(),
  createdAt: text().notNull(),
  updatedAt: text().notNull(),
  deletedAt: text(),
};

/**
 * A withdrawal (撤回) of a saved record: the row stays, shown struck through with the reason. Logs
 * (progress, handovers) are never deleted; the sync rules allow only these and the editable fields.
 */
const withdrawal = {
  withdrawnAt: text(),
  withdrawnBy: text(),
  withdrawReason: text(),
};

// ---------------------------------------------------------------- reference data (published centrally)

export const orgUnits = sqliteTable('org_units', {
  ...entity,
  /** Administrative division code (6 digits county and up, 9 township, 12 village). */
  code: text().notNull(),
  name: text().notNull(),
  level: text().notNull(),
  parentId: text(),
  officeName: text().notNull(),
  address: text().notNull().default(''),
  phone: text().notNull().default(''),
  officeHours: text().notNull().default(''),
}, (t) => [uniqueIndex('org_units_code').on(t.code), index('org_units_parent').on(t.parentId)]);

export const users = sqliteTable('users', {
  ...entity,
  username: text().notNull(),
  displayName: text().notNull(),
  phone: text().notNull().default(''),
  orgUnitId: text().notNull().references(() => orgUnits.id),
  /** JSON array of role codes (a user may be clerk and agent at once). */
  roles: text({ mode: 'json' }).$type<string[]>().notNull(),
  /** 专职 full-time or 兼职 part-time, for agents. */
  agentKind: text(),
  passwordHash: text().notNull(),
  failedLogins: integer().notNull().default(0),
  lockedUntil: text(),
  active: integer({ mode: 'boolean' }).notNull().default(true),
  lastLoginAt: text(),
}, (t) => [uniqueIndex('users_username').on(t.username), index('users_org').on(t.orgUnitId)]);

export const catalogItems = sqliteTable('catalog_items', {
  ...entity,
  code: text().notNull(),
  name: text().notNull(),
  department: text().notNull(),
  level: text().notNull(),
  planKind: text().notNull(),
  stage: integer().notNull(),
  statutoryLimitValue: integer(),
  statutoryLimitUnit: text(),
  promisedLimitValue: integer().notNull(),
  promisedLimitUnit: text().notNull(),
  /** JSON array of required materials: { name, originals, copies, note? }. */
  materials: text({ mode: 'json' }).$type<Array<{ name: string; originals: number; copies: number; note?: string }>>().notNull(),
  fee: text().notNull().default('不收费'),
  proxyAllowed: integer({ mode: 'boolean' }).notNull().default(true),
  online: integer({ mode: 'boolean' }).notNull().default(false),
  active: integer({ mode: 'boolean' }).notNull().default(true),
}, (t) => [uniqueIndex('catalog_items_code').on(t.code)]);

/**
 * A change of a catalogue item from a date (src/shared/domain/catalog-versions.ts): the item's
 * whole field set in force from `effectiveFrom`. Append-only: a later change is a new version.
 */
export const catalogItemVersions = sqliteTable('catalog_item_versions', {
  ...entity,
  catalogItemId: text().notNull(),
  effectiveFrom: text().notNull(),
  fields: text({ mode: 'json' }).$type<CatalogFields>().notNull(),
  authorId: text().notNull(),
  note: text().notNull().default(''),
}, (t) => [index('catalog_item_versions_item').on(t.catalogItemId, t.effectiveFrom)]);

export const planTemplates = sqliteTable('plan_templates', {
  ...entity,
  code: text().notNull(),
  name: text().notNull(),
  planKind: text().notNull(),
  projectCategory: text(),
  description: text().notNull().default(''),
  /** JSON array of { catalogCode, stage, group } in plan order. */
  items: text({ mode: 'json' }).$type<Array<{ catalogCode: string; stage: number; group: number }>>().notNull(),
  active: integer({ mode: 'boolean' }).notNull().default(true),
}, (t) => [uniqueIndex('plan_templates_code').on(t.code)]);

/**
 * A change of a plan template from a date (src/shared/domain/template-versions.ts): the template's
 * whole editable content in force from `effectiveFrom`. Append-only: a later change is a new version.
 */
export const planTemplateVersions = sqliteTable('plan_template_versions', {
  ...entity,
  planTemplateId: text().notNull(),
  effectiveFrom: text().notNull(),
  content: text({ mode: 'json' }).$type<TemplateContent>().notNull(),
  authorId: text().notNull(),
  note: text().notNull().default(''),
}, (t) => [index('plan_template_versions_template').on(t.planTemplateId, t.effectiveFrom)]);

/**
 * 知识库: an article (policy, FAQ, 标准流程, lesson) in Markdown, linked to catalogue items and plan
 * templates by code. Staff propose; the centre's admins publish (src/shared/sync/reference-authority.ts).
 */
export const knowledgeArticles = sqliteTable('knowledge_articles', {
  ...entity,
  title: text().notNull(),
  kind: text().notNull(),
  body: text().notNull(),
  tags: text({ mode: 'json' }).$type<string[]>().notNull(),
  catalogCodes: text({ mode: 'json' }).$type<string[]>().notNull(),
  templateCodes: text({ mode: 'json' }).$type<string[]>().notNull(),
  /** Files (a sample form, a flow chart scan) under their SHA-256, synced like case attachments. */
  attachments: text({ mode: 'json' }).$type<Array<{ name: string; mime: string; size: number; sha256: string }>>().notNull().default([]),
  /** Shown on the public guide once published. */
  public: integer({ mode: 'boolean' }).notNull().default(false),
  status: text().notNull(),
  authorId: text().notNull(),
  /** The author's office. */
  orgUnitId: text().notNull(),
  publishedBy: text(),
  publishedAt: text(),
}, (t) => [index('knowledge_articles_status').on(t.status, t.updatedAt)]);

/**
 * 部门联络表 (Meizhou annex 1): one row per person of a department's directory — its 分管领导,
 * 业务负责人 or 审批骨干 — in the directory of one office (orgUnitId). One row per person, not a list
 * per department, so two admins editing different people of a department never overwrite each
 * other (edits sync as field patches). Reference data: every desktop pulls every office's directory;
 * admins of the office's subtree edit it (src/shared/sync/reference-authority.ts).
 */
export const departmentContacts = sqliteTable('department_contacts', {
  ...entity,
  /** The office whose directory this is (a county's directory lists the county's departments). */
  orgUnitId: text().notNull(),
  department: text().notNull(),
  /** leader 分管领导 · lead 业务负责人 · staff 审批骨干 (src/shared/contacts/contact.ts). */
  role: text().notNull(),
  name: text().notNull(),
  post: text().notNull().default(''),
  /** Normalised by validatePhone: 11 digits. */
  mobile: text().notNull().default(''),
  /** Normalised by validatePhone: 0591-87654321 (or a mobile). */
  officePhone: text().notNull().default(''),
  /** 负责业务. */
  business: text().notNull().default(''),
  /** 备注 (e.g. the department's address or hall window). */
  note: text().notNull().default(''),
}, (t) => [index('department_contacts_office').on(t.orgUnitId, t.department)]);

export const calendarYears = sqliteTable('calendar_years', {
  year: integer().primaryKey(),
  /** JSON { holidays: [{date, name}], workdays: [date] } — one year of the official calendar. */
  data: text({ mode: 'json' }).$type<{ holidays: Array<{ date: string; name: string }>; workdays: string[] }>().notNull(),
  source: text().notNull(),
  updatedAt: text().notNull(),
  updatedBy: text(),
});

// ---------------------------------------------------------------- applicants and projects

export const applicants = sqliteTable('applicants', {
  ...entity,
  orgUnitId: text().notNull(),
  kind: text().notNull(),
  name: text().notNull(),
  uscc: text(),
  residentId: text(),
  legalRepresentative: text().notNull().default(''),
  // The person who acts (经办人) is not here: one enterprise sends different people, so the
  // contact belongs to each case (cases.contact*).
  address: text().notNull().default(''),
}, (t) => [
  index('applicants_uscc').on(t.uscc),
  index('applicants_resident_id').on(t.residentId),
  index('applicants_org').on(t.orgUnitId),
]);

export const projects = sqliteTable('projects', {
  ...entity,
  orgUnitId: text().notNull(),
  applicantId: text().notNull().references(() => applicants.id),
  name: text().notNull(),
  projectCode: text(),
  category: text().notNull(),
  location: text().notNull().default(''),
  /** Total investment in 万元. */
  investment: real(),
  admissionStatus: text().notNull().default('pending'),
  admissionReason: text(),
  admissionBy: text(),
  admissionAt: text(),
  /** The second person who confirmed a refusal (窗口无否决权). */
  admissionReviewBy: text(),
  admissionReviewAt: text(),
}, (t) => [
  index('projects_applicant').on(t.applicantId),
  index('projects_code').on(t.projectCode),
  // 统计分析 reads a received case's project category without visiting the wide project rows.
  index('projects_category').on(t.id, t.category),
  // The 准入审核 queue reads only the few projects still awaiting a decision.
  index('projects_admission_open').on(t.admissionStatus).where(sql`admission_status IN ('pending', 'refusalPending')`),
]);

// ---------------------------------------------------------------- cases (专属档案)

export const cases = sqliteTable('cases', {
  ...entity,
  caseNo: text().notNull(),
  /** The office that registered the case (its number belongs to this office). */
  orgUnitId: text().notNull(),
  /** The office handling it now; differs from orgUnitId after a transfer. */
  handlingOrgUnitId: text().notNull(),
  applicantId: text().notNull().references(() => applicants.id),
  projectId: text().references(() => projects.id),
  channel: text().notNull(),
  mode: text().notNull(),
  helpKind: text(),
  status: text().notNull(),
  subject: text().notNull(),
  /** The applicant's person who acts on this case (经办人/报批员): name, resident ID, phone. */
  contactName: text().notNull().default(''),
  contactResidentId: text(),
  contactPhone: text().notNull().default(''),
  agentId: text(),
  leaderId: text(),
  templateCode: text(),
  /** Random public token for progress lookups from the liaison card; reveals no personal data. */
  publicToken: text().notNull(),
  acceptedDate: text().notNull(),
  registeredBy: text().notNull(),
  closedAt: text(),
  closeReason: text(),
}, (t) => [
  uniqueIndex('cases_case_no').on(t.caseNo),
  uniqueIndex('cases_public_token').on(t.publicToken),
  // Covers the dashboard's counters: open cases by status, completed ones by closing date.
  index('cases_status').on(t.status, t.closedAt, t.deletedAt),
  // 统计分析's received cases of a period by office, channel, mode, help kind and project, from the index alone.
  index('cases_received').on(t.acceptedDate, t.orgUnitId, t.channel, t.mode, t.helpKind, t.projectId, t.agentId).where(sql`deleted_at IS NULL`),
  // The few deleted cases, as a set to leave out of figures read from other tables' indexes.
  index('cases_deleted').on(t.id).where(sql`deleted_at IS NOT NULL`),
  // 统计分析's completed cases of a period, read from the index alone (office, 受理 date, agent).
  index('cases_closed').on(t.status, t.closedAt, t.handlingOrgUnitId, t.acceptedDate, t.agentId).where(sql`deleted_at IS NULL`),
  index('cases_agent').on(t.agentId, t.status),
  // 代办员绩效: an agent's cases open at some time in a period, counted from the index alone.
  index('cases_agent_period').on(t.agentId, t.acceptedDate, t.closedAt, t.handlingOrgUnitId).where(sql`deleted_at IS NULL`),
  // The 案卷 list counts its scope from these alone (covering: no row is visited).
  index('cases_handling_org').on(t.handlingOrgUnitId, t.status, t.deletedAt),
  index('cases_org').on(t.orgUnitId, t.status),
  // Cases passed on to another office (a few percent): the list's count of those still in scope.
  index('cases_passed_on').on(t.orgUnitId, t.handlingOrgUnitId, t.status, t.deletedAt).where(sql`org_unit_id <> handling_org_unit_id`),
  // The 案卷 list sorted by 受理日期 (the id breaks ties).
  index('cases_accepted').on(t.acceptedDate, t.id),
  index('cases_applicant').on(t.applicantId),
  index('cases_project').on(t.projectId),
]);

/** Next case number per office and year (numbers are human-readable and unique per office). */
export const caseCounters = sqliteTable('case_counters', {
  orgUnitId: text().notNull(),
  year: integer().notNull(),
  next: integer().notNull(),
}, (t) => [primaryKey({ columns: [t.orgUnitId, t.year] })]);

export const entrustments = sqliteTable('entrustments', {
  ...entity,
  caseId: text().notNull().references(() => cases.id),
  kind: text().notNull(),
  status: text().notNull(),
  /** JSON { stages: number[], planItemIds: string[], items: string[] } — what the applicant entrusts. */
  scope: text({ mode: 'json' }).$type<{ stages: number[]; items: string[] }>().notNull(),
  termStart: text(),
  termEnd: text(),
  authorizedName: text(),
  authorizedResidentId: text(),
  authorizedPhone: text(),
  signedAt: text(),
  attachmentId: text(),
  revokedAt: text(),
  revokeReason: text(),
}, (t) => [index('entrustments_case').on(t.caseId)]);

export const planItems = sqliteTable('plan_items', {
  ...entity,
  caseId: text().notNull().references(() => cases.id),
  catalogCode: text().notNull(),
  name: text().notNull(),
  department: text().notNull(),
  stage: integer().notNull(),
  /** Items of one stage with the same group are handled in parallel (并联审批). */
  parallelGroup: integer().notNull(),
  sortOrder: integer().notNull(),
  limitValue: integer().notNull(),
  limitUnit: text().notNull(),
  startDate: text(),
  dueDate: text(),
  status: text().notNull(),
  docNo: text(),
  statusReason: text(),
  completedDate: text(),
}, (t) => [
  index('plan_items_case').on(t.caseId, t.sortOrder),
  index('plan_items_due').on(t.dueDate, t.status),
  // "Due soon" and "overdue" look only at open items: a small fraction of a busy office's history.
  index('plan_items_open_due').on(t.dueDate, t.caseId).where(sql`status NOT IN ('approved', 'refused') AND deleted_at IS NULL`),
  // 统计分析: items approved in a period, per stage and catalogue item, read from the index alone.
  index('plan_items_done').on(t.completedDate, t.stage, t.catalogCode, t.startDate, t.dueDate, t.caseId).where(sql`status = 'approved' AND deleted_at IS NULL`),
  // Items waiting on 补正 now.
  index('plan_items_correcting').on(t.caseId).where(sql`status = 'correcting' AND deleted_at IS NULL`),
  // The few items finished after their due date: which cases are late.
  index('plan_items_late').on(t.caseId).where(sql`status IN ('approved', 'refused') AND deleted_at IS NULL AND completed_date > due_date`),
]);

export const progressEntries = sqliteTable('progress_entries', {
  ...entity,
  caseId: text().notNull().references(() => cases.id),
  planItemId: text(),
  kind: text().notNull(),
  text: text().notNull(),
  hours: real().notNull().default(0),
  occurredDate: text().notNull(),
  authorId: text().notNull(),
  ...withdrawal,
}, (t) => [
  index('progress_case').on(t.caseId, t.occurredDate),
  index('progress_author').on(t.authorId, t.occurredDate),
  // 代办员绩效: the hours logged in a period, per author, read from the index alone.
  index('progress_hours').on(t.occurredDate, t.authorId, t.hours, t.caseId).where(sql`deleted_at IS NULL AND withdrawn_at IS NULL`),
]);

export const problems = sqliteTable('problems', {
  ...entity,
  caseId: text().notNull().references(() => cases.id),
  planItemId: text(),
  department: text().notNull(),
  description: text().notNull(),
  status: text().notNull(),
  raisedBy: text().notNull(),
  raisedDate: text().notNull(),
  resolution: text(),
  resolvedDate: text(),
  ...withdrawal,
}, (t) => [index('problems_case').on(t.caseId), index('problems_status').on(t.status)]);

export const materials = sqliteTable('materials', {
  ...entity,
  caseId: text().notNull().references(() => cases.id),
  planItemId: text(),
  name: text().notNull(),
  originalsRequired: integer().notNull().default(0),
  copiesRequired: integer().notNull().default(0),
  originalsHeld: integer().notNull().default(0),
  copiesHeld: integer().notNull().default(0),
}, (t) => [index('materials_case').on(t.caseId)]);

export const handovers = sqliteTable('handovers', {
  ...entity,
  caseId: text().notNull().references(() => cases.id),
  receiptNo: text().notNull(),
  direction: text().notNull(),
  /** The applicant-side person who handed over or took back the materials. */
  counterpartName: text().notNull(),
  staffId: text().notNull(),
  handedAt: text().notNull(),
  /** JSON [{ materialId, name, originals, copies }]. */
  items: text({ mode: 'json' }).$type<Array<{ materialId: string; name: string; originals: number; copies: number }>>().notNull(),
  note: text().notNull().default(''),
  ...withdrawal,
}, (t) => [index('handovers_case').on(t.caseId)]);

export const attachments = sqliteTable('attachments', {
  ...entity,
  caseId: text().notNull().references(() => cases.id),
  /** What the scan belongs to (an entrustment, a plan item…), if anything. */
  ownerId: text(),
  kind: text().notNull(),
  fileName: text().notNull(),
  mime: text().notNull(),
  size: integer().notNull(),
  sha256: text().notNull(),
  addedBy: text().notNull(),
}, (t) => [index('attachments_case').on(t.caseId), index('attachments_sha').on(t.sha256)]);

export const transfers = sqliteTable('transfers', {
  ...entity,
  caseId: text().notNull().references(() => cases.id),
  kind: text().notNull(),
  fromOrgUnitId: text().notNull(),
  toOrgUnitId: text().notNull(),
  status: text().notNull(),
  reason: text().notNull(),
  sentBy: text().notNull(),
  sentAt: text().notNull(),
  respondedBy: text(),
  respondedAt: text(),
  responseNote: text(),
}, (t) => [index('transfers_case').on(t.caseId), index('transfers_to').on(t.toOrgUnitId, t.status)]);

export const evaluations = sqliteTable('evaluations', {
  ...entity,
  caseId: text().notNull().references(() => cases.id),
  level: integer().notNull(),
  source: text().notNull(),
  comment: text().notNull().default(''),
  evaluatedDate: text().notNull(),
}, (t) => [
  index('evaluations_case').on(t.caseId),
  // Ratings of a period (代办员绩效, 好差评台账) without visiting every rating.
  index('evaluations_date').on(t.evaluatedDate, t.caseId, t.level).where(sql`deleted_at IS NULL`),
]);

export const callbacks = sqliteTable('callbacks', {
  ...entity,
  caseId: text().notNull().references(() => cases.id),
  evaluationId: text().notNull().references(() => evaluations.id),
  calledBy: text().notNull(),
  calledDate: text().notNull(),
  /** What was said on the call. */
  content: text().notNull().default(''),
  /** The outcome in a few words (e.g. 企业认可整改措施). */
  result: text().notNull(),
}, (t) => [index('callbacks_evaluation').on(t.evaluationId)]);

export const rectifications = sqliteTable('rectifications', {
  ...entity,
  caseId: text().notNull().references(() => cases.id),
  evaluationId: text().notNull().references(() => evaluations.id),
  problem: text().notNull(),
  measure: text().notNull(),
  responsibleId: text().notNull(),
  dueDate: text().notNull(),
  status: text().notNull(),
  doneDate: text(),
}, (t) => [index('rectifications_evaluation').on(t.evaluationId)]);

/** 政企互动: government–enterprise interaction events per quarter (Meizhou annex 2). */
export const interactions = sqliteTable('interactions', {
  ...entity,
  orgUnitId: text().notNull(),
  heldDate: text().notNull(),
  place: text().notNull(),
  enterprises: text().notNull(),
  content: text().notNull(),
  recordedBy: text().notNull(),
  ...withdrawal,
}, (t) => [index('interactions_org').on(t.orgUnitId, t.heldDate)]);

/** Same-field conflicts on controlled fields found by sync, for an agent to resolve (冲突待处理). */
export const conflicts = sqliteTable('conflicts', {
  ...entity,
  caseId: text(),
  entity: text().notNull(),
  entityId: text().notNull(),
  field: text().notNull(),
  localValue: text({ mode: 'json' }),
  serverValue: text({ mode: 'json' }),
  status: text().notNull(),
  resolvedBy: text(),
}, (t) => [index('conflicts_status').on(t.status)]);

// ---------------------------------------------------------------- audit, outbox, settings

/**
 * Append-only, hash-chained audit log: hash = sha256(prevHash + canonical event). Triggers in the
 * migrations refuse UPDATE and DELETE.
 */
export const auditEvents = sqliteTable('audit_events', {
  seq: integer().primaryKey({ autoIncrement: true }),
  id: text().notNull(),
  at: text().notNull(),
  actorId: text(),
  action: text().notNull(),
  entity: text(),
  entityId: text(),
  detail: text().notNull(),
  prevHash: text().notNull(),
  hash: text().notNull(),
}, (t) => [index('audit_entity').on(t.entityId)]);

/** Every local change, in the transaction that made it, waiting to be pushed to the server. */
export const outbox = sqliteTable('outbox', {
  seq: integer().primaryKey({ autoIncrement: true }),
  opId: text().notNull(),
  entity: text().notNull(),
  entityId: text().notNull(),
  kind: text().notNull(),
  intent: text(),
  payload: text().notNull(),
  userId: text(),
  orgUnitId: text(),
  createdAt: text().notNull(),
  pushedAt: text(),
  pushStatus: text(),
  pushError: text(),
  /** A rejected op the clerk has dealt with (同步 page: 已处理/忽略): when and by whom. */
  acknowledgedAt: text(),
  acknowledgedBy: text(),
}, (t) => [
  index('outbox_pending').on(t.pushedAt, t.seq),
  // Rejections still waiting for a person: tiny, read by the status strip on every poll.
  index('outbox_rejected_open').on(t.seq).where(sql`push_status = 'rejected' AND acknowledged_at IS NULL`),
]);

export const settings = sqliteTable('settings', {
  key: text().primaryKey(),
  value: text({ mode: 'json' }).notNull(),
});

export const SCHEMA_TABLES = {
  orgUnits, users, catalogItems, catalogItemVersions, planTemplates, planTemplateVersions, knowledgeArticles, departmentContacts, applicants, projects, cases, entrustments, planItems,
  progressEntries, problems, materials, handovers, attachments, transfers, evaluations, callbacks,
  rectifications, interactions, conflicts,
} as const;
export type SyncedEntity = keyof typeof SCHEMA_TABLES;

