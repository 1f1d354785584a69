// 部门联络表: each office's directory of departments and their 分管领导, 业务负责人 and 审批骨干 —
// read by every desktop (found by department, name, business or phone; beside a plan item's
// department), edited by admins of the office's subtree.
import { z } from 'zod';
import { contactShape, requireAPhone, type ContactRole } from '../contacts/contact';
import { textSchema } from '../domain/validators';
import { id } from './common';
import { defineContract, out } from './contract';

export interface DepartmentContactDto {
  id: string;
  orgUnitId: string;
  department: string;
  role: ContactRole;
  roleLabel: string;
  name: string;
  post: string;
  mobile: string;
  officePhone: string;
  business: string;
  note: string;
  updatedAt: string;
}

/** A department of one office's directory with its people in the annex's order (分管领导 first). */
export interface ContactDepartmentDto {
  orgUnitId: string;
  officeName: string;
  department: string;
  people: DepartmentContactDto[];
  /** Whether the caller may add, edit and remove this office's entries. */
  mayEdit: boolean;
}

export interface ContactListDto {
  departments: ContactDepartmentDto[];
  /** Offices whose directory the caller may edit (where 新增 may add), the caller's own first. */
  editableOffices: Array<{ id: string; name: string }>;
}

const query = z.string({ error: '关键词应为文本' }).trim().max(60, { error: '关键词过长' });

export const contactsContract = defineContract({
  'contacts.list': {
    input: z.object({
      q: query.optional(),
      /** One office's directory; default every office's. */
      orgUnitId: id('机构').optional(),
    }).optional().default({}),
    output: out<ContactListDto>(),
    doc: 'Departments with their people, grouped by office (the caller\'s office first, then by name); q finds departments, names, business words and phone numbers through the search index',
  },
  'contacts.forCase': {
    input: z.object({
      caseId: id('办件'),
      departments: z.array(z.string({ error: '部门名称应为文本' }).trim().min(1).max(200), { error: '部门应为列表' }).max(200, { error: '部门过多' }),
    }),
    output: out<Record<string, ContactDepartmentDto[]>>(),
    doc: "For each department name a plan names, its directory entries in the case's offices and the offices above them (nearest first)",
  },
  'contacts.save': {
    input: z.object({
      ...contactShape,
      /** The office whose directory it is (a new entry); an entry never moves to another office. */
      orgUnitId: id('机构'),
      contactId: id('联络人').optional(),
    }).superRefine(requireAPhone),
    output: out<{ id: string }>(),
    doc: 'A new person of a department, or a change of one (only the fields that changed travel, so two admins editing different people never clash)',
  },
  'contacts.remove': { input: z.object({ contactId: id('联络人') }), output: out<{ ok: true }>() },
  'contacts.renameDepartment': {
    input: z.object({ orgUnitId: id('机构'), from: textSchema('原部门名称', 60), to: textSchema('新部门名称', 60) }),
    output: out<{ people: number }>(),
    doc: "Renames a department of one office's directory (each person's row is patched)",
  },
});
