// Protocol, schema and app versions carried by every sync request (headers), and the rule that
// decides whether a client is too old. Pure: shared by desktop and server.

/** Version of the wire protocol (shapes of push/pull/attachments). */
export const PROTOCOL_VERSION = 1;
/** Oldest protocol the server still speaks. */
export const MIN_PROTOCOL_VERSION = 1;
/** Version of the data schema the ops were written under (desktop migrations bump it). */
export const SCHEMA_VERSION = 1;
/** The app version of this build (kept in step with package.json by release tooling). */
export const APP_VERSION = '0.1.0';
/** Oldest app the server accepts. */
export const MIN_APP_VERSION = '0.1.0';

export const VERSION_HEADERS = {
  protocol: 'x-daiban-protocol',
  schema: 'x-daiban-schema',
  app: 'x-daiban-app',
} as const;

export const UPGRADE_MESSAGE = '客户端版本过旧，请升级到最新版本';

export interface ClientVersions {
  protocol: number;
  schema: number;
  app: string;
}

export interface ServerVersionPolicy {
  protocol: number;
  minProtocol: number;
  /** Current schema; ops from `schema - 1` are still accepted (upgraded on the fly). */
  schema: number;
  minApp: string;
}

export const DEFAULT_VERSION_POLICY: ServerVersionPolicy = {
  protocol: PROTOCOL_VERSION,
  minProtocol: MIN_PROTOCOL_VERSION,
  schema: SCHEMA_VERSION,
  minApp: MIN_APP_VERSION,
};

/** Compare dotted numeric versions: negative when a < b. Non-numeric parts count as 0. */
export function compareAppVersions(a: string, b: string): number {
  const pa = a.split(/[.+-]/).slice(0, 3).map((p) => Number.parseInt(p, 10) || 0);
  const pb = b.split(/[.+-]/).slice(0, 3).map((p) => Number.parseInt(p, 10) || 0);
  for (let i = 0; i < 3; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

export type VersionVerdict =
  | { ok: true }
  | { ok: false; status: 426 | 400 | 409; code: 'upgrade_required' | 'bad_versions' | 'server_too_old'; message: string };

/** Parse the three version headers (any casing of header names already lowered by HTTP stacks). */
export function parseVersionHeaders(headers: Record<string, unknown>): ClientVersions | null {
  const p = Number(headers[VERSION_HEADERS.protocol]);
  const s = Number(headers[VERSION_HEADERS.schema]);
  const a = headers[VERSION_HEADERS.app];
  if (!Number.isInteger(p) || !Number.isInteger(s) || typeof a !== 'string' || a.length === 0 || a.length > 40) return null;
  return { protocol: p, schema: s, app: a };
}

export function checkClientVersions(v: ClientVersions | null, policy: ServerVersionPolicy = DEFAULT_VERSION_POLICY): VersionVerdict {
  if (!v) return { ok: false, status: 400, code: 'bad_versions', message: '请求缺少版本信息（协议、数据结构、应用版本），请升级到最新版本' };
  if (v.protocol < policy.minProtocol || v.schema < policy.schema - 1 || compareAppVersions(v.app, policy.minApp) < 0) {
    return { ok: false, status: 426, code: 'upgrade_required', message: UPGRADE_MESSAGE };
  }
  if (v.protocol > policy.protocol || v.schema > policy.schema) {
    return { ok: false, status: 409, code: 'server_too_old', message: '服务器版本低于客户端，请联系管理员升级服务器' };
  }
  return { ok: true };
}

export function versionHeaders(v: ClientVersions = { protocol: PROTOCOL_VERSION, schema: SCHEMA_VERSION, app: APP_VERSION }): Record<string, string> {
  return {
    [VERSION_HEADERS.protocol]: String(v.protocol),
    [VERSION_HEADERS.schema]: String(v.schema),
    [VERSION_HEADERS.app]: v.app,
  };
}
