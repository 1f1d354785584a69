// A plan template (代办服务计划书模板) changes from a date, as a catalogue item does
// (catalog-versions.ts): each change is a version — the template's whole editable content (name,
// description, project category, and its items as stages → parallel groups → catalogue items) in
// force from `effectiveFrom` — kept as its own append-only record. The template's own row holds the
// content in force before its first version (the shipped or first published template). Plans copy
// the items at creation, so a plan made before a change keeps the items it was made with.
import { z } from 'zod';
import { versionOn, versionsInOrder } from './dated-versions';
import { PLAN_KINDS, PROJECT_CATEGORIES, STAGES, type PlanKind } from './enums';
import { textSchema } from './validators';

export interface TemplateItem {
  catalogCode: string;
  /** 1–4 for engineering projects; 0 (综合办理) for the other plan kinds. */
  stage: number;
  /** Parallel group inside the stage (1, 2, …): items sharing one are handled side by side. */
  group: number;
}

export interface TemplateContent {
  name: string;
  description: string;
  projectCategory: string | null;
  /** In plan order: by stage, then group. */
  items: TemplateItem[];
}

export interface TemplateVersionRecord {
  id: string;
  planTemplateId: string;
  effectiveFrom: string;
  content: TemplateContent;
  authorId: string;
  note: string;
  createdAt: string;
  deletedAt?: string | null;
}

/** The template row's own content: what was in force before any version. */
export interface TemplateBaseRow {
  name: string;
  description: string;
  projectCategory: string | null;
  items: TemplateItem[];
}

export function baseContent(row: TemplateBaseRow): TemplateContent {
  return { name: row.name, description: row.description, projectCategory: row.projectCategory ?? null, items: row.items.map((i) => ({ catalogCode: i.catalogCode, stage: i.stage, group: i.group })) };
}

/** Stage order of a plan: 1 → 4, then 综合办理 (0). */
export const stageRank = (stage: number): number => (stage === 0 ? 99 : stage);

/**
 * Items in plan order with the groups of each stage numbered 1, 2, … (an emptied group leaves no
 * gap). Order inside a group is kept.
 */
export function normalizeTemplateItems(items: readonly TemplateItem[]): TemplateItem[] {
  const sorted = items.map((it, i) => ({ it, i })).sort((a, b) => stageRank(a.it.stage) - stageRank(b.it.stage) || a.it.group - b.it.group || a.i - b.i);
  const out: TemplateItem[] = [];
  let stage = -1;
  let group = -1;
  let n = 0;
  for (const { it } of sorted) {
    if (it.stage !== stage) { stage = it.stage; group = -1; n = 0; }
    if (it.group !== group) { group = it.group; n += 1; }
    out.push({ catalogCode: it.catalogCode, stage: it.stage, group: n });
  }
  return out;
}

const STAGE_NUMERALS = ['', '一', '二', '三', '四'];

/** A stage as the printed plan's flow chart heads it: 第一阶段 立项用地规划许可, or 综合办理. */
export function stageHeading(stage: number): string {
  const name = STAGES.labels[String(stage) as keyof typeof STAGES.labels] ?? `第${stage}阶段`;
  return stage === 0 ? name : `第${STAGE_NUMERALS[stage] ?? stage}阶段\u3000${name}`;
}

export interface TemplateStage<T> {
  stage: number;
  name: string;
  groups: Array<{ group: number; items: T[] }>;
}

/** Stages in plan order, each with its parallel groups in order (the flow chart's shape). */
export function templateStages<T extends TemplateItem>(items: readonly T[]): Array<TemplateStage<T>> {
  const byStage = new Map<number, Map<number, T[]>>();
  for (const it of items) {
    const groups = byStage.get(it.stage) ?? new Map<number, T[]>();
    groups.set(it.group, [...(groups.get(it.group) ?? []), it]);
    byStage.set(it.stage, groups);
  }
  return [...byStage.entries()]
    .sort(([a], [b]) => stageRank(a) - stageRank(b))
    .map(([stage, groups]) => ({
      stage,
      name: STAGES.labels[String(stage) as keyof typeof STAGES.labels] ?? `第${stage}阶段`,
      groups: [...groups.entries()].sort(([a], [b]) => a - b).map(([group, list]) => ({ group, items: list })),
    }));
}

// ---------------------------------------------------------------- the editable content's rules

const templateItemSchema = z.object({
  catalogCode: z.string({ error: '事项编码应为文本' }).trim().min(1, { error: '模板中有一个事项缺少编码' }).max(64, { error: '事项编码过长' }),
  stage: z.number({ error: '审批阶段应为0至4' }).int({ error: '审批阶段应为0至4' }).min(0, { error: '审批阶段应为0至4' }).max(4, { error: '审批阶段应为0至4' }),
  group: z.number({ error: '并联组应为整数' }).int({ error: '并联组应为整数' }).min(1, { error: '并联组应从1开始' }).max(99, { error: '一个阶段最多99个并联组' }),
});

/** What an admin may set on a template: the boundary of planTemplate.saveVersion and planTemplate.add. */
export const templateContentSchema = z
  .object({
    name: textSchema('模板名称', 200),
    description: z.string({ error: '模板说明应为文本' }).trim().max(5000, { error: '模板说明不能超过5000个字' }),
    projectCategory: z.enum(PROJECT_CATEGORIES.codes, { error: `项目类别应为${PROJECT_CATEGORIES.codes.map((c) => PROJECT_CATEGORIES.labels[c]).join('、')}之一` }).nullable(),
    items: z.array(templateItemSchema, { error: '模板事项应为列表' }).max(300, { error: '一个模板最多300个事项' }),
  })
  .superRefine((c, ctx) => {
    if (c.items.length === 0) ctx.addIssue({ code: 'custom', path: ['items'], message: '模板中至少要有一个事项' });
    const seen = new Set<string>();
    for (const it of c.items) {
      if (seen.has(it.catalogCode)) ctx.addIssue({ code: 'custom', path: ['items'], message: `事项 ${it.catalogCode} 在模板中重复出现，每个事项只能出现一次` });
      seen.add(it.catalogCode);
    }
  }) satisfies z.ZodType<TemplateContent, unknown>;

export const templateCodeSchema = z
  .string({ error: '请填写模板编码' })
  .trim()
  .toUpperCase()
  .regex(/^[0-9A-Z][0-9A-Z-]{2,39}$/, { error: '模板编码应为3至40位字母、数字或“-”（如 TPL-WATER）' });

/**
 * What the content's items must agree with beyond their shape: every code in the catalogue (and
 * in use), and the stages of the plan kind (工程建设项目 1–4; the other kinds one stage, 0).
 */
export function templateContentProblems(content: TemplateContent, planKind: PlanKind | string, catalogue: ReadonlyMap<string, { name: string; active: boolean }>): string[] {
  const problems: string[] = [];
  const kindLabel = PLAN_KINDS.labels[planKind as PlanKind] ?? planKind;
  for (const it of content.items) {
    const c = catalogue.get(it.catalogCode);
    if (!c) problems.push(`事项编码 ${it.catalogCode} 不在代办目录中`);
    else if (!c.active) problems.push(`事项 ${it.catalogCode}（${c.name}）已停用，不能放入模板`);
    if (planKind === 'engineering' && it.stage === 0) problems.push(`${kindLabel}的事项应放在第1至4阶段（${it.catalogCode} 不能放在“综合办理”）`);
    if (planKind !== 'engineering' && it.stage !== 0) problems.push(`${kindLabel}的模板只有“综合办理”一个阶段（${it.catalogCode} 不能放在第${it.stage}阶段）`);
  }
  return problems;
}

// ---------------------------------------------------------------- in force, and history

export interface ContentInForce {
  content: TemplateContent;
  /** The version in force (null: the template's own row). */
  versionId: string | null;
  effectiveFrom: string | null;
}

/** The content in force on `date` (YYYY-MM-DD). */
export function contentOn(row: TemplateBaseRow, versions: readonly TemplateVersionRecord[], date: string): ContentInForce {
  const v = versionOn(versions, date);
  return v ? { content: v.content, versionId: v.id, effectiveFrom: v.effectiveFrom } : { content: baseContent(row), versionId: null, effectiveFrom: null };
}

/** The first change saved for a day after `today`, if any. */
export function nextTemplateChange(versions: readonly TemplateVersionRecord[], today: string): string | null {
  return versionsInOrder(versions).map((v) => v.effectiveFrom).find((d) => d.slice(0, 10) > today) ?? null;
}

export type TemplateChange =
  | { kind: 'field'; field: 'name' | 'description' | 'projectCategory'; label: string; before: string | null; after: string | null }
  | { kind: 'added'; catalogCode: string; to: { stage: number; group: number } }
  | { kind: 'removed'; catalogCode: string; from: { stage: number; group: number } }
  | { kind: 'moved'; catalogCode: string; from: { stage: number; group: number }; to: { stage: number; group: number } }
  | { kind: 'reordered' };

const FIELD_LABELS = { name: '模板名称', description: '模板说明', projectCategory: '项目类别' } as const;

/** What `after` changed against `before`: fields, items added, removed or moved, order. */
export function templateChanges(before: TemplateContent, after: TemplateContent): TemplateChange[] {
  const out: TemplateChange[] = [];
  for (const field of Object.keys(FIELD_LABELS) as Array<keyof typeof FIELD_LABELS>) {
    const b = before[field] ?? null;
    const a = after[field] ?? null;
    if (b !== a) out.push({ kind: 'field', field, label: FIELD_LABELS[field], before: b, after: a });
  }
  const was = new Map(before.items.map((i) => [i.catalogCode, i]));
  const now = new Map(after.items.map((i) => [i.catalogCode, i]));
  const at = (i: TemplateItem) => ({ stage: i.stage, group: i.group });
  for (const i of after.items) {
    const b = was.get(i.catalogCode);
    if (!b) out.push({ kind: 'added', catalogCode: i.catalogCode, to: at(i) });
    else if (b.stage !== i.stage || b.group !== i.group) out.push({ kind: 'moved', catalogCode: i.catalogCode, from: at(b), to: at(i) });
  }
  for (const i of before.items) if (!now.has(i.catalogCode)) out.push({ kind: 'removed', catalogCode: i.catalogCode, from: at(i) });
  if (!out.some((c) => c.kind !== 'field')) {
    const order = (c: TemplateContent) => c.items.map((i) => i.catalogCode).join('|');
    if (order(before) !== order(after)) out.push({ kind: 'reordered' });
  }
  return out;
}

const place = (p: { stage: number; group: number }) => `${p.stage === 0 ? STAGES.labels['0'] : `第${p.stage}阶段`}第${p.group}组`;

/** A change said for people: 新增“…”（第2阶段第1组）, “…”从第3阶段第1组移到第3阶段第2组. */
export function templateChangeText(c: TemplateChange, nameOf: (code: string) => string = (code) => code): string {
  switch (c.kind) {
    case 'field':
      if (c.field === 'description') return '修改模板说明';
      if (c.field === 'projectCategory') {
        const l = (v: string | null) => (v ? (PROJECT_CATEGORIES.labels[v as keyof typeof PROJECT_CATEGORIES.labels] ?? v) : '（无）');
        return `项目类别：${l(c.before)} → ${l(c.after)}`;
      }
      return `${c.label}：${c.before ?? '（空）'} → ${c.after ?? '（空）'}`;
    case 'added': return `新增“${nameOf(c.catalogCode)}”（${place(c.to)}）`;
    case 'removed': return `移除“${nameOf(c.catalogCode)}”（原在${place(c.from)}）`;
    case 'moved': return `“${nameOf(c.catalogCode)}”从${place(c.from)}移到${place(c.to)}`;
    case 'reordered': return '调整事项顺序';
  }
}

export interface TemplateHistoryEntry {
  versionId: string;
  effectiveFrom: string;
  authorId: string;
  createdAt: string;
  note: string;
  changes: TemplateChange[];
}

/** Every version, oldest first, each with what it changed against the one before it. */
export function templateVersionHistory(row: TemplateBaseRow, versions: readonly TemplateVersionRecord[]): TemplateHistoryEntry[] {
  let prev = baseContent(row);
  return versionsInOrder(versions).map((v) => {
    const entry = { versionId: v.id, effectiveFrom: v.effectiveFrom, authorId: v.authorId, createdAt: v.createdAt, note: v.note, changes: templateChanges(prev, v.content) };
    prev = v.content;
    return entry;
  });
}
