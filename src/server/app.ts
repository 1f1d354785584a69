// The central server: a Fastify app over the store. createServer() wires everything; index.ts runs it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import rateLimit from '@fastify/rate-limit';
import Fastify from 'fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { LoginThrottle } from './auth/login-throttle';
import { CaseChanges, DEFAULT_OPTIONS, OrgTree, Watermark } from './context';
import type { Clock, Ctx, ServerOptions } from './context';
import { HttpError, zodMessage } from './errors';
import { openStore, rows } from './store/db';
import type { Store } from './store/db';
import { migrate } from './store/migrate';
import { authenticateDevice, createEnrollmentCode, deviceCardKey, enroll, revokeDevice } from './auth/devices';
import type { DeviceRow } from './auth/devices';
import { adminLogin, authenticateAdmin, endAdminSession, bootstrapAdmin } from './auth/admin';
import type { BootstrapAdmin } from './auth/admin';
import { hashPassword } from './auth/crypto';
import { pushBatch } from './sync/push';
import { pullPage, scopeCondition, serializePull } from './sync/pull';
import { publishReference } from './sync/publish';
import { blobPaths, blobStatus, blobVisible, putChunk } from './attachments/blobs';
import { devices } from './store/schema';
import { checkClientVersions, DEFAULT_VERSION_POLICY, parseVersionHeaders } from '../shared/sync/versions';
import type { ClientVersions, ServerVersionPolicy } from '../shared/sync/versions';
import { enrollRequestSchema, pullRequestSchema, pushRequestSchema } from '../shared/sync/protocol';
import type { DeviceInfoResponse } from '../shared/sync/protocol';
import { isReferenceEntity } from '../shared/sync/rules';
import { guidePages } from './pages/plugin';
import type { GuidePageOptions } from './pages/plugin';

export interface CreateServerOptions {
  databaseUrl?: string;
  dataDir?: string;
  clock?: Clock;
  /** Fastify logger option: false for silence, true/object for pino. */
  logger?: FastifyServerOptions['logger'];
  versions?: Partial<ServerVersionPolicy>;
  options?: Partial<ServerOptions>;
  bootstrapAdmin?: BootstrapAdmin;
  /** Rate limits, caching and the forms folder of the public guide pages (/g). */
  guide?: Partial<GuidePageOptions>;
  /**
   * Behind a reverse proxy: which proxies' X-Forwarded-For to believe (Fastify's trustProxy: their
   * addresses, comma-separated). Without it every phone would share the proxy's per-IP limits.
   */
  trustProxy?: string;
  /** Serve HTTPS itself (PEM certificate chain and key); without it, run behind a TLS reverse proxy. */
  tls?: { cert: string | Buffer; key: string | Buffer };
}

export interface DaibanServer {
  app: FastifyInstance;
  ctx: Ctx;
  store: Store;
  /** Listen on host:port (port 0 = any free port); returns the bound port. */
  listen(port: number, host?: string): Promise<number>;
  close(): Promise<void>;
}

declare module 'fastify' {
  interface FastifyRequest {
    device?: DeviceRow;
    clientVersions?: ClientVersions;
  }
}

function parse<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const r = schema.safeParse(body);
  if (!r.success) throw new HttpError(400, 'bad_request', `请求内容不正确：${zodMessage(r.error)}`);
  return r.data;
}

export async function createServer(opts: CreateServerOptions = {}): Promise<DaibanServer> {
  const options: ServerOptions = { ...DEFAULT_OPTIONS, ...opts.options };
  const app = Fastify({
    logger: opts.logger ?? { level: 'info' },
    bodyLimit: options.maxBodyBytes,
    exposeHeadRoutes: false,
    return503OnClosing: true,
    ...(opts.trustProxy ? { trustProxy: opts.trustProxy } : {}),
    ...(opts.tls ? { https: { cert: opts.tls.cert, key: opts.tls.key, minVersion: 'TLSv1.2' as const } } : {}),
  });
  const store = await openStore({ databaseUrl: opts.databaseUrl, dataDir: opts.dataDir });
  const blobDir = opts.dataDir ? path.join(opts.dataDir, 'blobs') : path.join(os.tmpdir(), 'daiban-server-blobs');
  fs.mkdirSync(blobDir, { recursive: true });
  const ctx: Ctx = {
    store,
    clock: opts.clock ?? (() => new Date()),
    log: app.log,
    versions: { ...DEFAULT_VERSION_POLICY, ...opts.versions },
    options,
    orgTree: new OrgTree(),
    logins: new LoginThrottle(opts.clock ?? (() => new Date())),
    watermark: new Watermark(),
    caseChanges: new CaseChanges(),
    blobDir,
  };
  await migrate(store.db, app.log);
  if (opts.bootstrapAdmin) await bootstrapAdmin(ctx, opts.bootstrapAdmin);

  app.setErrorHandler((err: Error & { statusCode?: number; code?: string }, req, reply) => {
    if (err instanceof HttpError) {
      if (err.status >= 500) req.log.error({ err }, err.message);
      return reply.status(err.status).send({ error: err.message, code: err.code });
    }
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return reply.status(413).send({ error: '请求内容过大', code: 'too_large' });
    if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return reply.status(415).send({ error: '不支持的内容类型', code: 'bad_media_type' });
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      return reply.status(err.statusCode).send({ error: '请求格式不正确', code: 'bad_request' });
    }
    req.log.error({ err }, 'request failed');
    return reply.status(500).send({ error: '服务器内部错误，请稍后重试', code: 'internal' });
  });
  app.setNotFoundHandler((_req, reply) => reply.status(404).send({ error: '接口不存在', code: 'not_found' }));

  app.addContentTypeParser('application/octet-stream', { parseAs: 'buffer', bodyLimit: options.maxChunkBytes }, (_req, body, done) => done(null, body));

  const requireVersions = async (req: FastifyRequest) => {
    const v = parseVersionHeaders(req.headers as Record<string, unknown>);
    const verdict = checkClientVersions(v, ctx.versions);
    if (!verdict.ok) throw new HttpError(verdict.status, verdict.code, verdict.message);
    req.clientVersions = v as ClientVersions;
  };
  const requireDevice = async (req: FastifyRequest) => {
    await requireVersions(req);
    req.device = await authenticateDevice(ctx, req.headers.authorization);
  };
  const device = (req: FastifyRequest): DeviceRow => req.device as DeviceRow;

  app.get('/health', async (_req, reply) => {
    try {
      await store.db.execute(sql`SELECT 1`);
      return { status: 'ok', database: store.kind, time: ctx.clock().toISOString(), versions: ctx.versions };
    } catch {
      return reply.status(503).send({ status: 'unavailable', error: '数据库不可用' });
    }
  });

  // ---- devices and admin ----
  app.get('/device/info', { preHandler: requireDevice }, async (req): Promise<DeviceInfoResponse> => {
    const key = await deviceCardKey(ctx, device(req).id);
    return { deviceId: device(req).id, ...key, publicUrl: ctx.options.publicUrl };
  });

  // Where passwords and enrolment codes are tried: a per-address budget (and a per-account lockout
  // in adminLogin), in their own scope so the sync routes are not counted.
  await app.register(async (scope) => {
    await scope.register(rateLimit, {
      global: true,
      max: options.authRequestsPerMinute,
      timeWindow: 60_000,
      errorResponseBuilder: (_req, c) => new HttpError(429, 'rate_limited', `尝试过于频繁，请 ${Math.max(1, Math.ceil(c.ttl / 1000))} 秒后再试`),
    });
    scope.post('/enroll', { preHandler: requireVersions }, async (req) => {
      const body = parse(enrollRequestSchema, req.body);
      const res = await enroll(ctx, body.code, body.deviceName);
      req.log.info({ deviceId: res.deviceId, orgUnitId: res.orgUnitId }, 'device enrolled');
      return res;
    });

    scope.post('/admin/login', async (req) => {
      const body = parse(z.object({ username: z.string().min(1, '请输入用户名').max(64), password: z.string().min(1, '请输入密码').max(200) }), req.body);
      return adminLogin(ctx, body.username, body.password);
    });
  });

  const admin = (req: FastifyRequest) => authenticateAdmin(ctx, req.headers.authorization);

  app.get('/admin/me', async (req) => admin(req));

  // Ends the admin session at once (sessions also expire after options.adminSessionTtlMs).
  app.post('/admin/logout', async (req) => {
    await admin(req);
    await endAdminSession(ctx, req.headers.authorization);
    return { ok: true };
  });

  app.post('/admin/enrollment-codes', async (req) => {
    const a = await admin(req);
    const body = parse(
      z
        .object({ orgUnitId: z.string().min(1).optional(), orgCode: z.string().regex(/^\d{6,12}$/, '区划代码应为 6–12 位数字').optional(), ttlMinutes: z.number().int().min(1).max(30 * 24 * 60).optional() }),
      req.body,
    );
    // Admins know offices by their division code (区划代码); the id works too; neither: the admin's own office.
    const orgUnitId = body.orgUnitId ?? (body.orgCode ? (await rows<{ id: string }>(store.db, sql`SELECT id FROM records WHERE entity = 'orgUnits' AND NOT deleted AND data->>'code' = ${body.orgCode}`))[0]?.id : a.orgUnitId);
    if (!orgUnitId) throw new HttpError(404, 'org_unit_not_found', `没有区划代码为 ${body.orgCode} 的机构`);
    await ctx.orgTree.ensure(store);
    if (!ctx.orgTree.contains(a.orgUnitId, orgUnitId)) throw new HttpError(403, 'out_of_scope', '只能为本机构及下级机构生成注册码');
    const r = await createEnrollmentCode(ctx, orgUnitId, a.id, body.ttlMinutes ? body.ttlMinutes * 60_000 : undefined);
    return { code: r.code, orgUnitId, expiresAt: r.expiresAt.toISOString() };
  });

  app.get('/admin/devices', async (req) => {
    const a = await admin(req);
    await ctx.orgTree.ensure(store);
    const all = await store.db.select().from(devices);
    return {
      devices: all
        .filter((d) => ctx.orgTree.contains(a.orgUnitId, d.orgUnitId))
        .map((d) => ({ id: d.id, name: d.name, orgUnitId: d.orgUnitId, series: d.series, createdAt: d.createdAt, expiresAt: d.expiresAt, revokedAt: d.revokedAt, lastSeenAt: d.lastSeenAt })),
    };
  });

  app.post('/admin/devices/:id/revoke', async (req) => {
    const a = await admin(req);
    const { id } = req.params as { id: string };
    const d = (await store.db.select().from(devices).where(sql`${devices.id} = ${id}`))[0];
    await ctx.orgTree.ensure(store);
    if (!d || !ctx.orgTree.contains(a.orgUnitId, d.orgUnitId)) throw new HttpError(404, 'device_not_found', '终端不存在');
    const changed = await revokeDevice(ctx, id);
    req.log.info({ deviceId: id, by: a.id }, 'device revoked');
    return { revoked: changed };
  });

  /** Publish reference data rows (upsert by id). Users may carry a plain `password`, hashed here. */
  app.post('/admin/publish', async (req) => {
    const a = await admin(req);
    const body = parse(z.object({ entity: z.string(), rows: z.array(z.record(z.string(), z.unknown())).min(1).max(5000) }), req.body);
    if (!isReferenceEntity(body.entity)) throw new HttpError(400, 'not_reference', `“${body.entity}”不是可发布的基础数据`);
    await ctx.orgTree.ensure(store);
    const rowsOut = body.rows.map((r) => {
      const row = { ...r };
      if (body.entity === 'users') {
        if (typeof row.password === 'string') {
          if (row.password.length < 8) throw new HttpError(400, 'weak_password', '密码至少 8 位');
          row.passwordHash = hashPassword(row.password);
        }
        delete row.password;
      }
      return row;
    });
    // Who may publish what: the one authority rule, against each row as stored and as published.
    const seq = await publishReference(ctx, body.entity, rowsOut, null, { orgUnitId: a.orgUnitId, roles: ['admin'] });
    return { published: rowsOut.length, serverSeq: seq };
  });

  // ---- sync ----
  app.post('/sync/push', { preHandler: requireDevice }, async (req) => {
    const body = parse(pushRequestSchema, req.body);
    const t0 = performance.now();
    const results = await pushBatch(ctx, device(req), body.ops, (req.clientVersions as ClientVersions).schema);
    const counts = { applied: 0, duplicate: 0, rejected: 0 };
    for (const r of results) counts[r.status]++;
    req.log.info({ deviceId: device(req).id, ops: results.length, ...counts, ms: Math.round(performance.now() - t0) }, 'push');
    return { results, serverTime: ctx.clock().toISOString() };
  });

  app.post('/sync/pull', { preHandler: requireDevice }, async (req, reply) => {
    const body = parse(pullRequestSchema, req.body ?? {});
    const page = await pullPage(ctx, device(req), body);
    return reply.type('application/json; charset=utf-8').send(serializePull(page));
  });

  // ---- attachments ----
  app.head('/attachments/:sha', { preHandler: requireDevice }, async (req, reply) => {
    const st = await blobStatus(ctx, (req.params as { sha: string }).sha);
    reply.header('x-upload-offset', String(st.offset)).header('x-upload-complete', st.complete ? '1' : '0');
    if (st.size !== null) reply.header('x-total-size', String(st.size));
    return reply.status(st.complete || st.offset > 0 || st.size !== null ? 200 : 404).send();
  });

  app.put('/attachments/:sha', { preHandler: requireDevice, bodyLimit: options.maxChunkBytes }, async (req, reply) => {
    const sha = (req.params as { sha: string }).sha;
    const q = req.query as Record<string, string | undefined>;
    const offset = Number(q.offset ?? '0');
    const total = Number(req.headers['x-total-size']);
    if (!Buffer.isBuffer(req.body)) throw new HttpError(415, 'bad_media_type', '附件内容须以 application/octet-stream 上传');
    const st = await putChunk(ctx, sha, offset, total, req.body);
    return reply.status(st.complete ? 201 : 202).send(st);
  });

  app.get('/attachments/:sha', { preHandler: requireDevice }, async (req, reply) => {
    const sha = (req.params as { sha: string }).sha;
    const st = await blobStatus(ctx, sha);
    if (!st.complete || st.size === null) throw new HttpError(404, 'blob_missing', '服务器上还没有该附件的完整文件');
    await ctx.orgTree.ensure(store);
    if (!(await blobVisible(ctx, sha, scopeCondition(ctx.orgTree.subtree(device(req).orgUnitId))))) {
      throw new HttpError(404, 'blob_missing', '服务器上没有本终端可见的该附件');
    }
    const { final } = blobPaths(ctx, sha);
    const range = /^bytes=(\d+)-(\d*)$/.exec(String(req.headers.range ?? ''));
    reply.header('accept-ranges', 'bytes').header('content-type', 'application/octet-stream').header('x-content-sha256', sha);
    if (range) {
      const start = Number(range[1]);
      const end = range[2] ? Math.min(Number(range[2]), st.size - 1) : st.size - 1;
      if (start >= st.size || end < start) return reply.status(416).header('content-range', `bytes */${st.size}`).send();
      reply.status(206).header('content-range', `bytes ${start}-${end}/${st.size}`).header('content-length', String(end - start + 1));
      return reply.send(fs.createReadStream(final, { start, end }));
    }
    reply.header('content-length', String(st.size));
    return reply.send(fs.createReadStream(final));
  });

  // ---- the public guide pages (their own scope: headers, gzip, limits and logging stay off the sync API) ----
  await app.register(guidePages, { prefix: '/g', logLevel: 'warn', ctx, options: opts.guide });

  let closed = false;
  return {
    app,
    ctx,
    store,
    async listen(port: number, host = '127.0.0.1') {
      await app.listen({ port, host });
      const addr = app.server.address();
      return typeof addr === 'object' && addr ? addr.port : port;
    },
    async close() {
      if (closed) return;
      closed = true;
      await app.close();
      await store.close();
    },
  };
}

export type { FastifyReply };
