// The public guide pages under /g (no login, no JavaScript): a Fastify plugin with its own security
// headers, gzip, ETags, per-IP rate limits, HTML error pages and an access log that never records a
// token. Registered in its own encapsulated scope, so the sync API's behaviour does not change.
import crypto from 'node:crypto';
import fs from 'node:fs';
import zlib from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import helmet from '@fastify/helmet';
import compress from '@fastify/compress';
import etag from '@fastify/etag';
import rateLimit from '@fastify/rate-limit';
import { z } from 'zod';
import { caseKeys } from '../context';
import type { Ctx } from '../context';
import { guideQuerySchema, templateCodeSchema } from '../../shared/guide/card-link';
import { TtlCache } from './cache';
import { caseByNumber, caseByToken, loadProgress, type CaseRow } from './progress';
import { contactFor, verifyCard } from './card';
import { DEFAULT_FORMS_DIR, formPath, readForms } from './forms';
import { guideBody } from './guide-view';
import { articleBody } from './knowledge-view';
import { sampleFormFile } from '../attachments/blobs';
import { html, page, type Html } from './html';
import { indexBody, LIST_KIND_CODES, LIST_KINDS, listBody } from './lists';
import { closedBody, messageBody, notFoundBody, pendingNotice, progressBody, replacedBody, unverifiedBody, verifiedNotice } from './progress-view';
import { ReferenceCache, type GuideTemplate, type Reference } from './reference';
import { GUIDE_CSS_HASH } from './style';

export interface GuidePageOptions {
  /** Requests per minute and IP for guides, lists and forms. */
  pagesPerMinute: number;
  /** Requests per minute and IP that carry a token (progress lookups). */
  lookupsPerMinute: number;
  /**
   * How long a rendered progress page is reused (a card scanned by a queue of phones). A push to
   * its case in this process redraws it at once (CaseChanges); the time bounds what only time
   * changes (working days left, the office's last sync, a closed case's retention).
   */
  progressCacheMs: number;
  /** After that, how long it is still served while one reload replaces it. */
  progressStaleMs: number;
  formsDir: string;
}

export const DEFAULT_GUIDE_PAGE_OPTIONS: GuidePageOptions = { pagesPerMinute: 600, lookupsPerMinute: 30, progressCacheMs: 30_000, progressStaleMs: 30_000, formsDir: DEFAULT_FORMS_DIR };

const qSchema = z.string().trim().max(40, '搜索词不能超过 40 个字');
const listKindSchema = z.enum(LIST_KIND_CODES);
/** A knowledge article's id (a UUID the desktop made); anything else is not looked up. */
const articleIdSchema = z.string().regex(/^[0-9A-Za-z-]{8,64}$/);
const sampleShaSchema = z.string().regex(/^[0-9a-f]{64}$/);

/** A rendered answer: kept in memory whole, with its ETag, so a cache hit does no work. */
interface Rendered {
  status: number;
  title: string;
  body: string;
  etag: string;
  cache: 'public' | 'private';
  /** Made on the first gzip-capable request: a cached page is compressed once, not per phone. */
  gzip?: Buffer;
  /** For progress pages: the CaseChanges keys it was drawn from and the counter before the reads. */
  from?: { keys: string[]; at: number };
}

/** Marks a page as drawn from these case keys, read after CaseChanges stood at `at`. */
function drawnFrom(r: Rendered, keys: string[], at: number): Rendered {
  return { ...r, from: { keys, at } };
}

function rendered(status: number, title: string, body: Html, cache: Rendered['cache']): Rendered {
  const text = page(title, body);
  return { status, title, body: text, etag: `"${crypto.createHash('sha1').update(text).digest('base64url')}"`, cache };
}

const CACHE_CONTROL = { public: 'public, max-age=300', private: 'private, no-store' } as const;

const acceptsGzip = (req: FastifyRequest) => {
  const a = String(req.headers['accept-encoding'] ?? '');
  return /\bgzip\b/.test(a) && !/\bgzip\s*;\s*q=0(\.0*)?\s*(,|$)/.test(a);
};

function send(req: FastifyRequest, reply: FastifyReply, r: Rendered): FastifyReply {
  reply.status(r.status).header('cache-control', CACHE_CONTROL[r.cache]).header('etag', r.etag).header('vary', 'accept-encoding').type('text/html; charset=utf-8');
  if (!acceptsGzip(req)) return reply.send(r.body);
  r.gzip ??= zlib.gzipSync(r.body);
  return reply.header('content-encoding', 'gzip').send(r.gzip);
}

/** The query as a log may show it: which parameters came, never their values (a token is a key). */
function redactedUrl(req: FastifyRequest): string {
  const [p, q] = req.url.split('?', 2) as [string, string | undefined];
  if (!q) return p;
  const names = [...new URLSearchParams(q).keys()].map((k) => k.replace(/[^A-Za-z0-9_]/g, '').slice(0, 16));
  return `${p}?${[...new Set(names)].map((k) => `${k}=…`).join('&')}`;
}

const hasTokenQuery = (req: FastifyRequest) => typeof req.query === 'object' && req.query !== null && 'c' in (req.query as object);

export async function guidePages(app: FastifyInstance, opts: { ctx: Ctx; options?: Partial<GuidePageOptions> }): Promise<void> {
  const { ctx } = opts;
  const o: GuidePageOptions = { ...DEFAULT_GUIDE_PAGE_OPTIONS, ...opts.options };
  const reference = new ReferenceCache();
  const staticPages = new Map<string, Rendered>();
  let staticFor: Reference | null = null;
  const progressPages = new TtlCache<Rendered>(o.progressCacheMs, o.progressStaleMs);

  /** Guides, lists and the index only change with the reference data: cached per version and day. */
  const cachedStatic = async (key: string, build: (ref: Reference) => Rendered): Promise<Rendered> => {
    const ref = await reference.get(ctx);
    if (ref !== staticFor) {
      staticPages.clear();
      staticFor = ref;
    }
    let r = staticPages.get(key);
    if (!r) {
      r = build(ref);
      if (staticPages.size > 2000) staticPages.clear();
      staticPages.set(key, r);
    }
    return r;
  };

  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        styleSrc: [GUIDE_CSS_HASH, "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        formAction: ["'self'"],
        baseUri: ["'none'"],
        frameAncestors: ["'none'"],
      },
    },
    // The token is in the URL: no page may pass it on in a Referer.
    referrerPolicy: { policy: 'no-referrer' },
  });
  // ETag before gzip: the tag names the page, whatever its encoding.
  await app.register(etag);
  await app.register(compress, { global: true, encodings: ['gzip', 'deflate'], threshold: 1024 });
  await app.register(rateLimit, {
    global: true,
    timeWindow: 60_000,
    // Token lookups get their own, tighter budget; reading guides stays generous (a hall shares one IP).
    keyGenerator: (req) => `${hasTokenQuery(req) ? 'lookup' : 'page'}:${req.ip}`,
    max: (req) => (hasTokenQuery(req) ? o.lookupsPerMinute : o.pagesPerMinute),
    errorResponseBuilder: (_req, c) => Object.assign(new Error('rate limited'), { statusCode: c.statusCode, rateLimited: true, after: c.after }),
  });

  app.addHook('onResponse', async (req, reply) => {
    ctx.log.info({ method: req.method, url: redactedUrl(req), status: reply.statusCode, ms: Math.round(reply.elapsedTime), ip: req.ip }, 'guide page');
  });

  app.setErrorHandler((err: Error & { statusCode?: number; rateLimited?: boolean }, req, reply) => {
    if (err.rateLimited) {
      return send(req, reply, rendered(429, '访问过于频繁', messageBody('访问过于频繁', '您查询得太频繁了，请一分钟后再试。'), 'private'));
    }
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      return send(req, reply, rendered(400, '链接有误', messageBody('链接有误', '请核对链接后重试。'), 'private'));
    }
    ctx.log.error({ err: { message: err.message, stack: err.stack } }, 'guide page failed');
    return send(req, reply, rendered(500, '暂时无法显示', messageBody('暂时无法显示', '服务器繁忙，请稍后再试。'), 'private'));
  });
  app.setNotFoundHandler((req, reply) => send(req, reply, rendered(404, '页面不存在', notFoundBody('页面不存在'), 'private')));

  app.get('/', async (req, reply) => {
    const q = qSchema.safeParse((req.query as Record<string, unknown>).q ?? '');
    if (!q.success) return send(req, reply, rendered(400, '搜索词有误', messageBody('搜索词有误', q.error.issues[0]?.message ?? '请重新输入'), 'private'));
    return send(req, reply, await cachedStatic(`index|${q.data}`, (ref) => rendered(200, '电子版代办服务工作指引', indexBody(ref, q.data), 'public')));
  });

  app.get('/lists/:kind', async (req, reply) => {
    const kind = listKindSchema.safeParse((req.params as { kind: string }).kind);
    if (!kind.success) return send(req, reply, rendered(404, '清单不存在', notFoundBody('清单不存在'), 'private'));
    // The forms list follows the folder (another side fills it), so it is not kept with the rest.
    if (kind.data === 'forms') return send(req, reply, rendered(200, LIST_KINDS.forms, listBody(await reference.get(ctx), 'forms', readForms(o.formsDir)), 'public'));
    return send(req, reply, await cachedStatic(`list|${kind.data}`, (ref) => rendered(200, LIST_KINDS[kind.data], listBody(ref, kind.data, null), 'public')));
  });

  app.get('/forms/:file', async (req, reply) => {
    const full = formPath(o.formsDir, (req.params as { file: string }).file);
    if (!full) return send(req, reply, rendered(404, '样表不存在', notFoundBody('样表不存在'), 'private'));
    return reply.header('cache-control', CACHE_CONTROL.public).type('application/pdf').send(fs.createReadStream(full));
  });

  // A sample form (样表) the published catalogue names: public like the guide that links it.
  app.get('/s/:sha', async (req, reply) => {
    const sha = sampleShaSchema.safeParse((req.params as { sha: string }).sha);
    const file = sha.success ? await sampleFormFile(ctx, sha.data) : null;
    if (!file) return send(req, reply, rendered(404, '样表不存在', notFoundBody('样表不存在'), 'private'));
    return reply.header('cache-control', CACHE_CONTROL.public).header('content-length', String(file.size)).type('application/pdf').send(fs.createReadStream(file.path));
  });

  app.get('/k/:articleId', async (req, reply) => {
    const id = articleIdSchema.safeParse((req.params as { articleId: string }).articleId);
    const ref = await reference.get(ctx);
    const article = id.success ? ref.articles.get(id.data) : undefined;
    if (!article) return send(req, reply, rendered(404, '未找到该知识', notFoundBody('未找到该知识（可能已撤下）'), 'private'));
    return send(req, reply, await cachedStatic(`article|${article.id}`, (r) => rendered(200, article.title, articleBody(r, r.articles.get(article.id) ?? article), 'public')));
  });

  app.get('/:templateCode', async (req, reply) => {
    const code = templateCodeSchema.safeParse((req.params as { templateCode: string }).templateCode);
    const query = req.query as Record<string, unknown>;
    const ref = await reference.get(ctx);
    const template = code.success ? ref.templates.find((t) => t.code === code.data) : undefined;
    if (!hasTokenQuery(req) && !('s' in query) && !('n' in query) && !('d' in query)) {
      if (!template) return send(req, reply, rendered(404, '未找到该工作指引', notFoundBody('未找到该工作指引'), 'private'));
      return send(req, reply, await cachedStatic(`guide|${template.code}`, (r) => rendered(200, `${template.name} · 工作指引`, guideBody(r, template, r.rootOffice), 'public')));
    }
    // Keyed by the raw address: a phone that scans a card again costs one map lookup; the
    // parameters are parsed (strictly) only when the page is drawn.
    const key = `${ref.version}|${ref.day}|${req.url}`;
    const current = (r: Rendered) => !r.from || ctx.caseChanges.version(r.from.keys) <= r.from.at;
    const draw = () => answerCard(ctx, ref, template, code.success ? code.data : '', guideQuerySchema.safeParse({ c: query.c, n: query.n, d: query.d, s: query.s }), query);
    return send(req, reply, await progressPages.get(key, draw, current));
  });
}

type ParsedQuery = ReturnType<typeof guideQuerySchema.safeParse>;

/** The guide under a progress page, drawn once per (reference version, template, office): reloads of progress pages only redraw the progress. */
const FRAGMENTS = new WeakMap<Reference, Map<string, Html>>();
function guideFragment(ref: Reference, t: GuideTemplate, office: Reference['rootOffice']): Html {
  let byKey = FRAGMENTS.get(ref);
  if (!byKey) FRAGMENTS.set(ref, (byKey = new Map()));
  const key = `${t.code}|${office?.code ?? ''}`;
  let h = byKey.get(key);
  if (!h) byKey.set(key, (h = guideBody(ref, t, office, { heading: true })));
  return h;
}

/** The answer to a card's link, outcomes (a)–(d) of the brief, plus unknown tokens and expired cases. */
async function answerCard(ctx: Ctx, ref: Reference, template: GuideTemplate | undefined, code: string, parsed: ParsedQuery, raw: Record<string, unknown>): Promise<Rendered> {
  // Every page below is drawn from reads made after this point: a case change after it outdates the page.
  const at = ctx.caseChanges.now();
  const guide = (office = ref.rootOffice) => (template ? guideFragment(ref, template, office) : html``);
  const unknown = () => rendered(404, '未查询到办件', notFoundBody('未查询到该办件的办理进度'), 'private');
  const signed = parsed.success ? parsed.data.s !== undefined : 'n' in raw || 'd' in raw || 's' in raw;

  if (!signed) {
    // A malformed token goes through the same lookup as a well-formed unknown one: the same answer, the same cost.
    const token = parsed.success && parsed.data.c ? parsed.data.c : typeof raw.c === 'string' ? raw.c : String(raw.c ?? '');
    const c = await caseByToken(ctx, token);
    if (!c || !parsed.success) return drawnFrom(unknown(), [`tok:${token}`], at);
    return drawnFrom(await progressPage(ctx, ref, c, guide, null), caseKeys(c.id, c.data), at);
  }
  const q = parsed.success ? parsed.data : null;
  if (!q || !q.c || !q.n || !q.d || !q.s || !code) {
    return rendered(403, '无法核验此联络卡', unverifiedBody(contactFor(ref, typeof raw.n === 'string' ? raw.n : undefined)), 'private');
  }
  const verdict = await verifyCard(ctx, ref, code, { token: q.c, caseNo: q.n, issueDate: q.d, signature: q.s });
  if (!verdict.ok) return rendered(403, '无法核验此联络卡', unverifiedBody(contactFor(ref, q.n)), 'private');
  // Only now is the case number trusted enough to look it up.
  const c = await caseByNumber(ctx, q.n);
  if (!c) {
    const pending = rendered(200, `联络卡真实有效 · ${template?.name ?? '工作指引'}`, html`${verifiedNotice(verdict.issueDate, verdict.office, q.n)}${pendingNotice()}${guide(verdict.office ?? ref.rootOffice)}`, 'private');
    return drawnFrom(pending, [`no:${q.n}`], at);
  }
  if (c.data.publicToken !== q.c) return drawnFrom(rendered(410, '此联络卡已作废', replacedBody(), 'private'), caseKeys(c.id, c.data), at);
  return drawnFrom(await progressPage(ctx, ref, c, guide, verifiedNotice(verdict.issueDate, verdict.office, q.n)), caseKeys(c.id, c.data), at);
}

async function progressPage(ctx: Ctx, ref: Reference, c: CaseRow, guide: (office?: Reference['rootOffice']) => Html, notice: Html | null): Promise<Rendered> {
  const p = await loadProgress(ctx, ref, c);
  if (p.expired) return rendered(200, '已办结', closedBody(), 'private');
  return rendered(200, `办理进度 · ${p.caseNo}`, html`${notice ?? ''}${progressBody(p)}${guide(p.office ?? p.registeringOffice ?? ref.rootOffice)}`, 'private');
}
