// The liaison card's address and signature against a real server over HTTP: a desktop enrolled
// with the server keeps its card key and the server's --public-url, an older enrolment fetches the
// key from /device/info, the card's QR (rendered at 150 dpi, decoded with zbarimg) is exactly the
// signed card link whose MAC verifies with the server's copy of the key; an admin's override wins,
// a standalone desktop without an address refuses, a too-long address is refused; 重新生成查询码
// goes up as a field patch the server keeps, audited in the case's 修改记录.
import { createHmac } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../../src/main/api/backend';
import * as t from '../../../src/main/db/schema';
import { SYSTEM_ACTOR } from '../../../src/main/db/store';
import { seedReferenceData } from '../../../src/main/features/catalog/seed';
import { SERVER_PUBLIC_URL_SETTING, credentialsFile } from '../../../src/main/sync/device';
import { devices } from '../../../src/server/store/schema';
import { hashPassword } from '../../../src/server/auth/crypto';
import { publishReference } from '../../../src/server/sync/publish';
import { uuidv7 } from '../../../src/shared/ids';
import type { ApiResult } from '../../../src/shared/api/errors';
import { CARD_MAC_BYTES, cardLinkUrl, cardMacMessage, guideQuerySchema } from '../../../src/shared/guide/card-link';
import { enterpriseApplicant } from '../../helpers/fixtures';
import { cleanUp, decodeQr, renderPages, savePdf } from '../printing/pdf-tools';
import { PASSWORD, request, startHarness, type Harness } from './harness';

const PUBLIC_URL = 'https://zwfw.fuzhou.gov.cn:8443/daiban';
const haveTools = spawnSync('pdftoppm', ['-v']).status === 0 && spawnSync('zbarimg', ['--version']).status === 0;
if (!haveTools) console.warn('guide card test skipped: pdftoppm/zbarimg missing (bash scripts/install-system-deps.sh installs them)');

let h: Harness;
const dirs: string[] = [];
const backends: Backend[] = [];
beforeAll(async () => {
  h = await startHarness({ options: { publicUrl: PUBLIC_URL } });
  // The township's own admin: a desktop signs in the staff of its office subtree only.
  const now = h.clock.now().toISOString();
  await publishReference(h.server.ctx, 'users', [
    { id: uuidv7(), username: 'townAdmin', displayName: '鼓东管理员', orgUnitId: h.org.townA, roles: ['admin'], passwordHash: hashPassword(PASSWORD), active: true, phone: '', createdAt: now, updatedAt: now, deletedAt: null },
  ]);
}, 120_000);
afterAll(async () => {
  for (const b of backends) b.close();
  await h?.close();
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  cleanUp();
});

interface Desk {
  backend: Backend;
  dir: string;
  call<T = unknown>(who: string, name: string, input?: unknown): Promise<T>;
  fail(who: string, name: string, input?: unknown): Promise<{ code: string; message: string; fieldErrors?: Record<string, string> }>;
}

/** A desktop backend on a fresh folder (or an existing one), its users signed in per connection. */
function desk(dir = fs.mkdtempSync(path.join(os.tmpdir(), 'daiban-guide-'))): Desk {
  if (!dirs.includes(dir)) dirs.push(dir);
  const backend = createBackend({ dataDir: dir, log: () => undefined });
  backends.push(backend);
  const signedIn = new Set<string>();
  const raw = async (who: string, name: string, input?: unknown): Promise<ApiResult<unknown>> => {
    if (!signedIn.has(who)) {
      const r = await backend.dispatch(who, 'auth.login', { username: who, password: PASSWORD });
      if (!r.ok) throw new Error(`login ${who}: ${JSON.stringify(r)}`);
      signedIn.add(who);
    }
    return backend.dispatch(who, name, input ?? {});
  };
  return {
    backend,
    dir,
    call: async <T,>(who: string, name: string, input?: unknown) => {
      const r = await raw(who, name, input);
      if (!r.ok) throw new Error(`${name}: ${JSON.stringify(r.error)}`);
      return r.data as T;
    },
    fail: async (who, name, input) => {
      const r = await raw(who, name, input);
      if (r.ok) throw new Error(`${name} should have been refused`);
      return r.error;
    },
  };
}

async function enrol(d: Desk, orgUnitId: string): Promise<string> {
  const c = await request(h.url, 'POST', '/admin/enrollment-codes', { orgUnitId }, { authorization: `Bearer ${h.adminToken}` });
  const creds = await d.backend.deps.sync.enroll(h.url, (c.body as { code: string }).code, '鼓东便民服务中心 1 号窗口');
  await syncOk(d);
  return creds.deviceId;
}

async function syncOk(d: Desk) {
  const r = await d.backend.deps.sync.syncNow();
  expect(r?.ok, r?.message).toBe(true);
  expect(r?.rejections).toEqual([]);
  return r!;
}

/** The shipped catalogue and templates: seeded on the desktop as the app does, published by the centre under the same ids. */
let published = false;
async function seedCatalogue(d: Desk): Promise<void> {
  const store = d.backend.deps.store;
  store.write({ actor: SYSTEM_ACTOR, action: 'test.seed' }, (tx) => seedReferenceData(tx, { orgTree: false }));
  if (published) return;
  published = true;
  await publishReference(h.server.ctx, 'catalogItems', store.orm.select().from(t.catalogItems).all() as never);
  await publishReference(h.server.ctx, 'planTemplates', store.orm.select().from(t.planTemplates).all() as never);
}

/** A proxy case of 鼓东 registered by clerkA, agent agentA, with a plan (so it has a template). */
async function plannedCase(d: Desk): Promise<{ caseId: string; caseNo: string }> {
  const reg = await d.call<{ caseId: string; caseNo: string }>('clerkA', 'intake.register', {
    channel: 'counter', mode: 'proxy', helpKind: null, applicant: enterpriseApplicant(),
    project: { name: '鼓东智能装备厂房', code: '2026-350102-34-03-012345', category: 'social', location: '鼓楼区鼓东街道', investment: 8000 },
    summary: '新建厂房全流程代办', agentId: h.org.users.agentA,
  });
  const template = d.backend.deps.store.orm.select().from(t.planTemplates).all().find((p) => p.planKind === 'engineering')!;
  await d.call('agentA', 'plan.create', { caseId: reg.caseId, templateId: template.id });
  return reg;
}

function caseRow(d: Desk, caseId: string) {
  return d.backend.deps.store.orm.select().from(t.cases).where(eq(t.cases.id, caseId)).get()!;
}

async function printCard(d: Desk, caseId: string): Promise<string[]> {
  const doc = await d.call<{ dataBase64: string; pages: number }>('agentA', 'print.document', { kind: 'liaisonCard', caseId });
  expect(doc.pages).toBe(2);
  const file = savePdf(Buffer.from(doc.dataBase64, 'base64'), 'guide-card');
  return decodeQr(renderPages(file, 150)[1]!);
}

const macWith = (key: string, message: string) =>
  createHmac('sha256', Buffer.from(key, 'base64url')).update(message).digest().subarray(0, CARD_MAC_BYTES).toString('base64url');

async function serverKey(deviceId: string) {
  const [row] = await h.server.ctx.store.db.select({ keyId: devices.cardKeyId, key: devices.cardKey }).from(devices).where(eq(devices.id, deviceId));
  return row!;
}

describe.skipIf(!haveTools)('the card address and signature with a real server', () => {
  let A: Desk;
  let deviceId: string;
  let caseId: string;
  let caseNo: string;

  it('enrolment keeps the card key with the token (owner-only file) and the server\'s public address', async () => {
    A = desk();
    deviceId = await enrol(A, h.org.townA);
    const file = credentialsFile(A.dir);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const saved = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
    const key = await serverKey(deviceId);
    expect(key.keyId).toMatch(/^[A-Za-z0-9_-]{8}$/);
    expect(saved).toMatchObject({ deviceId, cardKeyId: key.keyId, cardKey: key.key, publicUrl: PUBLIC_URL });
    expect(A.backend.deps.store.getSetting(SERVER_PUBLIC_URL_SETTING)).toBe(PUBLIC_URL);
    // The key never leaves the backend: the 同步 page's device has no secret.
    expect(JSON.stringify(A.backend.deps.sync.device())).not.toContain(key.key!);
    expect(await A.call('townAdmin', 'guide.address')).toEqual({ serverUrl: PUBLIC_URL, override: null, effective: PUBLIC_URL, source: 'server', signed: true });
  });

  it('the card QR (150 dpi, zbarimg) is the signed card link to the server address; its MAC verifies with the server\'s key', async () => {
    await seedCatalogue(A);
    ({ caseId, caseNo } = await plannedCase(A));
    const c = caseRow(A, caseId);
    const [decoded, ...more] = await printCard(A, caseId);
    expect(more).toEqual([]);
    const key = await serverKey(deviceId);
    const fields = { token: c.publicToken, caseNo, templateCode: c.templateCode!, issueDate: c.acceptedDate };
    expect(decoded).toBe(cardLinkUrl(PUBLIC_URL, fields, { keyId: key.keyId!, mac: macWith(key.key!, cardMacMessage(fields)) }));
    // What the server's guide page will parse: every parameter, and the MAC over them.
    const url = new URL(decoded!);
    expect(url.origin + url.pathname).toBe(`${PUBLIC_URL}/g/${c.templateCode}`);
    const q = guideQuerySchema.parse(Object.fromEntries(url.searchParams));
    expect(q).toMatchObject({ c: c.publicToken, n: caseNo, d: c.acceptedDate.replace(/-/g, '') });
    const [keyId, mac] = q.s!.split('.');
    expect(keyId).toBe(key.keyId);
    expect(mac).toBe(macWith(key.key!, cardMacMessage({ token: q.c!, caseNo: q.n!, templateCode: c.templateCode!, issueDate: q.d! })));
    // A flipped character of the token no longer verifies.
    expect(macWith(key.key!, cardMacMessage({ ...fields, token: `${fields.token.slice(0, -1)}${fields.token.endsWith('A') ? 'B' : 'A'}` }))).not.toBe(mac);
    await syncOk(A);
  });

  it('an admin\'s override wins (validated, audited), and clearing it falls back to the server address', async () => {
    for (const bad of ['ftp://guide.example.cn', 'https://guide.example.cn/daiban?x=1', `https://guide.example.cn/${'a'.repeat(200)}`, '不是地址']) {
      const e = await A.fail('townAdmin', 'guide.setAddress', { override: bad });
      expect(e.code).toBe('validation');
      expect(e.fieldErrors?.override).toMatch(/电子指引地址/);
    }
    expect((await A.fail('agentA', 'guide.setAddress', { override: 'https://guide.example.cn' })).code).toBe('forbidden');
    expect((await A.call<{ override: null }>('townAdmin', 'guide.address')).override).toBeNull();

    const set = await A.call('townAdmin', 'guide.setAddress', { override: 'https://guide.fz.gov.cn/daiban/' });
    expect(set).toMatchObject({ override: 'https://guide.fz.gov.cn/daiban', effective: 'https://guide.fz.gov.cn/daiban', source: 'override', serverUrl: PUBLIC_URL });
    const [decoded] = await printCard(A, caseId);
    expect(decoded).toMatch(/^https:\/\/guide\.fz\.gov\.cn\/daiban\/g\/[^?]+\?c=[^&]+&n=[^&]+&d=\d{8}&s=[^&]+$/);
    const audit = A.backend.deps.store.db.prepare("SELECT detail FROM audit_events WHERE action = 'settings.guideAddress'").pluck().all() as string[];
    expect(audit.map((d) => JSON.parse(d) as unknown)).toEqual([{ from: null, to: 'https://guide.fz.gov.cn/daiban' }]);

    // The longest address the form takes still makes a QR too dense for the card: refused, naming the cause.
    await A.call('townAdmin', 'guide.setAddress', { override: `https://zwfw.fuzhou.gov.cn/${'daiban-guide/'.repeat(6)}x` });
    const tooLong = await A.fail('agentA', 'print.document', { kind: 'liaisonCard', caseId });
    expect(tooLong.message).toMatch(/电子指引地址过长/);

    expect(await A.call('townAdmin', 'guide.setAddress', { override: null })).toMatchObject({ override: null, effective: PUBLIC_URL, source: 'server' });
    expect((await printCard(A, caseId))[0]!.startsWith(`${PUBLIC_URL}/g/`)).toBe(true);
  });

  it('重新生成查询码: a new token through the write path, audited in 修改记录, kept by the server; the next card carries it', async () => {
    const before = caseRow(A, caseId).publicToken;
    expect((await A.fail('clerkA', 'case.regenerateToken', { caseId })).code).toBe('forbidden');
    await A.call('agentA', 'case.regenerateToken', { caseId });
    const after = caseRow(A, caseId).publicToken;
    expect(after).not.toBe(before);
    expect(after).toMatch(/^[A-Za-z0-9_-]{16}$/);
    const history = await A.call<Array<{ action: string; text: string }>>('agentA', 'case.history', { caseId });
    expect(history[0]).toMatchObject({ action: 'case.regenerateToken', text: `重新生成 ${caseNo} 的进度查询码（原联络卡作废，需重新打印）` });

    const r = await syncOk(A);
    expect(r.pushed.applied).toBeGreaterThan(0);
    const rows = await h.server.ctx.store.db.execute(sql`SELECT data->>'publicToken' AS token FROM records WHERE entity = 'cases' AND id = ${caseId}`);
    expect((rows as unknown as { rows: Array<{ token: string }> }).rows?.[0]?.token ?? (rows as unknown as Array<{ token: string }>)[0]?.token).toBe(after);
    const [decoded] = await printCard(A, caseId);
    expect(new URL(decoded!).searchParams.get('c')).toBe(after);
  });

  it('an older enrolment (no key kept, none on the server) gets one from /device/info at its next session; the card is signed with it', async () => {
    const dir = A.dir;
    A.backend.close();
    backends.splice(backends.indexOf(A.backend), 1);
    // As a desktop enrolled before cards were signed: no key in its file, none on the server.
    const file = credentialsFile(dir);
    const { cardKey: _k, cardKeyId: _i, publicUrl: _u, ...old } = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
    fs.writeFileSync(file, JSON.stringify(old), { mode: 0o600 });
    await h.server.ctx.store.db.update(devices).set({ cardKey: null, cardKeyId: null }).where(eq(devices.id, deviceId));

    const again = desk(dir);
    const r = await syncOk(again);
    expect(r.deviceInfo).toBe('updated');
    const key = await serverKey(deviceId);
    expect(key.key).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toMatchObject({ cardKeyId: key.keyId, cardKey: key.key, publicUrl: PUBLIC_URL });
    const c = caseRow(again, caseId);
    const fields = { token: c.publicToken, caseNo, templateCode: c.templateCode!, issueDate: c.acceptedDate };
    expect(await printCard(again, caseId)).toEqual([cardLinkUrl(PUBLIC_URL, fields, { keyId: key.keyId!, mac: macWith(key.key!, cardMacMessage(fields)) })]);
    A = again;
  });

  it('a standalone desktop refuses a card without an address, saying how to set one; with an override it prints the unsigned link', async () => {
    const S = desk();
    const store = S.backend.deps.store;
    // The standalone desktop's own staff and office (no server): copied from the enrolled one.
    const src = A.backend.deps.store;
    store.write({ actor: SYSTEM_ACTOR, action: 'test.seed' }, (tx) => {
      seedReferenceData(tx, { orgTree: false });
      for (const o of src.orm.select().from(t.orgUnits).all()) tx.insert(t.orgUnits, o, { local: true });
      for (const u of src.orm.select().from(t.users).all()) tx.insert(t.users, u, { local: true });
    });
    const { caseId: localCase } = await plannedCase(S);
    const refused = await S.fail('agentA', 'print.document', { kind: 'liaisonCard', caseId: localCase });
    expect(refused.message).toContain('系统设置 → 电子指引地址');
    expect(refused.message).toContain('--public-url');
    expect(await S.call('townAdmin', 'guide.address')).toEqual({ serverUrl: null, override: null, effective: null, source: null, signed: false });

    await S.call('townAdmin', 'guide.setAddress', { override: 'http://10.0.0.8:8787' });
    const c = caseRow(S, localCase);
    expect(await printCard(S, localCase)).toEqual([`http://10.0.0.8:8787/g/${c.templateCode}?c=${c.publicToken}`]);
  });
});
