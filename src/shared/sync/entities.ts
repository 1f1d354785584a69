// The rows that cross the sync boundary, one zod schema per synced entity, in the wire shape: the
// desktop's drizzle row as JSON (camelCase keys, JSON columns as values, booleans as booleans).
// The field sets follow src/main/db/schema.ts (tests/unit/sync/entities.test.ts holds them to it):
// a NOT NULL column without a default is required, one with a default may be left out, a nullable
// one may be null. Every field is bounded, so a row is bounded by construction; what is written into
// the centre (push, publish) is also capped as a whole (MAX_ROW_BYTES).
//
// Unknown fields: refused (`entitySchema`) wherever a row is written into the centre, which would
// store it and serve it to every desktop; ignored (`pulledRowSchema`) when a desktop applies a pulled
// row, which stores only its own columns anyway (a server one schema version ahead may add one).
import { z } from 'zod';
import { compileFastCheck } from './fast-check';

/** The largest row a desktop may push or an admin publish, as serialized JSON (UTF-8 bytes). */
export const MAX_ROW_BYTES = 256 * 1024;

// ---------------------------------------------------------------- field kinds

/** What a missing required field is called; describeRowIssues says which field. */
const MISSING = '缺少必填内容';
/** A type error in Chinese, or MISSING when the field is not there at all. */
const expected = (what: string) => ({ error: (iss: { input?: unknown }) => (iss.input === undefined ? MISSING : what) });

const str = (max: number, min = 0) => {
  const s = z.string(expected('应为文字')).max(max, { error: `过长（最多 ${max} 个字符）` });
  return min ? s.min(min, { error: '不能为空' }) : s;
};
const int = (min: number, max: number) =>
  z.number(expected('应为数字')).int({ error: '应为整数' }).min(min, { error: `不能小于 ${min}` }).max(max, { error: `不能大于 ${max}` });
const num = (min: number, max: number) => z.number(expected('应为数字')).min(min, { error: `不能小于 ${min}` }).max(max, { error: `不能大于 ${max}` });
const bool = z.boolean(expected('应为是或否'));
/** `2026-03-02`, optionally with a time (`2026-03-02T02:00:00.000Z`). */
const ISO_RE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const iso = z.string(expected('应为日期或时间')).max(40, { error: '日期格式不正确' }).regex(ISO_RE, { error: '日期格式不正确' });

const id = str(64, 1);
/** Codes and enum values (status, kind, level…): the domain rules check which ones. */
const code = str(64, 1);
const name = str(200);
const phone = str(50);
const idNumber = str(32);
const shortText = str(2000);
const longText = str(20_000);
const count = int(0, 1_000_000);

// Required, defaulted (may be left out, never null) and nullable.
const opt = <T extends z.ZodType>(s: T) => s.nullable().optional();
const def = <T extends z.ZodType>(s: T) => s.optional();

/** The columns every synced row has (src/main/db/schema.ts `entity`). */
const base = { id, createdAt: iso, updatedAt: iso, deletedAt: opt(iso) };
const withdrawal = { withdrawnAt: opt(iso), withdrawnBy: opt(id), withdrawReason: opt(shortText) };

const list = <T extends z.ZodType>(item: T, max: number) => z.array(item, expected('应为列表')).max(max, { error: `最多 ${max} 项` });
const obj = <S extends z.ZodRawShape>(shape: S) => z.strictObject(shape, expected('格式不正确'));

// ---------------------------------------------------------------- entities

const ENTITY_SHAPES = {
  // reference data (published centrally)
  orgUnits: {
    ...base,
    code: str(32, 1), name: str(100, 1), level: code, parentId: opt(id), officeName: str(200, 1),
    address: def(str(500)), phone: def(phone), officeHours: def(str(500)),
  },
  users: {
    ...base,
    username: str(64, 1), displayName: str(100, 1), phone: def(phone), orgUnitId: id,
    roles: list(code, 10), agentKind: opt(code), passwordHash: str(512),
    failedLogins: def(count), lockedUntil: opt(iso), active: def(bool), lastLoginAt: opt(iso),
  },
  catalogItems: {
    ...base,
    code: str(64, 1), name: str(200, 1), department: name, level: code, planKind: code, stage: int(0, 99),
    statutoryLimitValue: opt(count), statutoryLimitUnit: opt(code), promisedLimitValue: count, promisedLimitUnit: code,
    materials: list(obj({ name: str(200, 1), originals: count, copies: count, note: str(500).optional() }), 200),
    fee: def(str(200)), proxyAllowed: def(bool), online: def(bool), active: def(bool),
  },
  catalogItemVersions: {
    ...base,
    catalogItemId: id, effectiveFrom: iso, authorId: id, note: def(str(2000)),
    fields: obj({
      name: str(200, 1), department: str(200, 1), level: code, stage: int(0, 99),
      statutoryLimitValue: count.nullable(), statutoryLimitUnit: code.nullable(), promisedLimitValue: count, promisedLimitUnit: code,
      materials: list(obj({ name: str(200, 1), originals: count, copies: count, note: str(500).optional(), certificate: bool.optional(), sampleAttachmentId: id.optional(), sampleForm: obj({ name: str(200, 1), size: int(1, 10 * 1024 * 1024), sha256: str(64, 64) }).optional() }), 200),
      fee: str(200), proxyAllowed: bool, online: bool, instant: bool, basis: str(5000),
    }),
  },
  planTemplates: {
    ...base,
    code: str(64, 1), name: str(200, 1), planKind: code, projectCategory: opt(code), description: def(str(5000)),
    items: list(obj({ catalogCode: str(64, 1), stage: int(0, 99), group: int(0, 999) }), 500), active: def(bool),
  },
  planTemplateVersions: {
    ...base,
    planTemplateId: id, effectiveFrom: iso, authorId: id, note: def(str(2000)),
    content: obj({
      name: str(200, 1), description: str(5000), projectCategory: code.nullable(),
      items: list(obj({ catalogCode: str(64, 1), stage: int(0, 4), group: int(1, 99) }), 300),
    }),
  },
  knowledgeArticles: {
    ...base,
    title: str(200, 1), kind: code, body: longText, tags: list(str(40, 1), 20), catalogCodes: list(str(64, 1), 50),
    templateCodes: list(str(64, 1), 50), public: def(bool), status: code, authorId: id, orgUnitId: id,
    attachments: def(list(obj({ name: str(200, 1), mime: str(100, 1), size: int(0, 50 * 1024 * 1024), sha256: str(64, 64) }), 10)),
    publishedBy: opt(id), publishedAt: opt(iso),
  },
  departmentContacts: {
    ...base,
    orgUnitId: id, department: str(200, 1), role: code, name: str(100, 1), post: def(str(200)), mobile: def(phone),
    officePhone: def(phone), business: def(str(2000)), note: def(str(2000)),
  },
  calendarYears: {
    // Keyed by year on the desktop; the centre's record id is the year as text.
    id: z.string(expected('应为文字')).regex(/^\d{4}$/, { error: '应为四位年份' }),
    year: int(1900, 2200),
    data: obj({ holidays: list(obj({ date: iso, name: str(50) }), 400), workdays: list(iso, 400) }),
    source: str(200, 1), updatedAt: def(iso), updatedBy: opt(id), deletedAt: opt(iso),
  },

  // applicants and projects (office data)
  applicants: {
    ...base,
    orgUnitId: id, kind: code, name: str(200, 1), uscc: opt(idNumber), residentId: opt(idNumber),
    legalRepresentative: def(str(100)), address: def(str(500)),
  },
  projects: {
    ...base,
    orgUnitId: id, applicantId: id, name: str(200, 1), projectCode: opt(str(64)), category: code, location: def(str(500)),
    investment: opt(num(-1e12, 1e12)), admissionStatus: def(code), admissionReason: opt(shortText), admissionBy: opt(id),
    admissionAt: opt(iso), admissionReviewBy: opt(id), admissionReviewAt: opt(iso),
  },
  interactions: {
    ...base,
    orgUnitId: id, heldDate: iso, place: str(500, 1), enterprises: str(5000, 1), content: longText, recordedBy: id, ...withdrawal,
  },

  // the case file (专属档案)
  cases: {
    ...base,
    caseNo: str(64, 1), orgUnitId: id, handlingOrgUnitId: id, applicantId: id, projectId: opt(id), channel: code, mode: code,
    helpKind: opt(code), status: code, subject: str(500, 1), contactName: def(str(100)), contactResidentId: opt(idNumber),
    contactPhone: def(phone), agentId: opt(id), leaderId: opt(id), templateCode: opt(str(64)), publicToken: str(128, 1),
    acceptedDate: iso, registeredBy: id, closedAt: opt(iso), closeReason: opt(shortText),
  },
  entrustments: {
    ...base,
    caseId: id, kind: code, status: code,
    scope: obj({ stages: list(int(0, 99), 20), items: list(str(200), 500), planItemIds: list(id, 500).optional() }),
    termStart: opt(iso), termEnd: opt(iso), authorizedName: opt(str(100)), authorizedResidentId: opt(idNumber),
    authorizedPhone: opt(phone), signedAt: opt(iso), attachmentId: opt(id), revokedAt: opt(iso), revokeReason: opt(shortText),
  },
  planItems: {
    ...base,
    caseId: id, catalogCode: str(64, 1), name: str(200, 1), department: name, stage: int(0, 99), parallelGroup: int(0, 999),
    sortOrder: int(0, 1_000_000), limitValue: count, limitUnit: code, startDate: opt(iso), dueDate: opt(iso), status: code,
    docNo: opt(str(200)), statusReason: opt(shortText), completedDate: opt(iso),
  },
  progressEntries: {
    ...base,
    caseId: id, planItemId: opt(id), kind: code, text: longText, hours: def(num(0, 10_000)), occurredDate: iso, authorId: id, ...withdrawal,
  },
  problems: {
    ...base,
    caseId: id, planItemId: opt(id), department: name, description: longText, status: code, raisedBy: id, raisedDate: iso,
    resolution: opt(longText), resolvedDate: opt(iso), ...withdrawal,
  },
  materials: {
    ...base,
    caseId: id, planItemId: opt(id), name: str(200, 1),
    originalsRequired: def(count), copiesRequired: def(count), originalsHeld: def(count), copiesHeld: def(count),
  },
  handovers: {
    ...base,
    caseId: id, receiptNo: str(64, 1), direction: code, counterpartName: str(100), staffId: id, handedAt: iso,
    items: list(obj({ materialId: id, name: str(200), originals: count, copies: count }), 500), note: def(shortText), ...withdrawal,
  },
  attachments: {
    ...base,
    caseId: id, ownerId: opt(id), kind: code, fileName: str(255, 1), mime: str(128, 1), size: int(0, 1e12),
    sha256: z.string(expected('应为文字')).regex(/^[0-9a-f]{64}$/, { error: '应为 64 位十六进制摘要' }), addedBy: id,
  },
  transfers: {
    ...base,
    caseId: id, kind: code, fromOrgUnitId: id, toOrgUnitId: id, status: code, reason: shortText, sentBy: id, sentAt: iso,
    respondedBy: opt(id), respondedAt: opt(iso), responseNote: opt(shortText),
  },
  evaluations: { ...base, caseId: id, level: int(1, 5), source: code, comment: def(shortText), evaluatedDate: iso },
  callbacks: { ...base, caseId: id, evaluationId: id, calledBy: id, calledDate: iso, content: def(longText), result: str(500) },
  rectifications: {
    ...base,
    caseId: id, evaluationId: id, problem: str(5000, 1), measure: longText, responsibleId: id, dueDate: iso, status: code, doneDate: opt(iso),
  },

  // server-made, pulled by desktops (a desktop may only resolve a conflict)
  conflicts: {
    ...base,
    caseId: opt(id), entity: code, entityId: id, field: code, localValue: z.unknown(), serverValue: z.unknown(), status: code, resolvedBy: opt(id),
  },
} satisfies Record<string, z.ZodRawShape>;

export type SyncedEntityName = keyof typeof ENTITY_SHAPES;
export const SYNCED_ENTITIES = Object.keys(ENTITY_SHAPES) as SyncedEntityName[];

export function isSyncedEntity(entity: string): entity is SyncedEntityName {
  return Object.hasOwn(ENTITY_SHAPES, entity);
}

type Shape<E extends SyncedEntityName> = (typeof ENTITY_SHAPES)[E];

const strict = Object.fromEntries(SYNCED_ENTITIES.map((e) => [e, z.strictObject(ENTITY_SHAPES[e])])) as {
  [E in SyncedEntityName]: z.ZodObject<Shape<E>, z.core.$strict>;
};
const lenient = Object.fromEntries(SYNCED_ENTITIES.map((e) => [e, z.object(ENTITY_SHAPES[e])])) as {
  [E in SyncedEntityName]: z.ZodObject<Shape<E>>;
};

const partials = new Map<SyncedEntityName, z.ZodType>();
/** Any subset of the entity's fields, each as in a whole row (unknown fields refused). */
function fieldsSchema(entity: SyncedEntityName): z.ZodType {
  let s = partials.get(entity);
  if (!s) partials.set(entity, (s = strict[entity].partial()));
  return s;
}

/** The row as written into the centre: unknown fields refused. */
export function entitySchema<E extends SyncedEntityName>(entity: E): z.ZodObject<Shape<E>, z.core.$strict> {
  return strict[entity];
}

/** The row as a desktop applies it from a pull: unknown fields dropped (see the header). */
export function pulledRowSchema<E extends SyncedEntityName>(entity: E): z.ZodObject<Shape<E>> {
  return lenient[entity];
}

/** One field's schema, for patches and intents that change fields one by one (undefined: no such field). */
export function entityFieldSchema(entity: SyncedEntityName, field: string): z.ZodType | undefined {
  const shape = ENTITY_SHAPES[entity] as z.ZodRawShape;
  return Object.hasOwn(shape, field) ? (shape[field] as z.ZodType) : undefined;
}

/** The server-made scope-exit marker (src/shared/sync/rules.ts SCOPE_EXIT_ENTITY), as desktops pull it. */
export const scopeExitRowSchema = z.object({
  id: str(200, 1),
  caseId: id,
  orgUnitId: id,
  records: list(z.tuple([code, id]), 1000),
});

// ---------------------------------------------------------------- checking a row

/** Serialized size of a value as JSON, in UTF-8 bytes (counted here: src/shared has no TextEncoder). */
export function jsonBytes(value: unknown): number {
  return utf8Bytes(JSON.stringify(value) ?? '');
}

/** Whether the value's JSON is over `max` UTF-8 bytes; most rows are decided by their length alone. */
function overBytes(value: unknown, max: number): number | null {
  const s = JSON.stringify(value) ?? '';
  if (s.length * 3 <= max) return null; // a UTF-16 unit is at most 3 bytes
  const bytes = s.length > max ? s.length : utf8Bytes(s);
  return bytes > max ? bytes : null;
}

function utf8Bytes(s: string): number {
  let bytes = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c < 0xdc00) {
      bytes += 4; // a surrogate pair: one 4-byte character
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/** zod's own messages for what the field kinds above do not name, in Chinese. */
function issueText(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? MISSING : '类型不正确';
    case 'unrecognized_keys':
      return `不认识的字段${issue.keys.map((k) => `“${k}”`).join('、')}`;
    case 'too_big':
      return '过长或过大';
    case 'too_small':
      return '过短或过小';
    default:
      return '格式不正确';
  }
}

/** One sentence for the first few problems of a row: 字段“subject”：过长（最多 500 个字符）. */
export function describeRowIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => {
      if (i.code === 'unrecognized_keys') return i.message;
      if (i.message === MISSING) return `缺少字段“${i.path.map(String).join('.')}”`;
      return i.path.length ? `字段“${i.path.map(String).join('.')}”：${i.message}` : i.message;
    })
    .join('；');
}

export type RowCheck<T> = { ok: true; row: T } | { ok: false; message: string };

function result<T>(r: z.ZodSafeParseResult<T>): RowCheck<T> {
  return r.success ? { ok: true, row: r.data } : { ok: false, message: describeRowIssues(r.error) };
}

/** A whole row written into the centre (insert, publish): size first, then every field; extras refused. */
export function checkEntityRow(entity: SyncedEntityName, row: unknown): RowCheck<Record<string, unknown>> {
  const bytes = overBytes(row, MAX_ROW_BYTES);
  if (bytes !== null) return { ok: false, message: `记录过大（${Math.ceil(bytes / 1024)} KB，最多 ${MAX_ROW_BYTES / 1024} KB）` };
  return result(entitySchema(entity).safeParse(row, { error: issueText }) as z.ZodSafeParseResult<Record<string, unknown>>);
}

/** Field values changed one by one (a patch, an intent's fields): each against its field's schema. */
export function checkEntityFields(entity: SyncedEntityName, values: Record<string, unknown>): RowCheck<Record<string, unknown>> {
  const bytes = overBytes(values, MAX_ROW_BYTES);
  if (bytes !== null) return { ok: false, message: `修改内容过大（${Math.ceil(bytes / 1024)} KB，最多 ${MAX_ROW_BYTES / 1024} KB）` };
  const unknown = Object.keys(values).filter((f) => !entityFieldSchema(entity, f));
  if (unknown.length) return { ok: false, message: `不认识的字段${unknown.slice(0, 3).map((k) => `“${k}”`).join('、')}` };
  // A change without a value would drop the field from the stored row.
  const missing = Object.keys(values).find((f) => values[f] === undefined);
  if (missing) return { ok: false, message: `字段“${missing}”缺少修改后的值` };
  return result(fieldsSchema(entity).safeParse(values, { error: issueText }) as z.ZodSafeParseResult<Record<string, unknown>>);
}

/** The pulled-row schemas compiled to a fast test (fast-check.ts): zod runs only for a row it cannot pass. */
const fastPulled = new Map(SYNCED_ENTITIES.map((e) => [e, compileFastCheck(lenient[e])]));

/**
 * A pulled row as the desktop stores it: every known field checked, unknown ones ignored. The row
 * given back is the one passed in (unknown fields included): the desktop stores its own columns only.
 */
export function checkPulledRow(entity: SyncedEntityName, row: unknown): RowCheck<Record<string, unknown>> {
  if (fastPulled.get(entity)?.(row)) return { ok: true, row: row as Record<string, unknown> };
  const r = pulledRowSchema(entity).safeParse(row, { error: issueText });
  return r.success ? { ok: true, row: row as Record<string, unknown> } : { ok: false, message: describeRowIssues(r.error) };
}

/** Whether the fast test of an entity's pulled rows was compiled (every synced entity's is: tests). */
export function hasFastPulledCheck(entity: SyncedEntityName): boolean {
  return fastPulled.get(entity) != null;
}
