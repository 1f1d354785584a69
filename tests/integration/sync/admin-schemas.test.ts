// The admin routes' zod schemas (src/shared/sync/admin-protocol.ts) at the running server: a
// malformed body or parameter on each admin route that takes one answers 400 with a Chinese
// message naming the field, and the server's state is what it was; the token is still checked
// before the body; and what the server answers parses with the reply schemas the desktop uses.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows } from '../../../src/server/store/db';
import {
  adminDevicesResponseSchema,
  adminLoginResponseSchema,
  adminMeResponseSchema,
  enrollmentCodeResponseSchema,
  publishResponseSchema,
  revokeDeviceResponseSchema,
} from '../../../src/shared/sync/admin-protocol';
import { enrollDevice, PASSWORD, request, startHarness } from './harness';
import type { Harness } from './harness';

let h: Harness;
let deviceId = '';
const auth = () => ({ authorization: `Bearer ${h.adminToken}` });

/** Everything an admin route could change: codes, sessions, devices, reference rows. */
async function state(): Promise<string> {
  const db = h.server.ctx.store.db;
  return JSON.stringify([
    await rows(db, sql`SELECT code_hash, org_unit_id, expires_at, used_at FROM enrollment_codes ORDER BY code_hash`),
    await rows(db, sql`SELECT token_hash, expires_at FROM admin_sessions ORDER BY token_hash`),
    await rows(db, sql`SELECT id, name, org_unit_id, revoked_at FROM devices ORDER BY id`),
    await rows(db, sql`SELECT entity, id, data, deleted, server_seq FROM records ORDER BY entity, id`),
  ]);
}

beforeAll(async () => {
  h = await startHarness();
  deviceId = (await enrollDevice(h, h.org.townA, '鼓东1号')).deviceId;
}, 60_000);
afterAll(async () => {
  await h?.close();
});

describe('malformed admin requests', () => {
  const cases: Array<[string, string, () => string, unknown, RegExp]> = [
    ['login without a password', 'POST', () => '/admin/login', { username: 'admin' }, /password/],
    ['login with an empty password', 'POST', () => '/admin/login', { username: 'admin', password: '' }, /请输入密码/],
    ['login with a number for a username', 'POST', () => '/admin/login', { username: 42, password: PASSWORD }, /username/],
    ['login with no body at all', 'POST', () => '/admin/login', undefined, /请求内容不正确/],
    ['a code for a malformed division code', 'POST', () => '/admin/enrollment-codes', { orgCode: '35-01' }, /区划代码应为 6–12 位数字/],
    ['a code valid for no time', 'POST', () => '/admin/enrollment-codes', { orgUnitId: 'x', ttlMinutes: 0 }, /ttlMinutes/],
    ['a code with its time as text', 'POST', () => '/admin/enrollment-codes', { ttlMinutes: '60' }, /ttlMinutes/],
    ['revoking a device id that no device can have', 'POST', () => `/admin/devices/${encodeURIComponent('a b;c')}/revoke`, {}, /终端标识格式不正确/],
    ['revoking a device id too long to be one', 'POST', () => `/admin/devices/${'d'.repeat(65)}/revoke`, {}, /终端标识格式不正确/],
    ['publishing no rows', 'POST', () => '/admin/publish', { entity: 'orgUnits', rows: [] }, /rows/],
    ['publishing rows that are not objects', 'POST', () => '/admin/publish', { entity: 'orgUnits', rows: ['x'] }, /rows\.0/],
    ['publishing without an entity', 'POST', () => '/admin/publish', { rows: [{ id: 'x' }] }, /entity/],
  ];
  for (const [what, method, path, body, message] of cases) {
    it(`refuses ${what} with 400 and changes nothing`, async () => {
      const before = await state();
      const r = await request(h.url, method, path(), body, auth());
      expect(r.status).toBe(400);
      expect(r.body).toEqual({ error: expect.stringMatching(/^请求内容不正确：/), code: 'bad_request' });
      expect((r.body as { error: string }).error).toMatch(message);
      expect(await state()).toBe(before);
    });
  }

  it('checks the admin token before the body: no token and a malformed body is 401', async () => {
    const r = await request(h.url, 'POST', '/admin/publish', { rows: 'nope' });
    expect(r.status).toBe(401);
    expect((r.body as { code: string }).code).toBe('no_admin_token');
    const revoke = await request(h.url, 'POST', `/admin/devices/${'d'.repeat(65)}/revoke`, {});
    expect(revoke.status).toBe(401);
  });

  it('a well-formed device id that is not there is still 404', async () => {
    const r = await request(h.url, 'POST', '/admin/devices/0190a4e0-0000-7000-8000-000000000000/revoke', {}, auth());
    expect(r.status).toBe(404);
    expect((r.body as { error: string }).error).toBe('终端不存在');
  });
});

describe('what the admin routes answer parses with the reply schemas', () => {
  it('login, me, codes, devices, publish, revoke and logout', async () => {
    const login = await request(h.url, 'POST', '/admin/login', { username: 'admin', password: PASSWORD });
    const token = adminLoginResponseSchema.parse(login.body).token;
    const as = { authorization: `Bearer ${token}` };
    expect(adminMeResponseSchema.parse((await request(h.url, 'GET', '/admin/me', undefined, as)).body).username).toBe('admin');
    expect(enrollmentCodeResponseSchema.parse((await request(h.url, 'POST', '/admin/enrollment-codes', { orgUnitId: h.org.townB, ttlMinutes: 5 }, as)).body).orgUnitId).toBe(h.org.townB);
    const listed = adminDevicesResponseSchema.parse((await request(h.url, 'GET', '/admin/devices', undefined, as)).body).devices;
    expect(listed.find((d) => d.id === deviceId)).toMatchObject({ name: '鼓东1号', orgUnitId: h.org.townA, series: 1, revokedAt: null });
    expect(listed.every((d) => !Number.isNaN(Date.parse(d.createdAt)))).toBe(true);
    const published = await request(h.url, 'POST', '/admin/publish', { entity: 'orgUnits', rows: [{ id: h.org.townB, officeName: '鼓西街道便民服务中心' }] }, as);
    expect(publishResponseSchema.parse(published.body).published).toBe(1);
    expect(revokeDeviceResponseSchema.parse((await request(h.url, 'POST', `/admin/devices/${deviceId}/revoke`, {}, as)).body).revoked).toBe(true);
    expect(revokeDeviceResponseSchema.parse((await request(h.url, 'POST', `/admin/devices/${deviceId}/revoke`, {}, as)).body).revoked).toBe(false);
    expect((await request(h.url, 'POST', '/admin/logout', undefined, as)).body).toEqual({ ok: true });
    expect((await request(h.url, 'GET', '/admin/me', undefined, as)).status).toBe(401);
  });
});
