// POST /sync/push: apply a batch of outbox ops in one transaction. Idempotent by (device, clientSeq)
// and by opId: the applied_ops row is written in the same transaction as the effects. A bad op is
// rejected with a Chinese reason and never blocks the rest of the batch.
import { sql } from 'drizzle-orm';
import { caseKeys } from '../../context';
import type { Ctx } from '../../context';
import { HttpError, zodMessage } from '../../errors';
import type { Tx } from '../../store/db';
import { rows } from '../../store/db';
import type { DeviceRow } from '../../auth/devices';
import { opEnvelopeSchema, opSchema } from '../../../shared/sync/protocol';
import type { OpResult, SyncOp } from '../../../shared/sync/protocol';
import { chunkBy, flushRecords, lockSeq, restampCase, saveSeq, SeqAllocator } from '../records';
import type { Rec } from '../records';
import { settleScopeChanges } from '../scope';
import { upgradeOp } from '../upgrade';
import { applyOp } from './apply';
import { Rejection, newBatch, preload, touch } from './state';

type Envelope = ReturnType<typeof opEnvelopeSchema.parse>;

interface PriorOp {
  device_id: string;
  client_seq: string | number;
  op_id: string | null;
  status: string;
  code: string | null;
  error: string | null;
  server_seq: string | number | null;
  conflicts: number;
}

/** What one op came to, as applied_ops records it. */
interface Outcome {
  clientSeq: number;
  opId: string | null;
  status: OpResult['status'];
  code: string | null;
  error: string | null;
  conflicts: number;
  rec: Rec | null;
}

export async function pushBatch(ctx: Ctx, device: DeviceRow, rawOps: unknown[], headerSchema: number): Promise<OpResult[]> {
  // Envelopes first: an op without a client sequence cannot be recorded, so the batch is refused.
  const envelopes = rawOps.map((raw, i) => {
    const e = opEnvelopeSchema.safeParse(raw);
    if (!e.success) throw new HttpError(400, 'bad_envelope', `第 ${i + 1} 条操作缺少客户端序号：${zodMessage(e.error)}`);
    return e.data;
  });
  await ctx.orgTree.ensure(ctx.store);
  const now = ctx.clock();

  let lastSeq = 0;
  let touchedRecs: Rec[] = [];
  // Offices published in this batch are placed in the cached tree at once (for the batch's later
  // ops); whatever happens to the transaction, the cache is reloaded afterwards.
  const publishesOffices = envelopes.some((e) => (e as { entity?: unknown }).entity === 'orgUnits');
  let results: OpResult[];
  try {
    results = await ctx.store.db.transaction(async (tx) => {
      const seq = new SeqAllocator(await lockSeq(tx));
      const priorBySeq = await priorOutcomes(tx, device, envelopes);

      // Parse and upgrade every op; collect what to preload.
      const parsed = rawOps.map((raw, i) => parseOp(raw, envelopes[i] as Envelope, headerSchema, ctx.versions.schema));
      const b = newBatch(ctx, tx, device, now);
      await preload(b, parsed.flatMap((p) => (p.op && !priorBySeq.has(p.env.clientSeq) ? [p.op] : [])));

      const out: OpResult[] = [];
      const seen = new Set<number>();
      const applied: Outcome[] = [];
      for (const p of parsed) {
        const cs = p.env.clientSeq;
        const opId = p.env.opId ?? null;
        const before = priorBySeq.get(cs);
        if (before || seen.has(cs)) {
          out.push(duplicateResult(cs, opId, before));
          continue;
        }
        seen.add(cs);
        if (!p.op) {
          applied.push({ clientSeq: cs, opId, status: 'rejected', code: 'invalid', error: p.error, conflicts: 0, rec: null });
          continue;
        }
        // Every apply function checks everything before it changes anything, so a rejection leaves no trace.
        try {
          const { rec, conflicts } = applyOp(b, p.op);
          applied.push({ clientSeq: cs, opId, status: 'applied', code: null, error: null, conflicts, rec });
        } catch (e) {
          if (e instanceof Rejection) {
            applied.push({ clientSeq: cs, opId, status: 'rejected', code: e.code, error: e.message, conflicts: 0, rec: null });
          } else {
            ctx.log.error({ err: e, clientSeq: cs, deviceId: device.id }, 'op failed unexpectedly');
            applied.push({ clientSeq: cs, opId, status: 'rejected', code: 'internal', error: '服务器处理该操作时出错，请联系管理员', conflicts: 0, rec: null });
          }
        }
      }

      await settleScopeChanges({ ...b, touch: (r) => touch(b, r) });
      await flushRecords(tx, [...b.touched], seq, now, device.id);
      touchedRecs = [...b.touched];
      for (const s of b.newScopes) {
        await tx.execute(sql`INSERT INTO case_scope (case_id, org_unit_id, reason) VALUES (${s.caseId}, ${s.orgUnitId}, ${s.reason}) ON CONFLICT DO NOTHING`);
      }
      for (const s of b.newShares) {
        await tx.execute(sql`INSERT INTO record_shares (entity, record_id, org_unit_id) VALUES (${s.entity}, ${s.recordId}, ${s.orgUnitId}) ON CONFLICT DO NOTHING`);
      }
      for (const r of b.restamps) await restampCase(tx, r.caseId, r.extra, seq);
      await saveSeq(tx, seq.last);
      lastSeq = seq.last;

      await recordOutcomes(tx, device, applied, now);
      for (const a of applied) out.push(resultOf(a));
      return out;
    });
  } finally {
    if (publishesOffices) ctx.orgTree.invalidate();
  }
  ctx.watermark.raise(lastSeq); // committed
  ctx.caseChanges.mark(changedCaseKeys(touchedRecs));
  if (results.length) {
    // Keep the answer in the order of the request.
    const order = new Map(envelopes.map((e, i) => [e.clientSeq, i]));
    results.sort((x, y) => (order.get(x.clientSeq) ?? 0) - (order.get(y.clientSeq) ?? 0));
  }
  return results;
}

/**
 * Ops of this batch the server already took: by (device, client sequence), and by op id so a
 * desktop re-enrolled under a new device id cannot apply an op twice either.
 */
async function priorOutcomes(tx: Tx, device: DeviceRow, envelopes: Envelope[]): Promise<Map<number, PriorOp>> {
  const seqs = envelopes.map((e) => e.clientSeq);
  const opIds = envelopes.map((e) => e.opId).filter((o): o is string => typeof o === 'string');
  const byOpId = opIds.length ? sql` OR op_id IN (${sql.join(opIds.map((o) => sql`${o}`), sql`, `)})` : sql``;
  const prior = await rows<PriorOp>(
    tx,
    sql`SELECT device_id, client_seq, op_id, status, code, error, server_seq, conflicts FROM applied_ops
        WHERE (device_id = ${device.id} AND client_seq IN (${sql.join(seqs.map((s) => sql`${s}`), sql`, `)}))${byOpId}`,
  );
  const priorBySeq = new Map(prior.filter((p) => p.device_id === device.id).map((p) => [Number(p.client_seq), p]));
  const priorByOpId = new Map(prior.filter((p) => p.op_id).map((p) => [p.op_id as string, p]));
  for (const e of envelopes) {
    const p = e.opId ? priorByOpId.get(e.opId) : undefined;
    if (p && !priorBySeq.has(e.clientSeq)) priorBySeq.set(e.clientSeq, p);
  }
  return priorBySeq;
}

/** An op parsed and upgraded to the server's schema, or why it could not be. */
function parseOp(raw: unknown, env: Envelope, headerSchema: number, serverSchema: number): { env: Envelope; op: SyncOp | null; error: string | null } {
  const r = opSchema.safeParse(raw);
  if (!r.success) return { env, op: null, error: `操作格式不正确：${zodMessage(r.error)}` };
  try {
    return { env, op: upgradeOp(r.data, r.data.schemaVersion ?? headerSchema, serverSchema), error: null };
  } catch (e) {
    return { env, op: null, error: (e as Error).message };
  }
}

/** A re-sent op answers `duplicate`, with the original rejection if it was rejected. */
function duplicateResult(clientSeq: number, opId: string | null, before: PriorOp | undefined): OpResult {
  const res: OpResult = { clientSeq, opId: before?.op_id ?? opId, status: 'duplicate' };
  if (before?.status === 'rejected') {
    res.code = before.code ?? 'rejected';
    res.error = before.error ?? '';
  }
  if (before?.server_seq != null) res.serverSeq = Number(before.server_seq);
  return res;
}

async function recordOutcomes(tx: Tx, device: DeviceRow, applied: Outcome[], now: Date): Promise<void> {
  for (const chunk of chunkBy(applied, 200, 32 * 1024, (a) => (a.error?.length ?? 0) * 3 + 200)) {
    const values = sql.join(
      chunk.map((a) => sql`(${device.id}, ${a.clientSeq}, ${a.opId}, ${a.status}, ${a.code}, ${a.error}, ${a.rec ? a.rec.serverSeq : null}, ${a.conflicts}, ${now})`),
      sql`, `,
    );
    await tx.execute(sql`INSERT INTO applied_ops (device_id, client_seq, op_id, status, code, error, server_seq, conflicts, received_at) VALUES ${values}`);
  }
}

function resultOf(a: Outcome): OpResult {
  const res: OpResult = { clientSeq: a.clientSeq, opId: a.opId, status: a.status };
  if (a.code) res.code = a.code;
  if (a.error) res.error = a.error;
  if (a.rec) res.serverSeq = a.rec.serverSeq;
  if (a.conflicts) res.conflicts = a.conflicts;
  return res;
}

/** What the public pages must redraw after a push: the cases whose records changed (CaseChanges). */
function changedCaseKeys(recs: readonly Rec[]): string[] {
  const keys: string[] = [];
  for (const r of recs) {
    if (r.entity === 'cases') keys.push(...caseKeys(r.id, r.data));
    else if (r.caseId) keys.push(`case:${r.caseId}`);
  }
  return keys;
}
