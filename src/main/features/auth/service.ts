// Signing in, the first admin, and user management. Repeated wrong passwords lock the account for
// a while (a counter PC is shared); every sign-in, failure and lock is in the audit log.
import { requireReferenceAuthority } from '../reference-authority.js';
import { and, eq, isNull } from 'drizzle-orm';
import type { ApiOutput, ApiParsedInput, SessionUser, UserDto, UserOptionDto } from '../../../shared/api/index.js';
import type { OrgLevel, Role } from '../../../shared/domain/enums.js';
import { ROLES } from '../../../shared/domain/enums.js';
import { DomainError } from '../../../shared/errors.js';
import { validateDivisionCode } from '../../../shared/domain/validators.js';
import * as t from '../../db/schema.js';
import { SYSTEM_ACTOR, type Actor, type Store } from '../../db/store.js';
import { orgInfo, authorize, type ServiceContext } from '../context.js';
import { seedReferenceData } from '../catalog/seed.js';
import { hashPassword, needsRehash, verifyDecoy, verifyPassword } from './password.js';

export const MAX_FAILED_LOGINS = 5;
export const LOCK_MINUTES = 15;

type UserRow = typeof t.users.$inferSelect;

export function isInitialized(store: Store): boolean {
  return store.db.prepare('SELECT 1 FROM users WHERE deleted_at IS NULL LIMIT 1').get() !== undefined;
}

export function actorFor(user: Pick<UserRow, 'id' | 'roles' | 'orgUnitId' | 'displayName'>): Actor {
  return { userId: user.id, roles: user.roles as Role[], orgUnitId: user.orgUnitId, displayName: user.displayName };
}

/** How an office is named on screen: its service office, else the unit. */
function officeName(org: ReturnType<typeof orgInfo>): string {
  return org?.officeName ?? org?.name ?? '';
}

export function sessionFor(store: Store, user: UserRow): SessionUser {
  const org = orgInfo(store, user.orgUnitId);
  return {
    userId: user.id,
    username: user.username,
    displayName: user.displayName,
    role: (user.roles[0] ?? 'clerk') as Role,
    roles: user.roles as Role[],
    orgUnitId: user.orgUnitId,
    orgUnitName: officeName(org),
    orgLevel: (org?.level ?? 'township') as OrgLevel,
  };
}

/** Checks a password; counts failures and locks the account after MAX_FAILED_LOGINS in a row. */
export function login(store: Store, username: string, password: string): { session: SessionUser; actor: Actor } {
  const user = store.orm.select().from(t.users).where(and(eq(t.users.username, username.trim()), isNull(t.users.deletedAt))).get();
  const now = store.clock.now();
  if (!user || !user.active) {
    verifyDecoy(password);
    store.audit({ actor: SYSTEM_ACTOR, action: 'auth.loginFailed', detail: { username: username.trim(), reason: 'unknown' } });
    throw new DomainError('unauthenticated', '用户名或密码错误');
  }
  if (user.lockedUntil && new Date(user.lockedUntil) > now) {
    const minutes = Math.ceil((new Date(user.lockedUntil).getTime() - now.getTime()) / 60_000);
    throw new DomainError('locked', `密码错误次数过多，账号已锁定，请 ${minutes} 分钟后再试或联系管理员解锁`);
  }
  const actor = actorFor(user);
  if (!verifyPassword(password, user.passwordHash)) {
    const failures = user.failedLogins + 1;
    const lock = failures >= MAX_FAILED_LOGINS;
    const lockedUntil = lock ? new Date(now.getTime() + LOCK_MINUTES * 60_000).toISOString() : null;
    // Local security state: audited, but not an outbox change (the centre owns user records).
    store.write({ actor, action: lock ? 'auth.locked' : 'auth.loginFailed', entity: 'users', entityId: user.id, detail: { failures } }, () => {
      store.db.prepare('UPDATE users SET failed_logins = ?, locked_until = ? WHERE id = ?').run(lock ? 0 : failures, lockedUntil, user.id);
    });
    if (lock) throw new DomainError('locked', `密码连续错误 ${MAX_FAILED_LOGINS} 次，账号已锁定 ${LOCK_MINUTES} 分钟`);
    throw new DomainError('unauthenticated', `用户名或密码错误（还可尝试 ${MAX_FAILED_LOGINS - failures} 次）`);
  }
  // A hash from before today's scrypt cost is replaced now that the password is at hand (on this
  // desktop; the centre does the same at its own sign-ins and its copy comes down by sync).
  const rehashed = needsRehash(user.passwordHash) ? hashPassword(password) : null;
  store.write({ actor, action: 'auth.login', entity: 'users', entityId: user.id }, () => {
    store.db.prepare('UPDATE users SET failed_logins = 0, locked_until = NULL, last_login_at = ?, password_hash = coalesce(?, password_hash) WHERE id = ?').run(now.toISOString(), rehashed, user.id);
  });
  return { session: sessionFor(store, user), actor };
}

export interface FirstAdminInput {
  orgUnitName: string;
  orgLevel: OrgLevel;
  /** 区划代码 of the office: every case number begins with it. */
  orgCode: string;
  username: string;
  displayName: string;
  password: string;
}

/** A fresh data folder: the office, the shipped catalogue and templates, and the first admin. */
export function setupFirstAdmin(store: Store, input: FirstAdminInput): { session: SessionUser; actor: Actor } {
  if (isInitialized(store)) throw new DomainError('conflict', '本数据文件夹已初始化，请直接登录');
  const code = validateDivisionCode(input.orgCode ?? '', input.orgLevel);
  if (!code.ok) throw new DomainError('invalid_input', code.error, { orgCode: code.error });
  const passwordHash = hashPassword(input.password);
  store.write({ actor: SYSTEM_ACTOR, action: 'setup.firstAdmin', detail: { username: input.username, orgCode: code.value } }, (tx) => {
    seedReferenceData(tx, { orgTree: false });
    const org = tx.insert(t.orgUnits, {
      code: code.value,
      name: input.orgUnitName,
      level: input.orgLevel,
      parentId: null,
      officeName: input.orgUnitName,
    });
    tx.insert(t.users, {
      username: input.username,
      displayName: input.displayName,
      orgUnitId: org.id,
      roles: ['admin'],
      passwordHash,
    });
  });
  return login(store, input.username, input.password);
}

export function changePassword(ctx: ServiceContext, input: ApiParsedInput<'auth.changePassword'>): ApiOutput<'auth.changePassword'> {
  const user = ctx.actor.userId ? ctx.store.orm.select().from(t.users).where(eq(t.users.id, ctx.actor.userId)).get() : undefined;
  if (!user) throw new DomainError('unauthenticated', '请先登录');
  if (!verifyPassword(input.oldPassword, user.passwordHash)) throw new DomainError('invalid_input', '原密码不正确', { oldPassword: '原密码不正确' });
  const passwordHash = hashPassword(input.newPassword);
  ctx.store.write({ actor: ctx.actor, action: 'user.changePassword', entity: 'users', entityId: user.id }, (tx) => tx.patch(t.users, user.id, { passwordHash }));
  return { ok: true };
}

export interface NewUserInput {
  username: string;
  displayName: string;
  password: string;
  roles: Role[];
  orgUnitId: string;
  phone?: string;
  agentKind?: 'fullTime' | 'partTime';
}

export function addUser(ctx: ServiceContext, input: NewUserInput): UserDto {
  authorize(ctx, 'user.create');
  if (input.roles.length === 0 || input.roles.some((r) => !ROLES.codes.includes(r))) {
    throw new DomainError('invalid_input', '请选择有效的角色', { roles: '请选择有效的角色' });
  }
  if (!orgInfo(ctx.store, input.orgUnitId)) throw new DomainError('invalid_input', '所属机构不存在', { orgUnitId: '所属机构不存在' });
  requireReferenceAuthority(ctx, { entity: 'users', id: '', existing: null, next: { orgUnitId: input.orgUnitId } });
  const exists = ctx.store.orm.select({ id: t.users.id }).from(t.users).where(eq(t.users.username, input.username)).get();
  if (exists) throw new DomainError('duplicate', `用户名“${input.username}”已被使用`, { username: '用户名已被使用' });
  const passwordHash = hashPassword(input.password);
  const row = ctx.store.write({ actor: ctx.actor, action: 'user.add', detail: { username: input.username, roles: input.roles } }, (tx) =>
    tx.insert(t.users, {
      username: input.username,
      displayName: input.displayName,
      phone: input.phone ?? '',
      orgUnitId: input.orgUnitId,
      roles: input.roles,
      agentKind: input.agentKind ?? null,
      passwordHash,
    }),
  );
  return userDto(ctx.store, row);
}

/** Active staff for the pickers (agents, leaders): anyone holding the role, not only as their first one. */
export function userOptions(ctx: ServiceContext, role?: Role): UserOptionDto[] {
  return ctx.store.orm
    .select()
    .from(t.users)
    .where(and(isNull(t.users.deletedAt), eq(t.users.active, true)))
    .orderBy(t.users.displayName)
    .all()
    .filter((u) => !role || u.roles.includes(role))
    .map((u) => {
      const dto = userDto(ctx.store, u);
      return { id: u.id, displayName: u.displayName, role: role ?? dto.role, roles: dto.roles, orgUnitId: u.orgUnitId, orgUnitName: dto.orgUnitName, phone: dto.phone };
    });
}

export function listUsers(ctx: ServiceContext): UserDto[] {
  authorize(ctx, 'user.list');
  return ctx.store.orm.select().from(t.users).where(isNull(t.users.deletedAt)).orderBy(t.users.username).all().map((u) => userDto(ctx.store, u));
}

export interface UserUpdate {
  userId: string;
  /** The whole new set of roles (first = shown first). */
  roles?: Role[] | undefined;
  /** Makes one role the first, keeping the others. */
  role?: Role | undefined;
  orgUnitId?: string | undefined;
  displayName?: string | undefined;
  active?: boolean | undefined;
}

/** An admin changes a colleague's role, office, name or whether the account may sign in. */
export function updateUser(ctx: ServiceContext, input: UserUpdate): UserDto {
  authorize(ctx, 'user.update');
  const user = ctx.store.byId(t.users, input.userId);
  if (!user || user.deletedAt) throw new DomainError('not_found', '工作人员不存在');
  requireReferenceAuthority(ctx, { entity: 'users', id: user.id, existing: user, next: { ...user, orgUnitId: input.orgUnitId ?? user.orgUnitId } });
  if (input.orgUnitId !== undefined && !orgInfo(ctx.store, input.orgUnitId)) throw new DomainError('invalid_input', '所属机构不存在', { orgUnitId: '所属机构不存在' });
  if (input.roles !== undefined && (input.roles.length === 0 || input.roles.some((r) => !ROLES.codes.includes(r)))) {
    throw new DomainError('invalid_input', '请至少选择一个有效的角色', { roles: '请至少选择一个有效的角色' });
  }
  // The chosen role becomes the primary one; other roles the user holds are kept.
  const roles = input.roles ? [...new Set(input.roles)] : input.role !== undefined ? [input.role, ...user.roles.filter((r) => r !== input.role)] : undefined;
  if (input.userId === ctx.actor.userId && (input.active === false || (roles !== undefined && !roles.includes('admin')))) {
    throw new DomainError('invalid_input', '不能停用自己的账号或取消自己的管理员角色（请由另一名管理员操作）');
  }
  const fields: Partial<typeof t.users.$inferInsert> = {};
  if (roles !== undefined) fields.roles = roles;
  if (input.orgUnitId !== undefined) fields.orgUnitId = input.orgUnitId;
  if (input.displayName !== undefined) fields.displayName = input.displayName;
  if (input.active !== undefined) fields.active = input.active;
  if (Object.keys(fields).length === 0) throw new DomainError('invalid_input', '没有需要修改的内容');
  const row = ctx.store.write({ actor: ctx.actor, action: 'user.update', entity: 'users', entityId: user.id, detail: { ...fields } }, (tx) => tx.patch(t.users, user.id, fields));
  return userDto(ctx.store, row);
}

/** An admin sets a new password for a colleague who forgot theirs; it also lifts a lock. */
export function resetPassword(ctx: ServiceContext, input: { userId: string; password: string }): { ok: true } {
  authorize(ctx, 'user.resetPassword');
  const user = ctx.store.byId(t.users, input.userId);
  if (!user || user.deletedAt) throw new DomainError('not_found', '工作人员不存在');
  requireReferenceAuthority(ctx, { entity: 'users', id: user.id, existing: user, next: user });
  const passwordHash = hashPassword(input.password);
  ctx.store.write({ actor: ctx.actor, action: 'user.resetPassword', entity: 'users', entityId: user.id }, (tx) => {
    tx.patch(t.users, user.id, { passwordHash });
    ctx.store.db.prepare('UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = ?').run(user.id);
  });
  return { ok: true };
}

export function unlockUser(ctx: ServiceContext, userId: string): UserDto {
  authorize(ctx, 'user.unlock');
  const user = ctx.store.byId(t.users, userId);
  if (user) requireReferenceAuthority(ctx, { entity: 'users', id: user.id, existing: user, next: user });
  const row = ctx.store.write({ actor: ctx.actor, action: 'user.unlock', entity: 'users', entityId: userId }, () => {
    ctx.store.db.prepare('UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = ?').run(userId);
    return ctx.store.orm.select().from(t.users).where(eq(t.users.id, userId)).get();
  });
  if (!row) throw new DomainError('not_found', '工作人员不存在');
  return userDto(ctx.store, row);
}

export function userDto(store: Store, u: UserRow): UserDto {
  const org = orgInfo(store, u.orgUnitId);
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    role: (u.roles[0] ?? 'clerk') as Role,
    roles: u.roles as Role[],
    orgUnitId: u.orgUnitId,
    orgUnitName: officeName(org),
    phone: u.phone || null,
    active: u.active,
    lockedUntil: u.lockedUntil,
  };
}
