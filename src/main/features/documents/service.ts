// Printing a case's documents: flattens the case file from the store into printing's
// PrintableCase, renders the PDF and records who printed what in the audit log. Forms carry the
// full ID numbers and phones (an authorization letter must show them) only for the roles the
// permission policy lets see them; everyone else prints them masked, as the case file shows them.
import { and, asc, desc, eq, isNull } from 'drizzle-orm';
import { STAGES, type ApplicantKind, type CaseStatus, type Channel, type HelpKind, type LimitUnit, type Mode, type PlanKind, type PlanItemStatus, type ProblemStatus, type ProgressKind, type ProjectCategory } from '../../../shared/domain/enums.js';
import { addDays, weekday } from '../../../shared/domain/calendar.js';
import { DomainError } from '../../../shared/errors.js';
import { maskPhone, maskResidentId } from '../../../shared/domain/masking.js';
import { mayUse } from '../../../shared/policy/index.js';
import * as t from '../../db/schema.js';
import { chinaDateTime } from '../../platform/clock.js';
import { printDocument, PrintError, type PrintableCaseInput, type PrintedDocument, type PrintableWeeklyInput } from '../../printing/index.js';
import { loadCase, orgInfo, orgSubtree, authorize, userName, type CaseRow, type ServiceContext } from '../context.js';
import { guideAddress } from '../guide/address.js';
import { cardSignature, type CardKey } from '../guide/card-signature.js';

function person(ctx: ServiceContext, userId: string | null) {
  if (!userId) return undefined;
  const u = ctx.store.orm.select().from(t.users).where(eq(t.users.id, userId)).get();
  return u ? { name: u.displayName, ...(u.phone ? { phone: u.phone } : {}) } : undefined;
}

const opt = <T>(v: T | null | undefined): T | undefined => (v === null || v === '' ? undefined : v);

/** Personal data on a printout: in full (forms to sign, the archive) or masked as on screen. */
export type PersonalData = 'full' | 'masked';

/** The case file flattened for the document builders. */
export function printableCase(ctx: ServiceContext, c: CaseRow, personalData: PersonalData): PrintableCaseInput {
  const id = (v: string | null | undefined) => opt(personalData === 'full' ? v : v && maskResidentId(v));
  const tel = (v: string | null | undefined) => opt(personalData === 'full' ? v : v && maskPhone(v));
  const { orm } = ctx.store;
  const live = <T extends typeof t.planItems | typeof t.progressEntries | typeof t.problems | typeof t.handovers | typeof t.entrustments>(tbl: T) =>
    and(eq(tbl.caseId, c.id), isNull(tbl.deletedAt));
  // A withdrawn log entry (已撤回) stays in the case file, struck through; it is not printed.
  const kept = <T extends typeof t.progressEntries | typeof t.problems | typeof t.handovers>(tbl: T) => and(live(tbl), isNull(tbl.withdrawnAt));
  const applicant = orm.select().from(t.applicants).where(eq(t.applicants.id, c.applicantId)).get()!;
  const project = c.projectId ? orm.select().from(t.projects).where(eq(t.projects.id, c.projectId)).get() : undefined;
  const office = ctx.store.orm.select().from(t.orgUnits).where(eq(t.orgUnits.id, c.handlingOrgUnitId)).get();
  const template = c.templateCode ? orm.select().from(t.planTemplates).where(eq(t.planTemplates.code, c.templateCode)).get() : undefined;
  const items = orm.select().from(t.planItems).where(live(t.planItems)).orderBy(asc(t.planItems.sortOrder)).all();
  const stages: NonNullable<PrintableCaseInput['plan']>['stages'] = [];
  const itemName = new Map(items.map((i) => [i.id, i.name]));
  const lastGroupOf = new Map<number, number>();
  for (const i of items) {
    let stage = stages.find((s) => s.stage === i.stage);
    if (!stage) stages.push((stage = { stage: i.stage, name: (STAGES.labels as Record<string, string>)[String(i.stage)], groups: [] }));
    let group = stage.groups.at(-1);
    if (!group || lastGroupOf.get(i.stage) !== i.parallelGroup) {
      stage.groups.push((group = { items: [] }));
      lastGroupOf.set(i.stage, i.parallelGroup);
    }
    group.items.push({
      name: i.name,
      department: i.department,
      limit: { value: i.limitValue, unit: i.limitUnit as LimitUnit },
      ...(i.dueDate ? { dueDate: i.dueDate } : {}),
      status: i.status as PlanItemStatus,
      ...(i.docNo ? { approvalNo: i.docNo } : {}),
    });
  }
  const agreement = orm.select().from(t.entrustments).where(and(live(t.entrustments), eq(t.entrustments.kind, 'agreement'))).orderBy(desc(t.entrustments.createdAt)).get();
  const authorization = orm.select().from(t.entrustments).where(and(live(t.entrustments), eq(t.entrustments.kind, 'authorization'))).orderBy(desc(t.entrustments.createdAt)).get();
  const entrustment = agreement ?? authorization;
  // The 经办人 is the case's own; an authorization may name another person (被委托人).
  const contact = c.contactName ? { name: c.contactName, phone: tel(c.contactPhone), idNumber: id(c.contactResidentId) } : undefined;
  const authorized = authorization?.authorizedName
    ? { name: authorization.authorizedName, phone: tel(authorization.authorizedPhone), idNumber: id(authorization.authorizedResidentId) }
    : undefined;
  return {
    caseNumber: c.caseNo,
    mode: c.mode as Mode,
    ...(c.helpKind ? { helpKind: c.helpKind as HelpKind } : {}),
    status: c.status as CaseStatus,
    channel: c.channel as Channel,
    acceptedAt: c.acceptedDate,
    request: c.subject,
    office: { name: office?.officeName ?? orgInfo(ctx.store, c.handlingOrgUnitId)?.name ?? '', address: opt(office?.address), phone: opt(office?.phone), hours: opt(office?.officeHours) },
    applicant: {
      kind: applicant.kind as ApplicantKind,
      name: applicant.name,
      uscc: opt(applicant.uscc),
      idNumber: id(applicant.residentId),
      legalRepresentative: opt(applicant.legalRepresentative),
      address: opt(applicant.address),
      phone: tel(c.contactPhone),
    },
    ...(contact ? { contact } : {}),
    ...(authorized ? { authorized } : {}),
    project: project
      ? { name: project.name, code: opt(project.projectCode), category: project.category as ProjectCategory, location: opt(project.location), investmentWan: opt(project.investment) }
      : { name: c.subject },
    agent: person(ctx, c.agentId) ?? { name: '待分派' },
    ...(c.leaderId ? { leader: person(ctx, c.leaderId) } : {}),
    ...(entrustment
      ? {
          entrustment: {
            scope: entrustment.scope.items.length ? 'items' : entrustment.scope.stages.length ? 'stages' : 'full',
            stages: entrustment.scope.stages,
            items: entrustment.scope.items,
            ...(entrustment.termStart ? { termStart: entrustment.termStart } : {}),
            ...(entrustment.termEnd ? { termEnd: entrustment.termEnd } : {}),
            ...(entrustment.signedAt ? { signedAt: entrustment.signedAt.slice(0, 10) } : {}),
          } as const,
        }
      : {}),
    ...(stages.length ? { plan: { title: template?.name, kind: (template?.planKind ?? 'engineering') as PlanKind, stages } } : {}),
    handovers: orm.select().from(t.handovers).where(kept(t.handovers)).orderBy(asc(t.handovers.handedAt)).all().map((h) => ({
      id: h.id,
      direction: h.direction as 'received' | 'returned',
      at: h.handedAt,
      from: h.counterpartName,
      by: userName(ctx.store, h.staffId) ?? '',
      ...(h.note ? { note: h.note } : {}),
      materials: h.items.map((m) => ({ name: m.name, originals: m.originals, copies: m.copies })),
    })),
    progress: orm.select().from(t.progressEntries).where(kept(t.progressEntries)).orderBy(asc(t.progressEntries.occurredDate)).all().map((p) => ({
      date: p.occurredDate,
      kind: p.kind as ProgressKind,
      text: p.text,
      author: userName(ctx.store, p.authorId) ?? undefined,
      hours: p.hours,
      ...(p.planItemId && itemName.has(p.planItemId) ? { item: itemName.get(p.planItemId) } : {}),
    })),
    problems: orm.select().from(t.problems).where(kept(t.problems)).all().map((p) => ({
      raisedAt: p.raisedDate,
      department: p.department,
      text: p.description,
      status: p.status as ProblemStatus,
      ...(p.resolvedDate ? { resolvedAt: p.resolvedDate } : {}),
      ...(p.resolution ? { resolution: p.resolution } : {}),
    })),
    ...(c.templateCode ? { templateCode: c.templateCode } : {}),
    progressToken: c.publicToken,
  };
}

/** The guide address cards print (the admin's override, else the server's), or undefined. */
export function guideBaseUrl(ctx: ServiceContext): string | undefined {
  return guideAddress(ctx.store).effective ?? undefined;
}

/**
 * Renders one document of a case and audits the printing. A liaison card is signed with the
 * desktop's card key when it holds one (`card`); a standalone desktop prints the unsigned link.
 */
export async function printCaseDocument(ctx: ServiceContext, input: { kind: string; caseId: string; handoverId?: string }, card: CardKey | null = null): Promise<PrintedDocument> {
  const c = loadCase(ctx, input.caseId);
  const personalData: PersonalData = mayUse('revealPersonalData', ctx.actor.roles) ? 'full' : 'masked';
  const data = printableCase(ctx, c, personalData);
  const base = guideBaseUrl(ctx);
  // What the MAC covers is what the card prints: the same printable fields.
  const signature = card && base && data.progressToken && data.templateCode && data.acceptedAt
    ? cardSignature(card, { token: data.progressToken, caseNo: data.caseNumber, templateCode: data.templateCode, issueDate: data.acceptedAt })
    : undefined;
  let doc: PrintedDocument;
  try {
    doc = await printDocument(input.kind, data, {
      printedAt: chinaDateTime(ctx.store.clock.now()),
      printedBy: ctx.actor.displayName ?? userName(ctx.store, ctx.actor.userId) ?? undefined,
      ...(base ? { guideBaseUrl: base } : {}),
      ...(signature ? { cardSignature: signature } : {}),
      ...(input.handoverId ? { handoverId: input.handoverId } : {}),
    });
  } catch (e) {
    if (e instanceof PrintError) throw new DomainError('invalid_input', e.message);
    throw e;
  }
  ctx.store.audit({ actor: ctx.actor, action: `print.${doc.kind}`, entity: 'cases', entityId: c.id, detail: { document: doc.title, pages: doc.pages, personalData } });
  return doc;
}

/**
 * 周进展报告 of an office, the batch its leaders read each week: every key project (重点项目) of the
 * office subtree still open or closed this week — whether or not it moved — then any other case that
 * moved this week or is open with overdue items or unresolved problems.
 */
export async function printOfficeWeekly(ctx: ServiceContext, input: { orgUnitId: string; weekOf?: string }): Promise<PrintedDocument> {
  const today = ctx.store.today();
  const day = input.weekOf ?? today;
  const monday = addDays(day, -((weekday(day) + 6) % 7));
  const sunday = addDays(monday, 6);
  const offices = JSON.stringify([...orgSubtree(ctx.store, input.orgUnitId)]);
  const weekStart = new Date(`${monday}T00:00:00+08:00`).toISOString();
  const ids = ctx.store.db
    .prepare(
      `SELECT c.id FROM cases c LEFT JOIN projects p ON p.id = c.project_id
       WHERE c.handling_org_unit_id IN (SELECT value FROM json_each(?)) AND c.deleted_at IS NULL AND (
         (p.category = 'key' AND (c.status NOT IN ('completed', 'withdrawn') OR c.closed_at >= ?))
         OR EXISTS (SELECT 1 FROM progress_entries pe WHERE pe.case_id = c.id AND pe.deleted_at IS NULL AND pe.withdrawn_at IS NULL AND pe.occurred_date BETWEEN ? AND ?)
         OR (c.status NOT IN ('completed', 'withdrawn') AND (
           EXISTS (SELECT 1 FROM plan_items pi WHERE pi.case_id = c.id AND pi.deleted_at IS NULL AND pi.status NOT IN ('approved', 'refused') AND pi.due_date < ?)
           OR EXISTS (SELECT 1 FROM problems pr WHERE pr.case_id = c.id AND pr.deleted_at IS NULL AND pr.withdrawn_at IS NULL AND pr.status = 'open'))))
       ORDER BY (p.category = 'key') DESC, c.case_no LIMIT 200`,
    )
    .pluck()
    .all(offices, weekStart, monday, sunday, today) as string[];
  const office = ctx.store.orm.select().from(t.orgUnits).where(eq(t.orgUnits.id, input.orgUnitId)).get();
  if (!office) throw new DomainError('not_found', '机构不存在');
  const weekly: PrintableWeeklyInput = {
    scope: 'office',
    office: { name: office.officeName, address: opt(office.address), phone: opt(office.phone), hours: opt(office.officeHours) },
    periodStart: monday,
    periodEnd: sunday,
    // Leaders read it: nobody's ID number or phone is needed there.
    cases: ids.map((id) => printableCase(ctx, loadCase(ctx, id), 'masked')),
  };
  const doc = await printDocument('weekly', weekly, { printedAt: chinaDateTime(ctx.store.clock.now()) });
  ctx.store.audit({ actor: ctx.actor, action: 'print.weekly', entity: 'orgUnits', entityId: office.id, detail: { cases: ids.length, from: monday, to: sunday } });
  return doc;
}

/** 大厅二维码海报 of the user's office: a QR to the guide index; audited like every print. */
export async function printGuidePoster(ctx: ServiceContext, input: { orgUnitId: string }): Promise<PrintedDocument> {
  authorize(ctx, 'print.poster');
  const office = ctx.store.orm.select().from(t.orgUnits).where(eq(t.orgUnits.id, input.orgUnitId)).get();
  if (!office) throw new DomainError('not_found', '机构不存在');
  const base = guideBaseUrl(ctx);
  let doc: PrintedDocument;
  try {
    doc = await printDocument('poster', { office: { name: office.officeName, ...(opt(office.address) ? { address: office.address! } : {}), ...(opt(office.phone) ? { phone: office.phone! } : {}), ...(opt(office.officeHours) ? { hours: office.officeHours! } : {}) } }, {
      printedAt: chinaDateTime(ctx.store.clock.now()),
      ...(base ? { guideBaseUrl: base } : {}),
    });
  } catch (e) {
    if (e instanceof PrintError) throw new DomainError('invalid_input', e.message);
    throw e;
  }
  ctx.store.audit({ actor: ctx.actor, action: 'print.poster', entity: 'orgUnits', entityId: office.id, detail: { document: doc.title, pages: doc.pages, url: base } });
  return doc;
}
