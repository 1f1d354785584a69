// Who is calling, checked as preValidation hooks: before the body is looked at, so a caller without
// the right versions or token is answered 426/409/401/403 whatever it sent, as before the schemas.
import type { FastifyRequest } from 'fastify';
import type { Ctx } from '../context';
import { HttpError } from '../errors';
import { authenticateAdmin } from '../auth/admin';
import type { AdminUser } from '../auth/admin';
import { authenticateDevice } from '../auth/devices';
import type { DeviceRow } from '../auth/devices';
import { checkClientVersions, parseVersionHeaders } from '../../shared/sync/versions';
import type { ClientVersions } from '../../shared/sync/versions';

declare module 'fastify' {
  interface FastifyRequest {
    clientVersions?: ClientVersions;
    device?: DeviceRow;
    admin?: AdminUser;
  }
}

type Guard = (req: FastifyRequest) => Promise<void>;

/** The client's protocol, schema and app versions (x-daiban-* headers) must be ones this server serves. */
export function requireVersions(ctx: Ctx): Guard {
  return async (req) => {
    const v = parseVersionHeaders(req.headers as Record<string, unknown>);
    const verdict = checkClientVersions(v, ctx.versions);
    if (!verdict.ok) throw new HttpError(verdict.status, verdict.code, verdict.message);
    req.clientVersions = v as ClientVersions;
  };
}

/** Versions, then a live device token (Authorization: Bearer dvt_…). */
export function requireDevice(ctx: Ctx): Guard {
  const versions = requireVersions(ctx);
  return async (req) => {
    await versions(req);
    req.device = await authenticateDevice(ctx, req.headers.authorization);
  };
}

/** A live admin session (Authorization: Bearer adm_…) of a user who is still an admin. */
export function requireAdmin(ctx: Ctx): Guard {
  return async (req) => {
    req.admin = await authenticateAdmin(ctx, req.headers.authorization);
  };
}

function guarded<T>(value: T | undefined, guard: string): T {
  if (value === undefined) throw new Error(`route reached without ${guard}`);
  return value;
}
export const versionsOf = (req: FastifyRequest): ClientVersions => guarded(req.clientVersions, 'requireVersions');
export const deviceOf = (req: FastifyRequest): DeviceRow => guarded(req.device, 'requireDevice');
export const adminOf = (req: FastifyRequest): AdminUser => guarded(req.admin, 'requireAdmin');
