import { plainHttpRefusal } from '../../../shared/sync/transport';
import { defineHandlers } from '../../api/registry';
import type { BackendDeps } from '../../api/backend';
import { svc } from '../../api/context';
import { authorize } from '../context';
import type { Ctx } from '../../api/context';
import { HandlerError } from '../../api/errors';
import { SYSTEM_ACTOR } from '../../db/store';
import { isInitialized } from '../auth/service';
import { syncErrorText } from './labels';
import { deviceDto, dismissRejection, resolveConflict, roundDto, syncOverview, syncStrip } from './service';
import { connectCentre, issueTerminalCode, listTerminals, revokeTerminal } from './terminals';
import type { CentreAccess } from './terminals';

export const syncHandlers = defineHandlers<BackendDeps>()({
  'sync.strip': (_input, ctx) => {
    ctx.user();
    return syncStrip(ctx.deps.store, ctx.deps.sync);
  },
  'sync.overview': (_input, ctx) => syncOverview(svc(ctx), ctx.deps.sync),
  'sync.now': async (_input, ctx) => {
    const s = await ctx.deps.sync.syncNow();
    if (!s) throw new HandlerError('unavailable', '本机尚未登记到同步服务器：请管理员在“同步”页用注册码登记本机');
    return roundDto(s);
  },
  'sync.dismissRejection': (input, ctx) => dismissRejection(svc(ctx), input),
  'sync.resolveConflict': (input, ctx) => resolveConflict(svc(ctx), input),
  'sync.enroll': async (input, ctx) => {
    const s = svc(ctx);
    authorize(s, 'sync.enroll');
    const device = await enrollWithReasons(ctx.deps, input);
    // Named as the device: the 同步 page (and every screen) hears that this desktop changed.
    s.store.audit({ actor: s.actor, action: 'sync.enroll', entity: 'device', entityId: device.deviceId, detail: { serverUrl: device.serverUrl, deviceId: device.deviceId, orgUnitId: device.orgUnitId, deviceName: input.deviceName } });
    return deviceDto(s.store, device);
  },
  'sync.join': async (input, ctx) => {
    const store = ctx.deps.store;
    if (isInitialized(store)) throw new HandlerError('conflict', '本数据文件夹已有数据：请管理员登录后在“同步”页登记本机');
    const device = await enrollWithReasons(ctx.deps, input);
    store.audit({ actor: SYSTEM_ACTOR, action: 'sync.enroll', entity: 'device', entityId: device.deviceId, detail: { serverUrl: device.serverUrl, deviceId: device.deviceId, orgUnitId: device.orgUnitId, deviceName: input.deviceName, firstStart: true } });
    // The first round brings the office tree, the staff accounts and the office's cases.
    const round = await ctx.deps.sync.syncNow();
    const users = store.db.prepare('SELECT count(*) FROM users WHERE deleted_at IS NULL').pluck().get() as number;
    return { device: deviceDto(store, device), round: round ? roundDto(round) : null, users };
  },
  'sync.adminConnect': (input, ctx) => connectCentre(svc(ctx), centreAccess(ctx), input.password),
  'sync.terminals': (_input, ctx) => listTerminals(svc(ctx), centreAccess(ctx)),
  'sync.issueCode': (input, ctx) => issueTerminalCode(svc(ctx), centreAccess(ctx), input),
  'sync.revokeTerminal': (input, ctx) => revokeTerminal(svc(ctx), centreAccess(ctx), input),
});

/** 终端管理: the signed-in session (it keys the centre's admin token) and this desktop's enrolment. */
function centreAccess(ctx: Ctx): CentreAccess {
  const device = ctx.deps.sync.device();
  return { session: ctx.user(), device: device ? { serverUrl: device.serverUrl, deviceId: device.deviceId } : null };
}

/** Enrol, turning what went wrong into a field error the form can show (unreachable server, bad code…). */
async function enrollWithReasons(deps: BackendDeps, input: { serverUrl: string; code: string; deviceName: string; allowPlainHttp: boolean }) {
  const refused = plainHttpRefusal(input.serverUrl, input.allowPlainHttp);
  if (refused) throw new HandlerError('validation', refused, { serverUrl: refused });
  try {
    return await deps.sync.enroll(input.serverUrl, input.code, input.deviceName, input.allowPlainHttp);
  } catch (e) {
    const raw = e instanceof Error ? e.message : '';
    // Could the server be reached at all? (device.ts words an unreachable server "无法连接…").
    const offline = raw.startsWith('无法连接');
    const said = syncErrorText({ error: e, message: raw, failure: offline ? 'offline' : null });
    const message = said.startsWith('同步未完成') ? '登记失败，请检查服务器地址和注册码' : said;
    throw new HandlerError(offline ? 'unavailable' : 'validation', message, offline ? { serverUrl: message } : { code: message });
  }
}
