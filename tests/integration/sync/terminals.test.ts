// 终端管理 against the real server over HTTP, through the backend's handlers as the app calls them:
// an admin of an enrolled desktop confirms the password (a wrong one is refused in Chinese and
// nothing is kept), lists the desktops of the subtree, issues a code for a township that enrols a
// real desktop, and revokes it, after which that desktop's next round is refused as unauthorized.
// The centre's admin token lives with the session only: another window, a new login and an expired
// centre login all ask for the password again.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend } from '../../../src/main/api/backend';
import type { Backend } from '../../../src/main/api/backend';
import { openStore } from '../../../src/main/db/store';
import { AdminApiError, adminLogin } from '../../../src/main/sync/admin-client';
import { runSyncRound } from '../../../src/main/sync/client';
import { enrollDevice as enrollWithCode } from '../../../src/main/sync/device';
import type { ApiResult } from '../../../src/shared/api/errors';
import type { TerminalCodeDto, TerminalsDto } from '../../../src/shared/api/index';
import { enrollDevice, PASSWORD, request, startHarness } from './harness';
import type { Harness } from './harness';

let h: Harness;
let backend: Backend;
const dirs: string[] = [];
const tempDir = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'daiban-terminals-'));
  dirs.push(d);
  return d;
};

async function ok<T>(p: Promise<ApiResult<unknown>>): Promise<T> {
  const r = await p;
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.data as T;
}
async function refused(p: Promise<ApiResult<unknown>>) {
  const r = await p;
  if (r.ok) throw new Error('expected a refusal');
  return r.error;
}
const call = (conn: string, name: string, input: unknown = {}) => backend.dispatch(conn, name, input);
const signIn = (conn: string, username: string) => ok(call(conn, 'auth.login', { username, password: PASSWORD }));
const audit = (action: string) =>
  backend.deps.store.db.prepare('SELECT detail FROM audit_events WHERE action = ? ORDER BY seq').pluck().all(action).map((d) => JSON.parse(d as string) as Record<string, unknown>);

beforeAll(async () => {
  h = await startHarness();
  // This desktop's folder holds the centre's offices and staff (as after a first start); the admin
  // then enrols it in the app.
  const dir = tempDir();
  const seed = openStore(dir);
  const once = await enrollDevice(h, h.org.city, '种子终端');
  expect((await runSyncRound(seed, { serverUrl: h.url, deviceToken: once.deviceToken })).ok).toBe(true);
  seed.close();
  backend = createBackend({ dataDir: dir, sync: false, log: () => undefined });
  await signIn('w1', 'admin');
  const code = await request(h.url, 'POST', '/admin/enrollment-codes', { orgUnitId: h.org.city }, { authorization: `Bearer ${h.adminToken}` });
  await ok(call('w1', 'sync.enroll', { serverUrl: h.url, code: (code.body as { code: string }).code, deviceName: '市代办中心管理终端' }));
}, 120_000);

afterAll(async () => {
  backend?.close();
  await h?.close();
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

describe('终端管理 on the 同步 page', () => {
  let issued: TerminalCodeDto;

  it('asks for the password first; a wrong one is refused in Chinese and nothing is kept', async () => {
    const before = await ok<TerminalsDto>(call('w1', 'sync.terminals'));
    expect(before).toMatchObject({ connected: false, serverUrl: h.url, devices: [], ownOrgUnitId: h.org.city });
    expect(before.offices.map((o) => o.name)).toEqual(['福州市', '鼓楼区', '鼓东街道', '鼓西街道']);
    expect((await refused(call('w1', 'sync.issueCode', { orgUnitId: h.org.townA }))).message).toBe('请先输入您的密码以连接中心服务器');

    const wrong = await refused(call('w1', 'sync.adminConnect', { password: 'not-the-password' }));
    expect(wrong).toMatchObject({ code: 'validation', message: '用户名或密码错误', fieldErrors: { password: '用户名或密码错误' } });
    expect((await ok<TerminalsDto>(call('w1', 'sync.terminals'))).connected).toBe(false);
    expect((await refused(call('w1', 'sync.adminConnect', {}))).message).toBe('请输入您的密码');
    // The desktop stays signed in after a wrong centre password (it is not a local login failure).
    expect((await ok<{ session: unknown }>(call('w1', 'auth.status'))).session).not.toBeNull();
  });

  it('lists the desktops of the subtree with their office names from this desktop', async () => {
    const t = await ok<TerminalsDto>(call('w1', 'sync.adminConnect', { password: PASSWORD }));
    expect(t.connected).toBe(true);
    const self = t.devices.find((d) => d.isThis);
    expect(self).toMatchObject({ name: '市代办中心管理终端', orgUnitName: '福州市', revokedAt: null });
    expect(self?.id).toBe(backend.deps.sync.device()?.deviceId);
    expect(t.devices.find((d) => d.name === '种子终端')).toMatchObject({ orgUnitName: '福州市', isThis: false });
    expect(t.devices.every((d) => typeof d.series === 'number' && d.series > 0)).toBe(true);
    // Still connected on the next request of this session; the password was not needed again.
    expect((await ok<TerminalsDto>(call('w1', 'sync.terminals'))).devices).toHaveLength(t.devices.length);
  });

  it('issues a code for a township that enrols a real desktop there (audited without the code)', async () => {
    expect((await refused(call('w1', 'sync.issueCode', { orgUnitId: h.org.townA, hours: 0 }))).message).toBe('有效时长至少 1 小时');
    expect((await refused(call('w1', 'sync.issueCode', { orgUnitId: '' }))).fieldErrors).toEqual({ orgUnitId: '请选择机构' });
    issued = await ok<TerminalCodeDto>(call('w1', 'sync.issueCode', { orgUnitId: h.org.townA }));
    expect(issued).toMatchObject({ orgUnitId: h.org.townA, orgUnitName: '鼓东街道', serverUrl: h.url });
    // 24 hours by default, on the server's clock.
    expect(Date.parse(issued.expiresAt) - h.clock.ms).toBe(24 * 3600_000);
    const [entry] = audit('sync.codeIssued');
    expect(entry).toMatchObject({ orgUnitId: h.org.townA, hours: 24, serverUrl: h.url });
    expect(JSON.stringify(entry)).not.toContain(issued.code);

    const town = await enrollWithCode(h.url, issued.code, '鼓东便民服务中心 2 号窗口');
    expect(town.orgUnitId).toBe(h.org.townA);
    const store = openStore(tempDir());
    try {
      expect((await runSyncRound(store, { serverUrl: h.url, deviceToken: town.deviceToken })).ok).toBe(true);
    } finally {
      store.close();
    }
    const listed = (await ok<TerminalsDto>(call('w1', 'sync.terminals'))).devices.find((d) => d.id === town.deviceId);
    expect(listed).toMatchObject({ name: '鼓东便民服务中心 2 号窗口', orgUnitName: '鼓东街道', revokedAt: null, isThis: false });
    expect(listed?.lastSeenAt).not.toBeNull();
    // A code is used once.
    await expect(enrollWithCode(h.url, issued.code, '再来一台')).rejects.toThrow(/注册码/);
  });

  it('revokes a desktop at once: its next round is refused as unauthorized (audited)', async () => {
    const town = await enrollWithCode(h.url, (await ok<TerminalCodeDto>(call('w1', 'sync.issueCode', { orgUnitId: h.org.townB, hours: 2 }))).code, '鼓西便民服务中心 1 号窗口');
    const store = openStore(tempDir());
    try {
      expect((await runSyncRound(store, { serverUrl: h.url, deviceToken: town.deviceToken })).ok).toBe(true);
      expect(await ok(call('w1', 'sync.revokeTerminal', { deviceId: town.deviceId }))).toEqual({ revoked: true });
      const after = await runSyncRound(store, { serverUrl: h.url, deviceToken: town.deviceToken });
      expect(after.ok).toBe(false);
      expect(after.failure).toBe('unauthorized');
    } finally {
      store.close();
    }
    expect(audit('sync.deviceRevoked')).toEqual([expect.objectContaining({ deviceId: town.deviceId, revoked: true, thisDesktop: false })]);
    const listed = (await ok<TerminalsDto>(call('w1', 'sync.terminals'))).devices.find((d) => d.id === town.deviceId);
    expect(listed?.revokedAt).not.toBeNull();
    expect(await ok(call('w1', 'sync.revokeTerminal', { deviceId: town.deviceId }))).toEqual({ revoked: false });
    // The server's refusal comes through as it is.
    expect(await refused(call('w1', 'sync.revokeTerminal', { deviceId: 'no-such-device' }))).toMatchObject({ code: 'notFound', message: '终端不存在' });
  });

  it('keeps the token for this session only: other windows, non-admins, an unlock and a new login start without it', async () => {
    await signIn('w2', 'admin');
    expect((await ok<TerminalsDto>(call('w2', 'sync.terminals'))).connected).toBe(false);
    await signIn('w3', 'clerkA');
    expect((await refused(call('w3', 'sync.terminals'))).code).toBe('forbidden');
    expect((await refused(call('w3', 'sync.adminConnect', { password: PASSWORD }))).code).toBe('forbidden');

    // Unlocking after the screen lock starts a new session: the password is asked again.
    expect((await ok<TerminalsDto>(call('w2', 'sync.adminConnect', { password: PASSWORD }))).connected).toBe(true);
    await ok(call('w2', 'auth.unlock', { password: PASSWORD }));
    expect((await ok<TerminalsDto>(call('w2', 'sync.terminals'))).connected).toBe(false);

    await ok(call('w1', 'auth.logout'));
    expect((await refused(call('w1', 'sync.terminals'))).code).toBe('unauthenticated');
    await signIn('w1', 'admin');
    expect((await ok<TerminalsDto>(call('w1', 'sync.terminals'))).connected).toBe(false);
  });

  it('asks again when the centre login expired, and says so in Chinese when the server cannot be reached', async () => {
    await ok(call('w1', 'sync.adminConnect', { password: PASSWORD }));
    h.clock.advance(12 * 3600_000 + 1000);
    const t = await ok<TerminalsDto>(call('w1', 'sync.terminals'));
    expect(t).toMatchObject({ connected: false, notice: '与中心服务器的管理登录已过期，请重新输入您的密码' });
    expect((await refused(call('w1', 'sync.revokeTerminal', { deviceId: 'x' }))).message).toBe('请先输入您的密码以连接中心服务器');

    const nowhere = adminLogin('http://127.0.0.1:9', 'admin', PASSWORD);
    await expect(nowhere).rejects.toBeInstanceOf(AdminApiError);
    await expect(nowhere).rejects.toMatchObject({ status: null, code: 'unreachable', message: expect.stringMatching(/^无法连接同步服务器 http:\/\/127\.0\.0\.1:9（.+），请检查网络和服务器地址$/) });
  });
});
