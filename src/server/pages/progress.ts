// A case's public progress: what the applicant may see from the card, and nothing else. The case
// file is read here and projected field by field onto PublicProgress, so no ID number, personal
// phone, address, progress note, attachment or full name of a person ever reaches the renderer.
import { sql } from 'drizzle-orm';
import type { Ctx } from '../context';
import { rows } from '../store/db';
import { daysLeft, dueFor, type TimeLimit } from '../../shared/domain/calendar';
import { CASE_STATUSES, LIMIT_UNITS, PLAN_ITEM_STATUSES, type PlanItemStatus } from '../../shared/domain/enums';
import { CLOSED_CASE_STATUSES } from '../../shared/domain/case-status';
import { maskName } from '../../shared/domain/masking';
import { officeDate } from './format';
import { stageLabel } from './guide-view';
import type { Office, Reference } from './reference';

export interface PublicItem {
  name: string;
  department: string;
  stage: number;
  group: number;
  status: PlanItemStatus;
  statusLabel: string;
  submittedDate: string | null;
  correctionDates: string[];
  completedDate: string | null;
  docNo: string | null;
  /** For open items: the due date and working days left (negative: overdue). */
  dueDate: string | null;
  daysLeft: number | null;
}

export interface PublicProgress {
  caseNo: string;
  publicToken: string;
  statusLabel: string;
  acceptedDate: string;
  /** Closed (办结/退件) longer ago than the retention period: the page says only 已办结. */
  expired: boolean;
  projectName: string | null;
  /** Enterprise names in full; a person's name masked (张*明). */
  applicantName: string | null;
  agentName: string | null;
  /** The office handling the case now: its phone is the one the card prints. */
  office: Office | null;
  registeringOffice: Office | null;
  stages: Array<{ stage: number; label: string; groups: Array<{ group: number; items: PublicItem[] }> }>;
  nextDue: { date: string; daysLeft: number; itemName: string } | null;
  openCorrections: Array<{ itemName: string; since: string | null }>;
  openProblems: number;
  /** The handling (or registering) office's last sync, from its desktops' last contact. */
  updatedAt: Date | null;
}

export interface CaseRow {
  id: string;
  data: Record<string, unknown>;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const num = (v: unknown, d = 0): number => (typeof v === 'number' && Number.isFinite(v) ? v : Number.isFinite(Number(v)) && v !== null && v !== '' ? Number(v) : d);

/** A live case by its public token (expression index records_case_token_idx; 'cases' literal for the partial index). */
export async function caseByToken(ctx: Ctx, token: string): Promise<CaseRow | null> {
  const r = await rows<CaseRow>(ctx.store.db, sql`SELECT id, data FROM records WHERE entity = 'cases' AND (data->>'publicToken') = ${token.slice(0, 64)} AND NOT deleted LIMIT 1`);
  return r[0] ?? null;
}

/** A live case by its number (records_case_no_idx) — called only after a card's MAC verified. */
export async function caseByNumber(ctx: Ctx, caseNo: string): Promise<CaseRow | null> {
  const r = await rows<CaseRow>(ctx.store.db, sql`SELECT id, data FROM records WHERE entity = 'cases' AND (data->>'caseNo') = ${caseNo} AND NOT deleted LIMIT 1`);
  return r[0] ?? null;
}

const OPEN_ITEM = (s: PlanItemStatus) => s !== 'approved' && s !== 'refused';

function isClosedExpired(c: Record<string, unknown>, now: Date, retentionDays: number): boolean {
  if (!(CLOSED_CASE_STATUSES as readonly unknown[]).includes(c.status)) return false;
  const closedAt = Date.parse(String(c.closedAt ?? ''));
  return Number.isFinite(closedAt) && now.getTime() - closedAt > retentionDays * 86_400_000;
}

export async function loadProgress(ctx: Ctx, ref: Reference, c: CaseRow): Promise<PublicProgress> {
  const d = c.data;
  const now = ctx.clock();
  const handling = ref.officeById.get(String(d.handlingOrgUnitId ?? '')) ?? null;
  const registering = ref.officeById.get(String(d.orgUnitId ?? '')) ?? null;
  const base = {
    caseNo: String(d.caseNo ?? ''),
    publicToken: String(d.publicToken ?? ''),
    statusLabel: (CASE_STATUSES.labels as Record<string, string>)[String(d.status)] ?? '办理中',
    acceptedDate: String(d.acceptedDate ?? '').slice(0, 10),
    office: handling,
    registeringOffice: registering,
  };
  if (isClosedExpired(d, now, ctx.options.closedCaseRetentionDays)) {
    return { ...base, expired: true, projectName: null, applicantName: null, agentName: null, stages: [], nextDue: null, openCorrections: [], openProblems: 0, updatedAt: null };
  }
  const refs: Array<[string, string]> = [];
  if (str(d.applicantId)) refs.push(['applicants', d.applicantId as string]);
  if (str(d.projectId)) refs.push(['projects', d.projectId as string]);
  if (str(d.agentId)) refs.push(['users', d.agentId as string]);
  const [children, linked, seen] = await Promise.all([
    rows<{ entity: string; data: Record<string, unknown> }>(
      ctx.store.db,
      sql`SELECT entity, data FROM records WHERE case_id = ${c.id} AND entity IN ('planItems', 'progressEntries', 'problems') AND NOT deleted`,
    ),
    refs.length
      ? rows<{ entity: string; id: string; data: Record<string, unknown> }>(
          ctx.store.db,
          sql`SELECT entity, id, data FROM records WHERE NOT deleted AND (entity, id) IN (${sql.join(refs.map(([e, i]) => sql`(${e}, ${i})`), sql`, `)})`,
        )
      : Promise.resolve([]),
    lastSeen(ctx, [str(d.handlingOrgUnitId), str(d.orgUnitId)]),
  ]);
  const linkedOf = (entity: string) => linked.find((r) => r.entity === entity)?.data;
  const applicant = linkedOf('applicants');
  const project = linkedOf('projects');
  const agent = linkedOf('users');

  const live = (r: { data: Record<string, unknown> }) => !r.data.deletedAt && !r.data.withdrawnAt;
  const entries = children.filter((r) => r.entity === 'progressEntries' && live(r)).map((r) => r.data);
  const items = children
    .filter((r) => r.entity === 'planItems' && live(r))
    .map((r) => r.data)
    .sort((a, b) => num(a.stage) - num(b.stage) || num(a.parallelGroup) - num(b.parallelGroup) || num(a.sortOrder) - num(b.sortOrder));
  const today = officeDate(now);

  const publicItems: PublicItem[] = items.map((it) => {
    const status = ((PLAN_ITEM_STATUSES.codes as readonly string[]).includes(String(it.status)) ? it.status : 'notStarted') as PlanItemStatus;
    const own = entries.filter((e) => e.planItemId === it.id);
    const dates = (kind: string) => own.filter((e) => e.kind === kind).map((e) => String(e.occurredDate ?? '').slice(0, 10)).filter(Boolean).sort();
    const submittedDate = dates('submission')[0] ?? str(it.startDate)?.slice(0, 10) ?? null;
    let dueDate: string | null = null;
    if (OPEN_ITEM(status)) {
      dueDate = str(it.dueDate)?.slice(0, 10) ?? null;
      const unit = String(it.limitUnit);
      if (!dueDate && str(it.startDate) && (LIMIT_UNITS.codes as readonly string[]).includes(unit)) {
        try {
          dueDate = dueFor(String(it.startDate), { value: num(it.limitValue), unit: unit as TimeLimit['unit'] }, ref.calendar).date;
        } catch {
          dueDate = null;
        }
      }
    }
    let left: number | null = null;
    if (dueDate) {
      try {
        left = daysLeft(today, dueDate, ref.calendar);
      } catch {
        dueDate = null;
      }
    }
    return {
      name: String(it.name ?? ''),
      department: String(it.department ?? ''),
      stage: num(it.stage),
      group: num(it.parallelGroup, 1),
      status,
      statusLabel: PLAN_ITEM_STATUSES.labels[status],
      submittedDate,
      correctionDates: dates('correction'),
      completedDate: status === 'approved' || status === 'refused' ? (str(it.completedDate)?.slice(0, 10) ?? null) : null,
      docNo: status === 'approved' ? str(it.docNo) : null,
      dueDate,
      daysLeft: left,
    };
  });

  const stages: PublicProgress['stages'] = [];
  for (const it of publicItems) {
    let s = stages.find((x) => x.stage === it.stage);
    if (!s) stages.push((s = { stage: it.stage, label: stageLabel(it.stage), groups: [] }));
    let g = s.groups.find((x) => x.group === it.group);
    if (!g) s.groups.push((g = { group: it.group, items: [] }));
    g.items.push(it);
  }
  const due = publicItems.filter((i) => i.dueDate !== null && i.daysLeft !== null).sort((a, b) => (a.dueDate as string).localeCompare(b.dueDate as string))[0];
  // Only an enterprise's name is public; anything else (a person, an unknown kind) is masked.
  const applicantName = applicant ? (applicant.kind === 'enterprise' ? str(applicant.name) : maskName(String(applicant.name ?? ''))) : null;
  // A person's project is often named after them (王建明自建农房): the name is masked there too.
  const personName = applicant && applicant.kind !== 'enterprise' ? String(applicant.name ?? '').trim() : '';
  const projectName = personName.length >= 2 ? (str(project?.name)?.split(personName).join(applicantName ?? '') ?? null) : str(project?.name);
  return {
    ...base,
    expired: false,
    projectName,
    applicantName,
    agentName: str(agent?.displayName),
    stages,
    nextDue: due ? { date: due.dueDate as string, daysLeft: due.daysLeft as number, itemName: due.name } : null,
    openCorrections: publicItems.filter((i) => i.status === 'correcting').map((i) => ({ itemName: i.name, since: i.correctionDates[i.correctionDates.length - 1] ?? null })),
    openProblems: children.filter((r) => r.entity === 'problems' && live(r) && r.data.status === 'open').length,
    updatedAt: seen,
  };
}

/** The latest contact of any desktop of the first office that has one. */
async function lastSeen(ctx: Ctx, offices: Array<string | null>): Promise<Date | null> {
  for (const o of offices) {
    if (!o) continue;
    const r = await rows<{ at: string | Date | null }>(ctx.store.db, sql`SELECT max(last_seen_at) AS at FROM devices WHERE org_unit_id = ${o}`);
    const at = r[0]?.at;
    if (at) return at instanceof Date ? at : new Date(at);
  }
  return null;
}
