// Real desktops (SQLite stores from src/main/db with their outbox) syncing through the server:
// offline edits on both, then identical data and checksums everywhere.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import crypto from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { openStore } from '../../../src/main/db/store';
import type { Store } from '../../../src/main/db/store';
import * as t from '../../../src/main/db/schema';
import { runSyncRound } from '../../../src/main/sync/client';
import { SyncScheduler } from '../../../src/main/sync/scheduler';
import { PageApplier } from '../../../src/main/sync/apply';
import { enrollDevice, request, startHarness, Wire } from './harness';
import { DEVICE_FILE, enrollDevice as enrollDesktop, loadDeviceCredentials, saveDeviceCredentials } from '../../../src/main/sync/device';
import type { Harness } from './harness';
import { applicantRow, desktopCaseRow, planItemRow, progressRow } from './desktop-fixtures';

let h: Harness;
const dirs: string[] = [];
const stores: Store[] = [];

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  for (const s of stores) s.close();
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  await h?.close();
});

async function desktop(orgUnitId: string): Promise<{ store: Store; token: string; dir: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'daiban-desk-'));
  dirs.push(dir);
  const store = openStore(dir);
  stores.push(store);
  const d = await enrollDevice(h, orgUnitId);
  return { store, token: d.deviceToken, dir };
}

const SYNCED_TABLES = ['org_units', 'users', 'applicants', 'cases', 'plan_items', 'progress_entries', 'transfers', 'conflicts'];
function dump(store: Store): Record<string, unknown[]> {
  return Object.fromEntries(SYNCED_TABLES.map((tb) => [tb, store.db.prepare(`SELECT * FROM ${tb} ORDER BY id`).all()]));
}

describe('two desktops and the server', () => {
  it('converge after offline edits on both: identical data and checksums', async () => {
    const A = await desktop(h.org.townA);
    const B = await desktop(h.org.townA);
    const sync = (d: { store: Store; token: string }) => runSyncRound(d.store, { serverUrl: h.url, deviceToken: d.token, verify: true });
    const first = await sync(A);
    expect(first.ok).toBe(true);
    expect(first.checksumsVerified).toBe(true);
    expect(A.store.db.prepare('SELECT count(*) FROM users').pluck().get()).toBe(6);
    await sync(B);

    const actorA = { userId: h.org.users.clerkA, roles: ['clerk' as const], orgUnitId: h.org.townA };
    const actorB = { userId: h.org.users.agentA, roles: ['agent' as const], orgUnitId: h.org.townA };
    // Offline on A: an applicant, a case, its plan and progress.
    const ap = applicantRow(h.org.townA);
    const caseA = desktopCaseRow(h.org.townA, ap.id as string, { subject: 'A 的办件' });
    A.store.write({ actor: actorA, action: 'test.intake' }, (tx) => {
      tx.insert(t.applicants, ap as never);
      tx.insert(t.cases, caseA as never);
      for (let i = 0; i < 3; i++) tx.insert(t.planItems, planItemRow(caseA.id as string, i) as never);
      tx.insert(t.progressEntries, progressRow(caseA.id as string, h.org.users.clerkA, 'A 电话跟进') as never);
    });
    // Offline on B: its own case.
    const apB = applicantRow(h.org.townA, '鼓楼某某餐饮店');
    const caseB = desktopCaseRow(h.org.townA, apB.id as string, { subject: 'B 的办件' });
    B.store.write({ actor: actorB, action: 'test.intake' }, (tx) => {
      tx.insert(t.applicants, apB as never);
      tx.insert(t.cases, caseB as never);
      tx.insert(t.progressEntries, progressRow(caseB.id as string, h.org.users.agentA, 'B 上门服务') as never);
    });
    const a1 = await sync(A);
    const b1 = await sync(B);
    expect(a1.pushed.applied).toBe(6);
    expect(b1.pushed.applied).toBe(3);
    await sync(A);

    // Both edit case A offline: the same plain field (last push wins) and the controlled agentId.
    A.store.write({ actor: actorA, action: 'test.edit' }, (tx) => {
      tx.patch(t.cases, caseA.id as string, { subject: 'A 改的标题' });
      tx.patch(t.cases, caseA.id as string, { agentId: h.org.users.agentA }, { name: 'case.assign' });
    });
    B.store.write({ actor: actorB, action: 'test.edit' }, (tx) => {
      tx.patch(t.cases, caseA.id as string, { subject: 'B 改的标题' });
      tx.patch(t.cases, caseA.id as string, { agentId: h.org.users.clerkA }, { name: 'case.assign' });
    });
    // B's pending edit survives a pull that brings A's older state (rebase).
    await sync(A);
    const bRound = await sync(B);
    expect(bRound.ok).toBe(true);
    expect(bRound.pushed.conflicts).toBe(1);
    const a3 = await sync(A);
    const b3 = await sync(B);
    expect(a3.checksumsVerified && b3.checksumsVerified).toBe(true);
    expect(a3.pending + b3.pending).toBe(0);

    const dA = dump(A.store);
    const dB = dump(B.store);
    expect(dB).toEqual(dA);
    const row = A.store.db.prepare('SELECT subject, agent_id FROM cases WHERE id = ?').get(caseA.id) as { subject: string; agent_id: string };
    expect(row.subject).toBe('B 改的标题'); // plain field: B pushed last
    expect(row.agent_id).toBe(h.org.users.agentA); // controlled: the server kept A's assignment
    const conflicts = A.store.db.prepare("SELECT field, status FROM conflicts WHERE entity_id = ?").all(caseA.id);
    expect(conflicts).toEqual([{ field: 'agentId', status: 'open' }]);
    expect(b3.openConflicts).toBe(1);
    // Same checksums on both desktops and on the server.
    expect(new PageApplier(A.store.db).localChecksums()).toEqual(new PageApplier(B.store.db).localChecksums());
  });

  it('attachment files follow their rows: uploaded in chunks by the desktop that has them, downloaded by the others', async () => {
    const G = await desktop(h.org.townA);
    const H = await desktop(h.org.townA);
    const sync = (d: { store: Store; token: string }) => runSyncRound(d.store, { serverUrl: h.url, deviceToken: d.token });
    await sync(G);
    const bytes = crypto.randomBytes(5 * 1024 * 1024 + 123);
    const sha = crypto.createHash('sha256').update(bytes).digest('hex');
    const file = path.join(G.store.attachmentsDir(), sha.slice(0, 2), sha);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, bytes);
    const ap = applicantRow(h.org.townA);
    const c = desktopCaseRow(h.org.townA, ap.id as string);
    const actor = { userId: h.org.users.clerkA, roles: ['clerk' as const], orgUnitId: h.org.townA };
    G.store.write({ actor, action: 'test.attach' }, (tx) => {
      tx.insert(t.applicants, ap as never);
      tx.insert(t.cases, c as never);
      tx.insert(t.attachments, { caseId: c.id, ownerId: null, kind: 'scan', fileName: '委托协议.pdf', mime: 'application/pdf', size: bytes.length, sha256: sha, addedBy: h.org.users.clerkA, deletedAt: null } as never);
    });
    // H sees the row before the file is there: it waits, and tries again next round.
    const hEarly = await runSyncRound(H.store, { serverUrl: h.url, deviceToken: H.token });
    expect(hEarly.files).toMatchObject({ downloaded: 0 });
    const g = await sync(G);
    expect(g.files).toMatchObject({ uploaded: 1, errors: [] });
    const hr = await sync(H);
    expect(hr.files).toMatchObject({ downloaded: 1, errors: [] });
    const got = fs.readFileSync(path.join(H.store.attachmentsDir(), sha.slice(0, 2), sha));
    expect(crypto.createHash('sha256').update(got).digest('hex')).toBe(sha);
    const again = await sync(G);
    expect(again.files).toMatchObject({ uploaded: 0, downloaded: 0 });
  });

  it('a checksum mismatch (a row lost locally) is repaired by a targeted resync', async () => {
    const C = await desktop(h.org.townA);
    const r1 = await runSyncRound(C.store, { serverUrl: h.url, deviceToken: C.token, verify: true });
    expect(r1.checksumsVerified).toBe(true);
    const victim = C.store.db.prepare('SELECT id FROM plan_items LIMIT 1').pluck().get() as string;
    expect(victim).toBeTruthy();
    // Simulate damage: the row and its bookkeeping vanish, and a stray row appears.
    C.store.db.prepare('DELETE FROM plan_items WHERE id = ?').run(victim);
    C.store.db.prepare("UPDATE sync_checksums SET count = count - 1 WHERE entity = 'planItems'").run();
    const r2 = await runSyncRound(C.store, { serverUrl: h.url, deviceToken: C.token, verify: true });
    expect(r2.mismatched).toEqual(['planItems']);
    expect(r2.resynced).toEqual(['planItems']);
    expect(r2.checksumsVerified).toBe(true);
    expect(C.store.db.prepare('SELECT count(*) FROM plan_items WHERE id = ?').pluck().get(victim)).toBe(1);
  });

  it('enrolls with a one-time code and keeps the token in an owner-only file', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'daiban-desk-enroll-'));
    dirs.push(dir);
    const c = await request(h.url, 'POST', '/admin/enrollment-codes', { orgUnitId: h.org.townB }, { authorization: `Bearer ${h.adminToken}` });
    const code = (c.body as { code: string }).code;
    const creds = await enrollDesktop(h.url, code.toLowerCase(), '鼓西窗口一号机');
    expect(creds.orgUnitId).toBe(h.org.townB);
    saveDeviceCredentials(dir, creds);
    expect(fs.statSync(path.join(dir, DEVICE_FILE)).mode & 0o777).toBe(0o600);
    expect(loadDeviceCredentials(dir)).toEqual(creds);
    await expect(enrollDesktop(h.url, code, '第二台')).rejects.toThrow('注册码无效');
    const store = openStore(dir);
    stores.push(store);
    const r = await runSyncRound(store, { serverUrl: creds.serverUrl, deviceToken: creds.deviceToken });
    expect(r.ok).toBe(true);
  });

  it('a cursor ahead of the server (restored from a backup) starts the pull over', async () => {
    const E = await desktop(h.org.townA);
    const r1 = await runSyncRound(E.store, { serverUrl: h.url, deviceToken: E.token, verify: true });
    expect(r1.checksumsVerified).toBe(true);
    E.store.db.prepare("UPDATE settings SET value = ? WHERE key = 'sync.cursor'").run(JSON.stringify('s999999999'));
    const r2 = await runSyncRound(E.store, { serverUrl: h.url, deviceToken: E.token });
    expect(r2.ok).toBe(true);
    expect(r2.restarted).toBe(true);
    expect(r2.checksumsVerified).toBe(true);
    expect(Number(String(r2.cursor).slice(1))).toBeLessThan(999999999);
  });

  it('the scheduler syncs in the background, backs off while offline and reports its status', async () => {
    const F = await desktop(h.org.townA);
    const statuses: Array<{ online: boolean; pending: number }> = [];
    const offline = new SyncScheduler(F.store, { serverUrl: 'http://127.0.0.1:1', deviceToken: F.token, timeoutMs: 1000 }, { intervalMs: 60_000, random: () => 0.5, onStatus: (st) => statuses.push({ online: st.online, pending: st.pending }) });
    const delays: number[] = [];
    for (let i = 0; i < 4; i++) {
      const r = await offline.syncNow();
      expect(r.failure).toBe('offline');
      delays.push(offline.nextDelay());
    }
    offline.stop();
    expect(delays).toEqual([2000, 4000, 8000, 16000]);
    expect(offline.status.online).toBe(false);
    const online = new SyncScheduler(F.store, { serverUrl: h.url, deviceToken: F.token }, { intervalMs: 60_000 });
    const ok = await online.syncNow();
    online.stop();
    expect(ok.ok).toBe(true);
    expect(online.status).toMatchObject({ online: true, pending: 0, running: false });
    expect(online.nextDelay()).toBe(60_000);
    expect(statuses.some((x) => x.online === false)).toBe(true);
  });

  it('a revoked or offline server is reported, and the outbox stays pending', async () => {
    const D = await desktop(h.org.townA);
    const off = await runSyncRound(D.store, { serverUrl: 'http://127.0.0.1:1', deviceToken: D.token, timeoutMs: 2000 });
    expect(off.ok).toBe(false);
    expect(off.failure).toBe('offline');
    expect(off.message).toContain('无法连接');
    const bad = await runSyncRound(D.store, { serverUrl: h.url, deviceToken: 'dvt_notavalidtokenatallxxxxxxxxxxxx' });
    expect(bad.failure).toBe('unauthorized');
  });

  it('a desktop killed with -9 while applying pages resumes with no cursor ahead of its data', async () => {
    // Enough rows for a pull of many small pages.
    const seedDev = await enrollDevice(h, h.org.townB);
    const w = new Wire(h.url, seedDev.deviceToken, h.org.users.clerkB, h.org.townB);
    const ap = applicantRow(h.org.townB);
    const ops = [w.op({ kind: 'insert', entity: 'applicants', entityId: ap.id as string, payload: ap })];
    for (let i = 0; i < 1500; i++) {
      const c = desktopCaseRow(h.org.townB, ap.id as string, { subject: `批量 ${i}` });
      ops.push(w.op({ kind: 'insert', entity: 'cases', entityId: c.id as string, payload: c }));
    }
    for (let i = 0; i < ops.length; i += 500) expect((await w.push(ops.slice(i, i + 500))).status).toBe(200);

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'daiban-desk-kill-'));
    dirs.push(dir);
    openStore(dir).close(); // migrate first
    const dev = await enrollDevice(h, h.org.townB);
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'desktop-child.ts'), dir, h.url, dev.deviceToken], {
      cwd: path.resolve(import.meta.dirname, '../../..'),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    // Kill it once it has applied some pages but not all.
    await new Promise<void>((resolve, reject) => {
      const timer = setInterval(() => {
        if (/page \d+/.test(out) && (out.match(/page/g)?.length ?? 0) >= 3) {
          clearInterval(timer);
          child.kill('SIGKILL');
          resolve();
        }
      }, 5);
      child.on('exit', () => {
        clearInterval(timer);
        reject(new Error(`child finished before it could be killed: ${out}`));
      });
    });
    await new Promise((r) => child.once('exit', r));
    const store = openStore(dir);
    stores.push(store);
    // Whatever the cursor says was applied, is there: every synced row is present, with its
    // sequence, and counted in the checksums committed with it (a fresh desktop loads in bulk).
    expect(store.db.prepare("SELECT value FROM settings WHERE key = 'sync.bulkLoad'").pluck().get()).toContain('"phase":"load"');
    const applied = store.db.prepare("SELECT count FROM sync_checksums WHERE entity = 'cases'").pluck().get() as number;
    const present = store.db.prepare('SELECT count(*) FROM cases WHERE server_seq IS NOT NULL').pluck().get() as number;
    expect(present).toBe(store.db.prepare('SELECT count(*) FROM cases').pluck().get());
    expect(applied).toBe(present);
    expect(present).toBeLessThan(1500);
    const r = await runSyncRound(store, { serverUrl: h.url, deviceToken: dev.deviceToken, verify: true });
    expect(r.ok).toBe(true);
    expect(r.checksumsVerified).toBe(true);
    expect(store.db.prepare("SELECT count(*) FROM cases WHERE subject LIKE '批量 %'").pluck().get()).toBe(1500);
  }, 120_000);
});
