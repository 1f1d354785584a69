// The reference data the public pages read: the catalogue, the plan templates, the offices and the
// working calendar. The centre's published records (`records` rows of the reference entities, in the
// desktop row shape) override, by code, what ships in src/shared/reference-data — a fresh centre has
// published none yet, so its guides come from the shipped data. A published row that is inactive or
// deleted hides the shipped row with its code. Loaded once per reference version (the highest
// server_seq among those entities) and shared by every request until an admin publishes again.
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Ctx } from '../context';
import { rows } from '../store/db';
import { CATALOG_ITEMS, ORG_UNITS, PLAN_TEMPLATES } from '../../shared/reference-data';
import { BUILTIN_CALENDAR, type CalendarYear, type TimeLimit, type WorkCalendar } from '../../shared/domain/calendar';
import { LIMIT_UNITS } from '../../shared/domain/enums';
import { officeDate } from './format';
import { fieldsOn, type CatalogVersionRecord } from '../../shared/domain/catalog-versions';
import { checkPulledRow } from '../../shared/sync/entities';
import { referenceId } from '../../shared/ids';
import { contentOn, type TemplateVersionRecord } from '../../shared/domain/template-versions';

export interface GuideMaterial {
  name: string;
  originals: number;
  copies: number;
  note?: string;
  /** The 样表 PDF the centre attached (served at /g/s/<sha256>). */
  sampleSha256?: string;
}

export interface GuideItem {
  code: string;
  name: string;
  department: string;
  stage: number;
  statutoryLimit: TimeLimit | null;
  promisedLimit: TimeLimit;
  materials: GuideMaterial[];
  fee: string;
  proxyAllowed: boolean;
  online: boolean;
}

/** A published 知识库 article the centre marked public. */
export interface GuideArticle {
  id: string;
  title: string;
  kind: string;
  body: string;
  tags: string[];
  catalogCodes: string[];
  publishedAt: string | null;
}

export interface GuideTemplate {
  code: string;
  name: string;
  suitableFor: string;
  description: string;
  items: Array<{ catalogCode: string; stage: number; group: number }>;
}

export interface Office {
  /** The published record's id (cases name offices by id); null for a shipped office. */
  id: string | null;
  code: string;
  name: string;
  officeName: string;
  address: string;
  phone: string;
  officeHours: string;
  parentCode: string | null;
}

export interface Reference {
  /** Highest server_seq among the reference records (0 on a fresh centre). */
  version: number;
  /** The day it shows (a catalogue change comes into force on its date): pages are cached per version and day. */
  day: string;
  items: Map<string, GuideItem>;
  /** Active templates in the shipped order, published-only ones after them. */
  templates: GuideTemplate[];
  offices: Map<string, Office>;
  officeById: Map<string, Office>;
  /** The office a bare guide names: the root of the published tree, else of the shipped one. */
  rootOffice: Office | null;
  calendar: WorkCalendar;
  /** Public published knowledge articles by id, newest publication first, and by the catalogue codes they link. */
  articles: Map<string, GuideArticle>;
  articlesByCode: Map<string, GuideArticle[]>;
}

const REF_ENTITIES = sql.raw(`('catalogItems', 'catalogItemVersions', 'planTemplates', 'planTemplateVersions', 'orgUnits', 'calendarYears', 'knowledgeArticles')`);

const flag = z.union([z.boolean(), z.number()]).transform(Boolean);
const jsonArray = <T extends z.ZodType>(item: T) => z.preprocess((v) => (typeof v === 'string' ? JSON.parse(v) : v), z.array(item));
const limitUnit = z.enum(LIMIT_UNITS.codes);
const materialSchema = z.object({ name: z.string(), originals: z.number().int().min(0).default(0), copies: z.number().int().min(0).default(0), note: z.string().optional() });

const publishedItemSchema = z.object({
  code: z.string().min(1),
  name: z.string().min(1),
  department: z.string().default(''),
  stage: z.coerce.number().int(),
  statutoryLimitValue: z.number().int().nullable().optional(),
  statutoryLimitUnit: limitUnit.nullable().optional(),
  promisedLimitValue: z.number().int().min(0),
  promisedLimitUnit: limitUnit,
  materials: jsonArray(materialSchema).default([]),
  fee: z.string().default('不收费'),
  proxyAllowed: flag.default(true),
  online: flag.default(false),
  active: flag.default(true),
});

const publishedTemplateSchema = z.object({
  code: z.string().min(1),
  name: z.string().min(1),
  description: z.string().default(''),
  items: jsonArray(z.object({ catalogCode: z.string(), stage: z.coerce.number().int(), group: z.coerce.number().int() })),
  active: flag.default(true),
});

const publishedOfficeSchema = z.object({
  code: z.string().min(1),
  name: z.string().default(''),
  parentId: z.string().nullable().optional(),
  officeName: z.string().default(''),
  address: z.string().default(''),
  phone: z.string().default(''),
  officeHours: z.string().default(''),
});

const publishedYearSchema = z.object({
  year: z.coerce.number().int(),
  data: z.preprocess((v) => (typeof v === 'string' ? JSON.parse(v) : v), z.object({ holidays: z.array(z.object({ date: z.string(), name: z.string() })), workdays: z.array(z.string()) })),
});

const publishedArticleSchema = z.object({
  title: z.string().min(1),
  kind: z.string(),
  body: z.string(),
  tags: jsonArray(z.string()).default([]),
  catalogCodes: jsonArray(z.string()).default([]),
  public: flag.default(false),
  status: z.string(),
  publishedAt: z.string().nullable().optional(),
});

interface RefRow {
  entity: string;
  id: string;
  data: Record<string, unknown>;
  deleted: boolean;
}

function shipped(): { items: Map<string, GuideItem>; templates: Map<string, GuideTemplate>; offices: Map<string, Office> } {
  const items = new Map<string, GuideItem>(
    CATALOG_ITEMS.map((i) => [i.code, { code: i.code, name: i.name, department: i.department, stage: i.stage, statutoryLimit: i.statutoryLimit, promisedLimit: i.promisedLimit, materials: i.materials, fee: i.fee, proxyAllowed: i.proxyAllowed, online: i.online }]),
  );
  const templates = new Map<string, GuideTemplate>(PLAN_TEMPLATES.map((t) => [t.code, { code: t.code, name: t.name, suitableFor: t.suitableFor, description: t.description, items: t.items }]));
  const offices = new Map<string, Office>(
    ORG_UNITS.map((u) => [u.code, { id: null, code: u.code, name: u.name, officeName: u.officeName, address: u.address, phone: u.phone, officeHours: u.officeHours, parentCode: u.parentCode }]),
  );
  return { items, templates, offices };
}

/** Builds the merged view from the published rows (pure, so a test can feed it rows). */
export function buildReference(version: number, published: RefRow[], warn: (msg: string) => void = () => undefined, today = officeDate(new Date())): Reference {
  const { items, templates, offices } = shipped();
  const itemIds = new Map([...items.keys()].map((code) => [referenceId('catalogItems', code), code]));
  const versions: CatalogVersionRecord[] = [];
  const templateIds = new Map([...templates.keys()].map((code) => [referenceId('planTemplates', code), code]));
  const templateVersions: TemplateVersionRecord[] = [];
  const officeById = new Map<string, Office>();
  const years: Record<string, CalendarYear> = { ...BUILTIN_CALENDAR.years };
  const publishedOffices: Array<{ id: string; parentId: string | null; office: Office }> = [];
  const articles = new Map<string, GuideArticle>();
  for (const r of published) {
    const gone = r.deleted || Boolean(r.data.deletedAt);
    if (r.entity === 'knowledgeArticles') {
      const a = publishedArticleSchema.safeParse(r.data);
      articles.delete(r.id);
      if (a.success && !gone && a.data.public && a.data.status === 'published') {
        articles.set(r.id, { id: r.id, title: a.data.title, kind: a.data.kind, body: a.data.body, tags: a.data.tags, catalogCodes: a.data.catalogCodes, publishedAt: a.data.publishedAt ?? null });
      } else if (!a.success && !gone) warn(`published knowledgeArticles/${r.id} skipped`);
      continue;
    }
    if (r.entity === 'planTemplateVersions') {
      const checked = checkPulledRow('planTemplateVersions', { ...r.data, id: r.id });
      if (checked.ok && !gone) templateVersions.push(checked.row as unknown as TemplateVersionRecord);
      else if (!checked.ok) warn(`published planTemplateVersions/${r.id} skipped`);
      continue;
    }
    if (r.entity === 'catalogItemVersions') {
      const checked = checkPulledRow('catalogItemVersions', { ...r.data, id: r.id });
      if (checked.ok && !gone) versions.push(checked.row as unknown as CatalogVersionRecord);
      else if (!checked.ok) warn(`published catalogItemVersions/${r.id} skipped`);
      continue;
    }
    const schema = { catalogItems: publishedItemSchema, planTemplates: publishedTemplateSchema, orgUnits: publishedOfficeSchema, calendarYears: publishedYearSchema }[r.entity];
    if (!schema) continue;
    const parsed = schema.safeParse(r.data);
    if (!parsed.success) {
      // A half-written row must not take a guide down; a deleted one may lack fields: hide by code.
      const code = typeof r.data.code === 'string' ? r.data.code : null;
      if (gone && code) {
        if (r.entity === 'catalogItems') items.delete(code);
        if (r.entity === 'planTemplates') templates.delete(code);
        if (r.entity === 'orgUnits') offices.delete(code);
      } else warn(`published ${r.entity}/${r.id} skipped: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
      continue;
    }
    if (r.entity === 'catalogItems') {
      const d = parsed.data as z.infer<typeof publishedItemSchema>;
      if (gone || !d.active) items.delete(d.code);
      else {
        const statutoryLimit = d.statutoryLimitValue != null && d.statutoryLimitUnit ? { value: d.statutoryLimitValue, unit: d.statutoryLimitUnit } : null;
        itemIds.set(r.id, d.code);
        items.set(d.code, { code: d.code, name: d.name, department: d.department, stage: d.stage, statutoryLimit, promisedLimit: { value: d.promisedLimitValue, unit: d.promisedLimitUnit }, materials: d.materials, fee: d.fee, proxyAllowed: d.proxyAllowed, online: d.online });
      }
    } else if (r.entity === 'planTemplates') {
      const d = parsed.data as z.infer<typeof publishedTemplateSchema>;
      if (gone || !d.active) templates.delete(d.code);
      else {
        templateIds.set(r.id, d.code);
        templates.set(d.code, { code: d.code, name: d.name, suitableFor: templates.get(d.code)?.suitableFor ?? '', description: d.description, items: d.items });
      }
    } else if (r.entity === 'orgUnits') {
      const d = parsed.data as z.infer<typeof publishedOfficeSchema>;
      if (gone) {
        offices.delete(d.code);
        continue;
      }
      const office: Office = { id: r.id, code: d.code, name: d.name, officeName: d.officeName || d.name, address: d.address, phone: d.phone, officeHours: d.officeHours, parentCode: null };
      publishedOffices.push({ id: r.id, parentId: d.parentId ?? null, office });
    } else if (!gone) {
      const d = parsed.data as z.infer<typeof publishedYearSchema>;
      years[String(d.year)] = { holidays: d.data.holidays, workdays: d.data.workdays };
    }
  }
  applyVersions(items, itemIds, versions, today);
  applyTemplateVersions(templates, templateIds, templateVersions, today);
  for (const p of publishedOffices) officeById.set(p.id, p.office);
  for (const p of publishedOffices) {
    p.office.parentCode = p.parentId ? (officeById.get(p.parentId)?.code ?? null) : null;
    offices.set(p.office.code, p.office);
  }
  const publishedRoot = publishedOffices.find((p) => p.parentId === null)?.office;
  const rootOffice = publishedRoot ?? [...offices.values()].find((o) => o.parentCode === null) ?? null;
  const newestFirst = [...articles.values()].sort((a, b) => (b.publishedAt ?? '').localeCompare(a.publishedAt ?? ''));
  const articlesByCode = new Map<string, GuideArticle[]>();
  for (const a of newestFirst) {
    for (const code of a.catalogCodes) {
      const list = articlesByCode.get(code);
      if (list) list.push(a);
      else articlesByCode.set(code, [a]);
    }
  }
  return {
    version, day: today, items, templates: [...templates.values()], offices, officeById, rootOffice, calendar: { years },
    articles: new Map(newestFirst.map((a) => [a.id, a])), articlesByCode,
  };
}

/** Each item as in force today: its latest version up to today laid over it. */
function applyVersions(items: Map<string, GuideItem>, itemIds: Map<string, string>, versions: CatalogVersionRecord[], today: string): void {
  const byItem = new Map<string, CatalogVersionRecord[]>();
  for (const v of versions) {
    const list = byItem.get(v.catalogItemId);
    if (list) list.push(v);
    else byItem.set(v.catalogItemId, [v]);
  }
  for (const [itemId, list] of byItem) {
    const code = itemIds.get(itemId);
    const item = code ? items.get(code) : undefined;
    if (!item) continue;
    const base = { name: item.name, department: item.department, level: '', stage: item.stage, statutoryLimitValue: item.statutoryLimit?.value ?? null, statutoryLimitUnit: item.statutoryLimit?.unit ?? null, promisedLimitValue: item.promisedLimit.value, promisedLimitUnit: item.promisedLimit.unit, materials: item.materials.map((m) => ({ ...m, originals: m.originals ?? 0, copies: m.copies ?? 0 })), fee: item.fee, proxyAllowed: item.proxyAllowed, online: item.online };
    const inForce = fieldsOn(base, list, today);
    if (!inForce.versionId) continue;
    const f = inForce.fields;
    const unit = (u: string | null) => (LIMIT_UNITS.codes as readonly string[]).includes(u ?? '') ? (u as TimeLimit['unit']) : null;
    const promisedUnit = unit(f.promisedLimitUnit) ?? item.promisedLimit.unit;
    const statutoryUnit = unit(f.statutoryLimitUnit);
    items.set(code as string, {
      ...item, name: f.name, department: f.department, stage: f.stage,
      statutoryLimit: f.statutoryLimitValue !== null && statutoryUnit ? { value: f.statutoryLimitValue, unit: statutoryUnit } : null,
      promisedLimit: { value: f.promisedLimitValue, unit: promisedUnit },
      materials: f.materials.map((m) => ({ name: m.name, originals: m.originals, copies: m.copies, ...(m.note ? { note: m.note } : {}), ...(m.sampleForm ? { sampleSha256: m.sampleForm.sha256 } : {}) })),
      fee: f.fee, proxyAllowed: f.proxyAllowed, online: f.online,
    });
  }
}

/** Each template as in force today: its latest version up to today laid over it. */
function applyTemplateVersions(templates: Map<string, GuideTemplate>, templateIds: Map<string, string>, versions: TemplateVersionRecord[], today: string): void {
  const byTemplate = new Map<string, TemplateVersionRecord[]>();
  for (const v of versions) byTemplate.set(v.planTemplateId, [...(byTemplate.get(v.planTemplateId) ?? []), v]);
  for (const [templateId, list] of byTemplate) {
    const code = templateIds.get(templateId);
    const tpl = code ? templates.get(code) : undefined;
    if (!tpl) continue;
    const inForce = contentOn({ name: tpl.name, description: tpl.description, projectCategory: null, items: tpl.items }, list, today);
    if (!inForce.versionId) continue;
    const c = inForce.content;
    // A desktop's description starts with the 适用 line of a shipped template: say it once.
    const suitableFor = tpl.suitableFor && c.description.includes(tpl.suitableFor) ? '' : tpl.suitableFor;
    templates.set(code as string, { ...tpl, name: c.name, description: c.description, suitableFor, items: c.items });
  }
}

/** The current reference view, reloaded only when the reference version moved (or the day did). */
export class ReferenceCache {
  private current: Reference | null = null;
  private day = '';
  private seenWatermark = -1;
  private loading: Promise<Reference> | null = null;

  async get(ctx: Ctx): Promise<Reference> {
    const mark = await ctx.watermark.fresh(ctx.store);
    if (this.current && mark === this.seenWatermark && this.day === officeDate(ctx.clock())) return this.current;
    // Two hundred phones at once share one reload.
    this.loading ??= this.reload(ctx, mark).finally(() => {
      this.loading = null;
    });
    return this.loading;
  }

  private async reload(ctx: Ctx, mark: number): Promise<Reference> {
    const v = await rows<{ v: string | number | null }>(ctx.store.db, sql`SELECT max(server_seq) AS v FROM records WHERE entity IN ${REF_ENTITIES}`);
    const version = Number(v[0]?.v ?? 0);
    const today = officeDate(ctx.clock());
    if (!this.current || this.current.version !== version || this.day !== today) {
      const published = await rows<RefRow>(ctx.store.db, sql`SELECT entity, id, data, deleted FROM records WHERE entity IN ${REF_ENTITIES} ORDER BY server_seq`);
      this.current = buildReference(version, published, (m) => ctx.log.warn(m), today);
      this.day = today;
    }
    this.seenWatermark = mark;
    return this.current;
  }
}
