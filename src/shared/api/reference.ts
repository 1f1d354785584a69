// Search, the catalogue and plan templates, printing, sync status.
import { z } from 'zod';
import { PLAN_KINDS } from '../domain/enums';
import { empty, id, isoDate, optionalText } from './common';
import { catalogCodeSchema, catalogFieldsSchema } from '../domain/catalog-fields';
import { defineContract, out } from './contract';
import type { CatalogHistoryDto, CatalogImportDto, CatalogItemDto, FileDto, InteractionDto, PlanTemplateDto, PlanTemplateHistoryDto, PrintedDocumentDto, ReferencePublishStatusDto, SearchResultDto, SyncStatusDto } from './dto';
import { textSchema } from '../domain/validators';
import { templateCodeSchema, templateContentSchema } from '../domain/template-versions';

export const PRINT_KINDS = ['serviceApplication', 'agreement', 'authorization', 'plan', 'liaisonCard', 'handoverReceipt'] as const;
export const PRINT_KIND_LABELS: Record<(typeof PRINT_KINDS)[number], string> = {
  serviceApplication: '代办服务申请表', agreement: '代办委托协议', authorization: '授权委托书', plan: '代办服务计划书',
  liaisonCard: '联络卡', handoverReceipt: '材料接收凭证',
};

/** What a 政企互动 record says: the fields of interaction.add and interaction.edit. */
export const interactionFieldsSchema = z.object({ heldDate: isoDate('活动日期'), place: textSchema('活动地点', 100), enterprises: textSchema('参与企业', 500), content: textSchema('活动内容', 1000, 2) });

export const referenceContract = defineContract({
  'search.query': {
    input: z.object({ q: z.string().trim().min(1, { error: '请输入关键词' }).max(60, { error: '关键词过长' }), limit: z.number().int().min(1).max(50).default(10) }),
    output: out<SearchResultDto>(),
  },
  'catalogue.list': { input: z.object({ stage: z.number().int().min(0).max(4).optional(), q: z.string().trim().max(60).optional() }).optional().default({}), output: out<CatalogItemDto[]>() },
  'catalogue.saveVersion': {
    input: z.object({ catalogItemId: id('事项'), effectiveFrom: isoDate('生效日期'), fields: catalogFieldsSchema, note: optionalText('变更说明', 500) }),
    output: out<{ versionId: string }>(),
    doc: 'A change of a catalogue item in force from effectiveFrom (today or later); plans made before keep their limits',
  },
  'catalogue.history': { input: z.object({ catalogItemId: id('事项') }), output: out<CatalogHistoryDto>() },
  'catalogue.addItem': {
    input: z.object({ code: catalogCodeSchema, planKind: z.enum(PLAN_KINDS.codes, { error: '请选择代办类别' }), fields: catalogFieldsSchema, note: optionalText('说明', 500) }),
    output: out<{ id: string }>(),
    doc: 'A new catalogue item, in force from today',
  },
  'catalogue.exportXlsx': { input: z.object({ date: isoDate('日期').optional() }).optional().default({}), output: out<FileDto>(), doc: 'The catalogue in force on date (default today) as .xlsx' },
  'catalogue.importXlsx': {
    input: z.object({
      fileName: textSchema('文件名', 200),
      dataBase64: z.string({ error: '请选择文件' }).min(1, { error: '文件为空' }).max(14_000_000, { error: '文件不能超过10MB' }),
      /** Default: today at this desktop. */
      effectiveFrom: isoDate('生效日期').optional(),
      note: optionalText('变更说明', 500),
      dryRun: z.boolean(),
    }),
    output: out<CatalogImportDto>(),
    doc: 'Reads a catalogue workbook: the dry run lists each row and its problems; the import writes all rows or, with any problem, nothing',
  },
  'catalogue.uploadSampleForm': {
    input: z.object({
      name: textSchema('文件名', 200),
      dataBase64: z.string({ error: '请选择样表文件' }).min(1, { error: '文件为空' }).max(14_000_000, { error: '样表不能超过10MB' }),
    }),
    output: out<{ name: string; size: number; sha256: string }>(),
    doc: "Keeps a material's sample form (a PDF) on this desktop; the item's next saved version names it",
  },
  'catalogue.sampleForm': {
    input: z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/, { error: '样表校验值格式不正确' }) }),
    output: out<FileDto>(),
    doc: 'A sample form the catalogue names, for saving (once sync has brought it to this desktop)',
  },
  'catalogue.publishStatus': {
    input: empty, output: out<ReferencePublishStatusDto>(),
    doc: "Whether the centre's server still lacks the shipped catalogue and templates this desktop holds",
  },
  'catalogue.publishShipped': {
    input: empty, output: out<{ items: number; templates: number }>(),
    doc: "The centre's first admin desktop queues the shipped catalogue and templates for the server, once",
  },
  'planTemplate.list': { input: z.object({ kind: z.enum(PLAN_KINDS.codes).optional() }).optional().default({}), output: out<PlanTemplateDto[]>() },
  'planTemplate.history': { input: z.object({ planTemplateId: id('计划书模板') }), output: out<PlanTemplateHistoryDto>(), doc: 'The content in force today and every change: who, when, what' },
  'planTemplate.saveVersion': {
    input: z.object({ planTemplateId: id('计划书模板'), effectiveFrom: isoDate('生效日期'), content: templateContentSchema, note: optionalText('变更说明', 500) }),
    output: out<{ versionId: string }>(),
    doc: 'A change of a plan template in force from effectiveFrom (today or later); plans made before keep their items',
  },
  'planTemplate.add': {
    input: z.object({ code: templateCodeSchema, planKind: z.enum(PLAN_KINDS.codes, { error: '请选择代办类别' }), content: templateContentSchema, note: optionalText('说明', 500) }),
    output: out<{ id: string }>(),
    doc: 'A new plan template (for a category), in force from today',
  },
  'print.document': {
    input: z.object({ kind: z.enum(PRINT_KINDS, { error: '请选择要打印的文书' }), caseId: id('案卷'), handoverId: id('交接记录').optional(), entrustmentId: id('委托').optional() }),
    output: out<PrintedDocumentDto>(),
  },
  'print.weekly': {
    input: z.object({ weekOf: isoDate('周').optional() }).optional().default({}),
    output: out<PrintedDocumentDto>(), doc: "周进展报告 of the user's office for the week containing weekOf (default: this week)",
  },
  'interaction.list': {
    input: z.object({ year: z.number().int().min(2000, { error: '年份不正确' }).max(2100, { error: '年份不正确' }), quarter: z.number().int().min(1, { error: '季度应为1至4' }).max(4, { error: '季度应为1至4' }) }),
    output: out<InteractionDto[]>(),
  },
  'interaction.add': { input: interactionFieldsSchema, output: out<InteractionDto>() },
  'interaction.edit': { input: interactionFieldsSchema.extend({ interactionId: id('政企互动记录') }), output: out<InteractionDto>() },
  'interaction.withdraw': { input: z.object({ interactionId: id('政企互动记录'), reason: textSchema('撤回原因', 300, 2) }), output: out<{ ok: true }>() },
  'sync.status': { input: empty, output: out<SyncStatusDto>() },
});
