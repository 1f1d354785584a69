// The hash-chained audit log. Each event's hash covers the previous event's hash and its own
// stored fields, so changing or removing any event breaks the chain from there on; the
// migrations' triggers refuse UPDATE and DELETE, and `verifyAuditChain` finds tampering done
// behind the store's back (a file edited with another tool).
import type Database from 'better-sqlite3';
import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditEventInput {
  id: string;
  at: string;
  actorId: string | null;
  action: string;
  entity: string | null;
  entityId: string | null;
  detail: unknown;
}

/** An audit_events row as SQLite returns it. */
export interface StoredEvent {
  seq: number;
  id: string;
  at: string;
  actor_id: string | null;
  action: string;
  entity: string | null;
  entity_id: string | null;
  detail: string;
  prev_hash: string;
  hash: string;
}

export function eventHash(prevHash: string, e: { id: string; at: string; actorId: string | null; action: string; entity: string | null; entityId: string | null; detail: string }): string {
  return createHash('sha256')
    .update([prevHash, e.id, e.at, e.actorId ?? '', e.action, e.entity ?? '', e.entityId ?? '', e.detail].join('\u001f'))
    .digest('hex');
}

/** Prepared statements per connection: the audit append is on every write's path. */
export function auditWriter(db: Database.Database) {
  const last = db.prepare('SELECT hash FROM audit_events ORDER BY seq DESC LIMIT 1').pluck();
  const insert = db.prepare(
    'INSERT INTO audit_events (id, at, actor_id, action, entity, entity_id, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  /** Appends one event; must run inside the write's transaction so the chain cannot fork. */
  return function appendAudit(e: AuditEventInput): string {
    const prevHash = (last.get() as string | undefined) ?? GENESIS_HASH;
    const detail = JSON.stringify(e.detail ?? {});
    const hash = eventHash(prevHash, { ...e, detail });
    insert.run(e.id, e.at, e.actorId, e.action, e.entity, e.entityId, detail, prevHash, hash);
    return hash;
  };
}

export type AuditVerifyResult =
  | { ok: true; events: number; lastHash: string }
  | { ok: false; events: number; brokenAt: { seq: number; id: string; action: string; at: string }; reason: string };

export function verifyAuditChain(db: Database.Database): AuditVerifyResult {
  let prev = GENESIS_HASH;
  let count = 0;
  let lastSeq = 0;
  for (const row of db.prepare('SELECT * FROM audit_events ORDER BY seq').iterate() as IterableIterator<StoredEvent>) {
    count++;
    const brokenAt = { seq: row.seq, id: row.id, action: row.action, at: row.at };
    if (row.seq !== lastSeq + 1 && lastSeq !== 0) {
      return { ok: false, events: count, brokenAt, reason: `第 ${lastSeq + 1} 至 ${row.seq - 1} 号事件缺失（被删除）` };
    }
    lastSeq = row.seq;
    if (row.prev_hash !== prev) {
      return { ok: false, events: count, brokenAt, reason: '与上一事件的链接不符（前序事件被改动或删除）' };
    }
    const expected = eventHash(prev, { id: row.id, at: row.at, actorId: row.actor_id, action: row.action, entity: row.entity, entityId: row.entity_id, detail: row.detail });
    if (expected !== row.hash) {
      return { ok: false, events: count, brokenAt, reason: '事件内容与其哈希不符（事件被改动）' };
    }
    prev = row.hash;
  }
  return { ok: true, events: count, lastHash: prev };
}
