// GET /health: liveness, for monitors and load balancers (no login).
import { sql } from 'drizzle-orm';
import type { Ctx } from '../context';
import type { ZodRoutes } from './zod-type-provider';

export const healthRoutes: ZodRoutes<{ ctx: Ctx }> = async (app, { ctx }) => {
  app.get('/health', async (_req, reply) => {
    try {
      await ctx.store.db.execute(sql`SELECT 1`);
      return { status: 'ok', database: ctx.store.kind, time: ctx.clock().toISOString(), versions: ctx.versions };
    } catch {
      return reply.status(503).send({ status: 'unavailable', error: '数据库不可用' });
    }
  });
};
