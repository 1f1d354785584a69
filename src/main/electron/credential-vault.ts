// Device credentials in the Electron app. The token is encrypted with the OS secret store
// (Electron's safeStorage: Keychain, DPAPI, libsecret/kwallet) before it reaches the disk. Only the
// main process may use safeStorage, while the backend lives in a utility process: the backend's
// vault asks main over the process channel, main answers from `protectedVault`.
// Plain Node on purpose (no electron import): main.ts injects safeStorage; tests inject a cipher
// made with node:crypto.
import { z } from 'zod';
import {
  corruptCredentialsError, credentialsFile, deviceCredentialsSchema, fileVault, parsePlainCredentials, readCredentialsFile, writeCredentialsFile,
} from '../sync/device';
import type { CredentialVault, DeviceCredentials } from '../sync/device';
import type { VaultReply, VaultRequest } from './channels';

const errorMessage = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** The part of Electron's safeStorage this module uses. */
export interface SecretCipher {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux: the password store behind the cipher ('basic_text' is a hard-coded key, not protection). */
  getSelectedStorageBackend?(): string;
}

export const PROTECTION = 'safeStorage';

/** <data>/sync-device.json in the app: everything but the secrets in clear; the token and the card key encrypted (base64). */
const protectedFileSchema = deviceCredentialsSchema.omit({ deviceToken: true, cardKey: true }).extend({
  protection: z.literal(PROTECTION),
  protectedToken: z.string().min(1),
  protectedCardKey: z.string().min(1).optional(),
});
export type ProtectedCredentialsFile = z.infer<typeof protectedFileSchema>;

/** Why the OS secret store cannot protect the token on this machine, or null when it can. */
export function protectionUnavailable(cipher: SecretCipher, platform: NodeJS.Platform = process.platform): string | null {
  if (!cipher.isEncryptionAvailable()) return 'the OS secret store is not available';
  if (platform === 'linux' && cipher.getSelectedStorageBackend?.() === 'basic_text') return 'no keyring found (only the basic_text store)';
  return null;
}

export function encodeProtected(c: DeviceCredentials, cipher: SecretCipher): ProtectedCredentialsFile {
  const { deviceToken, cardKey, ...rest } = c;
  return {
    ...rest, protection: PROTECTION, protectedToken: cipher.encryptString(deviceToken).toString('base64'),
    ...(cardKey ? { protectedCardKey: cipher.encryptString(cardKey).toString('base64') } : {}),
  };
}

const isProtectedShape = (raw: unknown): boolean => typeof raw === 'object' && raw !== null && 'protection' in raw;

export function decodeProtected(raw: unknown, cipher: SecretCipher, file: string): DeviceCredentials {
  const parsed = protectedFileSchema.safeParse(raw);
  if (!parsed.success) throw corruptCredentialsError(file);
  const { protection: _p, protectedToken, protectedCardKey, ...rest } = parsed.data;
  let deviceToken: string;
  let cardKey: string | undefined;
  try {
    deviceToken = cipher.decryptString(Buffer.from(protectedToken, 'base64'));
    if (protectedCardKey) cardKey = cipher.decryptString(Buffer.from(protectedCardKey, 'base64'));
  } catch {
    throw new Error(`终端凭据无法解密（系统密钥库已更换，或不是保存凭据的同一用户）：${file}。请删除该文件后重新注册本终端`);
  }
  if (!deviceToken) throw corruptCredentialsError(file);
  const decoded = deviceCredentialsSchema.safeParse({ ...rest, deviceToken, ...(cardKey ? { cardKey } : {}) });
  if (!decoded.success) throw corruptCredentialsError(file);
  return decoded.data;
}

/**
 * The main process's vault: the token encrypted with `cipher`. A plain file (written by
 * `daiban sync --enroll`) loads and is rewritten protected. Without a real secret store the
 * credentials stay a plain owner-only file, and one line in the log says so.
 */
export function protectedVault(dataDir: string, cipher: SecretCipher, opts: { platform?: NodeJS.Platform; log?: (line: string) => void } = {}): CredentialVault {
  const file = credentialsFile(dataDir);
  const plain = fileVault(dataDir);
  const log = opts.log ?? console.warn;
  const unavailable = protectionUnavailable(cipher, opts.platform);
  if (unavailable) log(`[vault] ${unavailable}: the sync device token stays unencrypted in ${file} (owner-only, 0600)`);
  return {
    load: async () => {
      const raw = readCredentialsFile(dataDir);
      if (raw === undefined) return null;
      if (isProtectedShape(raw)) {
        if (unavailable) throw new Error('终端凭据已用系统密钥库加密保存，但系统密钥库现在不可用：请解锁或启用系统密钥库后重新启动程序');
        return decodeProtected(raw, cipher, file);
      }
      const c = parsePlainCredentials(raw, file);
      if (!unavailable) {
        // Migrate a plain file; if that fails the credentials still work, the next save retries.
        try {
          writeCredentialsFile(dataDir, encodeProtected(c, cipher));
        } catch (e) {
          log(`[vault] could not protect ${file}: ${errorMessage(e)}`);
        }
      }
      return c;
    },
    save: async (c) => (unavailable ? plain.save(c) : writeCredentialsFile(dataDir, encodeProtected(c, cipher))),
    clear: plain.clear,
  };
}

// --- the process channel ---------------------------------------------------------------------------

/** Main's side: answers one request from the backend with `vault`; a bad request is refused, nothing written. */
export async function answerVaultRequest(vault: CredentialVault, req: VaultRequest): Promise<VaultReply> {
  const { id } = req;
  try {
    if (req.type === 'vault.load') return { type: 'vault.reply', id, ok: true, credentials: await vault.load() };
    if (req.type === 'vault.save') {
      const c = deviceCredentialsSchema.safeParse(req.credentials);
      if (!c.success) return { type: 'vault.reply', id, ok: false, message: '终端凭据不完整，未保存' };
      await vault.save(c.data);
    } else {
      await vault.clear();
    }
    return { type: 'vault.reply', id, ok: true, credentials: null };
  } catch (e) {
    return { type: 'vault.reply', id, ok: false, message: errorMessage(e) };
  }
}

const vaultReplySchema = z.discriminatedUnion('ok', [
  z.object({ type: z.literal('vault.reply'), id: z.number().int(), ok: z.literal(true), credentials: deviceCredentialsSchema.nullable() }),
  z.object({ type: z.literal('vault.reply'), id: z.number().int(), ok: z.literal(false), message: z.string() }),
]);

export interface RemoteVault extends CredentialVault {
  /** Feed every message from main here; returns true when it was a vault reply. */
  receive(message: unknown): boolean;
}

const ACTIONS = { 'vault.load': '读取', 'vault.save': '保存', 'vault.clear': '清除' } as const;

/** The utility process's side: a vault whose every operation is a request to main, answered or timed out. */
export function remoteVault(send: (req: VaultRequest) => void, opts: { timeoutMs?: number } = {}): RemoteVault {
  const timeoutMs = opts.timeoutMs ?? 30_000;
  let nextId = 1;
  const pending = new Map<number, { resolve: (c: DeviceCredentials | null) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }>();
  const ask = (req: VaultRequest): Promise<DeviceCredentials | null> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        pending.delete(req.id);
        reject(new Error(`${ACTIONS[req.type]}终端凭据超时：主进程没有应答`));
      }, timeoutMs);
      // An unanswered request must not keep a finished process alive.
      timer.unref();
      pending.set(req.id, { resolve, reject, timer });
      send(req);
    });
  return {
    load: () => ask({ type: 'vault.load', id: nextId++ }),
    save: async (credentials) => void (await ask({ type: 'vault.save', id: nextId++, credentials })),
    clear: async () => void (await ask({ type: 'vault.clear', id: nextId++ })),
    receive(message) {
      if (typeof message !== 'object' || message === null || (message as { type?: unknown }).type !== 'vault.reply') return false;
      const reply = vaultReplySchema.safeParse(message);
      const waiting = reply.success ? pending.get(reply.data.id) : undefined;
      if (!reply.success || !waiting) return true; // malformed, late or unknown: nobody waits for it
      pending.delete(reply.data.id);
      clearTimeout(waiting.timer);
      if (reply.data.ok) waiting.resolve(reply.data.credentials);
      else waiting.reject(new Error(reply.data.message));
      return true;
    },
  };
}
