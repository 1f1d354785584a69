// The admin API: sign in and out, who am I, enrolment codes, the desktops of the admin's office
// subtree and their revocation, and publishing reference data. Shapes: src/shared/sync/admin-protocol.ts.
import { sql } from 'drizzle-orm';
import type { Ctx } from '../context';
import { HttpError } from '../errors';
import { adminLogin, endAdminSession } from '../auth/admin';
import { hashPassword } from '../auth/crypto';
import { createEnrollmentCode, revokeDevice } from '../auth/devices';
import { rows } from '../store/db';
import { devices } from '../store/schema';
import { publishReference } from '../sync/publish';
import { isReferenceEntity } from '../../shared/sync/rules';
import {
  adminDevicesResponseSchema,
  adminLoginRequestSchema,
  adminLoginResponseSchema,
  adminLogoutResponseSchema,
  adminMeResponseSchema,
  enrollmentCodeRequestSchema,
  enrollmentCodeResponseSchema,
  publishRequestSchema,
  publishResponseSchema,
  revokeDeviceParamsSchema,
  revokeDeviceResponseSchema,
} from '../../shared/sync/admin-protocol';
import { adminOf, requireAdmin } from './guards';
import type { ZodRoutes } from './zod-type-provider';

/** Registered inside the per-address attempt budget (app.ts): passwords are guessed here. */
export const adminLoginRoutes: ZodRoutes<{ ctx: Ctx }> = async (app, { ctx }) => {
  app.post('/admin/login', { schema: { body: adminLoginRequestSchema, response: { 200: adminLoginResponseSchema } } }, async (req) =>
    adminLogin(ctx, req.body.username, req.body.password),
  );
};

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

export const adminRoutes: ZodRoutes<{ ctx: Ctx }> = async (app, { ctx }) => {
  const { store } = ctx;
  const preValidation = requireAdmin(ctx);

  app.get('/admin/me', { preValidation, schema: { response: { 200: adminMeResponseSchema } } }, async (req) => adminOf(req));

  // Ends the admin session at once (sessions also expire after options.adminSessionTtlMs).
  app.post('/admin/logout', { preValidation, schema: { response: { 200: adminLogoutResponseSchema } } }, async (req) => {
    await endAdminSession(ctx, req.headers.authorization);
    return { ok: true as const };
  });

  app.post('/admin/enrollment-codes', { preValidation, schema: { body: enrollmentCodeRequestSchema, response: { 200: enrollmentCodeResponseSchema } } }, async (req) => {
    const a = adminOf(req);
    const { orgCode, ttlMinutes } = req.body;
    // Admins know offices by their division code (区划代码); the id works too; neither: the admin's own office.
    const orgUnitId =
      req.body.orgUnitId ??
      (orgCode ? (await rows<{ id: string }>(store.db, sql`SELECT id FROM records WHERE entity = 'orgUnits' AND NOT deleted AND data->>'code' = ${orgCode}`))[0]?.id : a.orgUnitId);
    if (!orgUnitId) throw new HttpError(404, 'org_unit_not_found', `没有区划代码为 ${orgCode} 的机构`);
    await ctx.orgTree.ensure(store);
    if (!ctx.orgTree.contains(a.orgUnitId, orgUnitId)) throw new HttpError(403, 'out_of_scope', '只能为本机构及下级机构生成注册码');
    const r = await createEnrollmentCode(ctx, orgUnitId, a.id, ttlMinutes ? ttlMinutes * 60_000 : undefined);
    return { code: r.code, orgUnitId, expiresAt: r.expiresAt.toISOString() };
  });

  app.get('/admin/devices', { preValidation, schema: { response: { 200: adminDevicesResponseSchema } } }, async (req) => {
    const a = adminOf(req);
    await ctx.orgTree.ensure(store);
    const all = await store.db.select().from(devices);
    return {
      devices: all
        .filter((d) => ctx.orgTree.contains(a.orgUnitId, d.orgUnitId))
        .map((d) => ({
          id: d.id, name: d.name, orgUnitId: d.orgUnitId, series: d.series,
          createdAt: d.createdAt.toISOString(), expiresAt: iso(d.expiresAt), revokedAt: iso(d.revokedAt), lastSeenAt: iso(d.lastSeenAt),
        })),
    };
  });

  app.post('/admin/devices/:id/revoke', { preValidation, schema: { params: revokeDeviceParamsSchema, response: { 200: revokeDeviceResponseSchema } } }, async (req) => {
    const a = adminOf(req);
    const { id } = req.params;
    const d = (await store.db.select().from(devices).where(sql`${devices.id} = ${id}`))[0];
    await ctx.orgTree.ensure(store);
    if (!d || !ctx.orgTree.contains(a.orgUnitId, d.orgUnitId)) throw new HttpError(404, 'device_not_found', '终端不存在');
    const changed = await revokeDevice(ctx, id);
    req.log.info({ deviceId: id, by: a.id }, 'device revoked');
    return { revoked: changed };
  });

  /** Publish reference data rows (upsert by id). Users may carry a plain `password`, hashed here. */
  app.post('/admin/publish', { preValidation, schema: { body: publishRequestSchema, response: { 200: publishResponseSchema } } }, async (req) => {
    const a = adminOf(req);
    const { entity } = req.body;
    if (!isReferenceEntity(entity)) throw new HttpError(400, 'not_reference', `“${entity}”不是可发布的基础数据`);
    await ctx.orgTree.ensure(store);
    const rowsOut = req.body.rows.map((r) => {
      const row = { ...r };
      if (entity === 'users') {
        if (typeof row.password === 'string') {
          if (row.password.length < 8) throw new HttpError(400, 'weak_password', '密码至少 8 位');
          row.passwordHash = hashPassword(row.password);
        }
        delete row.password;
      }
      return row;
    });
    // Who may publish what: the one authority rule, against each row as stored and as published.
    const seq = await publishReference(ctx, entity, rowsOut, null, { orgUnitId: a.orgUnitId, roles: ['admin'] });
    return { published: rowsOut.length, serverSeq: seq };
  });
};
