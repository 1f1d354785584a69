// Wire shapes of the central server's admin API (/admin/…): requests the server parses, replies the
// desktop's admin client (src/main/sync/admin-client.ts) parses. Times travel as ISO strings.
import { z } from 'zod';

const isoTime = z.string().min(1).max(40);

/** POST /admin/login */
export const adminLoginRequestSchema = z.object({
  username: z.string().min(1, '请输入用户名').max(64),
  password: z.string().min(1, '请输入密码').max(200),
});
export const adminLoginResponseSchema = z.object({ token: z.string().min(1), expiresAt: isoTime });
export type AdminLoginResponse = z.infer<typeof adminLoginResponseSchema>;

/** GET /admin/me: who the token belongs to. */
export const adminMeResponseSchema = z.object({ id: z.string(), orgUnitId: z.string(), username: z.string() });
export type AdminMe = z.infer<typeof adminMeResponseSchema>;

/** POST /admin/logout */
export const adminLogoutResponseSchema = z.object({ ok: z.literal(true) });

/** POST /admin/enrollment-codes: the office by id or division code (区划代码); neither: the admin's own. */
export const enrollmentCodeRequestSchema = z.object({
  orgUnitId: z.string().min(1).optional(),
  orgCode: z.string().regex(/^\d{6,12}$/, '区划代码应为 6–12 位数字').optional(),
  ttlMinutes: z.number().int().min(1).max(30 * 24 * 60).optional(),
});
export type EnrollmentCodeRequest = z.infer<typeof enrollmentCodeRequestSchema>;
export const enrollmentCodeResponseSchema = z.object({ code: z.string().min(1), orgUnitId: z.string(), expiresAt: isoTime });
export type IssuedCode = z.infer<typeof enrollmentCodeResponseSchema>;

/** GET /admin/devices: the desktops of the admin's office subtree. */
export const adminDeviceSchema = z.object({
  id: z.string(),
  name: z.string(),
  orgUnitId: z.string(),
  /** Absent from servers before case-number series existed. */
  series: z.number().int().positive().optional(),
  createdAt: isoTime,
  /** Absent from servers before device tokens expired. */
  expiresAt: isoTime.nullable().optional(),
  revokedAt: isoTime.nullable(),
  lastSeenAt: isoTime.nullable(),
});
export type AdminDevice = z.infer<typeof adminDeviceSchema>;
export const adminDevicesResponseSchema = z.object({ devices: z.array(adminDeviceSchema) });

/** POST /admin/devices/:id/revoke */
export const revokeDeviceParamsSchema = z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, '终端标识格式不正确') });
/** revoked: false when the desktop was already revoked. */
export const revokeDeviceResponseSchema = z.object({ revoked: z.boolean() });

/** POST /admin/publish: reference rows, upserted by id (users may carry a plain `password`). */
export const MAX_PUBLISH_ROWS = 5000;
export const publishRequestSchema = z.object({
  entity: z.string(),
  rows: z.array(z.record(z.string(), z.unknown())).min(1).max(MAX_PUBLISH_ROWS),
});
export const publishResponseSchema = z.object({ published: z.number().int().nonnegative(), serverSeq: z.number().int().nonnegative() });
