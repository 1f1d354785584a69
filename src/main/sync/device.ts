// The desktop's device credentials for sync: enrolling with a one-time code, and keeping the token.
// The Electron app keeps the token with the OS secret store (safeStorage, in src/main/electron);
// the CLI and tests use this file-based store: <data>/sync-device.json, readable by the owner only.
import fs from 'node:fs';
import path from 'node:path';
import { enrollResponseSchema } from '../../shared/sync/protocol.js';
import { APP_VERSION, PROTOCOL_VERSION, SCHEMA_VERSION, versionHeaders } from '../../shared/sync/versions.js';

export interface DeviceCredentials {
  serverUrl: string;
  deviceId: string;
  deviceToken: string;
  orgUnitId: string;
  expiresAt: string | null;
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
    clear: async () => fs.rmSync(path.join(dataDir, DEVICE_FILE), { force: true }),
  };
}

export function loadDeviceCredentials(dataDir: string): DeviceCredentials | null {
  const file = path.join(dataDir, DEVICE_FILE);
  if (!fs.existsSync(file)) return null;
  const v = JSON.parse(fs.readFileSync(file, 'utf8')) as DeviceCredentials;
  if (!v.serverUrl || !v.deviceToken) throw new Error(`终端凭据文件已损坏：${file}`);
  return v;
}

export function saveDeviceCredentials(dataDir: string, c: DeviceCredentials): void {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, DEVICE_FILE);
  const tmp = `${file}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(c, null, 2), { mode: 0o600 });
  fs.renameSync(tmp, file);
}

/** Exchange a one-time enrollment code for device credentials (Chinese error on failure). */
export async function enrollDevice(serverUrl: string, code: string, deviceName: string): Promise<DeviceCredentials> {
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
  const body = (await res.json().catch(() => ({}))) as { error?: string };
  if (!res.ok) throw new Error(body.error ?? `注册失败（${res.status}）`);
  const r = enrollResponseSchema.parse(body);
  return { serverUrl, deviceId: r.deviceId, deviceToken: r.deviceToken, orgUnitId: r.orgUnitId, expiresAt: r.expiresAt };
}
