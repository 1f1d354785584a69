// PostgreSQL schema of the central server (drizzle). One generic `records` table holds every synced
// entity as JSON; `server_seq` orders all changes by the server's own sequence.
import { sql } from 'drizzle-orm';
import { bigint, boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const records = pgTable(
  'records',
  {
    entity: text('entity').notNull(),
    id: text('id').notNull(),
    orgUnitId: text('org_unit_id'),
    caseId: text('case_id'),
    isRef: boolean('is_ref').notNull().default(false),
    data: jsonb('data').$type<Record<string, unknown>>().notNull(),
    deleted: boolean('deleted').notNull().default(false),
    serverSeq: bigint('server_seq', { mode: 'number' }).notNull(),
    createdSeq: bigint('created_seq', { mode: 'number' }).notNull(),
    updatedAt: ts('updated_at').notNull(),
    updatedByDevice: text('updated_by_device'),
  },
  (t) => [
    primaryKey({ columns: [t.entity, t.id] }),
    uniqueIndex('records_server_seq_idx').on(t.serverSeq),
    index('records_case_idx').on(t.caseId),
    index('records_org_unit_idx').on(t.orgUnitId),
    // Public progress pages look cases up by token or number (migration 0002).
    index('records_case_token_idx').on(sql`(data->>'publicToken')`).where(sql`entity = 'cases'`),
    index('records_case_no_idx').on(sql`(data->>'caseNo')`).where(sql`entity = 'cases'`),
  ],
);

/** Single-row sequence: updated under a row lock inside every writing transaction, so sequence order is commit order. */
export const syncState = pgTable('sync_state', {
  id: integer('id').primaryKey(),
  lastSeq: bigint('last_seq', { mode: 'number' }).notNull(),
});

/** Idempotency: one row per (device, client sequence), written in the same transaction as the op's effects. */
export const appliedOps = pgTable(
  'applied_ops',
  {
    deviceId: text('device_id').notNull(),
    clientSeq: bigint('client_seq', { mode: 'number' }).notNull(),
    opId: text('op_id'),
    status: text('status').notNull(),
    code: text('code'),
    error: text('error'),
    serverSeq: bigint('server_seq', { mode: 'number' }),
    conflicts: integer('conflicts').notNull().default(0),
    receivedAt: ts('received_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.deviceId, t.clientSeq] }), index('applied_ops_op_id_idx').on(t.opId)],
);

export const devices = pgTable(
  'devices',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    orgUnitId: text('org_unit_id').notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    createdAt: ts('created_at').notNull(),
    createdBy: text('created_by'),
    expiresAt: ts('expires_at'),
    revokedAt: ts('revoked_at'),
    lastSeenAt: ts('last_seen_at'),
    /** The desktop's case-number series within its office (1, 2, …): numbers issued offline never clash. */
    series: integer('series').notNull(),
    /** Liaison cards printed on this device carry a MAC made with this key (src/shared/guide/card-link.ts). */
    cardKeyId: text('card_key_id'),
    cardKey: text('card_key'),
  },
  (t) => [uniqueIndex('devices_office_series').on(t.orgUnitId, t.series), uniqueIndex('devices_card_key_id').on(t.cardKeyId)],
);

export const enrollmentCodes = pgTable('enrollment_codes', {
  codeHash: text('code_hash').primaryKey(),
  orgUnitId: text('org_unit_id').notNull(),
  createdBy: text('created_by').notNull(),
  createdAt: ts('created_at').notNull(),
  expiresAt: ts('expires_at').notNull(),
  usedAt: ts('used_at'),
  deviceId: text('device_id'),
});

export const adminSessions = pgTable('admin_sessions', {
  tokenHash: text('token_hash').primaryKey(),
  userId: text('user_id').notNull(),
  createdAt: ts('created_at').notNull(),
  expiresAt: ts('expires_at').notNull(),
});

/** Which offices see a case (and its children): the owner plus offices it was transferred or joined to. */
export const caseScope = pgTable(
  'case_scope',
  {
    caseId: text('case_id').notNull(),
    orgUnitId: text('org_unit_id').notNull(),
    reason: text('reason').notNull(),
  },
  (t) => [primaryKey({ columns: [t.caseId, t.orgUnitId] }), index('case_scope_org_idx').on(t.orgUnitId)],
);

/** Office-owned records (applicants, projects) shared with another office through a transferred case. */
export const recordShares = pgTable(
  'record_shares',
  {
    entity: text('entity').notNull(),
    recordId: text('record_id').notNull(),
    orgUnitId: text('org_unit_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.entity, t.recordId, t.orgUnitId] }), index('record_shares_org_idx').on(t.orgUnitId)],
);

/** Attachment files, content-addressed by SHA-256. */
export const blobs = pgTable('blobs', {
  sha256: text('sha256').primaryKey(),
  size: bigint('size', { mode: 'number' }).notNull(),
  complete: boolean('complete').notNull().default(false),
  createdAt: ts('created_at').notNull(),
  completedAt: ts('completed_at'),
});
