// The generic record store: load a set of records, change them in memory, write them back with
// fresh server sequence numbers. Writers hold the sync_state row lock from the first allocation
// to commit, so server_seq order is commit order and a pull never skips a row that commits late.
import { sql } from 'drizzle-orm';
import type { Q, Tx } from '../store/db';
import { rows } from '../store/db';

export interface Rec {
  entity: string;
  id: string;
  orgUnitId: string | null;
  caseId: string | null;
  isRef: boolean;
  data: Record<string, unknown>;
  deleted: boolean;
  serverSeq: number;
  createdSeq: number;
  /** Present in the database before this transaction. */
  exists: boolean;
  dirty: boolean;
}

export const recKey = (entity: string, id: string) => `${entity}\u0000${id}`;

interface RecRow {
  entity: string;
  id: string;
  org_unit_id: string | null;
  case_id: string | null;
  is_ref: boolean;
  data: Record<string, unknown>;
  deleted: boolean;
  server_seq: string | number;
  created_seq: string | number;
}

function fromRow(r: RecRow): Rec {
  return {
    entity: r.entity,
    id: r.id,
    orgUnitId: r.org_unit_id,
    caseId: r.case_id,
    isRef: r.is_ref,
    data: r.data,
    deleted: r.deleted,
    serverSeq: Number(r.server_seq),
    createdSeq: Number(r.created_seq),
    exists: true,
    dirty: false,
  };
}

/** Load records by (entity, id) into `into`; keys already there are skipped. */
export async function loadRecords(q: Q, keys: Array<[string, string]>, into: Map<string, Rec>): Promise<void> {
  const want = keys.filter(([e, i]) => !into.has(recKey(e, i)));
  for (let i = 0; i < want.length; i += 200) {
    const chunk = want.slice(i, i + 200);
    const tuples = sql.join(chunk.map(([e, id]) => sql`(${e}, ${id})`), sql`, `);
    const found = await rows<RecRow>(q, sql`SELECT entity, id, org_unit_id, case_id, is_ref, data, deleted, server_seq, created_seq FROM records WHERE (entity, id) IN (${tuples})`);
    for (const r of found) into.set(recKey(r.entity, r.id), fromRow(r));
  }
}

/**
 * Split rows into statements of at most maxItems rows and about maxBytes of parameters: embedded
 * PGlite aborts on very large protocol messages, and smaller statements cost PostgreSQL nothing.
 */
export function chunkBy<T>(items: T[], maxItems: number, maxBytes: number, size: (t: T) => number): T[][] {
  const out: T[][] = [];
  let cur: T[] = [];
  let bytes = 0;
  for (const it of items) {
    const s = size(it);
    if (cur.length && (cur.length >= maxItems || bytes + s > maxBytes)) {
      out.push(cur);
      cur = [];
      bytes = 0;
    }
    cur.push(it);
    bytes += s;
  }
  if (cur.length) out.push(cur);
  return out;
}

/** Lock the sequence row (held until commit) and return the last sequence handed out. */
export async function lockSeq(tx: Tx): Promise<number> {
  const r = await rows<{ last_seq: string | number }>(tx, sql`UPDATE sync_state SET last_seq = last_seq WHERE id = 1 RETURNING last_seq`);
  if (!r[0]) throw new Error('sync_state row missing');
  return Number(r[0].last_seq);
}

export async function saveSeq(tx: Tx, seq: number): Promise<void> {
  await tx.execute(sql`UPDATE sync_state SET last_seq = ${seq} WHERE id = 1 AND last_seq < ${seq}`);
}

export class SeqAllocator {
  constructor(public last: number) {}
  next(): number {
    this.last += 1;
    return this.last;
  }
}

/** Write dirty records with new sequence numbers, in the given order. */
export async function flushRecords(tx: Tx, recs: Rec[], seq: SeqAllocator, now: Date, deviceId: string | null): Promise<void> {
  const dirty = recs.filter((r) => r.dirty);
  for (const r of dirty) {
    r.serverSeq = seq.next();
    if (!r.exists) r.createdSeq = r.serverSeq;
  }
  const json = new Map(dirty.map((r) => [r, JSON.stringify(r.data)]));
  for (const chunk of chunkBy(dirty, 200, 32 * 1024, (r) => (json.get(r) as string).length + 200)) {
    const values = sql.join(
      chunk.map(
        (r) =>
          sql`(${r.entity}, ${r.id}, ${r.orgUnitId}, ${r.caseId}, ${r.isRef}, ${json.get(r)}::jsonb, ${r.deleted}, ${r.serverSeq}, ${r.createdSeq}, ${now}, ${deviceId})`,
      ),
      sql`, `,
    );
    await tx.execute(sql`INSERT INTO records (entity, id, org_unit_id, case_id, is_ref, data, deleted, server_seq, created_seq, updated_at, updated_by_device)
      VALUES ${values}
      ON CONFLICT (entity, id) DO UPDATE SET org_unit_id = excluded.org_unit_id, case_id = excluded.case_id, is_ref = excluded.is_ref,
        data = excluded.data, deleted = excluded.deleted, server_seq = excluded.server_seq, updated_at = excluded.updated_at,
        updated_by_device = excluded.updated_by_device`);
  }
  for (const r of dirty) {
    r.exists = true;
    r.dirty = false;
  }
}

/**
 * Give every record of a case (and the listed extra records) a fresh sequence number so desktops
 * that just gained the case receive all of it on their next pull.
 */
export async function restampCase(tx: Tx, caseId: string, extra: Array<[string, string]>, seq: SeqAllocator): Promise<number> {
  const extraCond = extra.length ? sql` OR (entity, id) IN (${sql.join(extra.map(([e, i]) => sql`(${e}, ${i})`), sql`, `)})` : sql``;
  const targets = await rows<{ entity: string; id: string }>(tx, sql`SELECT entity, id FROM records WHERE case_id = ${caseId}${extraCond} ORDER BY server_seq`);
  if (!targets.length) return 0;
  const base = seq.last;
  seq.last += targets.length;
  const vals = sql.join(targets.map((t, i) => sql`(${t.entity}, ${t.id}, ${base + i + 1}::bigint)`), sql`, `);
  await tx.execute(sql`UPDATE records r SET server_seq = v.seq FROM (VALUES ${vals}) AS v(entity, id, seq) WHERE r.entity = v.entity AND r.id = v.id`);
  return targets.length;
}
