// 知识库: staff write articles and propose them; the centre's admins publish, edit and withdraw
// them. Articles are reference data (every desktop pulls them); what may change is the one
// reference rule (src/shared/sync/reference-authority.ts), checked here before anything is written.
// Drafts and proposals are seen by their author and by admins over the author's office.
import type { ApiOutput, ApiParsedInput, KnowledgeArticleDto, KnowledgeSummaryDto } from '../../../shared/api/index.js';
import type { KnowledgeKind, KnowledgeStatus } from '../../../shared/domain/enums.js';
import { DomainError } from '../../../shared/errors.js';
import { knowledgePlainText, renderKnowledgeBody, type KnowledgeFields } from '../../../shared/knowledge/article.js';
import * as t from '../../db/schema.js';
import { existsSync } from 'node:fs';
import { attachmentPath, decodeBase64, readVerified, sha256Hex, storeBytes } from '../attachments/service.js';
import { authorize, orgInfo, orgSubtree, requireUser, searchIndex, userName, type ServiceContext } from '../context.js';
import { isCentreAdmin, mayChangeReference, requireReferenceAuthority } from '../reference-authority.js';
import { articleSearchDoc } from './search-doc.js';

type ArticleRow = typeof t.knowledgeArticles.$inferSelect;

const EXCERPT_CHARS = 90;
const LIST_LIMIT = 200;

function mayRead(ctx: ServiceContext, a: ArticleRow): boolean {
  if (a.status === 'published') return true;
  if (a.authorId === ctx.actor.userId) return true;
  if (!ctx.actor.roles.includes('admin') || !ctx.actor.orgUnitId) return false;
  return isCentreAdmin(ctx) || orgSubtree(ctx.store, ctx.actor.orgUnitId).has(a.orgUnitId);
}

/** The article, if it exists and the caller may see it. */
function readable(ctx: ServiceContext, articleId: string): ArticleRow {
  const a = ctx.store.byId(t.knowledgeArticles, articleId);
  if (!a || a.deletedAt || !mayRead(ctx, a)) throw new DomainError('not_found', '知识不存在或已删除');
  return a;
}

function summaryDto(ctx: ServiceContext, a: ArticleRow): KnowledgeSummaryDto {
  const text = knowledgePlainText(a.body);
  return {
    id: a.id, title: a.title, kind: a.kind as KnowledgeKind, status: a.status as KnowledgeStatus, public: a.public,
    tags: a.tags, catalogCodes: a.catalogCodes, templateCodes: a.templateCodes,
    authorName: userName(ctx.store, a.authorId) ?? '（已删除的用户）',
    officeName: orgInfo(ctx.store, a.orgUnitId)?.name ?? '',
    updatedAt: a.updatedAt, publishedAt: a.publishedAt,
    excerpt: text.length > EXCERPT_CHARS ? `${text.slice(0, EXCERPT_CHARS)}…` : text,
  };
}

const change = (existing: ArticleRow | null, next: Record<string, unknown>, id: string) => ({ entity: 'knowledgeArticles' as const, id, existing, next });

export function listKnowledge(ctx: ServiceContext, input: ApiParsedInput<'knowledge.list'>): ApiOutput<'knowledge.list'> {
  authorize(ctx, 'knowledge.list');
  const q = input.q?.trim();
  let rows: ArticleRow[];
  if (q) {
    const hits = searchIndex(ctx.store).search(q, { kinds: ['knowledge'], limit: LIST_LIMIT });
    const rank = new Map(hits.map((h, i) => [h.refId, i]));
    rows = hits.length
      ? ctx.store.rows(t.knowledgeArticles, 'id IN (SELECT value FROM json_each(?)) AND deleted_at IS NULL', JSON.stringify(hits.map((h) => h.refId)))
        .sort((a, b) => rank.get(a.id)! - rank.get(b.id)!)
      : [];
  } else {
    rows = ctx.store.rows(t.knowledgeArticles, 'deleted_at IS NULL ORDER BY updated_at DESC');
  }
  const me = ctx.actor.userId;
  const inView = (a: ArticleRow): boolean => {
    switch (input.view) {
      case 'published': return a.status === 'published';
      case 'mine': return a.authorId === me;
      case 'proposed': return a.status === 'proposed';
      case 'all': return true;
    }
  };
  return rows.filter((a) => (!input.kind || a.kind === input.kind) && inView(a) && mayRead(ctx, a)).slice(0, LIST_LIMIT).map((a) => summaryDto(ctx, a));
}

export function getKnowledge(ctx: ServiceContext, input: ApiParsedInput<'knowledge.get'>): ApiOutput<'knowledge.get'> {
  authorize(ctx, 'knowledge.get');
  const a = readable(ctx, input.articleId);
  const itemNames = new Map(ctx.store.rows(t.catalogItems, 'code IN (SELECT value FROM json_each(?))', JSON.stringify(a.catalogCodes)).map((c) => [c.code, c.name]));
  const templateNames = new Map(ctx.store.rows(t.planTemplates, 'code IN (SELECT value FROM json_each(?))', JSON.stringify(a.templateCodes)).map((c) => [c.code, c.name]));
  const may = (next: Partial<ArticleRow> | null) => mayChangeReference(ctx, change(a, next ? { ...a, ...next } : { ...a, deletedAt: 'now' }, a.id));
  const dto: KnowledgeArticleDto = {
    ...summaryDto(ctx, a),
    body: a.body,
    bodyHtml: renderKnowledgeBody(a.body),
    items: a.catalogCodes.map((code) => ({ code, name: itemNames.get(code) ?? null })),
    templates: a.templateCodes.map((code) => ({ code, name: templateNames.get(code) ?? null })),
    attachments: a.attachments.map((f) => ({ ...f, here: existsSync(attachmentPath(ctx.store, f.sha256)) })),
    publishedByName: userName(ctx.store, a.publishedBy),
    mayEdit: a.status !== 'withdrawn' && may({ title: a.title }),
    mayPropose: a.status === 'draft' && may({ status: 'proposed' }),
    mayPublish: a.status !== 'published' && ctx.actor.roles.includes('admin') && may({ status: 'published', publishedBy: ctx.actor.userId }),
    mayWithdraw: a.status === 'published' && ctx.actor.roles.includes('admin') && may({ status: 'withdrawn' }),
    mayRemove: may(null),
  };
  return dto;
}

export function knowledgeForItems(ctx: ServiceContext, input: ApiParsedInput<'knowledge.forItems'>): ApiOutput<'knowledge.forItems'> {
  authorize(ctx, 'knowledge.forItems');
  const wanted = new Set(input.codes);
  const out: Record<string, KnowledgeSummaryDto[]> = {};
  for (const a of ctx.store.rows(t.knowledgeArticles, "status = 'published' AND deleted_at IS NULL ORDER BY updated_at DESC")) {
    for (const code of a.catalogCodes) if (wanted.has(code)) (out[code] ??= []).push(summaryDto(ctx, a));
  }
  return out;
}

/** Linked codes that the catalogue or the templates do not hold are named, not stored. */
function checkLinks(ctx: ServiceContext, fields: KnowledgeFields): void {
  const known = (table: typeof t.catalogItems | typeof t.planTemplates, codes: string[]) =>
    new Set(codes.length ? ctx.store.rows(table, 'code IN (SELECT value FROM json_each(?)) AND deleted_at IS NULL', JSON.stringify(codes)).map((r) => r.code) : []);
  const items = known(t.catalogItems, fields.catalogCodes);
  const missingItems = fields.catalogCodes.filter((c) => !items.has(c));
  if (missingItems.length) throw new DomainError('invalid_input', `关联事项 ${missingItems.join('、')} 不在代办目录中`, { catalogCodes: '关联事项不在代办目录中' });
  const templates = known(t.planTemplates, fields.templateCodes);
  const missingTemplates = fields.templateCodes.filter((c) => !templates.has(c));
  if (missingTemplates.length) throw new DomainError('invalid_input', `关联模板 ${missingTemplates.join('、')} 不存在`, { templateCodes: '关联模板不存在' });
}

export function saveKnowledge(ctx: ServiceContext, input: ApiParsedInput<'knowledge.save'>): ApiOutput<'knowledge.save'> {
  authorize(ctx, 'knowledge.save');
  const userId = requireUser(ctx);
  const { articleId, ...fields } = input;
  checkLinks(ctx, fields);
  if (articleId) {
    const existing = readable(ctx, articleId);
    if (existing.status === 'withdrawn') throw new DomainError('conflict', '已撤下的知识不能修改');
    requireReferenceAuthority(ctx, change(existing, { ...existing, ...fields }, existing.id));
    ctx.store.write({ actor: ctx.actor, action: 'knowledge.save', entity: 'knowledgeArticles', entityId: existing.id, detail: { title: fields.title, created: false } }, (tx) => {
      const row = tx.patch(t.knowledgeArticles, existing.id, fields);
      searchIndex(ctx.store).put(articleSearchDoc(row));
    });
    return { id: existing.id };
  }
  const orgUnitId = ctx.actor.orgUnitId;
  if (!orgUnitId) throw new DomainError('forbidden', '本机尚未设立机构，不能编写知识');
  const values = { ...fields, status: 'draft', authorId: userId, orgUnitId, publishedBy: null, publishedAt: null };
  requireReferenceAuthority(ctx, change(null, values, 'new'));
  const row = ctx.store.write({ actor: ctx.actor, action: 'knowledge.save', entity: 'knowledgeArticles', detail: { title: fields.title, created: true } }, (tx) => {
    const r = tx.insert(t.knowledgeArticles, values);
    searchIndex(ctx.store).put(articleSearchDoc(r));
    return r;
  });
  return { id: row.id };
}

/** A status step: from the statuses it leaves, with the fields it sets. */
function step(ctx: ServiceContext, articleId: string, action: 'knowledge.propose' | 'knowledge.publish' | 'knowledge.withdraw', from: readonly string[], to: KnowledgeStatus, refusal: string): ApiOutput<'knowledge.propose'> {
  authorize(ctx, action);
  requireUser(ctx);
  const a = readable(ctx, articleId);
  if (!from.includes(a.status)) throw new DomainError('conflict', refusal);
  const fields: Partial<ArticleRow> = to === 'published' ? { status: to, publishedBy: ctx.actor.userId, publishedAt: ctx.store.nowIso() } : { status: to };
  requireReferenceAuthority(ctx, change(a, { ...a, ...fields }, a.id));
  ctx.store.write({ actor: ctx.actor, action, entity: 'knowledgeArticles', entityId: a.id, detail: { title: a.title, public: a.public } }, (tx) => {
    tx.patch(t.knowledgeArticles, a.id, fields);
  });
  return { ok: true };
}

export const proposeKnowledge = (ctx: ServiceContext, input: ApiParsedInput<'knowledge.propose'>) =>
  step(ctx, input.articleId, 'knowledge.propose', ['draft'], 'proposed', '只有草稿可以提交发布申请');
export const publishKnowledge = (ctx: ServiceContext, input: ApiParsedInput<'knowledge.publish'>) =>
  step(ctx, input.articleId, 'knowledge.publish', ['draft', 'proposed', 'withdrawn'], 'published', '该知识已经发布');
export const withdrawKnowledge = (ctx: ServiceContext, input: ApiParsedInput<'knowledge.withdraw'>) =>
  step(ctx, input.articleId, 'knowledge.withdraw', ['published'], 'withdrawn', '只有已发布的知识可以撤下');

export function removeKnowledge(ctx: ServiceContext, input: ApiParsedInput<'knowledge.remove'>): ApiOutput<'knowledge.remove'> {
  authorize(ctx, 'knowledge.remove');
  requireUser(ctx);
  const a = readable(ctx, input.articleId);
  requireReferenceAuthority(ctx, change(a, { ...a, deletedAt: ctx.store.nowIso() }, a.id));
  ctx.store.write({ actor: ctx.actor, action: 'knowledge.remove', entity: 'knowledgeArticles', entityId: a.id, detail: { title: a.title } }, (tx) => {
    tx.remove(t.knowledgeArticles, a.id);
    searchIndex(ctx.store).remove(a.id);
  });
  return { ok: true };
}

const MAX_FILES = 10;

/** A change of an article's files: checked like an edit of the article. */
function changeFiles(ctx: ServiceContext, a: ArticleRow, files: ArticleRow['attachments'], action: 'knowledge.addAttachment' | 'knowledge.removeAttachment', name: string, write: () => void): void {
  if (a.status === 'withdrawn') throw new DomainError('conflict', '已撤下的知识不能修改');
  requireReferenceAuthority(ctx, change(a, { ...a, attachments: files }, a.id));
  ctx.store.write({ actor: ctx.actor, action, entity: 'knowledgeArticles', entityId: a.id, detail: { title: a.title, name } }, (tx) => {
    write();
    tx.patch(t.knowledgeArticles, a.id, { attachments: files });
  });
}

export function addKnowledgeAttachment(ctx: ServiceContext, input: ApiParsedInput<'knowledge.addAttachment'>): ApiOutput<'knowledge.addAttachment'> {
  authorize(ctx, 'knowledge.addAttachment');
  requireUser(ctx);
  const a = readable(ctx, input.articleId);
  const bytes = decodeBase64(input.dataBase64);
  if (bytes.length === 0) throw new DomainError('invalid_input', '文件为空', { dataBase64: '文件为空' });
  const sha256 = sha256Hex(bytes);
  if (a.attachments.some((f) => f.sha256 === sha256)) throw new DomainError('conflict', `该文件已是这条知识的附件（${a.attachments.find((f) => f.sha256 === sha256)!.name}）`);
  if (a.attachments.length >= MAX_FILES) throw new DomainError('invalid_input', `每条知识最多${MAX_FILES}个附件`);
  const files = [...a.attachments, { name: input.name, mime: input.mime, size: bytes.length, sha256 }];
  // The file first (content-addressed, durable), then the row that names it: a crash between leaves an unnamed file, never a name without a file.
  changeFiles(ctx, a, files, 'knowledge.addAttachment', input.name, () => storeBytes(ctx.store, bytes));
  return { sha256 };
}

export function removeKnowledgeAttachment(ctx: ServiceContext, input: ApiParsedInput<'knowledge.removeAttachment'>): ApiOutput<'knowledge.removeAttachment'> {
  authorize(ctx, 'knowledge.removeAttachment');
  requireUser(ctx);
  const a = readable(ctx, input.articleId);
  const file = a.attachments.find((f) => f.sha256 === input.sha256);
  if (!file) throw new DomainError('not_found', '附件不存在或已删除');
  changeFiles(ctx, a, a.attachments.filter((f) => f.sha256 !== input.sha256), 'knowledge.removeAttachment', file.name, () => undefined);
  return { ok: true };
}

export function knowledgeAttachment(ctx: ServiceContext, input: ApiParsedInput<'knowledge.attachment'>): ApiOutput<'knowledge.attachment'> {
  authorize(ctx, 'knowledge.attachment');
  const a = readable(ctx, input.articleId);
  const file = a.attachments.find((f) => f.sha256 === input.sha256);
  if (!file) throw new DomainError('not_found', '附件不存在或已删除');
  const bytes = readVerified(ctx.store, file.sha256, file.name);
  return { fileName: file.name, mime: file.mime, dataBase64: bytes.toString('base64') };
}
