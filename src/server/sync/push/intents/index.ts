// The intent registry: every workflow step a desktop may send, by name, with the entities it applies
// to and the server's re-check of it (like the desktop contract's handler map).
import type { IntentHandler } from './types';
import { admissionIntents } from './admission';
import { caseIntents } from './case';
import { conflictIntents } from './conflict';
import { namedEditIntents } from './named-edits';
import { transferIntents } from './transfer';

export type { IntentCheck, IntentHandler } from './types';

export const INTENTS: Readonly<Record<string, IntentHandler>> = {
  ...caseIntents,
  ...transferIntents,
  ...admissionIntents,
  ...conflictIntents,
  ...namedEditIntents,
};

export function intentHandler(name: string): IntentHandler | undefined {
  return Object.hasOwn(INTENTS, name) ? INTENTS[name] : undefined;
}
