// The central server's admin API (log in, issue enrolment codes, list and revoke desktops), called
// from one place by the CLI (`daiban devices …`) and by the 同步 page's 终端管理. Every request
// carries the version headers; the server's refusals ({ error, code }) come back as AdminApiError
// with its Chinese message as is; an unreachable server gets a clear Chinese message of its own.
import { versionHeaders } from '../../shared/sync/versions.js';

export class AdminApiError extends Error {
  override readonly name = 'AdminApiError';
  constructor(
    message: string,
    /** The server's error code (bad_credentials, out_of_scope, …); 'unreachable' when no answer came. */
    readonly code: string,
    /** The HTTP status, or null when the server could not be reached. */
    readonly status: number | null,
  ) {
    super(message);
  }
}

export interface AdminDevice {
  id: string;
  name: string;
  orgUnitId: string;
  series?: number;
  createdAt: string;
  expiresAt?: string | null;
  revokedAt: string | null;
  lastSeenAt: string | null;
}

export interface IssuedCode {
  code: string;
  orgUnitId: string;
  expiresAt: string;
}

/** Which office a code is for: its id, its division code (区划代码), or neither (the admin's own office). */
export type CodeTarget = { orgUnitId: string } | { orgCode: string } | Record<string, never>;

const TIMEOUT_MS = 30_000;

function unreachable(server: string, e: unknown): AdminApiError {
  const err = e as { name?: string; cause?: { code?: string } };
  const why = err.name === 'TimeoutError' ? '超时' : (err.cause?.code ?? (e as Error).message);
  return new AdminApiError(`无法连接同步服务器 ${server}（${why}），请检查网络和服务器地址`, 'unreachable', null);
}

async function call<T>(server: string, method: 'GET' | 'POST', path: string, body?: unknown, token?: string): Promise<T> {
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
  const json = (await res.json().catch(() => ({}))) as T & { error?: unknown; code?: unknown };
  if (!res.ok) {
    const message = typeof json.error === 'string' && json.error ? json.error : `同步服务器返回错误 ${res.status}`;
    throw new AdminApiError(message, typeof json.code === 'string' ? json.code : `http_${res.status}`, res.status);
  }
  return json;
}

/** POST /admin/login: a short-lived admin token for the other calls. */
export function adminLogin(server: string, username: string, password: string): Promise<{ token: string; expiresAt: string }> {
  return call(server, 'POST', '/admin/login', { username, password });
}

/** The admin calls with a token from adminLogin. */
export function adminApi(server: string, token: string) {
  return {
    issueCode: (target: CodeTarget, ttlMinutes: number) => call<IssuedCode>(server, 'POST', '/admin/enrollment-codes', { ...target, ttlMinutes }, token),
    devices: async () => (await call<{ devices: AdminDevice[] }>(server, 'GET', '/admin/devices', undefined, token)).devices,
    revoke: async (deviceId: string) => (await call<{ revoked: boolean }>(server, 'POST', `/admin/devices/${encodeURIComponent(deviceId)}/revoke`, {}, token)).revoked,
  };
}

export type AdminApi = ReturnType<typeof adminApi>;
