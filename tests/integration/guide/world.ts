// A small real world for the guide pages: a server (PGlite, or PostgreSQL with DATABASE_URL), its
// offices published with addresses and phones, an agent, a township desktop enrolled with its card
// key, and cases pushed through /sync/push the way a desktop sends them — with personal data the
// public pages must never show.
import crypto from 'node:crypto';
import { publishReference } from '../../../src/server/sync/publish';
import { planTemplateByCode, catalogItemByCode } from '../../../src/shared/reference-data';
import { cardMacMessage, CARD_MAC_BYTES, compactDate, type CardLinkFields } from '../../../src/shared/guide/card-link';
import { versionHeaders } from '../../../src/shared/sync/versions';
import { uuidv7 } from '../../../src/shared/ids';
import { request, startHarness, Wire, type Harness } from '../sync/harness';
import type { CreateServerOptions } from '../../../src/server/app';

export const OFFICE_PHONE = '0591-87650001';
export const AGENT_NAME = '林晓燕';
export const AGENT_PHONE = '13905910001';

export interface Card {
  keyId: string;
  cardKey: string;
}

export interface World {
  h: Harness;
  wire: Wire;
  card: Card;
  deviceId: string;
}

export async function startWorld(opts: Partial<CreateServerOptions> = {}): Promise<World> {
  const h = await startHarness({ ...opts, guide: { progressCacheMs: 0, progressStaleMs: 0, lookupsPerMinute: 10_000, ...opts.guide } });
  const now = h.clock.now().toISOString();
  const base = { createdAt: now, updatedAt: now, deletedAt: null };
  await publishReference(h.server.ctx, 'orgUnits', [
    { id: h.org.city, code: '350100', name: '福州市', level: 'city', parentId: null, officeName: '福州市行政服务中心项目代办服务中心', address: '福州市鼓楼区乌山西路318号', phone: '0591-87650000', officeHours: '工作日 8:30—12:00，14:30—17:30', ...base },
    { id: h.org.townA, code: '350102001', name: '鼓东街道', level: 'township', parentId: h.org.county, officeName: '鼓东街道便民服务中心', address: '鼓楼区鼓东路1号', phone: OFFICE_PHONE, officeHours: '工作日 8:30—17:30', ...base },
  ]);
  await publishReference(h.server.ctx, 'users', [{ id: h.org.users.agentA, displayName: AGENT_NAME, phone: AGENT_PHONE }]);
  const code = await request(h.url, 'POST', '/admin/enrollment-codes', { orgUnitId: h.org.townA }, { authorization: `Bearer ${h.adminToken}` });
  const e = await request(h.url, 'POST', '/enroll', { code: (code.body as { code: string }).code, deviceName: '鼓东一号机' }, versionHeaders());
  const body = e.body as { deviceId: string; deviceToken: string; cardKeyId: string; cardKey: string };
  const wire = new Wire(h.url, body.deviceToken, h.org.users.agentA, h.org.townA);
  return { h, wire, card: { keyId: body.cardKeyId, cardKey: body.cardKey }, deviceId: body.deviceId };
}

export function newToken(): string {
  return crypto.randomBytes(12).toString('base64url');
}

/** The card's signature as the printing desktop makes it: `{keyId}.{mac}`. */
export function signCard(card: Card, f: CardLinkFields): string {
  const mac = crypto.createHmac('sha256', Buffer.from(card.cardKey, 'base64url')).update(cardMacMessage(f)).digest().subarray(0, CARD_MAC_BYTES).toString('base64url');
  return `${card.keyId}.${mac}`;
}

export function cardPath(templateCode: string, f: Omit<CardLinkFields, 'templateCode'>, signature?: string): string {
  const q = new URLSearchParams({ c: f.token });
  if (signature) {
    q.set('n', f.caseNo);
    q.set('d', compactDate(f.issueDate));
    q.set('s', signature);
  }
  return `/g/${templateCode}?${q.toString()}`;
}

/** The personal data of a pushed case: every value the public page must not contain. */
export interface Secrets {
  applicantFullName: string;
  applicantResidentId: string;
  applicantAddress: string;
  contactName: string;
  contactResidentId: string;
  contactPhone: string;
  agentPhone: string;
  noteText: string;
  problemText: string;
}

export interface PushedCase {
  id: string;
  caseNo: string;
  token: string;
  templateCode: string;
  acceptedDate: string;
  projectName: string;
  planItems: Array<Record<string, unknown>>;
  secrets: Secrets;
}

let serial = 40;

/**
 * A person applicant's case on TPL-SOCIAL-INDUSTRY, in progress: the first stage's items
 * approved / submitted / correcting, the rest not started; progress entries (one with free text),
 * an open problem. Every row goes up as a desktop's insert op; the status moves by intent.
 */
export async function pushCase(w: World, opts: { person?: boolean; token?: string; caseNo?: string; acceptedDate?: string } = {}): Promise<PushedCase> {
  const { h, wire } = w;
  const now = h.clock.now().toISOString();
  const base = { createdAt: now, updatedAt: now, deletedAt: null };
  const person = opts.person ?? true;
  serial += 1;
  const secrets: Secrets = {
    applicantFullName: person ? '张三明' : '福州鼓东机械制造有限公司',
    applicantResidentId: '350102199003071234',
    applicantAddress: '福州市鼓楼区东街88号3栋502室',
    contactName: '王丽芳',
    contactResidentId: '35010219851212562X',
    contactPhone: '13812345678',
    agentPhone: AGENT_PHONE,
    noteText: '申请人说周五下午来补交房产证复印件，电话沟通顺利',
    problemText: '消防设计审查意见与施工图不一致，需与消防部门协调',
  };
  const applicant = { id: uuidv7(), ...base, orgUnitId: h.org.townA, kind: person ? 'person' : 'enterprise', name: secrets.applicantFullName, uscc: person ? null : '91350102MA2XYZ1234', residentId: person ? secrets.applicantResidentId : null, legalRepresentative: person ? '' : '陈建国', address: secrets.applicantAddress };
  const projectName = `鼓东智能装备厂房建设项目${serial}`;
  const project = { id: uuidv7(), ...base, orgUnitId: h.org.townA, applicantId: applicant.id, name: projectName, projectCode: '2026-350102-34-03-000123', category: 'social', location: '鼓楼区鼓东路', investment: 3200, admissionStatus: 'approved' };
  const token = opts.token ?? newToken();
  const caseNo = opts.caseNo ?? `350102001-2026-01-${String(serial).padStart(5, '0')}`;
  const acceptedDate = opts.acceptedDate ?? '2026-02-16';
  const c = {
    id: uuidv7(), ...base, caseNo, orgUnitId: h.org.townA, handlingOrgUnitId: h.org.townA, applicantId: applicant.id, projectId: project.id, channel: 'counter', mode: 'proxy', helpKind: null,
    status: 'accepted', subject: `${secrets.applicantFullName}的厂房项目代办`, contactName: secrets.contactName, contactResidentId: secrets.contactResidentId, contactPhone: secrets.contactPhone,
    agentId: h.org.users.agentA, leaderId: null, templateCode: 'TPL-SOCIAL-INDUSTRY', publicToken: token, acceptedDate, registeredBy: h.org.users.agentA, closedAt: null, closeReason: null,
  };
  const tpl = planTemplateByCode('TPL-SOCIAL-INDUSTRY')!;
  const planItems = tpl.items.map((ti, i) => {
    const item = catalogItemByCode(ti.catalogCode)!;
    const stage1 = ti.stage === 1;
    const status = !stage1 ? 'notStarted' : i === 0 ? 'approved' : i === 1 ? 'correcting' : 'submitted';
    return {
      id: uuidv7(), ...base, caseId: c.id, catalogCode: item.code, name: item.name, department: item.department, stage: ti.stage, parallelGroup: ti.group, sortOrder: i,
      limitValue: item.promisedLimit.value, limitUnit: item.promisedLimit.unit,
      startDate: stage1 ? '2026-02-17' : null,
      // One open item carries its due date, the others leave it to the calendar.
      dueDate: stage1 && i === 2 ? '2026-03-06' : null,
      status, docNo: status === 'approved' ? '榕发改备〔2026〕18号' : null, statusReason: null, completedDate: status === 'approved' ? '2026-02-17' : null,
    };
  });
  const entry = (planItemId: string | null, kind: string, occurredDate: string, text: string, extra: Record<string, unknown> = {}) => ({
    id: uuidv7(), ...base, caseId: c.id, planItemId, kind, text, hours: 1, occurredDate, authorId: h.org.users.agentA, ...extra,
  });
  const entries = [
    entry(planItems[1]!.id as string, 'submission', '2026-02-18', '已网上申报'),
    entry(planItems[1]!.id as string, 'correction', '2026-02-25', '补正：需补充红线图'),
    entry(planItems[2]!.id as string, 'submission', '2026-02-19', '窗口申报'),
    entry(null, 'phone', '2026-02-26', secrets.noteText),
    // Withdrawn entries are not shown: this correction date must not appear.
    entry(planItems[2]!.id as string, 'correction', '2026-02-27', '误录', { withdrawnAt: now, withdrawnBy: h.org.users.agentA, withdrawReason: '录错了' }),
  ];
  const problem = { id: uuidv7(), ...base, caseId: c.id, planItemId: null, department: '市消防救援支队', description: secrets.problemText, status: 'open', raisedBy: h.org.users.agentA, raisedDate: '2026-02-26', resolution: null, resolvedDate: null };
  const ops = [
    wire.op({ kind: 'insert', entity: 'applicants', entityId: applicant.id, payload: applicant }),
    wire.op({ kind: 'insert', entity: 'projects', entityId: project.id, payload: project }),
    wire.op({ kind: 'insert', entity: 'cases', entityId: c.id, payload: c }),
    ...planItems.map((p) => wire.op({ kind: 'insert', entity: 'planItems', entityId: p.id as string, payload: p })),
    ...entries.map((p) => wire.op({ kind: 'insert', entity: 'progressEntries', entityId: p.id, payload: p })),
    wire.op({ kind: 'insert', entity: 'problems', entityId: problem.id, payload: problem }),
    wire.op({ kind: 'intent', intent: 'case.entrust', entity: 'cases', entityId: c.id, payload: { args: {}, fields: { status: { base: 'accepted', value: 'entrusted' } } } }),
    wire.op({ kind: 'intent', intent: 'case.start', entity: 'cases', entityId: c.id, payload: { args: {}, fields: { status: { base: 'entrusted', value: 'inProgress' } } } }),
  ];
  const r = await wire.push(ops);
  const bad = r.results.filter((x) => x.status !== 'applied');
  if (r.status !== 200 || bad.length) throw new Error(`push failed: ${r.status} ${JSON.stringify(bad.length ? bad : r.body)}`);
  return { id: c.id, caseNo, token, templateCode: 'TPL-SOCIAL-INDUSTRY', acceptedDate, projectName, planItems, secrets };
}

/** Closes a case (办结) as the desktop does: the complete intent with its closing time. */
export async function completeCase(w: World, caseId: string, closedAt: string): Promise<void> {
  const r = await w.wire.push([
    w.wire.op({ kind: 'intent', intent: 'case.complete', entity: 'cases', entityId: caseId, payload: { args: {}, fields: { status: { base: 'inProgress', value: 'completed' }, closedAt: { base: null, value: closedAt }, closeReason: { base: null, value: '' } } } }),
  ]);
  if (r.results[0]?.status !== 'applied') throw new Error(`complete failed ${JSON.stringify(r.results)}`);
}

/** A new public token (重新生成查询码) as a field patch. */
export async function regenerateToken(w: World, caseId: string, oldToken: string): Promise<string> {
  const token = newToken();
  const r = await w.wire.push([w.wire.op({ kind: 'patch', entity: 'cases', entityId: caseId, payload: { publicToken: { base: oldToken, value: token } } })]);
  if (r.results[0]?.status !== 'applied') throw new Error(`token patch failed ${JSON.stringify(r.results)}`);
  return token;
}

export async function get(w: World, path: string, headers: Record<string, string> = {}) {
  const r = await request(w.h.url, 'GET', path, undefined, headers);
  return { ...r, text: r.raw.toString('utf8') };
}
