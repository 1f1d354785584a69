// `daiban demo`: a realistic Fuzhou-like data set — the office tree, the catalogue and templates,
// staff of every role, and N cases across every status, mode and channel with plans, progress,
// problems, transfers and evaluations. Deterministic for a seed (ids included).
//
// Speed: rows go in through prepared statements in batches of BATCH cases per transaction with
// time-ordered ids; each batch is one audit event ('demo.load') and nothing goes to the outbox —
// demo data is local. A batch that committed is reported through `onProgress`: a killed load
// keeps every reported batch and the store stays consistent.
import type Database from 'better-sqlite3';
import { addWorkdays, addDays, dueDateFor, nextWorkdayOnOrAfter } from '../../../shared/domain/calendar.js';
import type { CaseStatus, Channel, HelpKind, LimitUnit, Mode, ProgressKind } from '../../../shared/domain/enums.js';
import {
  makeEnterpriseName, makeMobile, makePersonName, makeProjectCode, makeResidentId, makeUscc, mulberry32, pick, randInt, weightedPick, type Rng,
} from '../../../shared/domain/synthetic-ids.js';
import { auditWriter } from '../../db/audit.js';
import * as t from '../../db/schema.js';
import { SearchIndex, type SearchDoc } from '../../db/search.js';
import { SYSTEM_ACTOR, type Store } from '../../db/store.js';
import { hashPassword } from '../auth/password.js';
import { seedReferenceData } from '../catalog/seed.js';
import { seedDemoContacts } from './contacts.js';
import { calendarOf } from '../context.js';
import { newPublicToken } from '../intake/service.js';
import { schedule } from '../plans/service.js';
import { ORG_UNITS, PLAN_TEMPLATES } from '../../../shared/reference-data/index.js';
import { applicantSearchDoc, caseSearchDoc, projectSearchDoc } from '../search/documents.js';

export const DEMO_PASSWORD = 'Daiban2026';
const BATCH = 2000;

export interface DemoOptions {
  cases: number;
  seed?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface DemoSummary {
  cases: number;
  applicants: number;
  planItems: number;
  progressEntries: number;
  users: Array<{ username: string; displayName: string; roles: string[]; office: string }>;
  password: string;
}

/** A UUIDv7 from a given time and the seeded generator: same seed, same ids. */
function seededId(ms: number, rng: Rng): string {
  const hex = (n: number, len: number) => Math.floor(n).toString(16).padStart(len, '0').slice(-len);
  const r = () => Math.floor(rng() * 0x10000);
  const time = hex(ms, 12);
  return `${time.slice(0, 8)}-${time.slice(8)}-7${hex(r() & 0xfff, 3)}-${hex((r() & 0x3fff) | 0x8000, 4)}-${hex(r(), 4)}${hex(r(), 4)}${hex(r(), 4)}`;
}

const CHANNEL_WEIGHTS: ReadonlyArray<readonly [Channel, number]> = [['counter', 45], ['phone', 15], ['hotline12345', 12], ['web', 12], ['app', 8], ['visit', 8]];
const HELP_WEIGHTS: ReadonlyArray<readonly [HelpKind, number]> = [['guide', 40], ['assist', 35], ['transfer', 15], ['joint', 10]];
const PROGRESS_TEXTS: Record<ProgressKind, string[]> = {
  submission: ['已通过工程建设项目审批管理系统提交申报材料', '陪同企业至窗口递交纸质材料，已受理', '网上申报已提交，等待部门审查'],
  correction: ['部门要求补正设计文件，已通知企业', '补正材料已收齐并重新提交', '核对补正意见，协助企业修改申请表'],
  meeting: ['组织规划、住建、消防等部门联审会办', '参加项目前期“5+X”会商，明确审批路径', '召开现场协调会，解决用地红线问题'],
  siteVisit: ['现场踏勘，核实建设条件', '上门服务，指导企业准备申报材料', '会同部门现场核验'],
  phone: ['电话跟进审批进度', '电话告知企业领取批文', '电话提醒企业补充材料'],
  consult: ['解答企业关于审批流程的咨询', '讲解并联审批和容缺受理政策', '告知所需材料清单及办理时限'],
  note: ['整理归档本阶段材料', '更新代办服务计划书', '向责任领导汇报项目进展'],
};
const PROBLEM_TEXTS = ['用地规划条件与方案存在冲突，需规划部门出具意见', '消防设计审查意见分歧，需协调', '施工图审查周期超出承诺时限', '水电气接入方案未确定', '环评批复前置条件未满足'];
const PROJECT_KINDS = ['厂房', '综合楼', '研发中心', '仓储物流中心', '商业综合体', '安置房', '学校教学楼', '道路改造工程', '污水管网工程', '产业园'];

interface Staff {
  id: string;
  orgUnitId: string;
  roles: string[];
}

export function generateDemo(store: Store, options: DemoOptions): DemoSummary {
  const rng = mulberry32(options.seed ?? 20260101);
  const today = store.today();
  const nowMs = store.clock.now().getTime();
  const db = store.db;

  // 1. Reference data and staff, through the normal audited path.
  const passwordHash = hashPassword(DEMO_PASSWORD);
  const summaryUsers: DemoSummary['users'] = [];
  const staffByOrg = new Map<string, Staff[]>();
  let orgIds = new Map<string, string>();
  store.write({ actor: SYSTEM_ACTOR, action: 'demo.reference', detail: { seed: options.seed ?? null } }, (tx) => {
    orgIds = seedReferenceData(tx, { orgTree: true }).orgUnitIdByCode;
    const existing = new Set(db.prepare('SELECT username FROM users').pluck().all() as string[]);
    const add = (username: string, displayName: string, roles: string[], code: string) => {
      const orgUnitId = orgIds.get(code)!;
      let id: string;
      if (existing.has(username)) {
        id = db.prepare('SELECT id FROM users WHERE username = ?').pluck().get(username) as string;
      } else {
        id = tx.insert(t.users, { username, displayName, roles, orgUnitId, passwordHash, phone: makeMobile(rng), agentKind: roles.includes('agent') ? (rng() < 0.6 ? 'fullTime' : 'partTime') : null }).id;
      }
      const list = staffByOrg.get(orgUnitId) ?? [];
      list.push({ id, orgUnitId, roles });
      staffByOrg.set(orgUnitId, list);
      summaryUsers.push({ username, displayName, roles, office: ORG_UNITS.find((o) => o.code === code)!.name });
    };
    add('admin', '系统管理员', ['admin'], '350100');
    for (const o of ORG_UNITS) {
      if (o.level === 'city' || o.level === 'county') {
        add(`clerk${o.code}`, makePersonName(rng, { rareShare: 0 }), ['clerk'], o.code);
        for (let i = 1; i <= (o.level === 'city' ? 4 : 3); i++) add(`agent${o.code}-${i}`, makePersonName(rng), ['agent'], o.code);
        add(`leader${o.code}`, makePersonName(rng, { rareShare: 0 }), ['leader'], o.code);
      } else if (o.level === 'township') {
        add(`clerk${o.code}`, makePersonName(rng), ['clerk', 'agent'], o.code);
      }
    }
    seedDemoContacts(tx, orgIds);
  });

  // 2. Cases, in batches.
  const cal = calendarOf(store);
  const catalog = new Map(store.orm.select().from(t.catalogItems).all().map((c) => [c.code, c]));
  const templates = PLAN_TEMPLATES.map((p) => ({ code: p.code, kind: p.planKind, category: p.projectCategory, items: p.items.map((i) => ({ catalog: catalog.get(i.catalogCode)!, stage: i.stage as number, group: i.group })) }));
  const offices = ORG_UNITS.filter((o) => o.level === 'county' || o.level === 'township').map((o) => ({ seed: o, id: orgIds.get(o.code)! }));
  const cityId = orgIds.get('350100')!;
  const leadersOf = (orgId: string) => (staffByOrg.get(orgId) ?? []).filter((s) => s.roles.includes('leader'));
  const agentsOf = (orgId: string) => (staffByOrg.get(orgId) ?? []).filter((s) => s.roles.includes('agent'));
  const countyOf = new Map(offices.map((o) => [o.id, orgIds.get(o.seed.code.slice(0, 6))!]));

  const ins = prepareInserts(db);
  const appendAudit = auditWriter(db);
  const counters = new Map<string, number>();
  for (const r of db.prepare('SELECT org_unit_id, year, next FROM case_counters').all() as Array<{ org_unit_id: string; year: number; next: number }>) {
    counters.set(`${r.org_unit_id}|${r.year}`, r.next);
  }
  type DemoContact = { contactName: string; contactResidentId: string; contactPhone: string };
  const applicantPool: Array<{ id: string; name: string; orgUnitId: string; region: string; contact: DemoContact }> = [];
  const makeContact = (region: string): DemoContact => ({ contactName: makePersonName(rng), contactResidentId: makeResidentId(rng, { regionCode: region }), contactPhone: makeMobile(rng) });
  let planItemCount = 0;
  let progressCount = 0;
  let applicantCount = 0;
  const spanDays = 730;

  for (let done = 0; done < options.cases; ) {
    const n = Math.min(BATCH, options.cases - done);
    db.transaction(() => {
      for (let k = 0; k < n; k++) {
        const i = done + k;
        // Older cases first, so ids and case numbers follow time.
        const ageDays = Math.round(spanDays * (1 - (i + rng() * 0.5) / options.cases));
        const accepted = nextWorkdayOnOrAfter(addDays(today, -ageDays), cal);
        const createdMs = Math.min(nowMs, Date.parse(`${accepted}T01:00:00Z`) + randInt(rng, 0, 7 * 3600_000));
        const createdAt = new Date(createdMs).toISOString();
        const office = pick(rng, offices);
        const countyId = countyOf.get(office.id)!;
        const agents = agentsOf(office.id);
        const agentPool = agents.length ? agents : agentsOf(countyId);
        const agent = pick(rng, agentPool);
        const mode: Mode = rng() < 0.55 ? 'proxy' : 'help';
        const helpKind: HelpKind | null = mode === 'help' ? weightedPick(rng, HELP_WEIGHTS) : null;
        const channel = weightedPick(rng, CHANNEL_WEIGHTS);

        // Applicant: a third of requests come from an enterprise already known.
        // The contact (经办人) is the case's: a known enterprise mostly sends the same person, sometimes another.
        let applicant: (typeof applicantPool)[number];
        let contact: DemoContact;
        if (applicantPool.length > 50 && rng() < 0.3) {
          applicant = pick(rng, applicantPool);
          contact = rng() < 0.7 ? applicant.contact : makeContact(applicant.region);
        } else {
          const enterprise = rng() < 0.85;
          const name = enterprise ? makeEnterpriseName(rng) : makePersonName(rng);
          const region = office.seed.code.slice(0, 6);
          contact = makeContact(region);
          const row = {
            id: seededId(createdMs, rng), createdAt, updatedAt: createdAt, orgUnitId: office.id, kind: enterprise ? 'enterprise' : 'person', name,
            uscc: enterprise ? makeUscc(rng, region) : null, residentId: enterprise ? null : makeResidentId(rng, { regionCode: region }),
            legalRepresentative: enterprise ? makePersonName(rng) : '',
          };
          ins.applicant.run(row);
          ins.search(applicantSearchDoc(row));
          applicant = { id: row.id, name, orgUnitId: office.id, region, contact };
          applicantPool.push(applicant);
          if (applicantPool.length > 5000) applicantPool.splice(0, 1000);
          applicantCount++;
        }

        // Project (every proxy case, some help cases).
        const template = pick(rng, templates);
        let projectId: string | null = null;
        let projectName: string | null = null;
        if (mode === 'proxy' || rng() < 0.3) {
          projectName = `${applicant.name.replace(/(股份)?有限(责任)?公司$/, '').replace(/^福州(市)?/, '')}${pick(rng, PROJECT_KINDS)}项目`;
          const year = Number(accepted.slice(0, 4));
          const row = {
            id: seededId(createdMs, rng), createdAt, updatedAt: createdAt, orgUnitId: office.id, applicantId: applicant.id, name: projectName,
            projectCode: template.kind === 'engineering' ? makeProjectCode(rng, { year, regionCode: office.seed.code.slice(0, 6) }) : null,
            category: template.category ?? pick(rng, ['government', 'social', 'key'] as const), location: `${office.seed.name}${pick(rng, ['工业园区', '中心片区', '滨江片区', '新城片区'])}`,
            investment: randInt(rng, 200, 200000), admissionStatus: rng() < 0.97 ? 'approved' : 'pending', admissionAt: createdAt, admissionBy: agent.id,
          };
          ins.project.run(row);
          ins.search(projectSearchDoc(row, applicant.name));
          projectId = row.id;
        }

        // Status by age: old cases are mostly closed, recent ones open.
        const status = pickStatus(rng, ageDays, mode, helpKind);
        const year = Number(accepted.slice(0, 4));
        const key = `${office.id}|${year}`;
        const serial = (counters.get(key) ?? 0) + 1;
        counters.set(key, serial);
        const caseNo = `${office.seed.code}-${year}-${String(serial).padStart(5, '0')}`;
        const caseId = seededId(createdMs, rng);
        const closed = status === 'completed' || status === 'withdrawn' || status === 'suspended';
        const closedAt = closed ? new Date(Math.min(nowMs, createdMs + randInt(rng, 2, Math.max(3, ageDays)) * 86400_000)).toISOString() : null;
        const leader = projectId && rng() < 0.8 ? pick(rng, leadersOf(countyId).length ? leadersOf(countyId) : leadersOf(cityId)) : undefined;
        const subject = projectName ? `${projectName}${mode === 'proxy' ? '审批全程代办' : '审批帮办'}` : pick(rng, ['咨询企业开办流程', '咨询供水报装', '协助填写施工许可申请表', '咨询不动产登记材料', '咨询食品经营许可办理']);
        const caseRow = {
          id: caseId, createdAt, updatedAt: closedAt ?? createdAt, caseNo, orgUnitId: office.id, handlingOrgUnitId: office.id, applicantId: applicant.id, projectId,
          channel, mode, helpKind, status, subject, ...contact, agentId: agent.id, leaderId: leader?.id ?? null, templateCode: projectId ? template.code : null,
          publicToken: newPublicToken(), acceptedDate: accepted, registeredBy: agent.id, closedAt,
          closeReason: status === 'completed' ? '全部事项办结' : status === 'withdrawn' ? '申请人撤回申请' : status === 'suspended' ? '企业暂缓建设' : null,
        };
        ins.caseRow.run(caseRow);
        ins.search(caseSearchDoc(caseRow, applicant, projectName));

        // Plan with due dates from the calendar; item statuses follow the dates.
        if (projectId && status !== 'consulting') {
          const planned = schedule(template.items, accepted, cal);
          // Materials checklists for the recent open cases (what agents work on now).
          const withMaterials = ageDays <= 45 && status !== 'completed' && status !== 'withdrawn';
          planned.forEach((p, idx) => {
            const itemStatus = itemStatusFor(rng, status, p.dueDate, today);
            const planItemId = seededId(createdMs, rng);
            if (withMaterials) {
              const handedIn = itemStatus !== 'notStarted';
              for (const m of p.catalog.materials) {
                ins.material.run({
                  id: seededId(createdMs, rng), createdAt, updatedAt: createdAt, caseId, planItemId, name: m.name, originalsRequired: m.originals, copiesRequired: m.copies,
                  originalsHeld: handedIn ? m.originals : 0, copiesHeld: handedIn ? m.copies : 0,
                });
              }
            }
            ins.planItem.run({
              id: planItemId, createdAt, updatedAt: createdAt, caseId, catalogCode: p.catalog.code, name: p.catalog.name, department: p.catalog.department,
              stage: p.stage, parallelGroup: p.group, sortOrder: (idx + 1) * 10, limitValue: p.catalog.promisedLimitValue, limitUnit: p.catalog.promisedLimitUnit,
              startDate: p.startDate, dueDate: p.dueDate, status: itemStatus,
              docNo: itemStatus === 'approved' ? `榕${p.catalog.department.slice(1, 3)}〔${p.dueDate.slice(0, 4)}〕${randInt(rng, 1, 999)}号` : null,
              completedDate: itemStatus === 'approved' ? dueDateFor(p.startDate, { value: Math.max(1, p.catalog.promisedLimitValue - 1), unit: p.catalog.promisedLimitUnit as LimitUnit }, cal) : null,
            });
            planItemCount++;
          });
        }

        // Progress: 1–4 entries from acceptance on.
        const entries = status === 'consulting' ? 1 : randInt(rng, 1, 4);
        for (let e = 0; e < entries; e++) {
          const kind: ProgressKind = status === 'consulting' ? 'consult' : pick(rng, ['submission', 'correction', 'meeting', 'siteVisit', 'phone', 'note'] as const);
          const date = addWorkdays(accepted, Math.min(e * randInt(rng, 2, 10), Math.max(0, ageDays - 1)), cal);
          ins.progress.run({
            id: seededId(createdMs + e, rng), createdAt, updatedAt: createdAt, caseId, kind, text: pick(rng, PROGRESS_TEXTS[kind]),
            hours: randInt(rng, 1, 8) / 2, occurredDate: date > today ? today : date, authorId: agent.id,
          });
          progressCount++;
        }
        // The last week's work also shows in the audit log, as the 工作台's recent activity reads it.
        if (ageDays <= 7) {
          appendAudit({ id: seededId(createdMs, rng), at: createdAt, actorId: agent.id, action: 'case.register', entity: 'cases', entityId: caseId, detail: { channel, mode } });
          appendAudit({ id: seededId(createdMs + 1, rng), at: createdAt, actorId: agent.id, action: 'progress.add', entity: 'cases', entityId: caseId, detail: { entries } });
        }

        // Problems on some open proxy cases; transfers on 转办/联办 help cases; evaluations on completed ones.
        if (mode === 'proxy' && rng() < 0.08) {
          const resolved = closed || rng() < 0.5;
          ins.problem.run({
            id: seededId(createdMs, rng), createdAt, updatedAt: createdAt, caseId, department: pick(rng, ['市自然资源和规划局', '市住建局', '市消防救援支队', '市生态环境局']),
            description: pick(rng, PROBLEM_TEXTS), status: resolved ? 'resolved' : 'open', raisedBy: agent.id, raisedDate: accepted,
            resolution: resolved ? '经联审会办，部门出具书面意见，问题已解决' : null, resolvedDate: resolved ? addWorkdays(accepted, 5, cal) : null,
          });
        }
        if (helpKind === 'transfer' || helpKind === 'joint') {
          const down = helpKind === 'transfer';
          const townships = offices.filter((o) => o.seed.parentCode === office.seed.code);
          const to = down ? (townships.length ? pick(rng, townships).id : cityId) : cityId;
          if (to !== office.id) {
            const tStatus = closed || ageDays > 10 ? (rng() < 0.9 ? 'accepted' : 'returned') : 'sent';
            ins.transfer.run({
              id: seededId(createdMs, rng), createdAt, updatedAt: createdAt, caseId, kind: down ? 'down' : 'up', fromOrgUnitId: office.id, toOrgUnitId: to, status: tStatus,
              reason: down ? '属乡镇（街道）办理权限，转办属地' : '需市级部门联审，申请联办', sentBy: agent.id, sentAt: createdAt,
              respondedBy: tStatus === 'sent' ? null : (agentsOf(to)[0]?.id ?? agent.id), respondedAt: tStatus === 'sent' ? null : createdAt,
              responseNote: tStatus === 'returned' ? '材料不全，请补充后再转' : tStatus === 'accepted' ? '已接收' : null,
            });
            if (down && tStatus === 'accepted') db.prepare('UPDATE cases SET handling_org_unit_id = ? WHERE id = ?').run(to, caseId);
          }
        }
        if (status === 'completed' && rng() < 0.35) {
          const level = weightedPick(rng, [[5, 70], [4, 20], [3, 6], [2, 3], [1, 1]] as const);
          const evalId = seededId(createdMs, rng);
          const evalDate = closedAt!.slice(0, 10);
          ins.evaluation.run({ id: evalId, createdAt, updatedAt: createdAt, caseId, level, source: pick(rng, ['qr', 'sms', 'device', 'phone'] as const), comment: level >= 4 ? '代办员服务热情，办事效率高' : '等待时间较长', evaluatedDate: evalDate });
          if (level <= 2) {
            ins.callback.run({ id: seededId(createdMs, rng), createdAt, updatedAt: createdAt, caseId, evaluationId: evalId, calledBy: agent.id, calledDate: addWorkdays(evalDate, 1, cal), content: '致电企业了解不满意原因：等待时间较长，已说明改进安排', result: '企业认可整改措施' });
            ins.rectification.run({ id: seededId(createdMs, rng), createdAt, updatedAt: createdAt, caseId, evaluationId: evalId, problem: '办理等待时间长', measure: '增设代办专窗，推行预约服务', responsibleId: agent.id, dueDate: addWorkdays(evalDate, 10, cal), status: 'done', doneDate: addWorkdays(evalDate, 8, cal) });
          }
        }
      }
      for (const [key, next] of counters) {
        const [orgUnitId, year] = key.split('|');
        ins.counter.run(orgUnitId, Number(year), next);
      }
      appendAudit({ id: store.newId(), at: store.nowIso(), actorId: null, action: 'demo.load', entity: null, entityId: null, detail: { from: done, count: n } });
    }).immediate();
    done += n;
    options.onProgress?.(done, options.cases);
  }
  db.pragma('optimize');
  return { cases: options.cases, applicants: applicantCount, planItems: planItemCount, progressEntries: progressCount, users: summaryUsers, password: DEMO_PASSWORD };
}

function pickStatus(rng: Rng, ageDays: number, mode: Mode, helpKind: HelpKind | null): CaseStatus {
  const r = rng();
  if (mode === 'help' && helpKind === 'guide') return ageDays < 3 && r < 0.5 ? 'consulting' : 'completed';
  if (ageDays > 240) return r < 0.85 ? 'completed' : r < 0.93 ? 'withdrawn' : r < 0.97 ? 'suspended' : 'inProgress';
  if (ageDays > 60) return r < 0.45 ? 'completed' : r < 0.5 ? 'withdrawn' : r < 0.55 ? 'suspended' : 'inProgress';
  if (r < 0.1) return 'consulting';
  if (r < 0.3) return 'accepted';
  if (mode === 'proxy' && r < 0.45) return 'entrusted';
  return r < 0.95 ? 'inProgress' : 'completed';
}

function itemStatusFor(rng: Rng, caseStatus: CaseStatus, due: string, today: string): string {
  if (caseStatus === 'completed') return 'approved';
  if (caseStatus === 'withdrawn' || caseStatus === 'suspended') return due < today ? 'approved' : 'notStarted';
  if (caseStatus === 'accepted' || caseStatus === 'entrusted') return due < today ? 'preparing' : 'notStarted';
  // In progress: most past items are done, some run late (overdue) or are being corrected.
  if (due < today) return rng() < 0.9 ? 'approved' : rng() < 0.5 ? 'correcting' : 'submitted';
  return rng() < 0.3 ? 'submitted' : rng() < 0.5 ? 'preparing' : 'notStarted';
}

/** Prepared INSERTs straight into the tables (named parameters = the drizzle field names). */
function prepareInserts(db: Database.Database) {
  const insert = (table: string, fields: string[]) => {
    const cols = fields.map((f) => f.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`));
    const stmt = db.prepare(`INSERT INTO ${table} (${cols.join(', ')}) VALUES (${fields.map((f) => `@${f}`).join(', ')})`);
    return {
      run(row: Record<string, unknown>) {
        const params: Record<string, unknown> = {};
        for (const f of fields) {
          const v = row[f];
          params[f] = v === undefined ? null : typeof v === 'boolean' ? Number(v) : v;
        }
        stmt.run(params);
      },
    };
  };
  const base = ['id', 'createdAt', 'updatedAt'];
  const searchIndex = new SearchIndex(db);
  return {
    applicant: insert('applicants', [...base, 'orgUnitId', 'kind', 'name', 'uscc', 'residentId', 'legalRepresentative']),
    project: insert('projects', [...base, 'orgUnitId', 'applicantId', 'name', 'projectCode', 'category', 'location', 'investment', 'admissionStatus', 'admissionBy', 'admissionAt']),
    caseRow: insert('cases', [...base, 'caseNo', 'orgUnitId', 'handlingOrgUnitId', 'applicantId', 'projectId', 'channel', 'mode', 'helpKind', 'status', 'subject', 'contactName', 'contactResidentId', 'contactPhone', 'agentId', 'leaderId', 'templateCode', 'publicToken', 'acceptedDate', 'registeredBy', 'closedAt', 'closeReason']),
    material: insert('materials', [...base, 'caseId', 'planItemId', 'name', 'originalsRequired', 'copiesRequired', 'originalsHeld', 'copiesHeld']),
    planItem: insert('plan_items', [...base, 'caseId', 'catalogCode', 'name', 'department', 'stage', 'parallelGroup', 'sortOrder', 'limitValue', 'limitUnit', 'startDate', 'dueDate', 'status', 'docNo', 'completedDate']),
    progress: insert('progress_entries', [...base, 'caseId', 'kind', 'text', 'hours', 'occurredDate', 'authorId']),
    problem: insert('problems', [...base, 'caseId', 'department', 'description', 'status', 'raisedBy', 'raisedDate', 'resolution', 'resolvedDate']),
    transfer: insert('transfers', [...base, 'caseId', 'kind', 'fromOrgUnitId', 'toOrgUnitId', 'status', 'reason', 'sentBy', 'sentAt', 'respondedBy', 'respondedAt', 'responseNote']),
    evaluation: insert('evaluations', [...base, 'caseId', 'level', 'source', 'comment', 'evaluatedDate']),
    callback: insert('callbacks', [...base, 'caseId', 'evaluationId', 'calledBy', 'calledDate', 'content', 'result']),
    rectification: insert('rectifications', [...base, 'caseId', 'evaluationId', 'problem', 'measure', 'responsibleId', 'dueDate', 'status', 'doneDate']),
    counter: db.prepare(`INSERT INTO case_counters (org_unit_id, year, next) VALUES (?, ?, ?) ON CONFLICT(org_unit_id, year) DO UPDATE SET next = excluded.next`),
    search: (doc: SearchDoc) => searchIndex.put(doc),
  };
}

