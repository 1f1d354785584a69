import { defineHandlers } from '../../api/registry';
import type { BackendDeps } from '../../api/backend';
import { svc } from '../../api/context';
import { contactsForCase, listContacts, removeContact, renameDepartment, saveContact } from './service';

export const contactsHandlers = defineHandlers<BackendDeps>()({
  'contacts.list': (input, ctx) => listContacts(svc(ctx), input),
  'contacts.forCase': (input, ctx) => contactsForCase(svc(ctx), input),
  'contacts.save': (input, ctx) => saveContact(svc(ctx), input),
  'contacts.remove': (input, ctx) => removeContact(svc(ctx), input),
  'contacts.renameDepartment': (input, ctx) => renameDepartment(svc(ctx), input),
});
