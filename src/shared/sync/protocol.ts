// Wire types and zod schemas of the sync protocol (POST /enroll, /sync/push, /sync/pull).
// The op shape mirrors the desktop outbox row: one op per outbox row, keyed by (device, clientSeq).
import { z } from 'zod';
import { CARD_KEY_ID_RE } from '../guide/card-link';

export const MAX_PUSH_OPS = 1000;
export const DEFAULT_PULL_LIMIT = 1000;
export const MAX_PULL_LIMIT = 5000;

const entityName = z.string().regex(/^[a-z][A-Za-z0-9]{0,63}$/, '实体名称不合法');
const idString = z.string().min(1, '标识不能为空').max(64, '标识过长');
const jsonObject = z.record(z.string(), z.unknown());

export const OP_KINDS = ['insert', 'patch', 'intent', 'delete'] as const;
export type OpKind = (typeof OP_KINDS)[number];

const opCommon = {
  /** outbox.seq: the client sequence, unique per device. */
  clientSeq: z.number().int().positive(),
  /** outbox.op_id: a UUIDv7 made on the desktop. */
  opId: idString,
  entity: entityName,
  entityId: idString,
  /** The user who made the change on the desktop. */
  userId: idString,
  /** The office the change was made at (the desktop's office). */
  orgUnitId: idString.nullable(),
  /** Device clock at the time of the change: informational only, never used for ordering. */
  createdAt: z.string().max(40).optional(),
  /** Schema version the op was written under; defaults to the request header's. */
  schemaVersion: z.number().int().nonnegative().optional(),
};

export const insertOpSchema = z.object({ ...opCommon, kind: z.literal('insert'), payload: jsonObject });
export const patchOpSchema = z.object({
  ...opCommon,
  kind: z.literal('patch'),
  payload: z.record(z.string(), z.object({ base: z.unknown(), value: z.unknown() })).refine((p) => Object.keys(p).length > 0, '修改内容不能为空'),
});
export const intentOpSchema = z.object({
  ...opCommon,
  kind: z.literal('intent'),
  intent: z.string().min(1).max(64),
  payload: z.object({ args: jsonObject.default({}), fields: jsonObject.default({}) }),
});
export const deleteOpSchema = z.object({ ...opCommon, kind: z.literal('delete'), payload: z.object({ deletedAt: z.string().min(1).max(40) }) });

export const opSchema = z.discriminatedUnion('kind', [insertOpSchema, patchOpSchema, intentOpSchema, deleteOpSchema]);
export type SyncOp = z.infer<typeof opSchema>;
export type InsertOp = z.infer<typeof insertOpSchema>;
export type PatchOp = z.infer<typeof patchOpSchema>;
export type IntentOp = z.infer<typeof intentOpSchema>;
export type DeleteOp = z.infer<typeof deleteOpSchema>;

/** The minimum an op needs so its rejection can be recorded: a malformed op never blocks the batch. */
export const opEnvelopeSchema = z.object({ clientSeq: z.number().int().positive(), opId: z.string().max(64).optional() }).loose();

export const pushRequestSchema = z.object({
  ops: z.array(z.unknown()).min(1, '没有要上传的操作').max(MAX_PUSH_OPS, `每批最多 ${MAX_PUSH_OPS} 条操作`),
});
export type PushRequest = { ops: SyncOp[] };

export const OP_STATUSES = ['applied', 'duplicate', 'rejected'] as const;
export type OpStatus = (typeof OP_STATUSES)[number];

export const opResultSchema = z.object({
  clientSeq: z.number().int(),
  opId: z.string().nullable(),
  status: z.enum(OP_STATUSES),
  /** Machine-readable reason of a rejection. */
  code: z.string().optional(),
  /** Chinese message the clerk sees. */
  error: z.string().optional(),
  serverSeq: z.number().int().optional(),
  /** Number of same-field conflicts recorded (controlled fields kept the server value). */
  conflicts: z.number().int().optional(),
});
export type OpResult = z.infer<typeof opResultSchema>;

export const pushResponseSchema = z.object({
  results: z.array(opResultSchema),
  serverTime: z.string(),
});
export type PushResponse = z.infer<typeof pushResponseSchema>;

/** Cursors are opaque to clients: "s<serverSeq>". */
export function encodeCursor(seq: number): string {
  return `s${seq}`;
}
export function decodeCursor(cursor: string | null | undefined): number | null {
  if (cursor === null || cursor === undefined || cursor === '') return 0;
  const m = /^s(\d{1,15})$/.exec(cursor);
  return m ? Number(m[1]) : null;
}

export const pullRequestSchema = z.object({
  cursor: z.string().max(32).nullable().default(null),
  limit: z.number().int().min(1).max(MAX_PULL_LIMIT).default(DEFAULT_PULL_LIMIT),
  /** Ask for per-scope checksums on the last page. */
  checksums: z.boolean().default(false),
  /** Targeted resync: only these entities (start from cursor null to get all of them). */
  entities: z.array(entityName).max(50).optional(),
  /** With one entity: just these records (a desktop restoring the server's copy after a refusal). */
  ids: z.array(idString).min(1).max(1000).optional(),
}).refine((r) => !r.ids || r.entities?.length === 1, { message: '按记录同步时须且只能指定一种实体', path: ['ids'] });
export type PullRequest = z.input<typeof pullRequestSchema>;

export const changeSchema = z.object({
  entity: z.string(),
  id: z.string(),
  serverSeq: z.number().int(),
  orgUnitId: z.string().nullable(),
  caseId: z.string().nullable(),
  deleted: z.boolean(),
  // Each row's fields are checked by its entity's schema (entities.ts) when applied: here only that
  // it is an object, without walking its fields a second time (~1 s of a 900,000-row pull).
  data: z.custom<Record<string, unknown>>((v) => typeof v === 'object' && v !== null && !Array.isArray(v), { message: '数据应为对象' }),
});
export type Change = z.infer<typeof changeSchema>;

export const scopeChecksumSchema = z.object({ count: z.number().int(), hash: z.string() });
export type ScopeChecksum = z.infer<typeof scopeChecksumSchema>;

export const pullResponseSchema = z.object({
  changes: z.array(changeSchema),
  /** The next cursor: what encodeCursor makes (a desktop saves it, so nothing else is taken). */
  cursor: z.string().regex(/^s\d{1,15}$/),
  hasMore: z.boolean(),
  /** Per entity, over every row in scope with serverSeq <= cursor (tombstones included). Only on the last page. */
  checksums: z.record(z.string(), scopeChecksumSchema).optional(),
  serverTime: z.string(),
});
export type PullResponse = z.infer<typeof pullResponseSchema>;

/**
 * POST /sync/pull/stream: the same changes as /sync/pull, as NDJSON (one JSON object per line) in
 * one response of up to `limit` rows, so a desktop applies rows as they arrive and a cut link
 * loses nothing it has already written. Lines: changes, among them (first, or between two changes)
 * an optional `{"total": N}` (rows in scope after the cursor, when asked: an estimate for a progress
 * bar), then `{"end": {...}}`. A stream without its end line
 * was cut: the desktop keeps what it applied and asks again after the last row it holds.
 */
export const DEFAULT_STREAM_LIMIT = 50_000;
export const MAX_STREAM_LIMIT = 200_000;
export const NDJSON_TYPE = 'application/x-ndjson';

export const pullStreamRequestSchema = z.object({
  cursor: z.string().max(32).nullable().default(null),
  limit: z.number().int().min(1).max(MAX_STREAM_LIMIT).default(DEFAULT_STREAM_LIMIT),
  checksums: z.boolean().default(false),
  /** Add a line counting the rows in scope after the cursor (for a progress bar). */
  total: z.boolean().default(false),
});
export type PullStreamRequest = z.input<typeof pullStreamRequestSchema>;

export const streamTotalSchema = z.object({ total: z.number().int().min(0) });
export const streamEndSchema = z.object({ end: pullResponseSchema.omit({ changes: true }) });
export type StreamEnd = z.infer<typeof streamEndSchema>['end'];

export const enrollRequestSchema = z.object({
  code: z.string().trim().min(6, '注册码格式不正确').max(64, '注册码格式不正确'),
  deviceName: z.string().trim().min(1, '请填写终端名称').max(100, '终端名称过长'),
});
export const enrollResponseSchema = z.object({
  deviceId: z.string(),
  deviceToken: z.string(),
  orgUnitId: z.string(),
  expiresAt: z.string().nullable(),
  /** The desktop's case-number series within its office (absent from servers before it existed). */
  series: z.number().int().positive().optional(),
  serverTime: z.string(),
  /** Card signing (src/shared/guide/card-link.ts): absent from servers before it existed. */
  cardKeyId: z.string().regex(CARD_KEY_ID_RE).optional(),
  cardKey: z.string().regex(/^[A-Za-z0-9_-]{43}$/).optional(),
  /** The address applicants' phones reach the guide at (the server's --public-url), if announced. */
  publicUrl: z.url({ protocol: /^https?$/ }).max(200).nullable().optional(),
});
export type EnrollResponse = z.infer<typeof enrollResponseSchema>;

/**
 * GET /device/info (device token): the device's card key (made on first ask for desktops enrolled
 * before cards were signed) and the public guide address. Desktops ask at each sync session.
 */
export const deviceInfoResponseSchema = z.object({
  deviceId: z.string(),
  cardKeyId: z.string().regex(CARD_KEY_ID_RE),
  cardKey: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
  publicUrl: z.url({ protocol: /^https?$/ }).max(200).nullable(),
});
export type DeviceInfoResponse = z.infer<typeof deviceInfoResponseSchema>;

/** PUT /attachments/:sha256 (one chunk): how much of the file the server holds now. */
export const uploadResponseSchema = z.object({
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  complete: z.boolean(),
  offset: z.number().int().nonnegative(),
  size: z.number().int().nonnegative().nullable(),
});
export type UploadResponse = z.infer<typeof uploadResponseSchema>;

/** Error body of every non-2xx answer. */
export const errorBodySchema = z.object({ error: z.string(), code: z.string() });
export type ErrorBody = z.infer<typeof errorBodySchema>;

export const DEVICE_TOKEN_HEADER = 'authorization';
export function deviceAuthHeader(token: string): Record<string, string> {
  return { [DEVICE_TOKEN_HEADER]: `Bearer ${token}` };
}
