// Device trust: one-time enrollment codes, device tokens (only their hash is stored), revocation, expiry.
import crypto from 'node:crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Ctx } from '../context';
import { HttpError } from '../errors';
import { devices, enrollmentCodes } from '../store/schema';
import { uuidv7 } from '../../shared/ids';
import { normalizeEnrollmentCode, randomEnrollmentCode, randomToken, sha256Hex } from './crypto';

export interface DeviceRow {
  id: string;
  name: string;
  orgUnitId: string;
  expiresAt: Date | null;
  revokedAt: Date | null;
}

const lastSeenWritten = new Map<string, number>();

/** Token hash → device row, for a few seconds: polling desktops then cost no query. Revocation in this process clears it. */
const AUTH_CACHE_MS = 5_000;
const authCache = new Map<string, { d: typeof devices.$inferSelect; at: number }>();
export function forgetDevice(deviceId: string): void {
  for (const [k, v] of authCache) if (v.d.id === deviceId) authCache.delete(k);
}

/** Parse `Authorization: Bearer <token>` and return the live device, or throw 401. */
export async function authenticateDevice(ctx: Ctx, header: unknown): Promise<DeviceRow> {
  const m = typeof header === 'string' ? /^Bearer\s+(dvt_[A-Za-z0-9_-]{20,100})$/.exec(header.trim()) : null;
  if (!m) throw new HttpError(401, 'no_device_token', '缺少终端令牌，请先注册本终端');
  const hash = sha256Hex(m[1] as string);
  const cached = authCache.get(hash);
  let d = cached && Date.now() - cached.at < AUTH_CACHE_MS ? cached.d : undefined;
  if (!d) {
    const found = await ctx.store.db.select().from(devices).where(eq(devices.tokenHash, hash)).limit(1);
    d = found[0];
    if (d) {
      if (authCache.size > 10_000) authCache.clear();
      authCache.set(hash, { d, at: Date.now() });
    }
  }
  if (!d) throw new HttpError(401, 'bad_device_token', '终端令牌无效，请重新注册本终端');
  const now = ctx.clock();
  if (d.revokedAt) throw new HttpError(401, 'device_revoked', '本终端已被管理员停用，请联系管理员');
  if (d.expiresAt && d.expiresAt.getTime() <= now.getTime()) throw new HttpError(401, 'device_token_expired', '终端令牌已过期，请联系管理员重新注册');
  await ctx.orgTree.ensure(ctx.store);
  if (!ctx.orgTree.has(d.orgUnitId)) throw new HttpError(403, 'device_office_gone', '本终端所属机构已不存在，请联系管理员');
  const last = lastSeenWritten.get(d.id) ?? 0;
  if (now.getTime() - last > 60_000) {
    lastSeenWritten.set(d.id, now.getTime());
    await ctx.store.db.update(devices).set({ lastSeenAt: now }).where(eq(devices.id, d.id));
  }
  return { id: d.id, name: d.name, orgUnitId: d.orgUnitId, expiresAt: d.expiresAt, revokedAt: d.revokedAt };
}

export async function createEnrollmentCode(ctx: Ctx, orgUnitId: string, createdBy: string, ttlMs?: number): Promise<{ code: string; expiresAt: Date }> {
  await ctx.orgTree.ensure(ctx.store);
  if (!ctx.orgTree.has(orgUnitId)) throw new HttpError(404, 'org_unit_not_found', '机构不存在');
  const code = randomEnrollmentCode();
  const now = ctx.clock();
  const expiresAt = new Date(now.getTime() + (ttlMs ?? ctx.options.enrollmentCodeTtlMs));
  await ctx.store.db.insert(enrollmentCodes).values({ codeHash: sha256Hex(normalizeEnrollmentCode(code)), orgUnitId, createdBy, createdAt: now, expiresAt });
  return { code, expiresAt };
}

/** Exchange a one-time code for a device id and token. The code is consumed atomically. */
export async function enroll(ctx: Ctx, code: string, deviceName: string) {
  const now = ctx.clock();
  const codeHash = sha256Hex(normalizeEnrollmentCode(code));
  const token = randomToken('dvt');
  const deviceId = uuidv7(now.getTime());
  const expiresAt = ctx.options.deviceTokenTtlMs === null ? null : new Date(now.getTime() + ctx.options.deviceTokenTtlMs);
  return ctx.store.db.transaction(async (tx) => {
    const used = await tx
      .update(enrollmentCodes)
      .set({ usedAt: now, deviceId })
      .where(and(eq(enrollmentCodes.codeHash, codeHash), isNull(enrollmentCodes.usedAt), sql`${enrollmentCodes.expiresAt} > ${now}`))
      .returning({ orgUnitId: enrollmentCodes.orgUnitId });
    const row = used[0];
    if (!row) throw new HttpError(400, 'bad_enrollment_code', '注册码无效、已使用或已过期');
    // One enrolment per office at a time, so each desktop gets the next series of its office.
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`enroll:${row.orgUnitId}`}))`);
    const last = await tx.select({ max: sql<number | null>`max(${devices.series})` }).from(devices).where(eq(devices.orgUnitId, row.orgUnitId));
    const series = Number(last[0]?.max ?? 0) + 1;
    const card = newCardKey();
    await tx.insert(devices).values({ id: deviceId, name: deviceName, orgUnitId: row.orgUnitId, tokenHash: sha256Hex(token), createdAt: now, expiresAt, series, ...card });
    return {
      deviceId, deviceToken: token, orgUnitId: row.orgUnitId, expiresAt: expiresAt ? expiresAt.toISOString() : null, series, serverTime: now.toISOString(),
      ...card, publicUrl: ctx.options.publicUrl,
    };
  });
}

export async function revokeDevice(ctx: Ctx, deviceId: string): Promise<boolean> {
  const res = await ctx.store.db.update(devices).set({ revokedAt: ctx.clock() }).where(and(eq(devices.id, deviceId), isNull(devices.revokedAt))).returning({ id: devices.id });
  forgetDevice(deviceId);
  return res.length > 0;
}

/** A card-signing key: 256 random bits, and a short public id the card's link names it by. */
function newCardKey(): { cardKeyId: string; cardKey: string } {
  return { cardKeyId: crypto.randomBytes(6).toString('base64url'), cardKey: crypto.randomBytes(32).toString('base64url') };
}

/** The device's card key, made now for a desktop enrolled before cards were signed. */
export async function deviceCardKey(ctx: Ctx, deviceId: string): Promise<{ cardKeyId: string; cardKey: string }> {
  const have = (await ctx.store.db.select({ cardKeyId: devices.cardKeyId, cardKey: devices.cardKey }).from(devices).where(eq(devices.id, deviceId)))[0];
  if (have?.cardKeyId && have.cardKey) return { cardKeyId: have.cardKeyId, cardKey: have.cardKey };
  const card = newCardKey();
  // Only where none is set: two first asks at once agree on the key that was written first.
  await ctx.store.db.update(devices).set(card).where(and(eq(devices.id, deviceId), isNull(devices.cardKey)));
  const now = (await ctx.store.db.select({ cardKeyId: devices.cardKeyId, cardKey: devices.cardKey }).from(devices).where(eq(devices.id, deviceId)))[0];
  return { cardKeyId: now!.cardKeyId!, cardKey: now!.cardKey! };
}
