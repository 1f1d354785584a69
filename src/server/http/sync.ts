// POST /sync/push and /sync/pull for enrolled desktops.
import { z } from 'zod';
import type { Ctx } from '../context';
import { pushBatch } from '../sync/push';
import { pullPage, serializePull } from '../sync/pull';
import { pullRequestSchema, pushRequestSchema, pushResponseSchema } from '../../shared/sync/protocol';
import { deviceOf, requireDevice, versionsOf } from './guards';
import type { ZodRoutes } from './zod-type-provider';

/** A pull without a body asks for the defaults (Fastify hands a missing body to the schema as null). */
const pullBodySchema = z.preprocess((body) => body ?? {}, pullRequestSchema);

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
};
