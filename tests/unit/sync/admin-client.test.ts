// The desktop's admin client against a fake centre (a tiny HTTP server answering what the test
// says): every reply is parsed with its schema, and one that does not parse is an AdminApiError
// with a Chinese message (code bad_reply), never a crash or a half-read object.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminApiError, adminApi, adminLogin } from '../../../src/main/sync/admin-client';

/** What the fake centre answers next: status and raw body (JSON or not). */
let next: { status: number; body: string } = { status: 200, body: '{}' };
const answer = (body: unknown, status = 200) => {
  next = { status, body: typeof body === 'string' ? body : JSON.stringify(body) };
};
let server: http.Server;
let url = '';

beforeAll(async () => {
  server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(next.status, { 'content-type': 'application/json' }).end(next.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

async function refusal(p: Promise<unknown>): Promise<AdminApiError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AdminApiError);
  return e as AdminApiError;
}

describe('admin client replies', () => {
  const api = () => adminApi(url, 'adm_token');
  const malformed: Array<[string, unknown, () => Promise<unknown>]> = [
    ['a login without a token', { expiresAt: '2026-03-02T02:00:00.000Z' }, () => adminLogin(url, 'admin', 'x')],
    ['a login whose token is a number', { token: 42, expiresAt: '2026-03-02T02:00:00.000Z' }, () => adminLogin(url, 'admin', 'x')],
    ['a code without its office', { code: 'ABCD-EFGH-JKLM', expiresAt: '2026-03-02T02:00:00.000Z' }, () => api().issueCode({}, 60)],
    ['a device list that is not a list', { devices: 'none' }, () => api().devices()],
    ['a device without a name', { devices: [{ id: 'd1', orgUnitId: 'o1', createdAt: '2026-03-02T02:00:00.000Z', revokedAt: null, lastSeenAt: null }] }, () => api().devices()],
    ['a revocation without its answer', {}, () => api().revoke('d1')],
    ['JSON null', 'null', () => api().revoke('d1')],
    ['a page that is not JSON', '<html>维护中</html>', () => api().devices()],
  ];
  for (const [what, reply, callIt] of malformed) {
    it(`refuses ${what} with a Chinese message`, async () => {
      answer(reply);
      const e = await refusal(callIt());
      expect(e.code).toBe('bad_reply');
      expect(e.status).toBe(200);
      expect(e.message).toMatch(/^服务器返回的数据格式不正确/);
    });
  }

  it('takes well-formed replies, an older server\'s device list without series and expiry included', async () => {
    answer({ token: 'adm_x', expiresAt: '2026-03-02T14:00:00.000Z' });
    expect(await adminLogin(url, 'admin', 'x')).toEqual({ token: 'adm_x', expiresAt: '2026-03-02T14:00:00.000Z' });
    const old = { id: 'd1', name: '鼓东1号', orgUnitId: 'o1', createdAt: '2026-03-02T02:00:00.000Z', revokedAt: null, lastSeenAt: null, extra: 'ignored' };
    answer({ devices: [old] });
    expect(await api().devices()).toEqual([{ id: 'd1', name: '鼓东1号', orgUnitId: 'o1', createdAt: '2026-03-02T02:00:00.000Z', revokedAt: null, lastSeenAt: null }]);
    answer({ revoked: true });
    expect(await api().revoke('d1')).toBe(true);
  });

  it('passes the server\'s own refusal on as it was, and a refusal without a body by its status', async () => {
    answer({ error: '登录已过期，请重新登录', code: 'admin_session_expired' }, 401);
    const e = await refusal(api().devices());
    expect([e.message, e.code, e.status]).toEqual(['登录已过期，请重新登录', 'admin_session_expired', 401]);
    answer('', 502);
    const bare = await refusal(api().devices());
    expect([bare.message, bare.code, bare.status]).toEqual(['同步服务器返回错误 502', 'http_502', 502]);
  });
});
