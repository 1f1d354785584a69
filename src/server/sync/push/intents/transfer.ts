// transfer.* intents (转办/联办): sending a case to another office grants it the case, its applicant
// and project; only the receiving office accepts or returns it, and a return takes the case away again.
import { normalizeIntentFields } from '../../../../shared/sync/rules';
import type { Rec } from '../../records';
import { checkStatusMove } from './case';
import { checkRow } from '../payload';
import { insertRecord } from '../record-ops';
import { addScope, getRec, reject } from '../state';
import type { Batch } from '../state';
import type { IntentCheck, IntentHandler } from './types';

/** A transfer may be sent: the receiving office exists and the case is still open (checked before anything changes). */
export function checkTransfer(b: Batch, row: Record<string, unknown>): Rec {
  const to = row.toOrgUnitId;
  if (typeof to !== 'string' || !b.ctx.orgTree.has(to)) reject('invalid', '接收机构不存在');
  const c = typeof row.caseId === 'string' ? getRec(b, 'cases', row.caseId) : undefined;
  if (!c) return reject('case_not_found', '要转办的办件不存在');
  if (c.data.status === 'completed' || c.data.status === 'withdrawn') reject('invalid_transition', '办件已办结或已退件，不能转办');
  return c;
}

/** A transfer (转办/联办) makes the case, its applicant and project visible to the receiving office. */
export function grantTransfer(b: Batch, c: Rec, to: string): void {
  addScope(b, c.id, to, 'transfer');
  const extra: Array<[string, string]> = [];
  for (const [f, e] of [['applicantId', 'applicants'], ['projectId', 'projects']] as const) {
    const v = c.data[f];
    if (typeof v === 'string') {
      b.newShares.push({ entity: e, recordId: v, orgUnitId: to });
      extra.push([e, v]);
    }
  }
  b.restamps.push({ caseId: c.id, extra });
}

/** Accepting or returning: only the receiving office, and only once. */
function checkResponse({ b, op, r, changes }: IntentCheck): void {
  // transfer.accept also moves the case to the receiving office (its handlingOrgUnitId, checked by applyChanges).
  if (r.entity !== 'transfers') return checkStatusMove(r, changes);
  if (r.data.status !== 'sent') reject('already_handled', '该转办已被处理');
  if (!b.ctx.orgTree.contains(b.device.orgUnitId, r.data.toOrgUnitId as string)) reject('forbidden', '只有接收机构可以接收或退回转办');
  if (op.intent === 'transfer.return' && r.caseId) b.scopeExits.push({ caseId: r.caseId, orgUnitId: r.data.toOrgUnitId as string });
}

export const transferIntents: Record<string, IntentHandler> = {
  'transfer.send': {
    entities: ['transfers'],
    // A transfer sent as an intent that creates the row.
    create: (b, op) => {
      const row: Record<string, unknown> = { ...op.payload.args };
      for (const [k, v] of Object.entries(normalizeIntentFields(op.payload.fields))) row[k] = v.value;
      const sent = { id: op.entityId, ...row, status: 'sent' };
      checkRow('transfers', sent);
      const c = checkTransfer(b, sent);
      const rec = insertRecord(b, op, sent);
      grantTransfer(b, c, rec.data.toOrgUnitId as string);
      return rec;
    },
  },
  'transfer.accept': { entities: ['transfers', 'cases'], validate: checkResponse },
  'transfer.return': { entities: ['transfers'], validate: checkResponse },
};
