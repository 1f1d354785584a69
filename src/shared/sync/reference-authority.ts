// Who may change reference data (offices, staff, the catalogue, plan templates, the calendar): the
// one rule the central server applies to `/admin/publish` and to a device's pushed ops alike.
//  - Only admins.
//  - Offices and staff: both the row as it is and the row as it would be lie inside the admin's
//    office subtree. An admin edits their own office but never moves it; nothing moves under its
//    own descendant; a row without a parent (a root office) is the root admins' alone.
//  - The catalogue, plan templates and the calendar apply to every office: root admins only
//    (the centre publishes them; a county cannot change another county's time limits).
//  - Knowledge articles: any staff member writes and proposes their own (a draft or proposed
//    article of their office, never published); root admins publish, edit and withdraw any.
//  - 部门联络表 (department contacts): an office's directory is edited by admins of that office or
//    of an office above it — like staff, the row as it is and as it would be lie in the subtree.
import type { ReferenceEntity } from './rules';

/** The office tree as the server knows it before the change. */
export interface OfficeTree {
  /** Is `id` the office `root` or below it? */
  contains(root: string, id: string | null | undefined): boolean;
  /** The parent of a known office (null for a root), undefined for an unknown one. */
  parentOf(id: string): string | null | undefined;
}

export interface ReferenceAuthor {
  orgUnitId: string;
  roles: readonly string[];
  /** The staff member (a knowledge article's author); absent for the server's admin console. */
  userId?: string | null;
}

export interface ReferenceChange {
  entity: ReferenceEntity;
  id: string;
  /** The row as stored now (null: a new row). */
  existing: Record<string, unknown> | null;
  /** The row as it would be after the change. */
  next: Record<string, unknown>;
}

export type ReferenceVerdict = { ok: true } | { ok: false; code: 'forbidden_role' | 'root_only' | 'out_of_scope' | 'bad_parent'; message: string };

/** Reference data every office shares. */
export const SHARED_REFERENCE_ENTITIES: readonly ReferenceEntity[] = ['catalogItems', 'catalogItemVersions', 'planTemplates', 'planTemplateVersions', 'calendarYears'];

const refuse = (code: Exclude<ReferenceVerdict, { ok: true }>['code'], message: string): ReferenceVerdict => ({ ok: false, code, message });
const str = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);

/** Whether the admin's office is a root of the tree (the centre). */
export function isRootAdmin(tree: OfficeTree, author: ReferenceAuthor): boolean {
  return author.roles.includes('admin') && tree.parentOf(author.orgUnitId) === null;
}

/** A knowledge article its author may still change: their own, unpublished, of their office subtree. */
function ownUnpublishedArticle(tree: OfficeTree, author: ReferenceAuthor, row: Record<string, unknown>): boolean {
  return Boolean(author.userId) && row.authorId === author.userId && tree.contains(author.orgUnitId, str(row.orgUnitId))
    && (row.status === 'draft' || row.status === 'proposed') && !row.publishedBy;
}

function checkArticleChange(tree: OfficeTree, author: ReferenceAuthor, change: ReferenceChange): ReferenceVerdict {
  if (isRootAdmin(tree, author)) return { ok: true };
  if (change.existing && !ownUnpublishedArticle(tree, author, change.existing)) return refuse('root_only', '只能修改自己尚未发布的知识稿件；已发布的知识由中心管理员修改');
  if (!ownUnpublishedArticle(tree, author, change.next)) return refuse('root_only', '知识由中心（根机构）的管理员发布；请提交发布申请');
  return { ok: true };
}

export function checkReferenceChange(tree: OfficeTree, author: ReferenceAuthor, change: ReferenceChange): ReferenceVerdict {
  if (change.entity === 'knowledgeArticles') return checkArticleChange(tree, author, change);
  if (!author.roles.includes('admin')) return refuse('forbidden_role', '只有管理员可以修改基础数据');
  const root = isRootAdmin(tree, author);
  const inside = (orgUnitId: string | null) => orgUnitId !== null && tree.contains(author.orgUnitId, orgUnitId);
  if (SHARED_REFERENCE_ENTITIES.includes(change.entity)) {
    return root ? { ok: true } : refuse('root_only', '代办目录、计划书模板和工作日历适用于所有机构，只有中心（根机构）的管理员可以修改');
  }
  if (change.entity === 'departmentContacts') {
    if (change.existing && !inside(str(change.existing.orgUnitId))) return refuse('out_of_scope', '只能维护本机构及下级机构的部门联络表');
    if (!inside(str(change.next.orgUnitId))) return refuse('out_of_scope', '只能维护本机构及下级机构的部门联络表');
    return { ok: true };
  }
  if (change.entity === 'users') {
    if (change.existing && !inside(str(change.existing.orgUnitId))) return refuse('out_of_scope', '只能管理本机构及下级机构的工作人员');
    if (!inside(str(change.next.orgUnitId))) return refuse('out_of_scope', '只能把工作人员安排在本机构及下级机构');
    return { ok: true };
  }
  // orgUnits
  const id = change.id;
  const nextParent = str(change.next.parentId);
  const oldParent = change.existing ? str(change.existing.parentId) : undefined;
  if (change.existing) {
    if (!inside(id)) return refuse('out_of_scope', '只能管理本机构及下级机构');
    if (nextParent === oldParent) return { ok: true };
    if (id === author.orgUnitId) return refuse('out_of_scope', '不能把本机构移到别的上级机构之下');
  }
  if (nextParent === null) return root ? { ok: true } : refuse('root_only', '只有中心（根机构）的管理员可以设立没有上级的机构');
  if (!inside(nextParent)) return refuse('out_of_scope', '上级机构须是本机构或其下级机构');
  if (change.existing && tree.contains(id, nextParent)) return refuse('bad_parent', '不能把机构移到它自己的下级机构之下');
  return { ok: true };
}
