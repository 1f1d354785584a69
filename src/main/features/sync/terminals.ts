// 终端管理 on the 同步 page: an admin of an enrolled desktop lists the desktops of their subtree at
// the central server, issues one-time enrolment codes for its offices and revokes desktops, through
// the server's admin API (../../sync/admin-client, shared with `daiban devices`). The admin confirms
// their password once per session; the desktop keeps only the centre's admin token, in memory, tied
// to the session object: logging out, switching user or unlocking replaces the session and the
// token goes with it.
import type { SessionUser, TerminalCodeDto, TerminalDto, TerminalOfficeDto, TerminalsDto } from '../../../shared/api/dto.js';
import { HandlerError } from '../../api/errors.js';
import { AdminApiError, adminApi, adminLogin } from '../../sync/admin-client.js';
import type { AdminDevice } from '../../sync/admin-client.js';
import { authorize, orgInfo, orgSubtree, sql } from '../context.js';
import { syncErrorText } from './labels.js';
import type { ServiceContext } from '../context.js';

/** Who asks and which centre: the signed-in session (its identity keys the token) and this desktop's enrolment. */
export interface CentreAccess {
  session: SessionUser;
  device: { serverUrl: string; deviceId: string } | null;
}

interface CentreLogin { serverUrl: string; token: string }

const centreLogins = new WeakMap<SessionUser, CentreLogin>();

/** The centre no longer knows this session's admin token (expired): the admin confirms the password again. */
class CentreLoginExpired extends HandlerError {
  constructor() {
    super('rule', '与中心服务器的管理登录已过期，请重新输入您的密码');
  }
}

const NOT_ENROLLED = '本机尚未登记到中心服务器：请先在“终端登记”中登记本机';

function serverOf(a: CentreAccess): string {
  if (!a.device) throw new HandlerError('unavailable', NOT_ENROLLED);
  return a.device.serverUrl;
}

/** The token of this session for this desktop's server (a re-enrolment to another server drops it). */
function loginOf(a: CentreAccess): CentreLogin | null {
  const l = centreLogins.get(a.session);
  return l && a.device && l.serverUrl === a.device.serverUrl ? l : null;
}

/** The server's refusal as the app's error, its Chinese message as is. */
function asHandlerError(e: unknown): unknown {
  if (!(e instanceof AdminApiError)) return e;
  if (e.status === null) return new HandlerError('unavailable', syncErrorText({ message: e.message, failure: 'offline' }));
  const code = e.status === 403 ? 'forbidden' : e.status === 404 ? 'notFound' : e.status === 400 || e.status === 422 ? 'validation' : e.status === 409 ? 'conflict' : 'unavailable';
  return new HandlerError(code, e.message);
}

/** Runs an admin call with this session's token; an expired token is forgotten and the admin asked again. */
async function withToken<T>(a: CentreAccess, fn: (api: ReturnType<typeof adminApi>) => Promise<T>): Promise<T> {
  const login = loginOf(a);
  if (!login) throw new HandlerError('rule', '请先输入您的密码以连接中心服务器');
  try {
    return await fn(adminApi(login.serverUrl, login.token));
  } catch (e) {
    if (e instanceof AdminApiError && e.status === 401) {
      centreLogins.delete(a.session);
      throw new CentreLoginExpired();
    }
    throw asHandlerError(e);
  }
}

/** The offices of the admin's subtree, the admin's own first, then by division code. */
function officesOf(ctx: ServiceContext): TerminalOfficeDto[] {
  const own = ctx.actor.orgUnitId;
  if (!own) return [];
  const ids = [...orgSubtree(ctx.store, own)];
  const rows = sql(ctx.store, `SELECT id, name, level, code FROM org_units WHERE deleted_at IS NULL AND id IN (${ids.map(() => '?').join(',')})`)
    .all(...ids) as Array<TerminalOfficeDto & { code: string }>;
  rows.sort((x, y) => (x.id === own ? -1 : y.id === own ? 1 : x.code.localeCompare(y.code)));
  return rows.map(({ id, name, level }) => ({ id, name, level }));
}

function terminalDto(ctx: ServiceContext, a: CentreAccess, d: AdminDevice): TerminalDto {
  return {
    id: d.id,
    name: d.name,
    orgUnitId: d.orgUnitId,
    orgUnitName: orgInfo(ctx.store, d.orgUnitId)?.name ?? null,
    series: d.series ?? null,
    createdAt: d.createdAt,
    lastSeenAt: d.lastSeenAt,
    revokedAt: d.revokedAt,
    isThis: d.id === a.device?.deviceId,
  };
}

/** 终端管理's state: without a confirmed password only whether one is needed; else the desktops. */
export async function listTerminals(ctx: ServiceContext, a: CentreAccess): Promise<TerminalsDto> {
  authorize(ctx, 'sync.terminals');
  const base = { serverUrl: a.device?.serverUrl ?? null, offices: officesOf(ctx), ownOrgUnitId: ctx.actor.orgUnitId ?? '' };
  if (!loginOf(a)) return { ...base, connected: false, notice: null, devices: [] };
  try {
    const devices = await withToken(a, (api) => api.devices());
    // Working desktops first, newest first; revoked ones at the end.
    devices.sort((x, y) => Number(x.revokedAt !== null) - Number(y.revokedAt !== null) || y.createdAt.localeCompare(x.createdAt) || x.name.localeCompare(y.name, 'zh-CN'));
    return { ...base, connected: true, notice: null, devices: devices.map((d) => terminalDto(ctx, a, d)) };
  } catch (e) {
    if (e instanceof CentreLoginExpired) return { ...base, connected: false, notice: e.message, devices: [] };
    throw e;
  }
}

/** The admin confirms their password: the centre's admin login for the signed-in username; only the token is kept. */
export async function connectCentre(ctx: ServiceContext, a: CentreAccess, password: string): Promise<TerminalsDto> {
  authorize(ctx, 'sync.adminConnect');
  const server = serverOf(a);
  centreLogins.delete(a.session);
  try {
    const { token } = await adminLogin(server, a.session.username, password);
    centreLogins.set(a.session, { serverUrl: server, token });
  } catch (e) {
    if (e instanceof AdminApiError && e.status === 401) throw new HandlerError('validation', e.message, { password: e.message });
    throw asHandlerError(e);
  }
  return listTerminals(ctx, a);
}

/** A one-time enrolment code for an office of the admin's subtree (audited, without the code itself). */
export async function issueTerminalCode(ctx: ServiceContext, a: CentreAccess, input: { orgUnitId: string; hours: number }): Promise<TerminalCodeDto> {
  authorize(ctx, 'sync.issueCode');
  const server = serverOf(a);
  if (!ctx.actor.orgUnitId || !orgSubtree(ctx.store, ctx.actor.orgUnitId).has(input.orgUnitId)) {
    throw new HandlerError('forbidden', '只能为本机构及下级机构生成注册码', { orgUnitId: '只能为本机构及下级机构生成注册码' });
  }
  const r = await withToken(a, (api) => api.issueCode({ orgUnitId: input.orgUnitId }, input.hours * 60));
  ctx.store.audit({
    actor: ctx.actor,
    action: 'sync.codeIssued',
    entity: 'orgUnits',
    entityId: r.orgUnitId,
    detail: { serverUrl: server, orgUnitId: r.orgUnitId, hours: input.hours, expiresAt: r.expiresAt },
  });
  return { code: r.code, orgUnitId: r.orgUnitId, orgUnitName: orgInfo(ctx.store, r.orgUnitId)?.name ?? null, expiresAt: r.expiresAt, serverUrl: server };
}

/** Revokes a desktop at the centre at once: its next sync round is refused (audited). */
export async function revokeTerminal(ctx: ServiceContext, a: CentreAccess, input: { deviceId: string }): Promise<{ revoked: boolean }> {
  authorize(ctx, 'sync.revokeTerminal');
  const server = serverOf(a);
  const revoked = await withToken(a, (api) => api.revoke(input.deviceId));
  ctx.store.audit({
    actor: ctx.actor,
    action: 'sync.deviceRevoked',
    detail: { serverUrl: server, deviceId: input.deviceId, revoked, thisDesktop: input.deviceId === a.device?.deviceId },
  });
  return { revoked };
}
