// 知识库 articles: what a staff member may write (the boundary of knowledge.save, Chinese errors) and
// how a body is shown. Bodies are Markdown rendered with raw HTML off, so an article can hold
// headings, lists, tables and links but never a script, a style or an <img onerror>.
import MarkdownIt from 'markdown-it';
import { z } from 'zod';
import { KNOWLEDGE_KINDS } from '../domain/enums';
import { catalogCodeSchema } from '../domain/catalog-fields';
import { textSchema } from '../domain/validators';

export const KNOWLEDGE_BODY_MAX = 20_000;

const tag = z.string({ error: '标签应为文本' }).trim().min(1, { error: '标签不能为空' }).max(20, { error: '每个标签不超过20个字' });
const templateCode = z.string({ error: '模板编码应为文本' }).trim().min(1, { error: '模板编码不能为空' }).max(64, { error: '模板编码过长' });
const unique = <T extends z.ZodType<string>>(item: T, max: number, what: string) =>
  z.array(item, { error: `${what}应为列表` }).max(max, { error: `${what}最多${max}个` }).transform((v) => [...new Set(v)]);

export const knowledgeFieldsSchema = z.object({
  title: textSchema('标题', 100),
  kind: z.enum(KNOWLEDGE_KINDS.codes, { error: '请选择知识类别' }),
  body: z.string({ error: '请填写正文' }).max(KNOWLEDGE_BODY_MAX, { error: `正文不能超过${KNOWLEDGE_BODY_MAX}个字` }).refine((s) => s.trim().length > 0, { error: '请填写正文' }),
  tags: unique(tag, 10, '标签'),
  catalogCodes: unique(catalogCodeSchema, 30, '关联事项'),
  templateCodes: unique(templateCode, 20, '关联模板'),
  public: z.boolean({ error: '请选择是否在电子指引公开' }),
});
export type KnowledgeFields = z.infer<typeof knowledgeFieldsSchema>;

const md = new MarkdownIt({ html: false, linkify: true, breaks: true });
// Links leave the app: a new window, no referrer (Electron's window policy opens it in the browser).
const renderLink = md.renderer.rules.link_open ?? ((tokens, i, options, _env, self) => self.renderToken(tokens, i, options));
md.renderer.rules.link_open = (tokens, i, options, env, self) => {
  tokens[i]!.attrSet('target', '_blank');
  tokens[i]!.attrSet('rel', 'noopener noreferrer');
  return renderLink(tokens, i, options, env, self);
};

/** The body as HTML that is safe to insert (raw HTML in the Markdown is shown as text). */
export function renderKnowledgeBody(body: string): string {
  return md.render(body);
}

/** The body as plain text: for search and for a list's excerpt. */
export function knowledgePlainText(body: string): string {
  return body
    .replace(/```[\s\S]*?```/g, ' ')
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/^\s{0,3}(?:#{1,6}|>|[-*+]|\d+[.)])\s+/gm, '')
    .replace(/^\s*\|?\s*:?-{3,}.*$/gm, '')
    .replace(/\*\*|__|~~|`/g, '')
    .replace(/\|/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
