// The sync server over real HTTP: enrollment and trust, push/pull with scope, idempotency,
// conflicts, intents, transfers, versions, checksums, limits.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { caseRow, childRow, enrollDevice, request, startHarness, Wire, wireFor } from './harness';
import type { Harness } from './harness';
import { versionHeaders } from '../../../src/shared/sync/versions';
import { rows } from '../../../src/server/store/db';
import { uuidv7 } from '../../../src/shared/ids';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

async function countRecords(entity: string, id: string): Promise<number> {
  const r = await rows<{ n: number }>(h.server.store.db, sql`SELECT count(*)::int AS n FROM records WHERE entity = ${entity} AND id = ${id}`);
  return r[0]?.n ?? 0;
}

describe('health, enrollment and trust', () => {
  it('answers /health with the database kind', async () => {
    const r = await request(h.url, 'GET', '/health');
    expect(r.status).toBe(200);
    expect((r.body as { status: string }).status).toBe('ok');
    expect(['pglite', 'postgres']).toContain((r.body as { database: string }).database);
  });

  it('refuses a wrong admin password in Chinese', async () => {
    const r = await request(h.url, 'POST', '/admin/login', { username: 'admin', password: 'nope-nope-1' });
    expect(r.status).toBe(401);
    expect((r.body as { error: string }).error).toBe('用户名或密码错误');
  });

  it('enrolls with a one-time code that cannot be reused', async () => {
    const c = await request(h.url, 'POST', '/admin/enrollment-codes', { orgUnitId: h.org.townA }, { authorization: `Bearer ${h.adminToken}` });
    expect(c.status).toBe(200);
    const code = (c.body as { code: string }).code;
    const first = await request(h.url, 'POST', '/enroll', { code, deviceName: '鼓东1号' }, versionHeaders());
    expect(first.status).toBe(200);
    const body = first.body as { deviceId: string; deviceToken: string; orgUnitId: string };
    expect(body.orgUnitId).toBe(h.org.townA);
    expect(body.deviceToken).toMatch(/^dvt_/);
    const again = await request(h.url, 'POST', '/enroll', { code, deviceName: '鼓东2号' }, versionHeaders());
    expect(again.status).toBe(400);
    expect((again.body as { error: string }).error).toContain('注册码无效');
    // Only the hash of the token is stored.
    const stored = await rows<{ token_hash: string }>(h.server.store.db, sql`SELECT token_hash FROM devices WHERE id = ${body.deviceId}`);
    expect(stored[0]?.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored[0]?.token_hash).not.toContain(body.deviceToken);
  });

  it('rejects requests without a valid device token', async () => {
    const none = await request(h.url, 'POST', '/sync/pull', {}, versionHeaders());
    expect(none.status).toBe(401);
    const bad = await request(h.url, 'POST', '/sync/pull', {}, { ...versionHeaders(), authorization: 'Bearer dvt_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' });
    expect(bad.status).toBe(401);
    expect((bad.body as { error: string }).error).toContain('终端令牌无效');
  });

  it('stops a revoked device at once', async () => {
    const d = await enrollDevice(h, h.org.townA);
    const w = new Wire(h.url, d.deviceToken, h.org.users.clerkA, h.org.townA);
    expect((await w.pullPage()).status).toBe(200);
    const rv = await request(h.url, 'POST', `/admin/devices/${d.deviceId}/revoke`, {}, { authorization: `Bearer ${h.adminToken}` });
    expect(rv.status).toBe(200);
    const r = await w.push([w.op({ kind: 'insert', entity: 'cases', entityId: uuidv7(), payload: caseRow(h.org.townA) })]);
    expect(r.status).toBe(401);
    expect((r.body as { error: string }).error).toContain('停用');
  });

  it('checks that the user belongs to the device office', async () => {
    const w = await wireFor(h, h.org.townA, h.org.users.clerkB); // clerkB works at township B
    const c = caseRow(h.org.townA);
    const r = await w.push([w.op({ kind: 'insert', entity: 'cases', entityId: c.id as string, payload: c })]);
    expect(r.status).toBe(200);
    expect(r.results[0]).toMatchObject({ status: 'rejected', code: 'user_not_in_office' });
    expect(await countRecords('cases', c.id as string)).toBe(0);
  });
});

describe('push and pull', () => {
  it('syncs a case with its children to the office, its parents, and not to a sibling office', async () => {
    const a1 = await wireFor(h, h.org.townA, h.org.users.clerkA);
    const a2 = await wireFor(h, h.org.townA, h.org.users.agentA);
    const b = await wireFor(h, h.org.townB, h.org.users.clerkB);
    const county = await wireFor(h, h.org.county, h.org.users.agentCounty);
    const c = caseRow(h.org.townA);
    const plan = childRow('planItems', c.id as string, { name: '建设用地规划许可', status: 'notStarted' });
    const prog = childRow('progressEntries', c.id as string, { kind: 'phone', text: '电话跟进', authorId: h.org.users.clerkA, hours: 0.5 });
    const r = await a1.push([
      a1.op({ kind: 'insert', entity: 'cases', entityId: c.id as string, payload: c }),
      a1.op({ kind: 'insert', entity: 'planItems', entityId: plan.id as string, payload: plan }),
      a1.op({ kind: 'insert', entity: 'progressEntries', entityId: prog.id as string, payload: prog }),
    ]);
    expect(r.status).toBe(200);
    expect(r.results.map((x) => x.status)).toEqual(['applied', 'applied', 'applied']);
    await a2.pullAll();
    await b.pullAll();
    await county.pullAll();
    expect(a2.get('cases', c.id as string)?.data.subject).toBe('测试办件');
    expect(a2.get('planItems', plan.id as string)?.caseId).toBe(c.id);
    expect(a2.get('progressEntries', prog.id as string)).toBeTruthy();
    expect(county.get('cases', c.id as string)).toBeTruthy();
    expect(b.get('cases', c.id as string)).toBeUndefined();
    expect(b.get('planItems', plan.id as string)).toBeUndefined();
    // Reference data reaches everyone; password hashes (for offline sign-in) only within the office subtree.
    expect(String(b.get('users', h.org.users.clerkB)?.data.passwordHash)).toMatch(/^scrypt\$/);
    expect(b.get('users', h.org.users.clerkA)?.data).toMatchObject({ displayName: 'clerkA', passwordHash: '' });
    expect(b.get('orgUnits', h.org.townA)).toBeTruthy();
  });

  it('is idempotent by (device, client sequence): the same batch twice applies once', async () => {
    const w = await wireFor(h, h.org.townA, h.org.users.clerkA);
    const c = caseRow(h.org.townA);
    const ops = [
      w.op({ kind: 'insert', entity: 'cases', entityId: c.id as string, payload: c }),
      w.op({ kind: 'patch', entity: 'cases', entityId: c.id as string, payload: { subject: { base: '测试办件', value: '改名一次' } } }),
    ];
    const first = await w.push(ops);
    const second = await w.push(ops);
    expect(first.results.map((x) => x.status)).toEqual(['applied', 'applied']);
    expect(second.results.map((x) => x.status)).toEqual(['duplicate', 'duplicate']);
    expect(second.results[1]?.serverSeq).toBe(first.results[1]?.serverSeq);
    expect(await countRecords('cases', c.id as string)).toBe(1);
    const ao = await rows<{ n: number }>(h.server.store.db, sql`SELECT count(*)::int AS n FROM applied_ops WHERE op_id IN (${ops[0]!.opId}, ${ops[1]!.opId})`);
    expect(ao[0]?.n).toBe(2);
  });

  it('rejects a poisoned op in the middle of a batch with a Chinese reason and applies the rest', async () => {
    const w = await wireFor(h, h.org.townA, h.org.users.clerkA);
    const c1 = caseRow(h.org.townA);
    const c2 = caseRow(h.org.townA);
    const bad = { clientSeq: (w.seq += 1), opId: uuidv7(), kind: 'patch', entity: 'cases', entityId: c1.id, userId: h.org.users.clerkA, orgUnitId: h.org.townA, payload: 'garbage' };
    const outOfScope = caseRow(h.org.townB);
    const r = await w.push([
      w.op({ kind: 'insert', entity: 'cases', entityId: c1.id as string, payload: c1 }),
      bad as never,
      w.op({ kind: 'insert', entity: 'cases', entityId: outOfScope.id as string, payload: outOfScope }),
      w.op({ kind: 'patch', entity: 'progressEntries', entityId: uuidv7(), payload: { authorId: { base: 'a', value: 'b' } } }),
      w.op({ kind: 'insert', entity: 'cases', entityId: c2.id as string, payload: c2 }),
    ]);
    expect(r.status).toBe(200);
    expect(r.results.map((x) => x.status)).toEqual(['applied', 'rejected', 'rejected', 'rejected', 'applied']);
    expect(r.results[1]?.error).toMatch(/操作格式不正确/);
    expect(r.results[2]?.code).toBe('out_of_scope');
    expect(r.results[3]?.error).toContain('只能追加');
    expect(await countRecords('cases', c2.id as string)).toBe(1);
    expect(await countRecords('cases', outOfScope.id as string)).toBe(0);
    // Re-sending the rejected op gives the same answer and does not block anything.
    const again = await w.push([bad as never]);
    expect(again.results[0]).toMatchObject({ status: 'duplicate', code: 'invalid' });
  });

  it('orders plain fields by server arrival, never by device clocks (±1 year)', async () => {
    const w1 = await wireFor(h, h.org.townA, h.org.users.clerkA);
    const w2 = await wireFor(h, h.org.townA, h.org.users.agentA);
    const c = caseRow(h.org.townA);
    await w1.push([w1.op({ kind: 'insert', entity: 'cases', entityId: c.id as string, payload: c })]);
    const future = new Date(Date.now() + 365 * 864e5).toISOString();
    const past = new Date(Date.now() - 365 * 864e5).toISOString();
    // The desktop with the clock a year ahead pushes first; the one a year behind pushes later and wins.
    await w1.push([w1.op({ kind: 'patch', entity: 'cases', entityId: c.id as string, createdAt: future, payload: { subject: { base: '测试办件', value: '来自未来' } } })]);
    await w2.push([w2.op({ kind: 'patch', entity: 'cases', entityId: c.id as string, createdAt: past, payload: { subject: { base: '测试办件', value: '来自过去' } } })]);
    await w1.pullAll();
    expect(w1.get('cases', c.id as string)?.data.subject).toBe('来自过去');
  });

  it('keeps the server value of a controlled field on a same-field conflict and records a conflict', async () => {
    const w1 = await wireFor(h, h.org.townA, h.org.users.clerkA);
    const w2 = await wireFor(h, h.org.townA, h.org.users.agentA);
    const c = caseRow(h.org.townA);
    await w1.push([w1.op({ kind: 'insert', entity: 'cases', entityId: c.id as string, payload: c })]);
    const r1 = await w1.push([w1.op({ kind: 'intent', intent: 'case.assign', entity: 'cases', entityId: c.id as string, payload: { args: {}, fields: { agentId: { base: null, value: h.org.users.agentA } } } })]);
    expect(r1.results[0]?.status).toBe('applied');
    const r2 = await w2.push([
      w2.op({ kind: 'intent', intent: 'case.assign', entity: 'cases', entityId: c.id as string, payload: { args: {}, fields: { agentId: { base: null, value: h.org.users.clerkA } } } }),
      w2.op({ kind: 'patch', entity: 'cases', entityId: c.id as string, payload: { agentId: { base: null, value: 'someone' }, subject: { base: '测试办件', value: '新标题' } } }),
    ]);
    expect(r2.results[0]).toMatchObject({ status: 'applied', conflicts: 1 });
    expect(r2.results[1]).toMatchObject({ status: 'applied', conflicts: 1 });
    await w2.pullAll();
    const row = w2.get('cases', c.id as string);
    expect(row?.data.agentId).toBe(h.org.users.agentA);
    expect(row?.data.subject).toBe('新标题'); // plain field in the same patch still applies
    const conflicts = [...w2.rows.values()].filter((x) => x.entity === 'conflicts' && x.data.entityId === c.id);
    expect(conflicts).toHaveLength(2);
    expect(conflicts[0]?.data).toMatchObject({ field: 'agentId', serverValue: h.org.users.agentA, status: 'open' });
    // The conflict is resolved by an agent, then syncs as resolved.
    const conflictId = conflicts[0]!.id;
    const rr = await w2.push([w2.op({ kind: 'patch', entity: 'conflicts', entityId: conflictId, payload: { status: { base: 'open', value: 'resolved' }, resolvedBy: { base: null, value: h.org.users.agentA } } })]);
    expect(rr.results[0]?.status).toBe('applied');
  });

  it('validates workflow intents against the server state and the role', async () => {
    const w = await wireFor(h, h.org.townA, h.org.users.agentA);
    const leader = await wireFor(h, h.org.townA, h.org.users.leaderA);
    const c = caseRow(h.org.townA, { status: 'consulting', mode: 'help', helpKind: 'assist' });
    await w.push([w.op({ kind: 'insert', entity: 'cases', entityId: c.id as string, payload: c })]);
    const accept = (x: Wire, base: string) =>
      x.op({ kind: 'intent', intent: 'case.accept', entity: 'cases', entityId: c.id as string, payload: { args: {}, fields: { status: { base, value: 'accepted' } } } });
    const byLeader = await leader.push([accept(leader, 'consulting')]);
    expect(byLeader.results[0]).toMatchObject({ status: 'rejected', code: 'forbidden_role' });
    const ok = await w.push([accept(w, 'consulting')]);
    expect(ok.results[0]?.status).toBe('applied');
    // Completing from accepted skips "start": the state machine refuses it.
    const complete = await w.push([w.op({ kind: 'intent', intent: 'case.complete', entity: 'cases', entityId: c.id as string, payload: { args: {}, fields: { status: { base: 'accepted', value: 'completed' } } } })]);
    expect(complete.results[0]?.status).toBe('rejected');
    expect(complete.results[0]?.error).toMatch(/不能执行“办结”/);
    const withdraw = await w.push([w.op({ kind: 'intent', intent: 'case.withdraw', entity: 'cases', entityId: c.id as string, payload: { args: {}, fields: { status: { base: 'accepted', value: 'withdrawn' } } } })]);
    expect(withdraw.results[0]?.status).toBe('rejected');
    expect(withdraw.results[0]?.error).toBe('请填写退件原因');
    // A plain patch cannot jump the status machine either.
    const jump = await w.push([w.op({ kind: 'patch', entity: 'cases', entityId: c.id as string, payload: { status: { base: 'accepted', value: 'consulting' } } })]);
    expect(jump.results[0]?.code).toBe('invalid_transition');
  });

  it('a transfer makes the case, its children and applicant visible to the receiving office', async () => {
    const a = await wireFor(h, h.org.townA, h.org.users.clerkA);
    const b = await wireFor(h, h.org.townB, h.org.users.clerkB);
    const now = new Date().toISOString();
    const applicant = { id: uuidv7(), orgUnitId: h.org.townA, kind: 'enterprise', name: '福州某某科技有限公司', createdAt: now, updatedAt: now, deletedAt: null };
    const c = caseRow(h.org.townA, { applicantId: applicant.id });
    const plan = childRow('planItems', c.id as string, { name: '施工许可', status: 'notStarted' });
    await a.push([
      a.op({ kind: 'insert', entity: 'applicants', entityId: applicant.id, payload: applicant }),
      a.op({ kind: 'insert', entity: 'cases', entityId: c.id as string, payload: c }),
      a.op({ kind: 'insert', entity: 'planItems', entityId: plan.id as string, payload: plan }),
    ]);
    await b.pullAll();
    expect(b.get('cases', c.id as string)).toBeUndefined();
    const tr = childRow('transfers', c.id as string, { kind: 'down', fromOrgUnitId: h.org.townA, toOrgUnitId: h.org.townB, status: 'sent', reason: '属地办理', sentBy: h.org.users.clerkA, sentAt: now });
    const sent = await a.push([a.op({ kind: 'insert', entity: 'transfers', entityId: tr.id as string, payload: tr })]);
    expect(sent.results[0]?.status).toBe('applied');
    await b.pullAll();
    expect(b.get('cases', c.id as string)).toBeTruthy();
    expect(b.get('planItems', plan.id as string)).toBeTruthy();
    expect(b.get('applicants', applicant.id)?.data.name).toBe('福州某某科技有限公司');
    expect(b.get('transfers', tr.id as string)?.data.status).toBe('sent');
    // Only the receiving office may accept.
    const byA = await a.push([a.op({ kind: 'intent', intent: 'transfer.accept', entity: 'transfers', entityId: tr.id as string, payload: { args: {}, fields: { status: { base: 'sent', value: 'accepted' } } } })]);
    expect(byA.results[0]?.status).toBe('rejected');
    const acc = await b.push([
      b.op({ kind: 'intent', intent: 'transfer.accept', entity: 'transfers', entityId: tr.id as string, payload: { args: {}, fields: { status: { base: 'sent', value: 'accepted' } } } }),
      b.op({ kind: 'intent', intent: 'transfer.accept', entity: 'cases', entityId: c.id as string, payload: { args: { transferId: tr.id }, fields: { handlingOrgUnitId: { base: h.org.townA, value: h.org.townB }, agentId: { base: null, value: null } } } }),
    ]);
    expect(acc.results.map((x) => x.status)).toEqual(['applied', 'applied']);
    await a.pullAll();
    expect(a.get('cases', c.id as string)?.data.handlingOrgUnitId).toBe(h.org.townB);
    expect(a.get('transfers', tr.id as string)?.data.status).toBe('accepted');
  });

  it('tombstones deletes and never resurrects them', async () => {
    const w = await wireFor(h, h.org.townA, h.org.users.clerkA);
    const c = caseRow(h.org.townA);
    const m = childRow('materials', c.id as string, { name: '营业执照复印件' });
    await w.push([
      w.op({ kind: 'insert', entity: 'cases', entityId: c.id as string, payload: c }),
      w.op({ kind: 'insert', entity: 'materials', entityId: m.id as string, payload: m }),
    ]);
    const del = await w.push([w.op({ kind: 'delete', entity: 'materials', entityId: m.id as string, payload: { deletedAt: new Date().toISOString() } })]);
    expect(del.results[0]?.status).toBe('applied');
    const late = await w.push([
      w.op({ kind: 'patch', entity: 'materials', entityId: m.id as string, payload: { name: { base: '营业执照复印件', value: '复活?' } } }),
      w.op({ kind: 'insert', entity: 'materials', entityId: m.id as string, payload: m }),
    ]);
    expect(late.results.map((x) => x.code)).toEqual(['deleted', 'deleted']);
    await w.pullAll();
    const row = w.get('materials', m.id as string);
    expect(row?.deleted).toBe(true);
    expect(row?.data.name).toBe('营业执照复印件');
  });
});

describe('pull pages and checksums', () => {
  it('pages by server sequence and ends with checksums that match what was received', async () => {
    const w = await wireFor(h, h.org.townA, h.org.users.clerkA);
    const ops = [];
    for (let i = 0; i < 40; i++) {
      const c = caseRow(h.org.townA, { subject: `分页 ${i}` });
      ops.push(w.op({ kind: 'insert', entity: 'cases', entityId: c.id as string, payload: c }));
    }
    await w.push(ops);
    const reader = await wireFor(h, h.org.townA, h.org.users.agentA);
    let pages = 0;
    let last: number | null = null;
    for (;;) {
      const r = await reader.pullPage({ limit: 7, checksums: true });
      pages++;
      for (const c of r.page.changes) {
        if (last !== null) expect(c.serverSeq).toBeGreaterThan(last);
        last = c.serverSeq;
        reader.rows.set(`${c.entity}/${c.id}`, c);
      }
      reader.cursor = r.page.cursor;
      if (!r.page.hasMore) {
        expect(r.page.checksums).toEqual(reader.localChecksums());
        break;
      }
      expect(r.page.checksums).toBeUndefined();
    }
    expect(pages).toBeGreaterThan(5);
    // A round with nothing new returns no changes and keeps matching checksums.
    const empty = await reader.pullPage({ checksums: true });
    expect(empty.page.changes).toHaveLength(0);
    expect(empty.page.checksums).toEqual(reader.localChecksums());
  });

  it('a targeted resync of one entity returns all of it', async () => {
    const reader = await wireFor(h, h.org.townA, h.org.users.agentA);
    await reader.pullAll();
    const before = reader.localChecksums().cases;
    const resync = new Wire(h.url, reader.token, reader.userId, reader.orgUnitId);
    for (;;) {
      const r = await resync.pullPage({ entities: ['cases'], checksums: true, limit: 500 });
      for (const c of r.page.changes) resync.rows.set(`${c.entity}/${c.id}`, c);
      resync.cursor = r.page.cursor;
      if (!r.page.hasMore) {
        expect(Object.keys(r.page.checksums ?? {})).toEqual(['cases']);
        break;
      }
    }
    expect(resync.localChecksums().cases).toEqual(before);
  });
});

describe('versions and limits', () => {
  it('tells a too-old client to upgrade with 426', async () => {
    const d = await enrollDevice(h, h.org.townA);
    for (const v of [
      { protocol: 0, schema: 1, app: '0.1.0' },
      { protocol: 1, schema: 1, app: '0.0.9' },
    ]) {
      const r = await request(h.url, 'POST', '/sync/pull', {}, { ...versionHeaders(v), authorization: `Bearer ${d.deviceToken}` });
      expect(r.status).toBe(426);
      expect((r.body as { error: string }).error).toContain('请升级到最新版本');
    }
  });

  it('refuses bodies over the limit with 413 and a Chinese message', async () => {
    const d = await enrollDevice(h, h.org.townA);
    const big = Buffer.from(JSON.stringify({ ops: [{ clientSeq: 1, pad: 'x'.repeat(17 * 1024 * 1024) }] }));
    const r = await request(h.url, 'POST', '/sync/push', big, { ...versionHeaders(), authorization: `Bearer ${d.deviceToken}`, 'content-type': 'application/json' });
    expect(r.status).toBe(413);
    expect((r.body as { error: string }).error).toBe('请求内容过大');
  });
});
