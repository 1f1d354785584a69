// The server on embedded PGlite, killed with -9 as a process (not a power cut: the OS keeps what was
// written). Every acknowledged batch is present exactly once after the restart, the batch in flight
// is all or nothing, a first start killed half-way starts next time, two servers never share a
// folder, and a damaged folder is refused with a clear message instead of "Aborted()".
import { afterEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { caseRow, request, ROOT_ADMIN, spawnServerProcess, stopProcess, Wire } from './harness';
import type { ServerProcess } from './harness';
import { acquireDirLock, LOCK_FILE } from '../../../src/server/store/dir-lock';
import { PGDATA_DIR } from '../../../src/server/store/embedded';
import { versionHeaders } from '../../../src/shared/sync/versions';
import type { SyncOp } from '../../../src/shared/sync/protocol';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function serverOn(dataDir: string): ServerProcess {
  const p = spawnServerProcess(dataDir);
  cleanups.push(() => stopProcess(p, 'SIGKILL'));
  return p;
}

const url = (port: number) => `http://127.0.0.1:${port}`;

/** A device enrolled in the root admin's office, as a Wire on the given port. */
async function enrolledWire(port: number): Promise<Wire> {
  const login = await request(url(port), 'POST', '/admin/login', ROOT_ADMIN);
  expect(login.status).toBe(200);
  const auth = { authorization: `Bearer ${(login.body as { token: string }).token}` };
  const me = (await request(url(port), 'GET', '/admin/me', undefined, auth)).body as { id: string; orgUnitId: string };
  const code = await request(url(port), 'POST', '/admin/enrollment-codes', { orgUnitId: me.orgUnitId }, auth);
  const enr = await request(url(port), 'POST', '/enroll', { code: (code.body as { code: string }).code, deviceName: 'kill-test' }, versionHeaders());
  expect(enr.status).toBe(200);
  return new Wire(url(port), (enr.body as { deviceToken: string }).deviceToken, me.id, me.orgUnitId);
}

function caseBatch(w: Wire, n: number): SyncOp[] {
  return Array.from({ length: n }, (_, i) => {
    const c = caseRow(w.orgUnitId, { subject: `断电测试 ${w.seq + 1} ${i}` });
    return w.op({ kind: 'insert', entity: 'cases', entityId: c.id as string, payload: c });
  });
}

/** Case ids the server holds, each with how often a full pull returned it. */
async function serverCases(w: Wire): Promise<Map<string, number>> {
  const reader = new Wire(w.base, w.token, w.userId, w.orgUnitId);
  const seen = new Map<string, number>();
  for (;;) {
    const r = await reader.pullPage({ limit: 1000 });
    expect(r.status).toBe(200);
    for (const c of r.page.changes) if (c.entity === 'cases') seen.set(c.id, (seen.get(c.id) ?? 0) + 1);
    reader.cursor = r.page.cursor;
    if (!r.page.hasMore) return seen;
  }
}

/** The latest modification time of the table files: they grow while a batch's transaction runs. */
function lastTableWrite(dataDir: string): number {
  const base = path.join(dataDir, PGDATA_DIR, 'base');
  let last = 0;
  for (const f of fs.readdirSync(base, { recursive: true, encoding: 'utf8' })) last = Math.max(last, fs.statSync(path.join(base, f)).mtimeMs);
  return last;
}

function walSegments(dataDir: string): string[] {
  const wal = path.join(dataDir, PGDATA_DIR, 'pg_wal');
  return fs.readdirSync(wal).filter((f) => /^[0-9A-F]{24}$/.test(f)).map((f) => path.join(wal, f));
}

describe('the PGlite server killed with -9', () => {
  it('in the middle of batches: after each restart it answers, every acknowledged op is there exactly once, the batch in flight is all or nothing', async () => {
    const dataDir = tempDir('daiban-pglite-kill-');
    const n = 1000;
    let server = serverOn(dataDir);
    const w = await enrolledWire(await server.ready);
    const acknowledged: SyncOp[][] = [];

    // Two acknowledged batches first (a cold one, then a timed warm one), so the kills below can be
    // placed across a batch: early, inside its transaction, around its commit, after its answer.
    let batchMs = 0;
    for (let i = 0; i < 2; i++) {
      const ops = caseBatch(w, n);
      const t0 = Date.now();
      expect((await w.push(ops)).status).toBe(200);
      batchMs = Date.now() - t0;
      acknowledged.push(ops);
    }

    let killedWhileWriting = 0;
    for (const fraction of [0.3, 0.6, 0.85, 1, 1.5]) {
      const ops = caseBatch(w, n);
      const tablesBefore = lastTableWrite(dataDir);
      const inflight = w.push(ops).then(
        (r) => r.status,
        () => 'no answer' as const,
      );
      await new Promise((r) => setTimeout(r, Math.max(5, Math.round(batchMs * fraction))));
      const writing = lastTableWrite(dataDir) > tablesBefore;
      await stopProcess(server, 'SIGKILL');
      const outcome = await inflight;
      if (outcome === 'no answer' && writing) killedWhileWriting++;
      if (outcome !== 'no answer') expect(outcome).toBe(200);

      server = serverOn(dataDir);
      w.base = url(await server.ready);
      expect((await request(w.base, 'GET', '/health')).status).toBe(200);

      const held = await serverCases(w);
      for (const batch of acknowledged) for (const op of batch) expect(held.get(op.entityId)).toBe(1);
      const inflightPresent = ops.filter((op) => held.has(op.entityId)).length;
      expect([0, n]).toContain(inflightPresent); // one transaction: all or nothing
      if (outcome === 200) expect(inflightPresent).toBe(n);
      expect(held.size).toBe(acknowledged.length * n + inflightPresent);

      // The desktop retries what it never saw acknowledged: applied once, or recognised as a duplicate.
      const retry = await w.push(ops);
      expect(retry.status).toBe(200);
      expect(new Set(retry.results.map((r) => r.status))).toEqual(new Set([inflightPresent === n ? 'duplicate' : 'applied']));
      acknowledged.push(ops);
    }
    // At least one kill hit a transaction that had already written table pages but not yet its WAL
    // (PGlite writes a batch's WAL in one go at commit, then answers; see store/embedded.ts).
    expect(killedWhileWriting).toBeGreaterThan(0);

    const final = await serverCases(w);
    expect(final.size).toBe(acknowledged.length * n);
    expect([...final.values()].every((count) => count === 1)).toBe(true);
    await stopProcess(server);
    expect(fs.existsSync(path.join(dataDir, LOCK_FILE))).toBe(false);
  }, 300_000);

  it('during its very first start: the half-built database is discarded and the next start is clean', async () => {
    const dataDir = tempDir('daiban-pglite-first-');
    const building = path.join(dataDir, `${PGDATA_DIR}.init`);
    const server = serverOn(dataDir);
    // Kill while the fresh cluster is being written into the folder.
    await new Promise<void>((resolve, reject) => {
      const iv = setInterval(() => {
        if (fs.existsSync(building) && fs.readdirSync(building, { recursive: true }).length > 100) {
          clearInterval(iv);
          resolve();
        } else if (fs.existsSync(path.join(dataDir, PGDATA_DIR))) {
          clearInterval(iv);
          reject(new Error('the first start finished before the test could kill it'));
        }
      }, 2);
      void server.exited.then(() => {
        clearInterval(iv);
        reject(new Error(`server exited before the kill: ${server.output()}`));
      });
    });
    await stopProcess(server, 'SIGKILL');
    expect(fs.existsSync(path.join(dataDir, PGDATA_DIR, 'PG_VERSION'))).toBe(false);

    const again = serverOn(dataDir);
    const port = await again.ready;
    expect((await request(url(port), 'POST', '/admin/login', ROOT_ADMIN)).status).toBe(200);
    expect(fs.existsSync(building)).toBe(false);
  }, 180_000);

  it('a second server on the same folder refuses while the first runs, and a killed holder is taken over', async () => {
    const dataDir = tempDir('daiban-pglite-two-');
    const first = serverOn(dataDir);
    const port = await first.ready;

    const second = serverOn(dataDir);
    const { code } = await second.exited;
    expect(code).toBe(1);
    expect(second.output()).toContain('正被另一个服务器使用');
    expect(second.output()).toContain(`进程号 ${first.proc.pid}`);
    expect((await request(url(port), 'POST', '/admin/login', ROOT_ADMIN)).status).toBe(200);

    await stopProcess(first, 'SIGKILL');
    expect(fs.existsSync(path.join(dataDir, LOCK_FILE))).toBe(true); // left behind by the kill
    const third = serverOn(dataDir);
    expect((await request(url(await third.ready), 'POST', '/admin/login', ROOT_ADMIN)).status).toBe(200);
    expect(JSON.parse(fs.readFileSync(path.join(dataDir, LOCK_FILE), 'utf8'))).toMatchObject({ pid: third.proc.pid });
  }, 180_000);

  it('a damaged folder: the server refuses with a clear message, leaves the folder as it was and holds no lock', async () => {
    const dataDir = tempDir('daiban-pglite-damaged-');
    const server = serverOn(dataDir);
    await server.ready;
    await stopProcess(server);
    for (const seg of walSegments(dataDir)) fs.truncateSync(seg, 0);

    const again = serverOn(dataDir);
    const { code } = await again.exited;
    expect(code).toBe(1);
    expect(again.output()).toContain(`服务器数据目录 ${dataDir} 中的数据库无法打开，可能已损坏`);
    expect(again.output()).toContain('数据目录备份');
    expect(walSegments(dataDir).every((seg) => fs.statSync(seg).size === 0)).toBe(true);
    expect(fs.existsSync(path.join(dataDir, PGDATA_DIR, 'PG_VERSION'))).toBe(true);
    expect(fs.existsSync(path.join(dataDir, LOCK_FILE))).toBe(false);
  }, 180_000);
});

describe('the data folder lock', () => {
  const lockPath = (dir: string) => path.join(dir, LOCK_FILE);
  const writeLock = (dir: string, info: Record<string, unknown>) =>
    fs.writeFileSync(lockPath(dir), JSON.stringify({ hostname: os.hostname(), token: 'other', startedAt: '2026-03-02T02:00:00Z', ...info }));

  it('is held once per folder and released', () => {
    const dir = tempDir('daiban-lock-');
    const lock = acquireDirLock(dir);
    expect(JSON.parse(fs.readFileSync(lockPath(dir), 'utf8'))).toMatchObject({ pid: process.pid, hostname: os.hostname() });
    expect(() => acquireDirLock(dir)).toThrow(/已被本进程中的另一个服务器打开/);
    lock.release();
    expect(fs.existsSync(lockPath(dir))).toBe(false);
    acquireDirLock(dir).release();
  });

  it('takes over the lock of a process that is gone, and an unreadable lock left long ago', async () => {
    const dir = tempDir('daiban-lock-');
    const gone = spawn(process.execPath, ['-e', '0']);
    await new Promise((r) => gone.once('exit', r));
    writeLock(dir, { pid: gone.pid });
    const lock = acquireDirLock(dir);
    expect(JSON.parse(fs.readFileSync(lockPath(dir), 'utf8'))).toMatchObject({ pid: process.pid });
    lock.release();

    fs.writeFileSync(lockPath(dir), '');
    const old = new Date(Date.now() - 60_000);
    fs.utimesSync(lockPath(dir), old, old);
    acquireDirLock(dir).release();
    expect(fs.readdirSync(dir)).toEqual([]); // no temp or stale files left behind
  });

  it('never takes the lock of a live process or of another computer, and leaves it untouched', async () => {
    const dir = tempDir('daiban-lock-');
    const live = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    cleanups.push(() => void live.kill('SIGKILL'));
    await new Promise((r) => live.once('spawn', r));
    writeLock(dir, { pid: live.pid });
    const before = fs.readFileSync(lockPath(dir), 'utf8');
    expect(() => acquireDirLock(dir)).toThrow(new RegExp(`正被另一个服务器使用（进程号 ${live.pid}`));
    expect(fs.readFileSync(lockPath(dir), 'utf8')).toBe(before);

    writeLock(dir, { pid: 4242, hostname: 'office-pc-2' });
    expect(() => acquireDirLock(dir)).toThrow(/正被计算机 office-pc-2 上的服务器使用/);
    expect(fs.readdirSync(dir)).toEqual([LOCK_FILE]);
  });
});
