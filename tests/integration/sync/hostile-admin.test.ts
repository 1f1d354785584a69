// A county admin who wants more than their county, against the running server: over /admin/publish
// and from their enrolled desktop's pushes. Every attack is refused with a Chinese message and the
// server's reference rows are byte-for-byte what they were; what a county admin may do still works.
import { spawnSync } from 'node:child_process';
import { randomBytes, scryptSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../../src/main/db/store';
import { runSyncRound } from '../../../src/main/sync/client';
import { enrollDevice as enrollDevice2 } from '../../../src/main/sync/device';
import { createServer } from '../../../src/server/app';
import { hashPassword } from '../../../src/server/auth/crypto';
import { rows } from '../../../src/server/store/db';
import { publishReference } from '../../../src/server/sync/publish';
import { uuidv7 } from '../../../src/shared/ids';
import { PASSWORD, request, startHarness, Wire, enrollDevice, type Harness } from './harness';

let h: Harness;
let sibling = '';
let countyAdmin = '';
let token = '';
const COUNTY_ADMIN_PASSWORD = 'county-pass-123';

async function referenceRows(): Promise<string> {
  const r = await rows<{ entity: string; id: string; data: unknown; deleted: boolean; server_seq: number }>(
    h.server.ctx.store.db,
    sql`SELECT entity, id, data, deleted, server_seq FROM records WHERE entity IN ('orgUnits', 'users', 'catalogItems', 'planTemplates', 'calendarYears') ORDER BY entity, id`,
  );
  return JSON.stringify(r);
}

const publish = (entity: string, rowsIn: unknown[], as = token) => request(h.url, 'POST', '/admin/publish', { entity, rows: rowsIn }, { authorization: `Bearer ${as}` });
const office = async (id: string) => (await rows<{ data: Record<string, unknown> }>(h.server.ctx.store.db, sql`SELECT data FROM records WHERE entity = 'orgUnits' AND id = ${id}`))[0]!.data;

beforeAll(async () => {
  h = await startHarness();
  const now = h.clock.now().toISOString();
  const base = { createdAt: now, updatedAt: now, deletedAt: null };
  sibling = uuidv7();
  countyAdmin = uuidv7();
  await publishReference(h.server.ctx, 'orgUnits', [{ id: sibling, code: '350103', name: '台江区', level: 'county', parentId: h.org.city, officeName: '台江区代办中心', ...base }]);
  await publishReference(h.server.ctx, 'users', [
    { id: countyAdmin, username: 'gulouAdmin', displayName: '鼓楼管理员', orgUnitId: h.org.county, roles: ['admin'], passwordHash: hashPassword(COUNTY_ADMIN_PASSWORD), active: true, phone: '', ...base },
  ]);
  const login = await request(h.url, 'POST', '/admin/login', { username: 'gulouAdmin', password: COUNTY_ADMIN_PASSWORD });
  expect(login.status).toBe(200);
  token = (login.body as { token: string }).token;
}, 60_000);
afterAll(async () => {
  await h?.close();
});

describe('a hostile county admin over /admin/publish', () => {
  const attacks: Array<[string, () => [string, unknown[]], RegExp]> = [
    ['moves a sibling county under their own office', () => ['orgUnits', [{ id: sibling, parentId: h.org.county }]], /本机构及下级机构/],
    ['overwrites the root admin\'s password', () => ['users', [{ id: h.org.users.admin, orgUnitId: h.org.county, password: 'hijacked-123' }]], /工作人员/],
    ['overwrites the root admin\'s password hash, leaving the office alone', () => ['users', [{ id: h.org.users.admin, passwordHash: hashPassword('hijacked-123') }]], /工作人员/],
    ['renames the root office', () => ['orgUnits', [{ id: h.org.city, name: '被改名的市' }]], /本机构及下级机构/],
    ['sets up an office with no parent', () => ['orgUnits', [{ id: uuidv7(), code: '350199', name: '假中心', level: 'city', parentId: null, officeName: '假中心' }]], /中心（根机构）/],
    ['moves their own office under the sibling county', () => ['orgUnits', [{ id: h.org.county, parentId: sibling }]], /不能把本机构移到/],
    ['moves their own office to the root', () => ['orgUnits', [{ id: h.org.county, parentId: null }]], /不能把本机构移到/],
    ['publishes a calendar year for every office', () => ['calendarYears', [{ id: '2027', year: 2027, data: { holidays: [], workdays: [] }, source: 'x' }]], /中心（根机构）/],
    ['rewrites a catalogue item', () => ['catalogItems', [{ id: uuidv7(), code: 'X-1', name: '伪造事项' }]], /中心（根机构）/],
    ['moves a township of theirs under itself (a cycle)', () => ['orgUnits', [{ id: h.org.county, parentId: h.org.townA }]], /不能把本机构移到|下级机构之下/],
  ];
  for (const [what, make, message] of attacks) {
    it(`refuses: ${what}`, async () => {
      const before = await referenceRows();
      const [entity, payload] = make();
      const r = await publish(entity, payload);
      expect(r.status).toBe(403);
      expect((r.body as { error: string }).error).toMatch(message);
      expect(await referenceRows()).toBe(before);
    });
  }

  it('one refused row refuses the whole request', async () => {
    const before = await referenceRows();
    const town = uuidv7();
    const r = await publish('orgUnits', [{ id: town, code: '350102009', name: '新街道', level: 'township', parentId: h.org.county, officeName: '新街道' }, { id: sibling, parentId: h.org.county }]);
    expect(r.status).toBe(403);
    expect(await referenceRows()).toBe(before);
  });

  it('after all that: the sibling county is still out of reach and the root admin\'s password unchanged', async () => {
    const code = await request(h.url, 'POST', '/admin/enrollment-codes', { orgUnitId: sibling }, { authorization: `Bearer ${token}` });
    expect(code.status).toBe(403);
    expect((await request(h.url, 'POST', '/admin/login', { username: 'admin', password: 'hijacked-123' })).status).not.toBe(200);
    expect((await request(h.url, 'POST', '/admin/login', { username: 'admin', password: PASSWORD })).status).toBe(200);
    expect((await office(h.org.city)).name).toBe('福州市');
  });

  it('what a county admin may do still works: their own office, a new township, its staff', async () => {
    expect((await publish('orgUnits', [{ id: h.org.county, officeName: '鼓楼区行政服务中心代办服务中心' }])).status).toBe(200);
    const town = uuidv7();
    expect((await publish('orgUnits', [{ id: town, code: '350102007', name: '洪山镇', level: 'township', parentId: h.org.county, officeName: '洪山镇便民服务中心' }])).status).toBe(200);
    expect((await publish('users', [{ id: uuidv7(), username: 'hongshan1', displayName: '洪山窗口', orgUnitId: town, roles: ['clerk'], password: 'Clerk2026x', active: true }])).status).toBe(200);
    // A township of theirs may move between their own offices.
    expect((await publish('orgUnits', [{ id: town, parentId: h.org.townA }])).status).toBe(200);
    expect((await office(town)).parentId).toBe(h.org.townA);
  });

  it('the root admin publishes the calendar for every office', async () => {
    expect((await publish('calendarYears', [{ id: '2027', year: 2027, data: { holidays: [], workdays: [] }, source: '国务院办公厅通知' }], h.adminToken)).status).toBe(200);
  });
});

describe('a hostile county admin from their enrolled desktop', () => {
  let wire: Wire;
  beforeAll(async () => {
    const d = await enrollDevice(h, h.org.county, '鼓楼区管理终端');
    wire = new Wire(h.url, d.deviceToken, countyAdmin, h.org.county);
  });

  it('every reference attack in a push is refused; the legitimate op in the same batch applies', async () => {
    const before = await referenceRows();
    const town = await office(h.org.townB);
    const attacks = [
      wire.op({ kind: 'patch', entity: 'orgUnits', entityId: sibling, payload: { parentId: { base: h.org.city, value: h.org.county } } }),
      wire.op({ kind: 'patch', entity: 'users', entityId: h.org.users.admin, payload: { passwordHash: { base: null, value: hashPassword('hijacked-123') } } }),
      wire.op({ kind: 'patch', entity: 'orgUnits', entityId: h.org.city, payload: { name: { base: '福州市', value: '被改名的市' } } }),
      wire.op({ kind: 'insert', entity: 'orgUnits', entityId: uuidv7(), payload: { code: '350198', name: '假中心', level: 'city', parentId: null, officeName: '假中心', createdAt: '2026-03-02T00:00:00Z', updatedAt: '2026-03-02T00:00:00Z', deletedAt: null } }),
      wire.op({ kind: 'patch', entity: 'orgUnits', entityId: h.org.county, payload: { parentId: { base: h.org.city, value: null } } }),
      wire.op({ kind: 'insert', entity: 'calendarYears', entityId: '2028', payload: { year: 2028, data: { holidays: [], workdays: [] }, source: 'x', updatedAt: '2026-03-02T00:00:00Z' } }),
    ];
    const r = await wire.push(attacks);
    expect(r.status).toBe(200);
    expect(r.results.map((x) => x.status)).toEqual(attacks.map(() => 'rejected'));
    for (const x of r.results) expect(x.error).toMatch(/[\u4e00-\u9fff]/);
    expect(await referenceRows()).toBe(before);

    const ok = await wire.push([wire.op({ kind: 'patch', entity: 'orgUnits', entityId: h.org.townB, payload: { officeName: { base: town.officeName, value: '鼓西街道便民服务中心（新址）' } } })]);
    expect(ok.results.map((x) => x.status)).toEqual(['applied']);
    expect((await office(h.org.townB)).officeName).toBe('鼓西街道便民服务中心（新址）');
  });
});

describe('guessing passwords and codes', () => {
  it('50 wrong passwords lock the account: the right one is refused too, until the lock ends', async () => {
    const now = h.clock.now().toISOString();
    await publishReference(h.server.ctx, 'users', [
      { id: uuidv7(), username: 'lockme', displayName: '被猜密码的管理员', orgUnitId: h.org.county, roles: ['admin'], passwordHash: hashPassword(COUNTY_ADMIN_PASSWORD), active: true, phone: '', createdAt: now, updatedAt: now, deletedAt: null },
    ]);
    const statuses: number[] = [];
    for (let i = 0; i < 50; i++) statuses.push((await request(h.url, 'POST', '/admin/login', { username: 'lockme', password: `guess-${i}` })).status);
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(new Set(statuses.slice(5))).toEqual(new Set([429]));
    const right = await request(h.url, 'POST', '/admin/login', { username: 'lockme', password: COUNTY_ADMIN_PASSWORD });
    expect(right.status).toBe(429);
    expect((right.body as { error: string }).error).toMatch(/已锁定.*分钟后再试/);
    // Other accounts are not locked out with it.
    expect((await request(h.url, 'POST', '/admin/login', { username: 'gulouAdmin', password: COUNTY_ADMIN_PASSWORD })).status).toBe(200);
    h.clock.advance(16 * 60_000);
    expect((await request(h.url, 'POST', '/admin/login', { username: 'lockme', password: COUNTY_ADMIN_PASSWORD })).status).toBe(200);
  }, 120_000);

  it('an unknown username costs as long as a wrong password (no user list by timing)', async () => {
    const time = async (username: string) => {
      const t0 = performance.now();
      await request(h.url, 'POST', '/admin/login', { username, password: 'not-the-password' });
      return performance.now() - t0;
    };
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[xs.length >> 1]!;
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 4; i++) {
      known.push(await time('gulouAdmin'));
      unknown.push(await time(`nobody-${i}`));
    }
    h.server.ctx.logins.succeed('gulouAdmin');
    // Both run scrypt; without the decoy an unknown name answered in a database lookup's time.
    expect(median(unknown)).toBeGreaterThan(median(known) * 0.4);
  });

  it('one address gets a budget of attempts per minute on /admin/login and /enroll', async () => {
    const tight = await startHarness({ options: { authRequestsPerMinute: 20 } });
    try {
      const logins: number[] = [];
      for (let i = 0; i < 25; i++) logins.push((await request(tight.url, 'POST', '/admin/login', { username: `u${i}`, password: 'x' })).status);
      expect(logins.filter((s) => s === 429).length).toBeGreaterThan(0);
      const limited = await request(tight.url, 'POST', '/admin/login', { username: 'admin', password: PASSWORD });
      expect(limited.status).toBe(429);
      expect((limited.body as { error: string }).error).toMatch(/尝试过于频繁/);
      // The sync routes are not counted against it.
      expect((await request(tight.url, 'GET', '/health')).status).toBe(200);
    } finally {
      await tight.close();
    }
  }, 120_000);
});

describe('credentials on the desktops', () => {
  it('a township desktop gets password hashes of its own staff only; the centre\'s admins come as a bare name', async () => {
    const town = await enrollDevice(h, h.org.townA, '鼓东街道窗口');
    const wire = new Wire(h.url, town.deviceToken, h.org.users.clerkA, h.org.townA);
    await wire.pullAll();
    const user = (id: string) => wire.get('users', id)?.data as Record<string, unknown> | undefined;
    expect(user(h.org.users.clerkA)?.passwordHash).toMatch(/^scrypt\$/);
    expect(user(h.org.users.agentA)?.passwordHash).toMatch(/^scrypt\$/);
    // The sibling township's clerk: the name, not the hash.
    expect(user(h.org.users.clerkB)).toMatchObject({ displayName: 'clerkB', passwordHash: '' });
    // The city's admin and the county admin: no hash, no roles, no username to try.
    for (const id of [h.org.users.admin, countyAdmin]) {
      expect(user(id)).toMatchObject({ passwordHash: '', roles: [], active: false });
      expect(String(user(id)?.username)).toMatch(/^~/);
    }
    // No staff row from outside the township carries a hash.
    await h.server.ctx.orgTree.ensure(h.server.ctx.store);
    const outside = [...wire.rows.values()].filter((c) => c.entity === 'users' && !h.server.ctx.orgTree.contains(h.org.townA, c.orgUnitId));
    expect(outside.length).toBeGreaterThan(3);
    for (const c of outside) expect((c.data as Record<string, unknown>).passwordHash, String((c.data as Record<string, unknown>).displayName)).toBe('');
    // The county desktop signs in its own staff, the townships' included.
    const county = await enrollDevice(h, h.org.county, '鼓楼区窗口');
    const cw = new Wire(h.url, county.deviceToken, h.org.users.agentCounty, h.org.county);
    await cw.pullAll();
    expect((cw.get('users', h.org.users.clerkA)?.data as Record<string, unknown>).passwordHash).toMatch(/^scrypt\$/);
    expect((cw.get('users', h.org.users.admin)?.data as Record<string, unknown>).passwordHash).toBe('');
  });
});

describe('sessions and transport', () => {
  it('an admin session ends at logout: the token no longer works', async () => {
    const login = await request(h.url, 'POST', '/admin/login', { username: 'gulouAdmin', password: COUNTY_ADMIN_PASSWORD });
    const t = (login.body as { token: string }).token;
    const auth = { authorization: `Bearer ${t}` };
    expect((await request(h.url, 'GET', '/admin/me', undefined, auth)).status).toBe(200);
    expect((await request(h.url, 'POST', '/admin/logout', {}, auth)).status).toBe(200);
    const after = await request(h.url, 'GET', '/admin/me', undefined, auth);
    expect(after.status).toBe(401);
    expect((after.body as { error: string }).error).toMatch(/重新登录/);
  });

  it('an admin session expires', async () => {
    const login = await request(h.url, 'POST', '/admin/login', { username: 'gulouAdmin', password: COUNTY_ADMIN_PASSWORD });
    const auth = { authorization: `Bearer ${(login.body as { token: string }).token}` };
    h.clock.advance(h.server.ctx.options.adminSessionTtlMs + 1000);
    expect((await request(h.url, 'GET', '/admin/me', undefined, auth)).status).toBe(401);
  });

  it.skipIf(spawnSync('openssl', ['version']).status !== 0)('serves HTTPS itself with --tls-cert/--tls-key', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'daiban-tls-'));
    try {
      const [cert, key] = [join(dir, 'cert.pem'), join(dir, 'key.pem')];
      expect(spawnSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', cert]).status).toBe(0);
      const server = await createServer({ dataDir: join(dir, 'data'), logger: false, tls: { cert: readFileSync(cert), key: readFileSync(key) } });
      try {
        const port = await server.listen(0);
        const body = await new Promise<string>((resolve, reject) => {
          https.get({ host: '127.0.0.1', port, path: '/health', ca: readFileSync(cert) }, (res) => {
            let text = '';
            res.on('data', (d: Buffer) => (text += d.toString('utf8')));
            res.on('end', () => resolve(text));
          }).on('error', reject);
        });
        expect(JSON.parse(body)).toMatchObject({ status: 'ok' });
        // Plain HTTP to the TLS port gets no answer a client could take for the API.
        const plain = await fetch(`http://127.0.0.1:${port}/health`).then((r) => r.status, () => 0);
        expect(plain).not.toBe(200);
      } finally {
        await server.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('the desktop and plain http', () => {
  it('refuses to enrol or sync over http:// on a network, before any byte is sent; an allowed trial is marked', async () => {
    // 192.0.2.x is TEST-NET: nothing answers there, so a refusal that came from a connection attempt would time out instead.
    await expect(enrollDevice2('http://192.0.2.10:8787', 'ABCD-EFGH-JKLM', '窗口')).rejects.toThrow(/不加密的 http/);
    const dir = mkdtempSync(join(tmpdir(), 'daiban-http-'));
    const store = openStore(dir);
    try {
      const r = await runSyncRound(store, { serverUrl: 'http://192.0.2.10:8787', deviceToken: 'dev_x', timeoutMs: 60_000 });
      expect(r.ok).toBe(false);
      expect(r.message).toMatch(/不加密的 http/);
      // Allowed for a trial: the round goes on (and here finds no server).
      const t0 = performance.now();
      const trial = await runSyncRound(store, { serverUrl: 'http://192.0.2.10:8787', deviceToken: 'dev_x', allowPlainHttp: true, timeoutMs: 300 });
      expect(trial.ok).toBe(false);
      expect(trial.message).not.toMatch(/不加密的 http/);
      expect(performance.now() - t0).toBeGreaterThan(100);
    } finally {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    }
    // Over loopback (this computer) http is fine: the enrolment goes through and is not marked.
    const root = await request(h.url, 'POST', '/admin/login', { username: 'admin', password: PASSWORD });
    const code = await request(h.url, 'POST', '/admin/enrollment-codes', { orgUnitId: h.org.townB }, { authorization: `Bearer ${(root.body as { token: string }).token}` });
    const creds = await enrollDevice2(h.url, (code.body as { code: string }).code, '鼓西窗口');
    expect(creds.allowPlainHttp).toBeUndefined();
  });
});

describe('password cost at the centre', () => {
  it('an admin hash from before N=2^17 is replaced at sign-in and published', async () => {
    const salt = randomBytes(16);
    const old = ['scrypt', 16384, 8, 1, salt.toString('base64'), scryptSync(COUNTY_ADMIN_PASSWORD, salt, 32, { N: 16384, r: 8, p: 1 }).toString('base64')].join('$');
    const id = uuidv7();
    const now = h.clock.now().toISOString();
    await publishReference(h.server.ctx, 'users', [{ id, username: 'oldhash', displayName: '旧密码管理员', orgUnitId: h.org.county, roles: ['admin'], passwordHash: old, active: true, phone: '', createdAt: now, updatedAt: now, deletedAt: null }]);
    expect((await request(h.url, 'POST', '/admin/login', { username: 'oldhash', password: COUNTY_ADMIN_PASSWORD })).status).toBe(200);
    const hash = (await rows<{ h: string }>(h.server.ctx.store.db, sql`SELECT data->>'passwordHash' AS h FROM records WHERE entity = 'users' AND id = ${id}`))[0]!.h;
    expect(hash.split('$')[1]).toBe(String(2 ** 17));
    expect((await request(h.url, 'POST', '/admin/login', { username: 'oldhash', password: COUNTY_ADMIN_PASSWORD })).status).toBe(200);
  });
});
