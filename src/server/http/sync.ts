// POST /sync/push and /sync/pull for enrolled desktops.
import compress from '@fastify/compress';
import { z } from 'zod';
import type { Ctx } from '../context';
import { pushBatch } from '../sync/push';
import { pullPage, serializePull } from '../sync/pull';
import { pullStream } from '../sync/pull-stream';
import { NDJSON_TYPE, pullRequestSchema, pullStreamRequestSchema, pushRequestSchema, pushResponseSchema } from '../../shared/sync/protocol';
import { deviceOf, requireDevice, versionsOf } from './guards';
import type { ZodRoutes, ZodTypeProvider } from './zod-type-provider';

/** A pull without a body asks for the defaults (Fastify hands a missing body to the schema as null). */
const pullBodySchema = z.preprocess((body) => body ?? {}, pullRequestSchema);
const pullStreamBodySchema = z.preprocess((body) => body ?? {}, pullStreamRequestSchema);

export const syncRoutes: ZodRoutes<{ ctx: Ctx }> = async (app, { ctx }) => {
  app.post('/sync/push', { preValidation: requireDevice(ctx), schema: { body: pushRequestSchema, response: { 200: pushResponseSchema } } }, async (req) => {
    const device = deviceOf(req);
    const t0 = performance.now();
    const results = await pushBatch(ctx, device, req.body.ops, versionsOf(req).schema);
    const counts = { applied: 0, duplicate: 0, rejected: 0 };
    for (const r of results) counts[r.status]++;
    req.log.info({ deviceId: device.id, ops: results.length, ...counts, ms: Math.round(performance.now() - t0) }, 'push');
    return { results, serverTime: ctx.clock().toISOString() };
  });

  // No reply schema: a page is written by serializePull in one pass (pages of thousands of rows);
  // its shape is pullResponseSchema, which the desktop parses.
  app.post('/sync/pull', { preValidation: requireDevice(ctx), schema: { body: pullBodySchema } }, async (req, reply) => {
    const page = await pullPage(ctx, deviceOf(req), req.body);
    return reply.type('application/json; charset=utf-8').send(serializePull(page));
  });

  // Streams are gzipped for desktops that ask (all of ours do): a township's uplink is often a few
  // Mbit/s, and these rows shrink ~6× at level 1, which costs the server little CPU per byte.
  await app.register(async (scope) => {
    const streams = scope.withTypeProvider<ZodTypeProvider>();
    await streams.register(compress, { global: true, encodings: ['gzip'], threshold: 1024, zlibOptions: { level: 1 }, customTypes: /x-ndjson/ });
    streams.post('/sync/pull/stream', { preValidation: requireDevice(ctx), schema: { body: pullStreamBodySchema } }, async (req, reply) => {
      const stream = await pullStream(ctx, deviceOf(req), req.body);
      return reply.type(`${NDJSON_TYPE}; charset=utf-8`).header('cache-control', 'no-store').send(stream);
    });
  });
};
