// What a person of the 部门联络表 is found by: the department, name, post, business words, both
// phones and the note. The office's name is in the subtitle (a city and a county may both list a 住建局).
import { contactRoleLabel } from '../../../shared/contacts/contact.js';
import type * as t from '../../db/schema.js';
import type { SearchDoc } from '../../db/search.js';

type Contact = Pick<typeof t.departmentContacts.$inferSelect, 'id' | 'department' | 'role' | 'name' | 'post' | 'mobile' | 'officePhone' | 'business' | 'note'>;

export function contactSearchDoc(c: Contact, officeName: string): SearchDoc {
  return {
    kind: 'contact',
    refId: c.id,
    title: `${c.department} ${c.name}`,
    subtitle: [contactRoleLabel(c.role), c.post, officeName].filter(Boolean).join(' · '),
    parts: [c.department, c.name, c.post, c.business, c.mobile, c.officePhone, c.note],
  };
}
