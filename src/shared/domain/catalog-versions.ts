// A catalogue item (代办目录事项) changes from a date: each change is a version — the item's whole
// set of editable fields, in force from `effectiveFrom` — kept as its own append-only record, so two
// admins' changes never overwrite each other and the item's history shows who changed what. The
// item's own row holds the fields in force before its first version (the shipped catalogue).
// Plans copy the limits in force on the day they are made (plan items keep their own limitValue),
// so a plan made before a change keeps the old limit.
import { versionOn, versionsInOrder } from './dated-versions';

export interface CatalogMaterial {
  name: string;
  originals: number;
  copies: number;
  note?: string;
  /** Whether the material is a certificate or licence (证照) the applicant already holds. */
  certificate?: boolean;
  /** Unused (an attachment id; attachments belong to cases): see sampleForm. */
  sampleAttachmentId?: string;
  /** The sample form (样表) PDF, by its SHA-256: synced to every desktop like an article's file, served on the guide. */
  sampleForm?: { name: string; size: number; sha256: string };
}

export interface CatalogFields {
  name: string;
  department: string;
  level: string;
  stage: number;
  statutoryLimitValue: number | null;
  statutoryLimitUnit: string | null;
  promisedLimitValue: number;
  promisedLimitUnit: string;
  materials: CatalogMaterial[];
  fee: string;
  proxyAllowed: boolean;
  online: boolean;
  /** 即办件: handled on the spot. */
  instant: boolean;
  /** 设定依据: the law or rule the item rests on. */
  basis: string;
}

export const CATALOG_FIELD_LABELS: Record<keyof CatalogFields, string> = {
  name: '事项名称',
  department: '实施部门',
  level: '实施层级',
  stage: '审批阶段',
  statutoryLimitValue: '法定时限',
  statutoryLimitUnit: '法定时限单位',
  promisedLimitValue: '承诺时限',
  promisedLimitUnit: '承诺时限单位',
  materials: '申请材料',
  fee: '收费',
  proxyAllowed: '可代办',
  online: '网上办理',
  instant: '即办件',
  basis: '设定依据',
};

export interface CatalogVersionRecord {
  id: string;
  catalogItemId: string;
  effectiveFrom: string;
  fields: CatalogFields;
  authorId: string;
  note: string;
  createdAt: string;
  deletedAt?: string | null;
}

/** The item row's own fields: what was in force before any version (the row has no 即办 or 设定依据). */
export type CatalogBaseRow = Omit<CatalogFields, 'instant' | 'basis'>;

export function baseFields(row: CatalogBaseRow): CatalogFields {
  return {
    name: row.name,
    department: row.department,
    level: row.level,
    stage: row.stage,
    statutoryLimitValue: row.statutoryLimitValue,
    statutoryLimitUnit: row.statutoryLimitUnit,
    promisedLimitValue: row.promisedLimitValue,
    promisedLimitUnit: row.promisedLimitUnit,
    materials: row.materials,
    fee: row.fee,
    proxyAllowed: row.proxyAllowed,
    online: row.online,
    instant: false,
    basis: '',
  };
}

export interface FieldsInForce {
  fields: CatalogFields;
  /** The version in force (null: the item's own row). */
  versionId: string | null;
  effectiveFrom: string | null;
}

/** The fields in force on `date` (YYYY-MM-DD). */
export function fieldsOn(row: CatalogBaseRow, versions: readonly CatalogVersionRecord[], date: string): FieldsInForce {
  const v = versionOn(versions, date);
  return v ? { fields: v.fields, versionId: v.id, effectiveFrom: v.effectiveFrom } : { fields: baseFields(row), versionId: null, effectiveFrom: null };
}

export interface FieldChange {
  field: keyof CatalogFields;
  label: string;
  before: unknown;
  after: unknown;
}

/** A value as text with its keys sorted (a material read from a form and from the store compare equal). */
function canonical(v: unknown): string {
  return JSON.stringify(v ?? null, (_k, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).filter(([, y]) => y !== undefined).sort(([a], [b]) => a.localeCompare(b))) : x,
  );
}

/** What a version changed against the fields in force the day before it. */
export function changedFields(before: CatalogFields, after: CatalogFields): FieldChange[] {
  const out: FieldChange[] = [];
  for (const field of Object.keys(CATALOG_FIELD_LABELS) as Array<keyof CatalogFields>) {
    if (canonical(before[field]) !== canonical(after[field])) {
      out.push({ field, label: CATALOG_FIELD_LABELS[field], before: before[field] ?? null, after: after[field] ?? null });
    }
  }
  return out;
}

export interface VersionHistoryEntry {
  versionId: string;
  effectiveFrom: string;
  authorId: string;
  createdAt: string;
  note: string;
  changes: FieldChange[];
}

/** Every version, oldest first, each with what it changed against the one before it. */
export function versionHistory(row: CatalogBaseRow, versions: readonly CatalogVersionRecord[]): VersionHistoryEntry[] {
  let prev = baseFields(row);
  return versionsInOrder(versions).map((v) => {
    const entry = { versionId: v.id, effectiveFrom: v.effectiveFrom, authorId: v.authorId, createdAt: v.createdAt, note: v.note, changes: changedFields(prev, v.fields) };
    prev = v.fields;
    return entry;
  });
}
