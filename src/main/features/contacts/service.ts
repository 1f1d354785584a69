// 部门联络表 (Meizhou annex 1): each office's directory of departments and their 分管领导,
// 业务负责人 and 审批骨干. One row per person (departmentContacts), reference data every desktop pulls;
// admins edit the directories of their office subtree — the one reference rule
// (src/shared/sync/reference-authority.ts), checked here before anything is written and again by
// the server. Edits are field patches of one person's row, so two admins editing different people
// (or different fields of one person) never overwrite each other.
import type { ApiOutput, ApiParsedInput, ContactDepartmentDto, DepartmentContactDto } from '../../../shared/api/index.js';
import { contactRoleLabel, contactRoleOrder, departmentKey, type ContactFields, type ContactRole } from '../../../shared/contacts/contact.js';
import { DomainError } from '../../../shared/errors.js';
import * as t from '../../db/schema.js';
import type { Store } from '../../db/store.js';
import { authorize, loadCase, orgInfo, orgSubtree, requireUser, searchIndex, sql, type ServiceContext } from '../context.js';
import { mayChangeReference, requireReferenceAuthority } from '../reference-authority.js';
import { contactSearchDoc } from './search-doc.js';

type ContactRow = typeof t.departmentContacts.$inferSelect;

const LIST_LIMIT = 200;
const FIELD_LABELS: Record<string, string> = {
  department: '部门', role: '类别', name: '姓名', post: '职务', mobile: '手机号码', officePhone: '办公电话', business: '负责业务', note: '备注',
};

const change = (existing: ContactRow | null, next: Record<string, unknown>, id: string) => ({ entity: 'departmentContacts' as const, id, existing, next });

const officeName = (store: Store, orgUnitId: string): string => orgInfo(store, orgUnitId)?.name ?? '（未知机构）';

function contactDto(c: ContactRow): DepartmentContactDto {
  return {
    id: c.id, orgUnitId: c.orgUnitId, department: c.department, role: c.role as ContactRole, roleLabel: contactRoleLabel(c.role),
    name: c.name, post: c.post, mobile: c.mobile, officePhone: c.officePhone, business: c.business, note: c.note, updatedAt: c.updatedAt,
  };
}

/** An office and the offices above it, nearest first. */
export function officeChain(store: Store, orgUnitId: string): string[] {
  return sql(store, `WITH RECURSIVE up(id, parent_id, depth) AS (
      SELECT id, parent_id, 0 FROM org_units WHERE id = ?
      UNION ALL SELECT o.id, o.parent_id, up.depth + 1 FROM org_units o JOIN up ON o.id = up.parent_id WHERE up.depth < 16)
    SELECT id FROM up ORDER BY depth`).pluck().all(orgUnitId) as string[];
}

/** Whether the actor may add to, edit and remove from this office's directory (for the screen's buttons). */
function mayEditOffice(ctx: ServiceContext, orgUnitId: string): boolean {
  return ctx.actor.roles.includes('admin') && mayChangeReference(ctx, change(null, { orgUnitId }, 'new'));
}

/** People grouped by office and department: the caller's office first, then by division code; departments by name; people in the annex's order. */
function groupByDepartment(ctx: ServiceContext, rows: ContactRow[]): ContactDepartmentDto[] {
  const groups = new Map<string, ContactDepartmentDto>();
  const editable = new Map<string, boolean>();
  for (const r of rows) {
    const key = `${r.orgUnitId}\u0000${r.department}`;
    let g = groups.get(key);
    if (!g) {
      if (!editable.has(r.orgUnitId)) editable.set(r.orgUnitId, mayEditOffice(ctx, r.orgUnitId));
      g = { orgUnitId: r.orgUnitId, officeName: officeName(ctx.store, r.orgUnitId), department: r.department, people: [], mayEdit: editable.get(r.orgUnitId)! };
      groups.set(key, g);
    }
    g.people.push(contactDto(r));
  }
  const mine = ctx.actor.orgUnitId;
  const code = (id: string) => orgInfo(ctx.store, id)?.code ?? '';
  const out = [...groups.values()];
  for (const g of out) g.people.sort((a, b) => contactRoleOrder(a.role) - contactRoleOrder(b.role) || a.id.localeCompare(b.id));
  return out.sort((a, b) => Number(b.orgUnitId === mine) - Number(a.orgUnitId === mine) || code(a.orgUnitId).localeCompare(code(b.orgUnitId))
    || a.department.localeCompare(b.department, 'zh-Hans-CN'));
}

export function listContacts(ctx: ServiceContext, input: ApiParsedInput<'contacts.list'>): ApiOutput<'contacts.list'> {
  authorize(ctx, 'contacts.list');
  const q = input.q?.trim();
  const office = input.orgUnitId;
  let rows: ContactRow[];
  if (q) {
    const hits = searchIndex(ctx.store).search(q, { kinds: ['contact'], limit: LIST_LIMIT });
    rows = hits.length ? ctx.store.rows(t.departmentContacts, 'id IN (SELECT value FROM json_each(?)) AND deleted_at IS NULL', JSON.stringify(hits.map((h) => h.refId))) : [];
  } else {
    rows = ctx.store.rows(t.departmentContacts, 'deleted_at IS NULL');
  }
  if (office) rows = rows.filter((r) => r.orgUnitId === office);
  const mine = ctx.actor.orgUnitId;
  const editableOffices = mine && ctx.actor.roles.includes('admin')
    ? [...orgSubtree(ctx.store, mine)].filter((id) => orgInfo(ctx.store, id) && mayEditOffice(ctx, id))
      .sort((a, b) => Number(b === mine) - Number(a === mine) || (orgInfo(ctx.store, a)!.code).localeCompare(orgInfo(ctx.store, b)!.code))
      .map((id) => ({ id, name: officeName(ctx.store, id) }))
    : [];
  return { departments: groupByDepartment(ctx, rows), editableOffices };
}

/**
 * For each department a case's plan names: its directory entries in the case's offices (the
 * handling office and the registering one) and the offices above them, nearest first. Matched by
 * departmentKey, so 市住建局（牵头） finds 市住建局.
 */
export function contactsForCase(ctx: ServiceContext, input: ApiParsedInput<'contacts.forCase'>): ApiOutput<'contacts.forCase'> {
  authorize(ctx, 'contacts.forCase');
  const c = loadCase(ctx, input.caseId);
  const chain = [...new Set([...officeChain(ctx.store, c.handlingOrgUnitId), ...officeChain(ctx.store, c.orgUnitId)])];
  const rank = new Map(chain.map((id, i) => [id, i]));
  const wanted = new Map<string, string[]>();
  for (const d of input.departments) {
    const key = departmentKey(d);
    if (key) wanted.set(key, [...(wanted.get(key) ?? []), d]);
  }
  if (!wanted.size) return {};
  const rows = ctx.store.rows(t.departmentContacts, 'org_unit_id IN (SELECT value FROM json_each(?)) AND deleted_at IS NULL', JSON.stringify(chain))
    .filter((r) => wanted.has(departmentKey(r.department)));
  const out: Record<string, ContactDepartmentDto[]> = {};
  for (const g of groupByDepartment(ctx, rows).sort((a, b) => rank.get(a.orgUnitId)! - rank.get(b.orgUnitId)!)) {
    for (const name of wanted.get(departmentKey(g.department)) ?? []) (out[name] ??= []).push(g);
  }
  return out;
}

function liveContact(ctx: ServiceContext, contactId: string): ContactRow {
  const c = ctx.store.byId(t.departmentContacts, contactId);
  if (!c || c.deletedAt) throw new DomainError('not_found', '联络人不存在或已删除');
  return c;
}

function requireOffice(ctx: ServiceContext, orgUnitId: string): void {
  const o = ctx.store.byId(t.orgUnits, orgUnitId);
  if (!o || o.deletedAt) throw new DomainError('invalid_input', '所选机构不存在', { orgUnitId: '所选机构不存在' });
}

/** The same person twice in one department (same role and name) is a slip, not a second entry. */
function refuseDuplicate(ctx: ServiceContext, orgUnitId: string, f: ContactFields, self: string | null): void {
  const twin = ctx.store.rows(t.departmentContacts, 'org_unit_id = ? AND deleted_at IS NULL', orgUnitId)
    .find((r) => r.id !== self && departmentKey(r.department) === departmentKey(f.department) && r.role === f.role && r.name === f.name);
  if (twin) throw new DomainError('duplicate', `${twin.department}已登记${contactRoleLabel(f.role)}${f.name}`, { name: '该部门已登记同名同类别的联络人' });
}

export function saveContact(ctx: ServiceContext, input: ApiParsedInput<'contacts.save'>): ApiOutput<'contacts.save'> {
  authorize(ctx, 'contacts.save');
  requireUser(ctx);
  const { contactId, orgUnitId, ...fields } = input;
  const detail = { department: fields.department, name: fields.name, roleLabel: contactRoleLabel(fields.role) };
  if (contactId) {
    const existing = liveContact(ctx, contactId);
    if (existing.orgUnitId !== orgUnitId) throw new DomainError('invalid_input', '联络人不能移到别的机构的联络表；请在该机构的联络表中新增', { orgUnitId: '不能更换机构' });
    requireReferenceAuthority(ctx, change(existing, { ...existing, ...fields }, existing.id));
    refuseDuplicate(ctx, orgUnitId, fields, existing.id);
    const changed = Object.keys(fields).filter((k) => (existing as Record<string, unknown>)[k] !== (fields as Record<string, unknown>)[k]);
    if (!changed.length) return { id: existing.id };
    ctx.store.write({ actor: ctx.actor, action: 'contacts.save', entity: 'departmentContacts', entityId: existing.id, detail: { ...detail, created: false, changed: changed.map((k) => FIELD_LABELS[k] ?? k) } }, (tx) => {
      const row = tx.patch(t.departmentContacts, existing.id, fields);
      searchIndex(ctx.store).put(contactSearchDoc(row, officeName(ctx.store, row.orgUnitId)));
    });
    return { id: existing.id };
  }
  requireOffice(ctx, orgUnitId);
  const values = { ...fields, orgUnitId };
  requireReferenceAuthority(ctx, change(null, values, 'new'));
  refuseDuplicate(ctx, orgUnitId, fields, null);
  const row = ctx.store.write({ actor: ctx.actor, action: 'contacts.save', entity: 'departmentContacts', detail: { ...detail, created: true } }, (tx) => {
    const r = tx.insert(t.departmentContacts, values);
    searchIndex(ctx.store).put(contactSearchDoc(r, officeName(ctx.store, r.orgUnitId)));
    return r;
  });
  return { id: row.id };
}

export function removeContact(ctx: ServiceContext, input: ApiParsedInput<'contacts.remove'>): ApiOutput<'contacts.remove'> {
  authorize(ctx, 'contacts.remove');
  requireUser(ctx);
  const c = liveContact(ctx, input.contactId);
  requireReferenceAuthority(ctx, change(c, { ...c, deletedAt: ctx.store.nowIso() }, c.id));
  ctx.store.write({ actor: ctx.actor, action: 'contacts.remove', entity: 'departmentContacts', entityId: c.id, detail: { department: c.department, name: c.name, roleLabel: contactRoleLabel(c.role) } }, (tx) => {
    tx.remove(t.departmentContacts, c.id);
    searchIndex(ctx.store).remove(c.id);
  });
  return { ok: true };
}

export function renameDepartment(ctx: ServiceContext, input: ApiParsedInput<'contacts.renameDepartment'>): ApiOutput<'contacts.renameDepartment'> {
  authorize(ctx, 'contacts.renameDepartment');
  requireUser(ctx);
  const people = ctx.store.rows(t.departmentContacts, 'org_unit_id = ? AND department = ? AND deleted_at IS NULL', input.orgUnitId, input.from);
  if (!people.length) throw new DomainError('not_found', `联络表中没有部门“${input.from}”`);
  if (input.from === input.to) return { people: 0 };
  for (const p of people) requireReferenceAuthority(ctx, change(p, { ...p, department: input.to }, p.id));
  const clash = ctx.store.rows(t.departmentContacts, 'org_unit_id = ? AND department = ? AND deleted_at IS NULL', input.orgUnitId, input.to)
    .find((o) => people.some((p) => p.role === o.role && p.name === o.name));
  if (clash) throw new DomainError('duplicate', `${input.to}已登记${contactRoleLabel(clash.role)}${clash.name}，不能合并同一人`, { to: '新部门中已有同名同类别的联络人' });
  ctx.store.write({ actor: ctx.actor, action: 'contacts.renameDepartment', entity: 'departmentContacts', entityId: people[0]!.id, detail: { from: input.from, to: input.to, people: people.length } }, (tx) => {
    const index = searchIndex(ctx.store);
    for (const p of people) index.put(contactSearchDoc(tx.patch(t.departmentContacts, p.id, { department: input.to }), officeName(ctx.store, p.orgUnitId)));
  });
  return { people: people.length };
}
