// Workflow steps the desktop names but the server checks as field edits (immutable fields,
// controlled-field conflicts): the name says what the clerk did, for the record and the 同步 page.
import type { IntentHandler } from './types';

export const namedEditIntents: Record<string, IntentHandler> = {
  'entrustment.sign': { entities: ['entrustments'] },
  'entrustment.revoke': { entities: ['entrustments'] },
  'problem.resolve': { entities: ['problems'] },
  'rectification.complete': { entities: ['rectifications'] },
  'planItem.status': { entities: ['planItems'] },
};
