// The desktop's device credentials for sync: enrolling with a one-time code, and keeping the token.
// The Electron app keeps the token with the OS secret store (safeStorage, in src/main/electron);
// the CLI and tests use this file-based store: <data>/sync-device.json, readable by the owner only.
import { isPlainHttpOverNetwork, plainHttpRefusal } from '../../shared/sync/transport';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { CARD_KEY_ID_RE } from '../../shared/guide/card-link.js';
import { deviceAuthHeader, deviceInfoResponseSchema, enrollResponseSchema } from '../../shared/sync/protocol.js';
import type { DeviceInfoResponse } from '../../shared/sync/protocol.js';
import { APP_VERSION, PROTOCOL_VERSION, SCHEMA_VERSION, versionHeaders } from '../../shared/sync/versions.js';
import { BAD_REPLY, parseReply, replyError, replyJson } from './reply.js';

/** What a desktop keeps after enrolment; the file and the Electron main process's replies are parsed with it. */
export const deviceCredentialsSchema = z.object({
  serverUrl: z.string().min(1),
  deviceId: z.string().min(1),
  deviceToken: z.string().min(1),
  orgUnitId: z.string().min(1),
  expiresAt: z.string().nullable(),
  /** Case-number series of this desktop within its office (see intake's nextCaseNo). */
  series: z.number().int().positive().optional(),
  /** The card-signing key (src/shared/guide/card-link.ts): a secret like the token, kept with it. */
  cardKeyId: z.string().regex(CARD_KEY_ID_RE).optional(),
  cardKey: z.string().regex(/^[A-Za-z0-9_-]{43}$/).optional(),
  /** The address applicants' phones reach the guide at, as the server last announced it (null: none). */
  publicUrl: z.string().max(200).nullable().optional(),
  /** The admin allowed plain http:// over the network for a trial (the 同步 page warns). */
  allowPlainHttp: z.boolean().optional(),
});
export type DeviceCredentials = z.infer<typeof deviceCredentialsSchema>;

/** Settings key: this desktop's case-number series within its office, given by the server at enrolment. */
export const CASE_NO_SERIES_SETTING = 'caseNoSeries';

/** Settings key: the guide address the enrolled server announced (its --public-url), or null. */
export const SERVER_PUBLIC_URL_SETTING = 'guide.serverPublicUrl';

/**
 * Keep what the store itself needs from the credentials: the series its case numbers carry, and
 * the server's announced guide address (read by printing and the 系统设置 page; not a secret).
 */
export function adoptDeviceSettings(store: { setSetting(key: string, value: unknown): void }, c: DeviceCredentials): void {
  if (c.series) store.setSetting(CASE_NO_SERIES_SETTING, c.series);
  if (c.publicUrl !== undefined) store.setSetting(SERVER_PUBLIC_URL_SETTING, c.publicUrl);
}

/** The card key of the credentials, when the server gave one. */
export function cardKeyOf(c: DeviceCredentials | null): { keyId: string; key: string } | null {
  return c?.cardKeyId && c.cardKey ? { keyId: c.cardKeyId, key: c.cardKey } : null;
}

export const DEVICE_FILE = 'sync-device.json';

/**
 * Where a desktop keeps its device credentials. The backend only sees this interface: the CLI,
 * tests and the browser host use `fileVault`; the Electron app passes a vault backed by the OS
 * secret store (safeStorage lives in the main process, so its vault is asynchronous).
 */
export interface CredentialVault {
  load(): Promise<DeviceCredentials | null>;
  save(c: DeviceCredentials): Promise<void>;
  /** Forget the credentials (device unenrolled or revoked). */
  clear(): Promise<void>;
}

/** File-based vault: <data>/sync-device.json, readable by the owner only. */
export function fileVault(dataDir: string): CredentialVault {
  return {
    load: async () => loadDeviceCredentials(dataDir),
    save: async (c) => saveDeviceCredentials(dataDir, c),
    clear: async () => fs.rmSync(credentialsFile(dataDir), { force: true }),
  };
}

export const credentialsFile = (dataDir: string): string => path.join(dataDir, DEVICE_FILE);

/** The credentials file as parsed JSON (undefined when absent); unreadable JSON is a clear error. */
export function readCredentialsFile(dataDir: string): unknown {
  const file = credentialsFile(dataDir);
  if (!fs.existsSync(file)) return undefined;
  const text = fs.readFileSync(file, 'utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw corruptCredentialsError(file);
  }
}

export const corruptCredentialsError = (file: string): Error =>
  new Error(`终端凭据文件已损坏：${file}。请删除该文件后重新注册本终端`);

/** Writes the credentials file atomically, readable by the owner only (0600). */
export function writeCredentialsFile(dataDir: string, content: object): void {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = credentialsFile(dataDir);
  const tmp = `${file}.tmp`;
  // A leftover temp file would keep its old mode; start from a fresh one.
  fs.rmSync(tmp, { force: true });
  fs.writeFileSync(tmp, JSON.stringify(content, null, 2), { mode: 0o600 });
  fs.renameSync(tmp, file);
}

/** Plain (CLI/tests) credentials; a file the desktop app protected with the OS secret store is refused clearly. */
export function loadDeviceCredentials(dataDir: string): DeviceCredentials | null {
  const raw = readCredentialsFile(dataDir);
  if (raw === undefined) return null;
  if (typeof raw === 'object' && raw !== null && 'protection' in raw) {
    throw new Error('终端凭据已由桌面程序加密保存在系统密钥库中，命令行无法读取：请在桌面程序中同步，或用 daiban sync --server 地址 --enroll 注册码 重新注册');
  }
  return parsePlainCredentials(raw, credentialsFile(dataDir));
}

/** Credentials stored with a plain token (as the CLI writes them), or the clear "corrupt file" error. */
export function parsePlainCredentials(raw: unknown, file: string): DeviceCredentials {
  const parsed = deviceCredentialsSchema.safeParse(raw);
  if (!parsed.success) throw corruptCredentialsError(file);
  return parsed.data;
}

export function saveDeviceCredentials(dataDir: string, c: DeviceCredentials): void {
  writeCredentialsFile(dataDir, c);
}

/** Exchange a one-time enrollment code for device credentials (Chinese error on failure). */
export async function enrollDevice(serverUrl: string, code: string, deviceName: string, opts: { allowPlainHttp?: boolean } = {}): Promise<DeviceCredentials> {
  const refused = plainHttpRefusal(serverUrl, opts.allowPlainHttp ?? false);
  if (refused) throw new Error(refused);
  let res: Response;
  try {
    res = await fetch(new URL('/enroll', serverUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...versionHeaders({ protocol: PROTOCOL_VERSION, schema: SCHEMA_VERSION, app: APP_VERSION }) },
      body: JSON.stringify({ code, deviceName }),
      signal: AbortSignal.timeout(30_000),
    });
  } catch (e) {
    throw new Error(`无法连接同步服务器：${(e as Error).message}`);
  }
  const body = await replyJson(res);
  if (!res.ok) throw new Error(replyError(res.status, body, `注册失败（${res.status}）`).message);
  const r = parseReply(enrollResponseSchema, body);
  if (!r) throw new Error(`${BAD_REPLY}（注册终端），本机未登记，请确认同步服务器地址是否正确`);
  const c: DeviceCredentials = { serverUrl, deviceId: r.deviceId, deviceToken: r.deviceToken, orgUnitId: r.orgUnitId, expiresAt: r.expiresAt };
  if (r.series) c.series = r.series;
  if (r.cardKeyId && r.cardKey) Object.assign(c, { cardKeyId: r.cardKeyId, cardKey: r.cardKey });
  if (r.publicUrl !== undefined) c.publicUrl = r.publicUrl;
  if (isPlainHttpOverNetwork(serverUrl)) c.allowPlainHttp = true;
  return c;
}

/**
 * GET /device/info: the device's card key (the server makes one for desktops enrolled before cards
 * were signed) and the announced guide address. Throws a Chinese message on any failure; the
 * caller decides that it is not fatal.
 */
export async function fetchDeviceInfo(serverUrl: string, deviceToken: string, timeoutMs = 30_000): Promise<DeviceInfoResponse> {
  let res: Response;
  try {
    res = await fetch(new URL('/device/info', serverUrl), {
      headers: { ...deviceAuthHeader(deviceToken), ...versionHeaders({ protocol: PROTOCOL_VERSION, schema: SCHEMA_VERSION, app: APP_VERSION }) },
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (e) {
    throw new Error(`无法连接同步服务器：${(e as Error).message}`);
  }
  const body = await replyJson(res);
  if (!res.ok) throw new Error(replyError(res.status, body, `读取终端信息失败（${res.status}）`).message);
  const r = parseReply(deviceInfoResponseSchema, body);
  if (!r) throw new Error(`${BAD_REPLY}（终端信息）`);
  return r;
}

/** The credentials with what /device/info said (the same key keeps its id; the address follows the server). */
export function withDeviceInfo(c: DeviceCredentials, info: DeviceInfoResponse): DeviceCredentials {
  return { ...c, cardKeyId: info.cardKeyId, cardKey: info.cardKey, publicUrl: info.publicUrl };
}
