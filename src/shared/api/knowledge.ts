// 知识库: articles staff write and propose and the centre's admins publish; found with the app's
// search, shown beside the plan items they link (相关知识) and, where public, on the guide.
import { z } from 'zod';
import { KNOWLEDGE_KINDS } from '../domain/enums';
import { knowledgeFieldsSchema } from '../knowledge/article';
import { id } from './common';
import { defineContract, out } from './contract';
import type { FileDto, KnowledgeArticleDto, KnowledgeSummaryDto } from './dto';
import { textSchema } from '../domain/validators';

/** Which articles a list shows: published ones (default), the caller's own, those awaiting publication, or all the caller may see. */
/** 10 MB as base64. */
const KNOWLEDGE_FILE_BASE64_MAX = Math.ceil((10 * 1024 * 1024) / 3) * 4;

export const KNOWLEDGE_VIEWS = ['published', 'mine', 'proposed', 'all'] as const;

export const knowledgeContract = defineContract({
  'knowledge.list': {
    input: z.object({
      q: z.string({ error: '关键词应为文本' }).trim().max(60, { error: '关键词过长' }).optional(),
      kind: z.enum(KNOWLEDGE_KINDS.codes, { error: '知识类别不正确' }).optional(),
      view: z.enum(KNOWLEDGE_VIEWS, { error: '列表范围不正确' }).default('published'),
    }).optional().default({ view: 'published' }),
    output: out<KnowledgeSummaryDto[]>(),
    doc: 'Articles the caller may see, newest change first; q searches titles, bodies, tags and linked codes (2 and 3+ character queries through the search index)',
  },
  'knowledge.get': { input: z.object({ articleId: id('知识') }), output: out<KnowledgeArticleDto>() },
  'knowledge.forItems': {
    input: z.object({ codes: z.array(z.string().trim().min(1).max(64), { error: '事项编码应为列表' }).max(500, { error: '事项过多' }) }),
    output: out<Record<string, KnowledgeSummaryDto[]>>(),
    doc: 'Published articles linked to each catalogue code (相关知识 beside a plan item)',
  },
  'knowledge.save': {
    input: knowledgeFieldsSchema.extend({ articleId: id('知识').optional() }),
    output: out<{ id: string }>(),
    doc: "A new draft, or a change of an article: staff change their own unpublished ones, the centre's admins any",
  },
  'knowledge.propose': { input: z.object({ articleId: id('知识') }), output: out<{ ok: true }>(), doc: 'The author asks the centre to publish a draft' },
  'knowledge.publish': { input: z.object({ articleId: id('知识') }), output: out<{ ok: true }>(), doc: "The centre's admin publishes an article to every desktop" },
  'knowledge.withdraw': { input: z.object({ articleId: id('知识') }), output: out<{ ok: true }>(), doc: "The centre's admin takes a published article down (it stays, marked 已撤下)" },
  'knowledge.addAttachment': {
    input: z.object({
      articleId: id('知识'),
      name: textSchema('文件名', 200),
      mime: z.string({ error: '文件类型应为文本' }).trim().min(1, { error: '文件类型不明' }).max(100, { error: '文件类型过长' }),
      dataBase64: z.string({ error: '请选择文件' }).min(1, { error: '文件为空' }).max(KNOWLEDGE_FILE_BASE64_MAX, { error: '附件不能超过10MB' }),
    }),
    output: out<{ sha256: string }>(),
    doc: 'Attaches a file (a sample form, a scan) to an article its caller may edit; at most 10 files',
  },
  'knowledge.removeAttachment': { input: z.object({ articleId: id('知识'), sha256: z.string().regex(/^[0-9a-f]{64}$/, { error: '附件校验值格式不正确' }) }), output: out<{ ok: true }>() },
  'knowledge.attachment': {
    input: z.object({ articleId: id('知识'), sha256: z.string().regex(/^[0-9a-f]{64}$/, { error: '附件校验值格式不正确' }) }),
    output: out<FileDto>(),
    doc: "An article's file, for saving (once sync has brought it to this desktop)",
  },
  'knowledge.remove': { input: z.object({ articleId: id('知识') }), output: out<{ ok: true }>(), doc: 'Deletes an unpublished draft (its author) or any article (the centre)' },
});
