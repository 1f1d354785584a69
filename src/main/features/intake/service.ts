// 受理登记: a request from any channel becomes a case. The applicant is looked up by USCC or ID
// number first (the same enterprise must not be registered twice) and is shared by its cases; the
// person who acts (经办人) is the case's own. A new project waits for its admission review; the
// case gets its office's next number.
import { and, eq, isNull } from 'drizzle-orm';
import type { ApiParsedInput, ApplicantDifferenceDto } from '../../../shared/api/index.js';
import { intakeContact } from '../../../shared/api/cases.js';
import { CASE_NO_SERIES_SETTING } from '../../sync/device.js';
import { DomainError } from '../../../shared/errors.js';
import * as t from '../../db/schema.js';
import type { WriteTx } from '../../db/store.js';
import { orgInfo, authorize, requireUser, searchIndex, type ServiceContext } from '../context.js';
import { writeApplicantCorrection } from '../corrections/service.js';
import type { Changes } from '../record-changes.js';
import { applicantSearchDoc, caseSearchDoc, projectSearchDoc } from '../search/documents.js';
import { randomBytes } from 'node:crypto';

type ApplicantRow = typeof t.applicants.$inferSelect;
type NewApplicant = NonNullable<ApiParsedInput<'intake.register'>['applicant']>;

/** An existing live applicant with the same USCC (enterprise) or ID number (person), if any. */
export function findDuplicateApplicant(ctx: ServiceContext, a: { uscc?: string | null; idNumber?: string | null }): ApplicantRow | undefined {
  const { orm } = ctx.store;
  if (a.uscc) {
    const row = orm.select().from(t.applicants).where(and(eq(t.applicants.uscc, a.uscc), isNull(t.applicants.deletedAt))).get();
    if (row) return row;
  }
  if (a.idNumber) {
    return orm.select().from(t.applicants).where(and(eq(t.applicants.residentId, a.idNumber), isNull(t.applicants.deletedAt))).get();
  }
  return undefined;
}

/**
 * The registered applicant and the typed one disagree (another name, or another legal
 * representative, for the same USCC / ID number): the clerk must say which is right. Carries
 * both values; the contract answers it as `applicantDiffers`.
 */
export class ApplicantDiffersError extends DomainError {
  constructor(
    readonly applicant: ApplicantRow,
    readonly typedName: string,
    readonly differences: ApplicantDifferenceDto[],
  ) {
    const what = applicant.kind === 'enterprise' ? '统一社会信用代码' : '身份证号码';
    const name = differences.find((d) => d.field === 'name');
    const message = name
      ? `该${what}已登记为“${name.registered}”，与填写的“${name.typed}”不一致，请确认以哪个名称为准`
      : `该${what}已登记的法定代表人为“${differences[0]?.registered}”，与填写的“${differences[0]?.typed}”不一致，请确认以哪个为准`;
    super('conflict', message, { [`applicant.${differences[0]?.field ?? 'name'}`]: message });
  }
}

/** Where the typed applicant differs from the registered one (a blank typed value differs from nothing). */
export function applicantDifferences(existing: ApplicantRow, typed: NewApplicant): ApplicantDifferenceDto[] {
  const out: ApplicantDifferenceDto[] = [];
  if (typed.name !== existing.name) out.push({ field: 'name', registered: existing.name, typed: typed.name });
  const rep = typed.legalRepresentative;
  if (rep && existing.legalRepresentative && rep !== existing.legalRepresentative) {
    out.push({ field: 'legalRepresentative', registered: existing.legalRepresentative, typed: rep });
  }
  return out;
}

interface ResolvedApplicant {
  /** The known applicant with the same USCC / ID number, or none (a new one is created). */
  existing: ApplicantRow | undefined;
  /** Corrections of the known applicant the clerk chose (or a legal representative filled in). */
  corrections: Changes;
  /** Typed values the clerk said were wrong: kept in the registration's audit event. */
  kept: ApplicantDifferenceDto[];
}

/** Finds the applicant by USCC / ID number and settles what to do with differing typed values. */
export function resolveApplicant(ctx: ServiceContext, a: NewApplicant, choice: 'registered' | 'typed' | undefined): ResolvedApplicant {
  const existing = findDuplicateApplicant(ctx, a);
  if (!existing) return { existing, corrections: {}, kept: [] };
  if (existing.kind !== a.kind) {
    throw new DomainError('duplicate', `证件号码已登记为${existing.kind === 'enterprise' ? '企业' : '个人'}申请人“${existing.name}”，请核对`);
  }
  const differences = applicantDifferences(existing, a);
  if (differences.length > 0 && !choice) throw new ApplicantDiffersError(existing, a.name, differences);
  const corrections: Changes = {};
  if (choice === 'typed') for (const d of differences) corrections[d.field] = { from: d.registered, to: d.typed };
  if (a.legalRepresentative && !existing.legalRepresentative) corrections.legalRepresentative = { from: '', to: a.legalRepresentative };
  return { existing, corrections, kept: choice === 'registered' ? differences : [] };
}

function createApplicant(ctx: ServiceContext, tx: WriteTx, a: NewApplicant, orgUnitId: string): ApplicantRow {
  const row = tx.insert(t.applicants, {
    orgUnitId,
    kind: a.kind,
    name: a.name,
    uscc: a.uscc ?? null,
    residentId: a.idNumber ?? null,
    legalRepresentative: a.legalRepresentative ?? '',
  });
  searchIndex(ctx.store).put(applicantSearchDoc(row));
  return row;
}

/**
 * The office's next case number for the year: `{division code}-{year}-{serial}`, e.g.
 * 350102-2026-00042. An enrolled desktop puts its series before the serial (350102-2026-02-00042),
 * so two windows of one office registering offline never issue the same number.
 */
export function nextCaseNo(tx: WriteTx, orgUnitId: string, year: number): string {
  const db = tx.store.db;
  const code = orgInfo(tx.store, orgUnitId)?.code ?? 'LOCAL';
  const series = tx.store.getSetting<number>(CASE_NO_SERIES_SETTING);
  db.prepare(
    `INSERT INTO case_counters (org_unit_id, year, next) VALUES (?, ?, 1)
     ON CONFLICT(org_unit_id, year) DO UPDATE SET next = next + 1`,
  ).run(orgUnitId, year);
  const serial = db.prepare('SELECT next FROM case_counters WHERE org_unit_id = ? AND year = ?').pluck().get(orgUnitId, year) as number;
  const seriesPart = series ? `${String(series).padStart(2, '0')}-` : '';
  return `${code}-${year}-${seriesPart}${String(serial).padStart(5, '0')}`;
}

export function newPublicToken(): string {
  // 96 random bits, URL-safe: unguessable, and says nothing about the applicant.
  return randomBytes(12).toString('base64url');
}

function checkStaff(ctx: ServiceContext, userId: string | undefined, role: 'agent' | 'leader', field: string): void {
  if (!userId) return;
  const u = ctx.store.orm.select().from(t.users).where(eq(t.users.id, userId)).get();
  const label = role === 'agent' ? '代办员' : '责任领导';
  if (!u || !u.active || u.deletedAt) throw new DomainError('invalid_input', `所选${label}不存在或已停用`, { [field]: `所选${label}不存在或已停用` });
  if (!u.roles.includes(role) && !u.roles.includes('admin')) throw new DomainError('invalid_input', `“${u.displayName}”不是${label}`, { [field]: `“${u.displayName}”不是${label}` });
}

export type RegisterResult = { caseId: string; caseNo: string; applicantReused: boolean };

/**
 * Registers a request as a case. The contact (经办人) typed is the case's own. When the USCC / ID
 * number is known under another name, throws ApplicantDiffersError unless the input says which
 * name is right; choosing the typed one corrects the applicant (audited as `applicant.correct`).
 */
export function registerCase(ctx: ServiceContext, input: ApiParsedInput<'intake.register'>): RegisterResult {
  authorize(ctx, 'intake.register');
  const userId = requireUser(ctx);
  const orgUnitId = ctx.actor.orgUnitId;
  if (!orgUnitId) throw new DomainError('forbidden', '当前账号未设置所属机构，不能受理');
  checkStaff(ctx, input.agentId, 'agent', 'agentId');
  checkStaff(ctx, input.leaderId, 'leader', 'leaderId');
  const contact = intakeContact(input);
  if (!contact) throw new DomainError('invalid_input', '请填写经办人姓名和联系电话', { 'contact.name': '请填写经办人姓名', 'contact.phone': '请填写联系电话' });
  const today = ctx.store.today();

  let known: ApplicantRow | undefined;
  let resolved: ResolvedApplicant = { existing: undefined, corrections: {}, kept: [] };
  if (input.applicantId) {
    known = ctx.store.orm.select().from(t.applicants).where(and(eq(t.applicants.id, input.applicantId), isNull(t.applicants.deletedAt))).get();
    if (!known) throw new DomainError('invalid_input', '所选申请人不存在', { applicantId: '所选申请人不存在' });
  } else {
    resolved = resolveApplicant(ctx, input.applicant!, input.applicantNameChoice);
    known = resolved.existing;
  }
  const kept = resolved.kept.length ? { applicantValuesKept: resolved.kept } : {};

  // The event names the case (not the applicant or project inserted first): 修改记录 and 最近动态 find it.
  const caseId = ctx.store.newId();
  const spec = { actor: ctx.actor, action: 'case.register', entity: 'cases', entityId: caseId, detail: { caseId, channel: input.channel, mode: input.mode, helpKind: input.helpKind ?? null, ...kept } };
  const registered = ctx.store.write(spec, (tx) => {
    const applicant = known ?? createApplicant(ctx, tx, input.applicant!, orgUnitId);

    let projectId: string | null = null;
    let projectName: string | null = null;
    if (input.project) {
      const p = tx.insert(t.projects, {
        orgUnitId,
        applicantId: applicant.id,
        name: input.project.name,
        projectCode: input.project.code ?? null,
        category: input.project.category,
        location: input.project.location ?? '',
        investment: input.project.investment ?? null,
        admissionStatus: 'pending',
      });
      searchIndex(ctx.store).put(projectSearchDoc(p, applicant.name));
      projectId = p.id;
      projectName = p.name;
    }

    const caseNo = nextCaseNo(tx, orgUnitId, Number(today.slice(0, 4)));
    // A guide (导办) request is a consultation until someone takes it on; everything else is accepted.
    const status = input.mode === 'help' && input.helpKind === 'guide' ? 'consulting' : 'accepted';
    const c = tx.insert(t.cases, {
      id: caseId,
      caseNo,
      orgUnitId,
      handlingOrgUnitId: orgUnitId,
      applicantId: applicant.id,
      projectId,
      channel: input.channel,
      mode: input.mode,
      helpKind: input.mode === 'help' ? (input.helpKind ?? null) : null,
      status,
      subject: input.summary,
      contactName: contact.name,
      contactResidentId: contact.idNumber ?? null,
      contactPhone: contact.phone,
      agentId: input.agentId ?? null,
      leaderId: input.leaderId ?? null,
      publicToken: newPublicToken(),
      acceptedDate: today,
      registeredBy: userId,
    });
    searchIndex(ctx.store).put(caseSearchDoc(c, applicant, projectName));
    return { caseId: c.id, caseNo, applicantReused: known !== undefined };
  });
  // The correction the clerk chose is its own audited write, naming the case it was made from.
  if (known) writeApplicantCorrection(ctx, known, resolved.corrections, registered.caseId, '受理登记时核对更正');
  return registered;
}
