// A desktop's own routes: POST /enroll (a one-time code for a device token) and GET /device/info.
import type { Ctx } from '../context';
import { deviceCardKey, enroll } from '../auth/devices';
import { deviceInfoResponseSchema, enrollRequestSchema, enrollResponseSchema } from '../../shared/sync/protocol';
import { deviceOf, requireDevice, requireVersions } from './guards';
import type { ZodRoutes } from './zod-type-provider';

/** Registered inside the per-address attempt budget (app.ts): codes are guessed here. */
export const enrollRoutes: ZodRoutes<{ ctx: Ctx }> = async (app, { ctx }) => {
  app.post('/enroll', { preValidation: requireVersions(ctx), schema: { body: enrollRequestSchema, response: { 200: enrollResponseSchema } } }, async (req) => {
    const res = await enroll(ctx, req.body.code, req.body.deviceName);
    req.log.info({ deviceId: res.deviceId, orgUnitId: res.orgUnitId }, 'device enrolled');
    return res;
  });
};

export const deviceRoutes: ZodRoutes<{ ctx: Ctx }> = async (app, { ctx }) => {
  app.get('/device/info', { preValidation: requireDevice(ctx), schema: { response: { 200: deviceInfoResponseSchema } } }, async (req) => {
    const { id } = deviceOf(req);
    return { deviceId: id, ...(await deviceCardKey(ctx, id)), publicUrl: ctx.options.publicUrl };
  });
};
