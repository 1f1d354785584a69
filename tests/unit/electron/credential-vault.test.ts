// The Electron credential vault without Electron: safeStorage (which needs the Electron binary) is
// replaced by AES-256-GCM with a fixed key; files, the process channel and the forked backend are real.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MessageChannel } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { isBackendMessage, isVaultRequest } from '../../../src/main/electron/channels';
import type { VaultReply, VaultRequest } from '../../../src/main/electron/channels';
import { answerVaultRequest, protectedVault, protectionUnavailable, remoteVault } from '../../../src/main/electron/credential-vault';
import type { SecretCipher } from '../../../src/main/electron/credential-vault';
import { credentialsFile, loadDeviceCredentials, saveDeviceCredentials } from '../../../src/main/sync/device';
import type { DeviceCredentials } from '../../../src/main/sync/device';
import { useTempDirs } from '../../helpers/temp-dir';
import { forkBackend } from './backend-child';

const tempDir = useTempDirs();
const TOKEN = 'dvt_s3cret-device-token-42';
const creds = (over: Partial<DeviceCredentials> = {}): DeviceCredentials => ({
  serverUrl: 'https://sync.example.cn', deviceId: 'dev-1', deviceToken: TOKEN, orgUnitId: 'org-1', expiresAt: null, ...over,
});

/** Stands in for safeStorage: a keyring whose key is derived from `keyring`. */
function fakeSafeStorage(o: { keyring?: string; available?: boolean; backend?: string } = {}): SecretCipher {
  const key = createHash('sha256').update(o.keyring ?? 'login keyring').digest();
  return {
    isEncryptionAvailable: () => o.available ?? true,
    getSelectedStorageBackend: () => o.backend ?? 'gnome_libsecret',
    encryptString(text) {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([c.update(text, 'utf8'), c.final()]);
      return Buffer.concat([iv, c.getAuthTag(), body]);
    },
    decryptString(b) {
      const d = createDecipheriv('aes-256-gcm', key, b.subarray(0, 12));
      d.setAuthTag(b.subarray(12, 28));
      return Buffer.concat([d.update(b.subarray(28)), d.final()]).toString('utf8');
    },
  };
}

const fileText = (dir: string) => readFileSync(credentialsFile(dir), 'utf8');
/** The token in any form a careless encoder might leave it. */
function expectNoToken(dir: string): void {
  const bytes = readFileSync(credentialsFile(dir));
  for (const form of [TOKEN, Buffer.from(TOKEN).toString('base64'), Buffer.from(TOKEN).toString('hex')]) expect(bytes.includes(form)).toBe(false);
}
const ownerOnly = (dir: string) => process.platform === 'win32' || (statSync(credentialsFile(dir)).mode & 0o777) === 0o600;

describe('protected credentials file', () => {
  it('keeps the card-signing key encrypted like the token; the key id and the public address stay readable', async () => {
    const dir = tempDir();
    const cardKey = randomBytes(32).toString('base64url');
    const vault = protectedVault(dir, fakeSafeStorage(), { log: () => undefined });
    await vault.save(creds({ cardKeyId: 'AbCd-_12', cardKey, publicUrl: 'https://zwfw.fuzhou.gov.cn/daiban' }));
    const bytes = readFileSync(credentialsFile(dir));
    for (const form of [cardKey, Buffer.from(cardKey).toString('base64'), Buffer.from(cardKey, 'base64url').toString('base64')]) expect(bytes.includes(form)).toBe(false);
    expect(JSON.parse(fileText(dir))).toMatchObject({ cardKeyId: 'AbCd-_12', publicUrl: 'https://zwfw.fuzhou.gov.cn/daiban' });
    expect(await vault.load()).toEqual(creds({ cardKeyId: 'AbCd-_12', cardKey, publicUrl: 'https://zwfw.fuzhou.gov.cn/daiban' }));
  });

  it('keeps the token encrypted on disk, owner-only, and reads it back', async () => {
    const dir = tempDir();
    const vault = protectedVault(dir, fakeSafeStorage());
    await vault.save(creds());
    expectNoToken(dir);
    expect(ownerOnly(dir)).toBe(true);
    const onDisk = JSON.parse(fileText(dir)) as Record<string, unknown>;
    expect(onDisk).toMatchObject({ serverUrl: 'https://sync.example.cn', deviceId: 'dev-1', orgUnitId: 'org-1', protection: 'safeStorage' });
    expect(onDisk).not.toHaveProperty('deviceToken');
    expect(await vault.load()).toEqual(creds());

    // Another user's (or a replaced) keyring cannot read it; the CLI refuses it plainly.
    const before = fileText(dir);
    await expect(protectedVault(dir, fakeSafeStorage({ keyring: 'other' })).load()).rejects.toThrow(/终端凭据无法解密.*重新注册/);
    expect(() => loadDeviceCredentials(dir)).toThrow(/加密保存在系统密钥库中，命令行无法读取/);
    expect(fileText(dir)).toBe(before);

    await vault.clear();
    expect(existsSync(credentialsFile(dir))).toBe(false);
    expect(await vault.load()).toBeNull();
  });

  it('migrates a plain file written by `daiban sync --enroll` to the protected form', async () => {
    const dir = tempDir();
    saveDeviceCredentials(dir, creds());
    expect(fileText(dir)).toContain(TOKEN);
    const vault = protectedVault(dir, fakeSafeStorage());
    expect(await vault.load()).toEqual(creds());
    expectNoToken(dir);
    expect(ownerOnly(dir)).toBe(true);
    expect(JSON.parse(fileText(dir))).toMatchObject({ protection: 'safeStorage' });
    expect(await protectedVault(dir, fakeSafeStorage()).load()).toEqual(creds());
  });

  it('a corrupt file is a clear Chinese error and is left as it was', async () => {
    const protectedButBroken = JSON.stringify({ ...creds(), deviceToken: undefined, protection: 'safeStorage', protectedToken: 'bm90IGNpcGhlcnRleHQ=' });
    const cases: Array<[string, RegExp]> = [
      ['{"serverUrl": "https://sync.example.cn", ', /终端凭据文件已损坏：.*sync-device\.json.*重新注册/],
      [JSON.stringify({ serverUrl: 'https://sync.example.cn', deviceId: 'dev-1' }), /终端凭据文件已损坏/],
      [JSON.stringify({ ...creds(), deviceToken: undefined, protection: 'safeStorage' }), /终端凭据文件已损坏/],
      ['null', /终端凭据文件已损坏/],
      [protectedButBroken, /终端凭据无法解密/],
    ];
    for (const [content, message] of cases) {
      const dir = tempDir();
      writeFileSync(credentialsFile(dir), content);
      await expect(protectedVault(dir, fakeSafeStorage()).load(), content).rejects.toThrow(message);
      expect(fileText(dir)).toBe(content);
    }
  });

  it('without a real secret store the file stays plain and owner-only, and one log line says so', async () => {
    expect(protectionUnavailable(fakeSafeStorage({ backend: 'basic_text' }), 'linux')).toMatch(/basic_text/);
    expect(protectionUnavailable(fakeSafeStorage({ backend: 'basic_text' }), 'darwin')).toBeNull();
    expect(protectionUnavailable(fakeSafeStorage({ backend: 'kwallet6' }), 'linux')).toBeNull();

    for (const cipher of [fakeSafeStorage({ available: false }), fakeSafeStorage({ backend: 'basic_text' })]) {
      const dir = tempDir();
      const lines: string[] = [];
      const vault = protectedVault(dir, cipher, { platform: 'linux', log: (l) => lines.push(l) });
      await vault.save(creds());
      expect(await vault.load()).toEqual(creds());
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/unencrypted.*sync-device\.json.*0600/);
      expect(loadDeviceCredentials(dir)).toEqual(creds());
      expect(ownerOnly(dir)).toBe(true);
    }

    // Protected earlier, keyring gone now: say so rather than call the file corrupt.
    const dir = tempDir();
    await protectedVault(dir, fakeSafeStorage()).save(creds());
    const locked = protectedVault(dir, fakeSafeStorage({ available: false }), { log: () => undefined });
    await expect(locked.load()).rejects.toThrow(/系统密钥库现在不可用/);
    expectNoToken(dir);
  });
});

describe('vault requests between the backend process and main', () => {
  it('load, save and clear round-trip over a real message channel', async () => {
    const dir = tempDir();
    const { port1: mainPort, port2: backendPort } = new MessageChannel();
    const mainVault = protectedVault(dir, fakeSafeStorage());
    mainPort.on('message', (req: VaultRequest) => void answerVaultRequest(mainVault, req).then((r) => mainPort.postMessage(r)));
    const vault = remoteVault((req) => backendPort.postMessage(req));
    backendPort.on('message', (m: unknown) => vault.receive(m));
    try {
      expect(await vault.load()).toBeNull();
      await vault.save(creds());
      expectNoToken(dir);
      expect(await vault.load()).toEqual(creds());
      await vault.clear();
      expect(existsSync(credentialsFile(dir))).toBe(false);

      // Main's errors reach the backend as they are (Chinese, for the status strip).
      writeFileSync(credentialsFile(dir), '{oops');
      await expect(vault.load()).rejects.toThrow(/终端凭据文件已损坏/);
    } finally {
      mainPort.close();
      backendPort.close();
    }
  });

  it('matches replies to requests by id, whatever order main answers in', async () => {
    const sent: VaultRequest[] = [];
    const vault = remoteVault((req) => sent.push(req));
    const loading = vault.load();
    const saving = vault.save(creds());
    expect(sent.map((r) => r.type)).toEqual(['vault.load', 'vault.save']);
    expect(new Set(sent.map((r) => r.id)).size).toBe(2);
    const [load, save] = sent as [VaultRequest, VaultRequest];
    expect(vault.receive({ type: 'vault.reply', id: save.id, ok: false, message: '磁盘已满，终端凭据未保存' } satisfies VaultReply)).toBe(true);
    expect(vault.receive({ type: 'vault.reply', id: load.id, ok: true, credentials: creds() } satisfies VaultReply)).toBe(true);
    await expect(saving).rejects.toThrow('磁盘已满，终端凭据未保存');
    expect(await loading).toEqual(creds());
    // Not a vault reply: left to the other handlers.
    expect(vault.receive({ type: 'call', id: load.id })).toBe(false);
  });

  it('an unanswered request fails with a clear error after its timeout; a late reply is ignored', async () => {
    const sent: VaultRequest[] = [];
    const vault = remoteVault((req) => sent.push(req), { timeoutMs: 50 });
    await expect(vault.load()).rejects.toThrow('读取终端凭据超时：主进程没有应答');
    await expect(vault.clear()).rejects.toThrow('清除终端凭据超时');
    expect(vault.receive({ type: 'vault.reply', id: sent[0]?.id, ok: true, credentials: null })).toBe(true);
  });

  it('main refuses a malformed save and writes nothing; a reply without a token is refused by the backend', async () => {
    const dir = tempDir();
    const bad = { type: 'vault.save', id: 7, credentials: { ...creds(), deviceToken: '' } } as VaultRequest;
    expect(isBackendMessage(bad) && isVaultRequest(bad)).toBe(true);
    expect(await answerVaultRequest(protectedVault(dir, fakeSafeStorage()), bad)).toEqual({ type: 'vault.reply', id: 7, ok: false, message: '终端凭据不完整，未保存' });
    expect(existsSync(credentialsFile(dir))).toBe(false);

    const sent: VaultRequest[] = [];
    const vault = remoteVault((req) => sent.push(req), { timeoutMs: 200 });
    const loading = vault.load();
    vault.receive({ type: 'vault.reply', id: sent[0]?.id, ok: true, credentials: { ...creds(), deviceToken: undefined } });
    // The malformed reply is dropped, so the request times out instead of handing back half credentials.
    await expect(loading).rejects.toThrow(/超时/);
  });
});

describe('bundled backend process with main answering its vault', () => {
  it('a CLI-written file is migrated by main and the decrypted token reaches the sync server', async () => {
    const seen: string[] = [];
    const server = createServer((req, res) => {
      seen.push(req.headers.authorization ?? '');
      res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ error: '终端授权无效' }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const dir = tempDir();
    saveDeviceCredentials(dir, creds({ serverUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }));
    const mainVault = protectedVault(dir, fakeSafeStorage());
    const backend = await forkBackend(dir, (m, child) => {
      if (isBackendMessage(m) && isVaultRequest(m)) void answerVaultRequest(mainVault, m).then((r) => child.send(r));
    });
    try {
      await backend.next((m) => m.type === 'ready');
      await expect.poll(() => seen.length, { timeout: 20_000 }).toBeGreaterThan(0);
      expect(seen[0]).toBe(`Bearer ${TOKEN}`);
      expectNoToken(dir);
      await backend.shutdown();
    } finally {
      backend.kill();
      server.close();
    }
  });
});
