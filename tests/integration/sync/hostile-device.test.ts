// A hostile (or broken) device, admin and server, against the typed sync boundary: every malformed
// row or op is refused with a Chinese message and changes nothing, while the valid rest of the same
// batch or page goes through. The desktop parses every server reply; one that does not parse is a
// clear error and leaves the store as it was.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../../src/main/db/store';
import type { Store } from '../../../src/main/db/store';
import { listRefusedRows } from '../../../src/main/sync/apply';
import { runSyncRound } from '../../../src/main/sync/client';
import { enrollDevice as enrollDesktop, fetchDeviceInfo } from '../../../src/main/sync/device';
import { rows } from '../../../src/server/store/db';
import { flushRecords, lockSeq, saveSeq, SeqAllocator } from '../../../src/server/sync/records';
import { uuidv7 } from '../../../src/shared/ids';
import { caseRow, childRow, enrollDevice, request, startHarness, wireFor } from './harness';
import type { Harness, Wire } from './harness';
import { applicantRow, desktopCaseRow } from './desktop-fixtures';

let h: Harness;
const dirs: string[] = [];
const stores: Store[] = [];
beforeAll(async () => {
  h = await startHarness();
}, 120_000);
afterAll(async () => {
  for (const s of stores) s.close();
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  await h?.close();
});

const CHINESE = /[\u4e00-\u9fff]/;

/** Every row of the server's records table, as text: "nothing changed" is an equality of these. */
async function recordsSnapshot(except: string[] = []): Promise<string> {
  const r = await rows<{ entity: string; id: string; data: unknown; deleted: boolean; server_seq: string | number }>(
    h.server.ctx.store.db,
    sql`SELECT entity, id, data, deleted, server_seq FROM records ORDER BY entity, id`,
  );
  return JSON.stringify(r.filter((x) => !except.includes(x.id)).map((x) => ({ ...x, server_seq: Number(x.server_seq) })));
}

function newStore(): Store {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'daiban-hostile-'));
  dirs.push(dir);
  const store = openStore(dir);
  stores.push(store);
  return store;
}

describe('a hostile device pushing', () => {
  let a: Wire;
  let bCase: Record<string, unknown>;
  beforeAll(async () => {
    a = await wireFor(h, h.org.townA, h.org.users.clerkA);
    const b = await wireFor(h, h.org.townB, h.org.users.clerkB);
    bCase = caseRow(h.org.townB);
    const r = await b.push([b.op({ kind: 'insert', entity: 'cases', entityId: bCase.id as string, payload: bCase })]);
    expect(r.results[0]?.status).toBe('applied');
  });

  it('refuses each malformed or unauthorised op with a Chinese reason, changes nothing, and applies the valid ops of the batch', async () => {
    const own = caseRow(h.org.townA);
    const entry = childRow('progressEntries', own.id as string, { authorId: h.org.users.clerkA });
    const base = caseRow(h.org.townA);
    const foreignItem = childRow('planItems', bCase.id as string);
    const huge = childRow('progressEntries', own.id as string, { authorId: h.org.users.clerkA, text: 'x'.repeat(10 * 1024 * 1024) });
    const long = childRow('progressEntries', own.id as string, { authorId: h.org.users.clerkA, text: '长'.repeat(30_000) });
    const { caseNo: _n, ...noCaseNo } = caseRow(h.org.townA);
    const bad: Array<[string, ReturnType<Wire['op']>]> = [
      // another office's case
      ['out_of_scope', a.op({ kind: 'patch', entity: 'cases', entityId: bCase.id as string, payload: { subject: { base: '测试办件', value: '被改了' } } })],
      ['out_of_scope', a.op({ kind: 'insert', entity: 'planItems', entityId: foreignItem.id as string, payload: foreignItem })],
      ['out_of_scope', a.op({ kind: 'intent', intent: 'case.withdraw', entity: 'cases', entityId: bCase.id as string, payload: { args: { reason: '不办了' }, fields: { status: { base: 'accepted', value: 'withdrawn' } } } })],
      // names the server does not know
      ['unknown_entity', a.op({ kind: 'insert', entity: 'secrets', entityId: uuidv7(), payload: { orgUnitId: h.org.townA } })],
      ['unknown_intent', a.op({ kind: 'intent', intent: 'case.teleport', entity: 'cases', entityId: own.id as string, payload: { args: {}, fields: { status: { base: 'accepted', value: 'completed' } } } })],
      ['unknown_intent', a.op({ kind: 'intent', intent: 'admission.decide', entity: 'cases', entityId: own.id as string, payload: { args: {}, fields: { subject: { base: '测试办件', value: 'x' } } } })],
      // malformed rows of known entities
      ['invalid_row', a.op({ kind: 'insert', entity: 'cases', entityId: base.id as string, payload: { ...base, subject: 42 } })],
      ['invalid_row', a.op({ kind: 'insert', entity: 'cases', entityId: noCaseNo.id as string, payload: noCaseNo })],
      ['invalid_row', a.op({ kind: 'insert', entity: 'cases', entityId: base.id as string, payload: { ...base, isAdmin: true } })],
      ['invalid_row', a.op({ kind: 'insert', entity: 'cases', entityId: base.id as string, payload: { ...base, acceptedDate: { $gt: '' } } })],
      ['invalid_row', a.op({ kind: 'insert', entity: 'progressEntries', entityId: huge.id as string, payload: huge })],
      ['invalid_row', a.op({ kind: 'insert', entity: 'progressEntries', entityId: long.id as string, payload: long })],
      ['invalid_field', a.op({ kind: 'patch', entity: 'cases', entityId: own.id as string, payload: { subject: { base: '测试办件', value: ['not', 'text'] } } })],
      ['invalid_field', a.op({ kind: 'patch', entity: 'cases', entityId: own.id as string, payload: { ownerOverride: { base: null, value: h.org.townB } } })],
      // a change without its value never reaches the rules (the op's own shape refuses it)
      ['invalid', a.op({ kind: 'patch', entity: 'cases', entityId: own.id as string, payload: { subject: { base: '测试办件' } } as never })],
      ['invalid_field', a.op({ kind: 'intent', intent: 'case.assign', entity: 'cases', entityId: own.id as string, payload: { args: {}, fields: { agentId: { base: null, value: 7 } } } })],
    ];
    const ok1 = a.op({ kind: 'insert', entity: 'cases', entityId: own.id as string, payload: own });
    const ok2 = a.op({ kind: 'insert', entity: 'progressEntries', entityId: entry.id as string, payload: entry });
    const before = await recordsSnapshot();
    const r = await a.push([ok1, ...bad.slice(0, 8).map(([, op]) => op), ok2, ...bad.slice(8).map(([, op]) => op)]);
    expect(r.status).toBe(200);
    const byClientSeq = new Map(r.results.map((x) => [x.clientSeq, x]));
    expect(byClientSeq.get(ok1.clientSeq)?.status).toBe('applied');
    expect(byClientSeq.get(ok2.clientSeq)?.status).toBe('applied');
    for (const [code, op] of bad) {
      const res = byClientSeq.get(op.clientSeq);
      expect(res, `${code} ${op.entity}`).toMatchObject({ status: 'rejected', code });
      expect(res?.error, code).toMatch(CHINESE);
    }
    const texts = bad.map(([, op]) => byClientSeq.get(op.clientSeq)?.error);
    expect(texts).toContain('上传的记录不符合要求：字段“subject”：应为文字');
    expect(texts).toContain('上传的记录不符合要求：缺少字段“caseNo”');
    expect(texts).toContain('上传的记录不符合要求：不认识的字段“isAdmin”');
    expect(texts.some((t) => /^上传的记录不符合要求：记录过大（\d+ KB，最多 256 KB）$/.test(t ?? ''))).toBe(true);
    expect(texts).toContain('修改的内容不符合要求：不认识的字段“ownerOverride”');
    expect(texts).toContain('服务器不认识操作“case.teleport”（可能需要升级服务器），操作未生效');
    // Nothing but the two valid rows changed.
    expect(await recordsSnapshot([own.id as string, entry.id as string])).toBe(before);
    const after = await rows<{ id: string; data: Record<string, unknown> }>(h.server.ctx.store.db, sql`SELECT id, data FROM records WHERE id IN (${own.id as string}, ${entry.id as string})`);
    expect(after.map((x) => x.data.subject ?? x.data.text).sort()).toEqual(['测试办件', '电话跟进'].sort());
  });
});

describe('a malformed publish', () => {
  const publish = (entity: string, rowsIn: unknown[]) => request(h.url, 'POST', '/admin/publish', { entity, rows: rowsIn }, { authorization: `Bearer ${h.adminToken}` });

  it('refuses a users or orgUnits row that does not fit the schema, naming the row and the field, and writes nothing', async () => {
    const before = await recordsSnapshot();
    const good = { id: uuidv7(), username: 'newclerk', displayName: '新窗口', orgUnitId: h.org.townA, roles: ['clerk'], password: 'Clerk2026x', active: true };
    const cases: Array<[string, unknown[], RegExp]> = [
      ['users', [good, { ...good, id: uuidv7(), username: 'other', roles: 'admin' }], /^第 2 条（.+）不符合要求：字段“roles”：应为列表，本次发布未生效$/],
      ['users', [{ ...good, id: uuidv7(), username: 'x', isRoot: true }], /不认识的字段“isRoot”/],
      ['users', [{ id: h.org.users.clerkA, displayName: 'y'.repeat(101) }], /字段“displayName”：过长/],
      ['orgUnits', [{ id: uuidv7(), code: '350102099', name: '新街道', level: 'township', parentId: 42, officeName: '新街道' }], /字段“parentId”：应为文字/],
      ['orgUnits', [{ id: uuidv7(), name: '没有代码', level: 'township', parentId: h.org.county, officeName: '没有代码' }], /缺少字段“code”/],
      ['catalogItems', [{ id: uuidv7(), code: 'X-1', name: '半条事项' }], /缺少字段“department”/],
    ];
    for (const [entity, rowsIn, message] of cases) {
      const r = await publish(entity, rowsIn);
      expect(r.status, JSON.stringify(r.body)).toBe(400);
      expect(r.body).toMatchObject({ code: 'invalid_row' });
      expect((r.body as { error: string }).error).toMatch(message);
    }
    expect(await recordsSnapshot()).toBe(before);
    // The same user, well formed, is published (with the centre's clock for its times).
    const ok = await publish('users', [good]);
    expect(ok.status).toBe(200);
    const u = await rows<{ data: Record<string, unknown> }>(h.server.ctx.store.db, sql`SELECT data FROM records WHERE entity = 'users' AND id = ${good.id}`);
    expect(u[0]?.data).toMatchObject({ username: 'newclerk', createdAt: h.clock.now().toISOString() });
  });
});

/** Write a record straight into the server's store, as an older or damaged centre might hold it. */
async function plant(entity: string, id: string, data: Record<string, unknown>, scope: { orgUnitId: string; caseId: string | null }): Promise<void> {
  const ctx = h.server.ctx;
  const last = await ctx.store.db.transaction(async (tx) => {
    const seq = new SeqAllocator(await lockSeq(tx));
    const prev = await rows<{ id: string }>(tx, sql`SELECT id FROM records WHERE entity = ${entity} AND id = ${id}`);
    await flushRecords(tx, [{ entity, id, orgUnitId: scope.orgUnitId, caseId: scope.caseId, isRef: false, data, deleted: false, serverSeq: 0, createdSeq: 0, exists: prev.length > 0, dirty: true }], seq, ctx.clock(), null);
    if (entity === 'cases') await tx.execute(sql`INSERT INTO case_scope (case_id, org_unit_id, reason) VALUES (${id}, ${scope.orgUnitId}, 'owner') ON CONFLICT DO NOTHING`);
    await saveSeq(tx, seq.last);
    return seq.last;
  });
  ctx.watermark.raise(last);
}

describe('a desktop applying a pulled page', () => {
  it('stores the good rows, refuses the malformed one where the 同步 page shows it, and takes it once the server corrects it', async () => {
    const d = await enrollDevice(h, h.org.townA);
    const store = newStore();
    const opts = { serverUrl: h.url, deviceToken: d.deviceToken, verify: true };
    const ap = applicantRow(h.org.townA);
    const good = desktopCaseRow(h.org.townA, ap.id as string, { subject: '好的办件' });
    const broken = desktopCaseRow(h.org.townA, ap.id as string, { subject: '坏的办件' });
    await plant('applicants', ap.id as string, ap, { orgUnitId: h.org.townA, caseId: null });
    await plant('cases', broken.id as string, { ...broken, status: 17, caseNo: undefined }, { orgUnitId: h.org.townA, caseId: broken.id as string });
    await plant('cases', good.id as string, good, { orgUnitId: h.org.townA, caseId: good.id as string });

    const r = await runSyncRound(store, opts);
    expect(r.ok, r.message).toBe(true);
    expect(r.applyErrors).toBe(1);
    // The refused row is still counted as held, so checksums agree and no resync loops on it.
    expect(r.checksumsVerified).toBe(true);
    const caseIds = store.db.prepare('SELECT id FROM cases').pluck().all();
    expect(caseIds).toContain(good.id);
    expect(caseIds).not.toContain(broken.id);
    expect(store.db.prepare('SELECT count(*) FROM applicants WHERE id = ?').pluck().get(ap.id)).toBe(1);
    const refused = listRefusedRows(store.db);
    expect(refused).toMatchObject([{ entity: 'cases', id: broken.id }]);
    expect(refused[0]?.error).toMatch(/字段“status”：应为文字/);
    expect(refused[0]?.error).toMatch(/缺少字段“caseNo”/);

    // A round with nothing new leaves it as it is; once corrected on the server it arrives.
    const again = await runSyncRound(store, opts);
    expect(again).toMatchObject({ ok: true, applyErrors: 0, pulled: 0 });
    expect(listRefusedRows(store.db)).toHaveLength(1);
    await plant('cases', broken.id as string, broken, { orgUnitId: h.org.townA, caseId: broken.id as string });
    const fixed = await runSyncRound(store, opts);
    expect(fixed).toMatchObject({ ok: true, applyErrors: 0, checksumsVerified: true });
    expect(store.db.prepare('SELECT subject FROM cases WHERE id = ?').pluck().get(broken.id)).toBe('坏的办件');
    expect(listRefusedRows(store.db)).toEqual([]);
  });
});

describe('a desktop reading a server that answers nonsense', () => {
  let fake: http.Server;
  let url = '';
  /** path → [status, body as sent, content type (JSON unless said)] */
  const answers = new Map<string, [number, string, string?]>();
  beforeAll(async () => {
    fake = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        const [status, body, type] = answers.get(new URL(req.url ?? '/', 'http://x').pathname) ?? [404, '{"error":"没有","code":"not_found"}'];
        res.writeHead(status, { 'content-type': type ?? 'application/json' });
        res.end(body);
      });
    });
    await new Promise<void>((resolve) => fake.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(fake.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => fake.close(resolve));
  });

  function storeWithPendingOp(): Store {
    const store = newStore();
    store.db
      .prepare('INSERT INTO outbox (op_id, entity, entity_id, kind, payload, user_id, org_unit_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(uuidv7(), 'cases', uuidv7(), 'patch', JSON.stringify({ subject: { base: 'a', value: 'b' } }), uuidv7(), h.org.townA, new Date().toISOString());
    return store;
  }
  const outboxState = (s: Store) => JSON.stringify(s.db.prepare('SELECT * FROM outbox').all());
  const stored = (s: Store) => JSON.stringify([s.db.prepare('SELECT * FROM cases').all(), s.db.prepare("SELECT value FROM settings WHERE key = 'sync.cursor'").all()]);

  const pushAnswers: Array<[string, [number, string]]> = [
    ['results that are not a list', [200, '{"results":"all fine","serverTime":"x"}']],
    ['a result with a made-up status', [200, '{"results":[{"clientSeq":1,"opId":null,"status":"kept"}],"serverTime":"x"}']],
    ['no JSON at all', [200, '<html>proxy login</html>']],
  ];
  for (const [what, answer] of pushAnswers) {
    it(`push answered with ${what}: a clear error, the outbox untouched`, async () => {
      answers.clear();
      answers.set('/sync/push', answer);
      const store = storeWithPendingOp();
      const before = outboxState(store);
      const r = await runSyncRound(store, { serverUrl: url, deviceToken: 'dvt_x' });
      expect(r).toMatchObject({ ok: false, failure: 'error' });
      expect(r.message).toMatch(/^服务器返回的数据格式不正确（\/sync\/push）/);
      expect(outboxState(store)).toBe(before);
    });
  }

  const ndjson = (...lines: unknown[]): [number, string, string] => [200, lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + '\n', 'application/x-ndjson'];
  const end = { end: { cursor: 's1', hasMore: false, serverTime: 'x' } };
  const pullAnswers: Array<[string, [number, string, string?], RegExp]> = [
    ['a change without an id', ndjson({ entity: 'cases', serverSeq: 1, orgUnitId: null, caseId: null, deleted: false, data: {} }, end), /^服务器返回的数据格式不正确（同步数据流中有一行不符合协议）/],
    ['a cursor the desktop would save and send back', ndjson({ end: { cursor: "s1'; DROP TABLE cases", hasMore: false, serverTime: 'x' } }), /^服务器返回的数据格式不正确（同步数据流中有一行不符合协议）/],
    ['an array instead of a line', ndjson('[]', end), /^服务器返回的数据格式不正确（同步数据流中有一行不符合协议）/],
    ['a line that is not JSON', ndjson('{"entity":"cases",', end), /^服务器返回的数据格式不正确（同步数据流中有一行不是 JSON）/],
    ['a JSON page instead of a stream', [200, JSON.stringify({ changes: [], cursor: 's1', hasMore: false, serverTime: 'x' })], /^服务器返回的数据格式不正确（\/sync\/pull\/stream）/],
  ];
  for (const [what, answer, message] of pullAnswers) {
    it(`pull answered with ${what}: a clear error, nothing stored, the cursor where it was`, async () => {
      answers.clear();
      answers.set('/sync/pull/stream', answer);
      const store = newStore();
      const before = stored(store);
      const r = await runSyncRound(store, { serverUrl: url, deviceToken: 'dvt_x' });
      expect(r).toMatchObject({ ok: false, failure: 'error', pulled: 0 });
      expect(r.message).toMatch(message);
      expect(stored(store)).toBe(before);
      // Not even a bulk load was begun: the store is as it was.
      expect(store.db.prepare("SELECT count(*) FROM settings WHERE key = 'sync.bulkLoad'").pluck().get()).toBe(0);
    });
  }

  it('an error answer without the {error, code} body is said in Chinese, not shown raw', async () => {
    answers.clear();
    answers.set('/sync/pull/stream', [500, '{"error":{"stack":"at x"}}']);
    const r = await runSyncRound(newStore(), { serverUrl: url, deviceToken: 'dvt_x' });
    expect(r).toMatchObject({ ok: false, message: '同步服务器返回错误 500' });
  });

  it('enrolment and device info answered with the wrong shapes are clear errors', async () => {
    answers.clear();
    answers.set('/enroll', [200, '{"deviceId":5,"deviceToken":null}']);
    answers.set('/device/info', [200, '{"deviceId":"d","cardKeyId":"../../etc","cardKey":"short","publicUrl":null}']);
    await expect(enrollDesktop(url, 'CODE-123456', '窗口一')).rejects.toThrow(/^服务器返回的数据格式不正确（注册终端）/);
    await expect(fetchDeviceInfo(url, 'dvt_x')).rejects.toThrow('服务器返回的数据格式不正确（终端信息）');
    answers.set('/enroll', [400, '{"error":"注册码已失效","code":"bad_code"}']);
    await expect(enrollDesktop(url, 'CODE-123456', '窗口一')).rejects.toThrow('注册码已失效');
  });
});
