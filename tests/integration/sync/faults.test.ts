// Faults between desktop and server, injected by a TCP proxy on loopback and by killing the
// server process: every acknowledged edit is present exactly once, nothing half-applied.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { caseRow, freshDatabase, postgresForCrashTests, request, spawnServerProcess, startHarness, Wire, wireFor } from './harness';
import type { Harness } from './harness';
import { FaultProxy } from './proxy';
import { rows } from '../../../src/server/store/db';
import { versionHeaders } from '../../../src/shared/sync/versions';
import type { SyncOp } from '../../../src/shared/sync/protocol';

let h: Harness;
let proxy: FaultProxy;
let viaProxy: string;

beforeAll(async () => {
  h = await startHarness({ options: { deviceTokenTtlMs: 3600_000 } });
  proxy = new FaultProxy(h.port);
  viaProxy = await proxy.start();
});
afterAll(async () => {
  await proxy?.close();
  await h?.close();
});

function caseOps(w: Wire, n: number): SyncOp[] {
  const ops: SyncOp[] = [];
  for (let i = 0; i < n; i++) {
    const c = caseRow(w.orgUnitId, { subject: `故障测试 ${i}` });
    ops.push(w.op({ kind: 'insert', entity: 'cases', entityId: c.id as string, payload: c }));
  }
  return ops;
}

async function presentCount(ops: SyncOp[]): Promise<Map<string, number>> {
  const ids = ops.map((o) => o.entityId);
  const found = await rows<{ id: string; n: number }>(
    h.server.store.db,
    sql`SELECT id, count(*)::int AS n FROM records WHERE entity = 'cases' AND id IN (${sql.join(ids.map((i) => sql`${i}`), sql`, `)}) GROUP BY id`,
  );
  return new Map(found.map((f) => [f.id, f.n]));
}

describe('network faults through the proxy', () => {
  it('a connection cut mid-batch applies nothing; the retry applies everything once', async () => {
    const w = await wireFor(h, h.org.townA, h.org.users.clerkA);
    const ops = caseOps(w, 200);
    const size = Buffer.byteLength(JSON.stringify({ ops }));
    proxy.next({ kind: 'cutRequest', afterBytes: Math.floor(size / 2) });
    await expect(w.push(ops, viaProxy)).rejects.toThrow();
    expect((await presentCount(ops)).size).toBe(0);
    const retry = await w.push(ops, viaProxy);
    expect(retry.status).toBe(200);
    expect(retry.results.every((r) => r.status === 'applied')).toBe(true);
    const counts = await presentCount(ops);
    expect(counts.size).toBe(200);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
  });

  it('an answer lost after the commit: the retry is answered "duplicate" and nothing doubles', async () => {
    const w = await wireFor(h, h.org.townA, h.org.users.clerkA);
    const ops = caseOps(w, 150);
    proxy.next({ kind: 'dropResponse' });
    await expect(w.push(ops, viaProxy)).rejects.toThrow();
    expect((await presentCount(ops)).size).toBe(150); // committed before the answer was lost
    const retry = await w.push(ops, viaProxy);
    expect(retry.results.map((r) => r.status)).toEqual(ops.map(() => 'duplicate'));
    expect([...(await presentCount(ops)).values()].every((n) => n === 1)).toBe(true);
    const applied = await rows<{ n: number }>(h.server.store.db, sql`SELECT count(*)::int AS n FROM applied_ops WHERE op_id IN (${sql.join(ops.map((o) => sql`${o.opId}`), sql`, `)})`);
    expect(applied[0]?.n).toBe(150);
  });

  it('the same batch delivered twice and out of order applies each op exactly once', async () => {
    const w = await wireFor(h, h.org.townA, h.org.users.clerkA);
    const b1 = caseOps(w, 60);
    const b2 = caseOps(w, 60);
    proxy.next({ kind: 'delay', ms: 150 }, { kind: 'pass' }, { kind: 'delay', ms: 60 });
    const p1 = w.push(b1, viaProxy); // arrives last
    await new Promise((r) => setTimeout(r, 10));
    const p2 = w.push(b2, viaProxy); // arrives first
    await new Promise((r) => setTimeout(r, 10));
    const p1again = w.push(b1, viaProxy); // the duplicate, in between
    const [r1, r2, r1b] = await Promise.all([p1, p2, p1again]);
    expect(r2.results.every((r) => r.status === 'applied')).toBe(true);
    // Of the two deliveries of b1, each op is applied by exactly one and reported duplicate by the other.
    for (let i = 0; i < b1.length; i++) {
      const s = [r1.results[i]?.status, r1b.results[i]?.status].sort();
      expect(s).toEqual(['applied', 'duplicate']);
    }
    const counts = await presentCount([...b1, ...b2]);
    expect(counts.size).toBe(120);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
  });

  it('a token that expires mid-sync stops the next request and applies nothing of it', async () => {
    const w = await wireFor(h, h.org.townA, h.org.users.clerkA);
    const first = caseOps(w, 5);
    expect((await w.push(first)).results.every((r) => r.status === 'applied')).toBe(true);
    h.clock.advance(2 * 3600_000);
    try {
      const second = caseOps(w, 5);
      const r = await w.push(second);
      expect(r.status).toBe(401);
      expect((r.body as { code: string; error: string }).code).toBe('device_token_expired');
      expect((r.body as { error: string }).error).toContain('过期');
      expect((await presentCount(second)).size).toBe(0);
      expect((await w.pullPage()).status).toBe(401);
    } finally {
      h.clock.advance(-2 * 3600_000);
    }
  });
});

// ---- the server killed with -9 in the middle of a batch ----

interface Child {
  proc: ChildProcess;
  port: number;
  output(): string;
}
const childLog = (c: Child) => c.output().split('\n').filter((l) => !l.includes('request completed') && !l.includes('incoming request')).join('\n').slice(-4000);

async function spawnServer(dataDir: string, databaseUrl: string | undefined): Promise<Child> {
  const p = spawnServerProcess(dataDir, databaseUrl, { logLevel: 'info' });
  return { proc: p.proc, port: await p.ready, output: p.output };
}

describe('server killed with -9', () => {
  // PostgreSQL recovers through its WAL; embedded PGlite writes the same WAL straight to its files, so
  // a kill (not a power cut) mid-batch loses nothing acknowledged either (pglite-crash.test.ts kills it
  // at several points of a batch). Here: PGlite, and PostgreSQL when one answers.
  it('a batch in flight is either wholly applied or not at all; the retry applies it once', async () => {
    const pgBase = await postgresForCrashTests();
    for (const base of pgBase ? ['', pgBase] : ['']) await killScenario(await freshDatabase(base), 150);
  }, 360_000);

  it('killed after a batch was acknowledged, every op survives and the retry is a duplicate', async () => {
    await killScenario(await freshDatabase(''), null);
  }, 180_000);
});

describe('graceful shutdown', () => {
  it('SIGTERM closes the server cleanly (exit code 0) and the data stays usable', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'daiban-term-'));
    try {
      const child = await spawnServer(dataDir, undefined);
      const health = await request(`http://127.0.0.1:${child.port}`, 'GET', '/health');
      expect(health.status).toBe(200);
      const code = await new Promise<number | null>((resolve) => {
        child.proc.once('exit', (c) => resolve(c));
        child.proc.kill('SIGTERM');
      });
      expect(code).toBe(0);
      expect(child.output()).toContain('shutting down');
      const again = await spawnServer(dataDir, undefined);
      const login = await request(`http://127.0.0.1:${again.port}`, 'POST', '/admin/login', { username: 'root', password: 'root-pass-123' });
      expect(login.status).toBe(200);
      await new Promise((resolve) => {
        again.proc.once('exit', resolve);
        again.proc.kill('SIGTERM');
      });
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});

/** killAfterMs: kill that long after sending the batch; null: kill after the batch was acknowledged. */
async function killScenario(db: Awaited<ReturnType<typeof freshDatabase>>, killAfterMs: number | null): Promise<void> {
  {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'daiban-kill-'));
    let child = await spawnServer(dataDir, db.databaseUrl);
    try {
      const base = () => `http://127.0.0.1:${child.port}`;
      const login = await request(base(), 'POST', '/admin/login', { username: 'root', password: 'root-pass-123' });
      const adminToken = (login.body as { token: string }).token;
      const health = await request(base(), 'GET', '/health');
      expect(health.status).toBe(200);
      const rootPull = async (token: string) => request(base(), 'POST', '/sync/pull', { limit: 5000 }, { ...versionHeaders(), authorization: `Bearer ${token}` });
      const orgRoot = await findRootOffice(base(), adminToken);
      const code = await request(base(), 'POST', '/admin/enrollment-codes', { orgUnitId: orgRoot.orgUnitId }, { authorization: `Bearer ${adminToken}` });
      const enr = await request(base(), 'POST', '/enroll', { code: (code.body as { code: string }).code, deviceName: 'kill-test' }, versionHeaders());
      const token = (enr.body as { deviceToken: string }).deviceToken;
      const w = new Wire(base(), token, orgRoot.adminId, orgRoot.orgUnitId);
      const n = killAfterMs === null ? 300 : 1000;
      const ops = caseOps(w, n);

      const inflight = w.push(ops).then(
        (r) => ({ ok: true as const, r }),
        (e: unknown) => ({ ok: false as const, e }),
      );
      if (killAfterMs === null) await inflight;
      else await new Promise((r) => setTimeout(r, killAfterMs));
      child.proc.kill('SIGKILL');
      const outcome = await inflight;
      if (killAfterMs === null) expect(outcome.ok && outcome.r.status).toBe(200);
      await new Promise((r) => child.proc.exitCode !== null || child.proc.signalCode !== null ? r(null) : child.proc.once('exit', () => r(null)));

      child = await spawnServer(dataDir, db.databaseUrl);
      w.base = base();
      const pulled = await rootPull(token);
      expect(pulled.status).toBe(200);
      const got = (pulled.body as { changes: Array<{ entity: string; id: string }> }).changes.filter((c) => c.entity === 'cases');
      // Atomic: all or nothing of the batch survived the kill.
      expect([0, n]).toContain(got.length);
      if (outcome.ok && outcome.r.status === 200) expect(got.length).toBe(n);
      const retry = await w.push(ops);
      if (retry.status !== 200) console.error(childLog(child), retry.body);
      expect(retry.status).toBe(200);
      const statuses = new Set(retry.results.map((r) => r.status));
      expect(statuses.size).toBe(1);
      expect([...statuses][0]).toBe(got.length === n ? 'duplicate' : 'applied');
      const after = await rootPull(token);
      const cases = (after.body as { changes: Array<{ entity: string; id: string }> }).changes.filter((c) => c.entity === 'cases');
      expect(cases).toHaveLength(n);
      expect(new Set(cases.map((c) => c.id)).size).toBe(n);
    } finally {
      child.proc.kill('SIGTERM');
      await new Promise((r) => (child.proc.exitCode !== null ? r(null) : child.proc.once('exit', () => r(null))));
      await db.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }
}

/** The bootstrap admin's office and user id, read through the admin API and a short-lived device. */
async function findRootOffice(base: string, adminToken: string): Promise<{ orgUnitId: string; adminId: string }> {
  const r = await request(base, 'GET', '/admin/me', undefined, { authorization: `Bearer ${adminToken}` });
  if (r.status !== 200) throw new Error(`admin/me failed: ${JSON.stringify(r.body)}`);
  const me = r.body as { id: string; orgUnitId: string };
  return { orgUnitId: me.orgUnitId, adminId: me.id };
}
