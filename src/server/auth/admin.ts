// Admin sessions (login with a published admin user's password) and first-run bootstrap.
import { eq, sql } from 'drizzle-orm';
import type { Ctx } from '../context';
import { HttpError } from '../errors';
import { adminSessions } from '../store/schema';
import { rows } from '../store/db';
import { hashPassword, needsRehash, randomToken, sha256Hex, verifyPassword } from './crypto';
import { uuidv7 } from '../../shared/ids';
import { publishReference } from '../sync/publish';

export interface AdminUser {
  id: string;
  orgUnitId: string;
  username: string;
}

export function userRoles(user: Record<string, unknown>): string[] {
  if (Array.isArray(user.roles)) return user.roles.filter((r): r is string => typeof r === 'string');
  return typeof user.role === 'string' ? [user.role] : [];
}

export function userIsActive(user: Record<string, unknown>): boolean {
  return user.active !== false && user.disabled !== true && !user.deletedAt;
}

export async function findUserByUsername(ctx: Ctx, username: string): Promise<Record<string, unknown> | null> {
  const found = await rows<{ data: Record<string, unknown> }>(
    ctx.store.db,
    sql`SELECT data FROM records WHERE entity = 'users' AND NOT deleted AND data->>'username' = ${username} LIMIT 1`,
  );
  return found[0]?.data ?? null;
}

/** Verified when the username is unknown, so such an answer takes as long as a wrong password. */
let decoyHash: string | null = null;

export async function adminLogin(ctx: Ctx, username: string, password: string): Promise<{ token: string; expiresAt: string }> {
  const locked = ctx.logins.lockedMinutes(username);
  if (locked > 0) throw new HttpError(429, 'account_locked', `密码错误次数过多，该账号已锁定，请 ${locked} 分钟后再试`);
  const user = await findUserByUsername(ctx, username);
  const ok = verifyPassword(password, user?.passwordHash ?? (decoyHash ??= hashPassword(randomToken('decoy'))));
  if (!user || !userIsActive(user) || !ok) {
    ctx.logins.fail(username);
    throw new HttpError(401, 'bad_credentials', '用户名或密码错误');
  }
  ctx.logins.succeed(username);
  // A hash from before today's cost: replaced now and published, so every desktop gets it by sync.
  if (needsRehash(user.passwordHash)) await publishReference(ctx, 'users', [{ id: String(user.id), passwordHash: hashPassword(password), updatedAt: ctx.clock().toISOString() }]);
  if (!userRoles(user).includes('admin')) throw new HttpError(403, 'not_admin', '只有管理员可以登录管理接口');
  const token = randomToken('adm');
  const now = ctx.clock();
  const expiresAt = new Date(now.getTime() + ctx.options.adminSessionTtlMs);
  await ctx.store.db.insert(adminSessions).values({ tokenHash: sha256Hex(token), userId: String(user.id), createdAt: now, expiresAt });
  return { token, expiresAt: expiresAt.toISOString() };
}

/** The stored hash of the admin token in an Authorization header, or null. */
function adminTokenHash(header: unknown): string | null {
  const m = typeof header === 'string' ? /^Bearer\s+(adm_[A-Za-z0-9_-]{20,100})$/.exec(header.trim()) : null;
  return m ? sha256Hex(m[1] as string) : null;
}

export async function authenticateAdmin(ctx: Ctx, header: unknown): Promise<AdminUser> {
  const tokenHash = adminTokenHash(header);
  if (!tokenHash) throw new HttpError(401, 'no_admin_token', '请先以管理员身份登录');
  const found = await ctx.store.db.select().from(adminSessions).where(eq(adminSessions.tokenHash, tokenHash)).limit(1);
  const s = found[0];
  if (!s || s.expiresAt.getTime() <= ctx.clock().getTime()) throw new HttpError(401, 'admin_session_expired', '登录已过期，请重新登录');
  const u = await rows<{ data: Record<string, unknown> }>(ctx.store.db, sql`SELECT data FROM records WHERE entity = 'users' AND id = ${s.userId} AND NOT deleted`);
  const user = u[0]?.data;
  if (!user || !userIsActive(user) || !userRoles(user).includes('admin')) throw new HttpError(403, 'not_admin', '该账号已不是管理员');
  return { id: s.userId, orgUnitId: String(user.orgUnitId), username: String(user.username) };
}

export async function endAdminSession(ctx: Ctx, header: unknown): Promise<void> {
  const tokenHash = adminTokenHash(header);
  if (tokenHash) await ctx.store.db.delete(adminSessions).where(eq(adminSessions.tokenHash, tokenHash));
}

/**
 * First run: when no user exists yet and a bootstrap admin is configured, publish a root office and
 * that admin. Returns the ids created, or null when nothing was needed.
 */
/** The first administrator of a new centre and its office, shaped as desktops store them. */
export interface BootstrapAdmin {
  username: string;
  password: string;
  /** The centre's office (e.g. 福州市) and its division code (区划代码). */
  orgUnitName?: string;
  orgCode?: string;
}

export async function bootstrapAdmin(ctx: Ctx, admin: BootstrapAdmin): Promise<{ orgUnitId: string; userId: string } | null> {
  const existing = await rows<{ n: number }>(ctx.store.db, sql`SELECT count(*)::int AS n FROM records WHERE entity = 'users'`);
  if ((existing[0]?.n ?? 0) > 0) return null;
  if (admin.password.length < 8) throw new Error('管理员初始密码至少 8 位');
  if (admin.orgCode !== undefined && !/^\d{6,12}$/.test(admin.orgCode)) throw new Error('区划代码应为 6–12 位数字');
  const now = ctx.clock();
  const orgUnitId = uuidv7(now.getTime());
  const userId = uuidv7(now.getTime());
  const stamp = now.toISOString();
  const name = admin.orgUnitName ?? '代办服务中心';
  const base = { createdAt: stamp, updatedAt: stamp, deletedAt: null };
  // Every column a desktop requires, so the first desktop of the centre can store and sign in with them.
  await publishReference(ctx, 'orgUnits', [
    { id: orgUnitId, code: admin.orgCode ?? '000000', name, level: 'city', parentId: null, officeName: name, address: '', phone: '', officeHours: '', ...base },
  ]);
  await publishReference(ctx, 'users', [
    {
      id: userId, username: admin.username, displayName: '系统管理员', phone: '', orgUnitId, roles: ['admin'], agentKind: null,
      passwordHash: hashPassword(admin.password), failedLogins: 0, lockedUntil: null, active: true, lastLoginAt: null, ...base,
    },
  ]);
  ctx.log.info({ orgUnitId, userId, username: admin.username }, 'bootstrap admin created');
  return { orgUnitId, userId };
}
