// The central server: a Fastify app over the store. createServer() wires the store, the context and
// the route plugins (src/server/http, one per area; pages/ for /g); index.ts runs it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import rateLimit from '@fastify/rate-limit';
import Fastify from 'fastify';
import type { FastifyInstance, FastifyReply, FastifyServerOptions } from 'fastify';
import { LoginThrottle } from './auth/login-throttle';
import { CaseChanges, DEFAULT_OPTIONS, OrgTree, Watermark } from './context';
import type { Clock, Ctx, ServerOptions } from './context';
import { HttpError } from './errors';
import { openStore } from './store/db';
import type { Store } from './store/db';
import { migrate } from './store/migrate';
import { bootstrapAdmin } from './auth/admin';
import type { BootstrapAdmin } from './auth/admin';
import { DEFAULT_VERSION_POLICY } from '../shared/sync/versions';
import type { ServerVersionPolicy } from '../shared/sync/versions';
import { zodSerializerCompiler, zodValidatorCompiler } from './http/zod-type-provider';
import { healthRoutes } from './http/health';
import { deviceRoutes, enrollRoutes } from './http/devices';
import { adminLoginRoutes, adminRoutes } from './http/admin';
import { syncRoutes } from './http/sync';
import { attachmentRoutes } from './http/attachments';
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
  // Route schemas are zod schemas (http/zod-type-provider.ts); a request that fails one is an HttpError above.
  app.setValidatorCompiler(zodValidatorCompiler);
  app.setSerializerCompiler(zodSerializerCompiler);

  app.addContentTypeParser('application/octet-stream', { parseAs: 'buffer', bodyLimit: options.maxChunkBytes }, (_req, body, done) => done(null, body));

  // One route plugin per area (src/server/http).
  await app.register(healthRoutes, { ctx });
  // Where passwords and enrolment codes are tried: one per-address budget for both (and a
  // per-account lockout in adminLogin), in their own scope so the other routes are not counted.
  await app.register(async (scope) => {
    await scope.register(rateLimit, {
      global: true,
      max: options.authRequestsPerMinute,
      timeWindow: 60_000,
      errorResponseBuilder: (_req, c) => new HttpError(429, 'rate_limited', `尝试过于频繁，请 ${Math.max(1, Math.ceil(c.ttl / 1000))} 秒后再试`),
    });
    await scope.register(enrollRoutes, { ctx });
    await scope.register(adminLoginRoutes, { ctx });
  });
  await app.register(deviceRoutes, { ctx });
  await app.register(adminRoutes, { ctx });
  await app.register(syncRoutes, { ctx });
  await app.register(attachmentRoutes, { ctx });

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
