import { defineHandlers } from '../../api/registry';
import type { BackendDeps } from '../../api/backend';
import { svc } from '../../api/context';
import { HandlerError } from '../../api/errors';
import { deviceDto, dismissRejection, resolveConflict, roundDto, syncOverview, syncStrip } from './service';

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
    let device;
    try {
      device = await ctx.deps.sync.enroll(input.serverUrl, input.code, input.deviceName);
    } catch (e) {
      // enrollDevice says what went wrong in Chinese (unreachable server, used or expired code…).
      const message = e instanceof Error && /[\u3400-\u9fff]/.test(e.message) ? e.message : '登记失败，请检查服务器地址和注册码';
      throw new HandlerError(message.startsWith('无法连接') ? 'unavailable' : 'validation', message, message.startsWith('无法连接') ? { serverUrl: message } : { code: message });
    }
    s.store.audit({ actor: s.actor, action: 'sync.enroll', detail: { serverUrl: device.serverUrl, deviceId: device.deviceId, orgUnitId: device.orgUnitId, deviceName: input.deviceName } });
    return deviceDto(s.store, device);
  },
});
