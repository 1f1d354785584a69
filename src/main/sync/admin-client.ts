// The central server's admin API (log in, issue enrolment codes, list and revoke desktops), called
// from one place by the CLI (`daiban devices …`) and by the 同步 page's 终端管理. Every request
// carries the version headers; the server's refusals ({ error, code }) come back as AdminApiError
// with its Chinese message as is; an unreachable server gets a clear Chinese message of its own, and
// so does a reply that does not parse with its schema (src/shared/sync/admin-protocol.ts).
import type { z } from 'zod';
import {
  adminDevicesResponseSchema,
  adminLoginResponseSchema,
  enrollmentCodeResponseSchema,
  revokeDeviceResponseSchema,
} from '../../shared/sync/admin-protocol.js';
import type { AdminLoginResponse, IssuedCode } from '../../shared/sync/admin-protocol.js';
import { versionHeaders } from '../../shared/sync/versions.js';
import { BAD_REPLY, parseReply, replyError, replyJson } from './reply.js';

export type { AdminDevice, IssuedCode } from '../../shared/sync/admin-protocol.js';

export class AdminApiError extends Error {
  override readonly name = 'AdminApiError';
  constructor(
    message: string,
    /**
     * The server's error code (bad_credentials, out_of_scope, …); 'unreachable' when no answer came,
     * 'bad_reply' when the answer is not what this version of the app expects.
     */
    readonly code: string,
    /** The HTTP status, or null when the server could not be reached. */
    readonly status: number | null,
  ) {
    super(message);
  }
}

/** Which office a code is for: its id, its division code (区划代码), or neither (the admin's own office). */
export type CodeTarget = { orgUnitId: string } | { orgCode: string } | Record<string, never>;

const TIMEOUT_MS = 30_000;

function unreachable(server: string, e: unknown): AdminApiError {
  const err = e as { name?: string; cause?: { code?: string } };
  const why = err.name === 'TimeoutError' ? '超时' : (err.cause?.code ?? (e as Error).message);
  return new AdminApiError(`无法连接同步服务器 ${server}（${why}），请检查网络和服务器地址`, 'unreachable', null);
}

async function call<S extends z.ZodType>(server: string, reply: S, method: 'GET' | 'POST', path: string, body?: unknown, token?: string): Promise<z.output<S>> {
  let res: Response;
  try {
    res = await fetch(new URL(path, server), {
      method,
      headers: { 'content-type': 'application/json', ...versionHeaders(), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (e) {
    throw unreachable(server, e);
  }
  const json = await replyJson(res);
  if (!res.ok) {
    const err = replyError(res.status, json, `同步服务器返回错误 ${res.status}`, `http_${res.status}`);
    throw new AdminApiError(err.message, err.code, res.status);
  }
  const parsed = parseReply(reply as z.ZodType<z.output<S>>, json);
  if (parsed === null) throw new AdminApiError(`${BAD_REPLY}（${path}），请确认同步服务器与本程序的版本一致`, 'bad_reply', res.status);
  return parsed;
}

/** POST /admin/login: a short-lived admin token for the other calls. */
export function adminLogin(server: string, username: string, password: string): Promise<AdminLoginResponse> {
  return call(server, adminLoginResponseSchema, 'POST', '/admin/login', { username, password });
}

/** The admin calls with a token from adminLogin. */
export function adminApi(server: string, token: string) {
  return {
    issueCode: (target: CodeTarget, ttlMinutes: number): Promise<IssuedCode> =>
      call(server, enrollmentCodeResponseSchema, 'POST', '/admin/enrollment-codes', { ...target, ttlMinutes }, token),
    devices: async () => (await call(server, adminDevicesResponseSchema, 'GET', '/admin/devices', undefined, token)).devices,
    revoke: async (deviceId: string) => (await call(server, revokeDeviceResponseSchema, 'POST', `/admin/devices/${encodeURIComponent(deviceId)}/revoke`, {}, token)).revoked,
  };
}

export type AdminApi = ReturnType<typeof adminApi>;
