// Test harness for the sync server: a real server on 127.0.0.1 (PGlite by default, a fresh
// PostgreSQL database when DATABASE_URL is set), an org tree, users, enrolled devices, and a tiny
// HTTP client that opens a new connection per request (so a fault proxy can act per request).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import crypto from 'node:crypto';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import pg from 'pg';
import { createServer } from '../../../src/server/app';
import type { CreateServerOptions, DaibanServer } from '../../../src/server/app';
import { publishReference } from '../../../src/server/sync/publish';
import { hashPassword } from '../../../src/server/auth/crypto';
import { versionHeaders } from '../../../src/shared/sync/versions';
import type { ClientVersions } from '../../../src/shared/sync/versions';
import type { Change, OpResult, PullResponse, SyncOp } from '../../../src/shared/sync/protocol';
import { uuidv7 } from '../../../src/shared/ids';

export interface TestDb {
  databaseUrl?: string;
  drop(): Promise<void>;
}

/** A fresh database: a new PostgreSQL database when DATABASE_URL is set, else nothing (PGlite). */
export async function freshDatabase(base: string | undefined = process.env.DATABASE_URL): Promise<TestDb> {
  if (!base) return { drop: async () => undefined };
  const name = `daiban_test_${crypto.randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    databaseUrl: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** A PostgreSQL server URL for tests that need real crash recovery: DATABASE_URL, else the local default if it answers. */
export async function postgresForCrashTests(): Promise<string | undefined> {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  const url = 'postgres://postgres@127.0.0.1:5432/test';
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    await c.end();
    return url;
  } catch {
    return undefined;
  }
}

export class TestClock {
  constructor(public ms = Date.parse('2026-03-02T02:00:00Z')) {}
  now = (): Date => new Date(this.ms);
  advance(ms: number): void {
    this.ms += ms;
  }
}

export interface Org {
  city: string;
  county: string;
  townA: string;
  townB: string;
  users: { admin: string; clerkA: string; agentA: string; clerkB: string; leaderA: string; agentCounty: string };
}

export interface Harness {
  server: DaibanServer;
  url: string;
  port: number;
  clock: TestClock;
  dataDir: string;
  org: Org;
  adminToken: string;
  databaseUrl?: string;
  /** Stop the in-process server but keep its database and data folder (for a server process to take over). */
  stopServer(): Promise<void>;
  close(): Promise<void>;
}

export const PASSWORD = 'pass-word-123';

export async function startHarness(opts: Partial<CreateServerOptions> = {}): Promise<Harness> {
  const db = await freshDatabase();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'daiban-sync-'));
  const clock = new TestClock();
  // Tests and benches enrol many desktops from one address: the per-address budget is lifted here
  // (tests/integration/sync/hostile-admin.test.ts checks the default).
  const server = await createServer({ databaseUrl: db.databaseUrl, dataDir, clock: clock.now, logger: false, ...opts, options: { authRequestsPerMinute: 100_000, ...opts.options } });
  const port = await server.listen(0);
  const url = `http://127.0.0.1:${port}`;
  const org = await seedOrg(server);
  const login = await request(url, 'POST', '/admin/login', { username: 'admin', password: PASSWORD });
  if (login.status !== 200) throw new Error(`admin login failed: ${JSON.stringify(login.body)}`);
  return {
    server,
    url,
    port,
    clock,
    dataDir,
    org,
    adminToken: (login.body as { token: string }).token,
    databaseUrl: db.databaseUrl,
    async stopServer() {
      await server.close();
    },
    async close() {
      await server.close();
      await db.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function seedOrg(server: DaibanServer): Promise<Org> {
  const ctx = server.ctx;
  const now = ctx.clock().toISOString();
  const base = { createdAt: now, updatedAt: now, deletedAt: null };
  const id = () => uuidv7();
  const org = { city: id(), county: id(), townA: id(), townB: id() };
  await publishReference(ctx, 'orgUnits', [
    { id: org.city, code: '350100', name: '福州市', level: 'city', parentId: null, officeName: '市代办中心', ...base },
    { id: org.county, code: '350102', name: '鼓楼区', level: 'county', parentId: org.city, officeName: '区代办中心', ...base },
    { id: org.townA, code: '350102001', name: '鼓东街道', level: 'township', parentId: org.county, officeName: '鼓东便民服务中心', ...base },
    { id: org.townB, code: '350102002', name: '鼓西街道', level: 'township', parentId: org.county, officeName: '鼓西便民服务中心', ...base },
  ]);
  const hash = hashPassword(PASSWORD);
  const users = { admin: id(), clerkA: id(), agentA: id(), clerkB: id(), leaderA: id(), agentCounty: id() };
  const u = (uid: string, username: string, orgUnitId: string, roles: string[]) => ({
    id: uid, username, displayName: username, orgUnitId, roles, passwordHash: hash, active: true, phone: '', ...base,
  });
  await publishReference(ctx, 'users', [
    u(users.admin, 'admin', org.city, ['admin']),
    u(users.clerkA, 'clerkA', org.townA, ['clerk']),
    u(users.agentA, 'agentA', org.townA, ['agent']),
    u(users.clerkB, 'clerkB', org.townB, ['clerk', 'agent']),
    u(users.leaderA, 'leaderA', org.townA, ['leader']),
    u(users.agentCounty, 'agentCounty', org.county, ['agent']),
  ]);
  return { ...org, users };
}

export interface Res {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: unknown;
  raw: Buffer;
}

/** One HTTP request on a fresh connection (agent: false). */
export function request(base: string, method: string, p: string, body?: unknown, headers: Record<string, string> = {}): Promise<Res> {
  const u = new URL(p, base);
  const payload = body === undefined ? undefined : Buffer.isBuffer(body) ? body : Buffer.from(JSON.stringify(body));
  const hdrs: Record<string, string> = { ...headers };
  if (payload && !Buffer.isBuffer(body)) hdrs['content-type'] = 'application/json';
  if (payload) hdrs['content-length'] = String(payload.length);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: u.hostname, port: u.port, path: u.pathname + u.search, method, headers: hdrs, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('aborted', () => reject(new Error('response aborted')));
      res.on('end', () => {
        const raw = Buffer.concat(chunks);
        let parsed: unknown = raw.toString('utf8');
        if (String(res.headers['content-type'] ?? '').includes('json')) {
          try {
            parsed = JSON.parse(raw.toString('utf8'));
          } catch {
            /* keep text */
          }
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: parsed, raw });
      });
    });
    req.on('error', reject);
    req.setTimeout(30_000, () => req.destroy(new Error('timeout')));
    if (payload) req.write(payload);
    req.end();
  });
}

export async function enrollDevice(h: Harness, orgUnitId: string, name = '测试终端'): Promise<{ deviceId: string; deviceToken: string }> {
  const c = await request(h.url, 'POST', '/admin/enrollment-codes', { orgUnitId }, { authorization: `Bearer ${h.adminToken}` });
  if (c.status !== 200) throw new Error(`code failed ${JSON.stringify(c.body)}`);
  const e = await request(h.url, 'POST', '/enroll', { code: (c.body as { code: string }).code, deviceName: name }, versionHeaders());
  if (e.status !== 200) throw new Error(`enroll failed ${JSON.stringify(e.body)}`);
  return e.body as { deviceId: string; deviceToken: string };
}

type DistOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** A simulated desktop speaking the wire protocol directly (its own outbox counter and cursor). */
export class Wire {
  seq = 0;
  cursor: string | null = null;
  rows = new Map<string, Change>();
  constructor(
    public base: string,
    public token: string,
    public userId: string,
    public orgUnitId: string,
    public versions?: ClientVersions,
  ) {}

  headers(): Record<string, string> {
    return { ...versionHeaders(this.versions), authorization: `Bearer ${this.token}` };
  }

  op(partial: DistOmit<SyncOp, 'clientSeq' | 'opId' | 'userId' | 'orgUnitId'> & Partial<Pick<SyncOp, 'userId' | 'createdAt'>>): SyncOp {
    this.seq += 1;
    return { clientSeq: this.seq, opId: uuidv7(), userId: this.userId, orgUnitId: this.orgUnitId, createdAt: new Date().toISOString(), ...partial } as SyncOp;
  }

  async push(ops: SyncOp[], base = this.base): Promise<Res & { results: OpResult[] }> {
    const r = await request(base, 'POST', '/sync/push', { ops }, this.headers());
    return { ...r, results: (r.body as { results?: OpResult[] }).results ?? [] };
  }

  async pullPage(body: Record<string, unknown> = {}, base = this.base): Promise<Res & { page: PullResponse }> {
    const r = await request(base, 'POST', '/sync/pull', { cursor: this.cursor, ...body }, this.headers());
    return { ...r, page: r.body as PullResponse };
  }

  /** Pull until done, keeping the latest version of every row; returns the last page's checksums. */
  async pullAll(limit = 1000): Promise<PullResponse['checksums']> {
    for (;;) {
      const r = await this.pullPage({ limit, checksums: true });
      if (r.status !== 200) throw new Error(`pull failed ${r.status} ${JSON.stringify(r.body)}`);
      for (const c of r.page.changes) this.rows.set(`${c.entity}/${c.id}`, c);
      this.cursor = r.page.cursor;
      if (!r.page.hasMore) return r.page.checksums;
    }
  }

  get(entity: string, id: string): Change | undefined {
    return this.rows.get(`${entity}/${id}`);
  }

  /** Checksums over what this simulated desktop holds, computed like a desktop would. */
  localChecksums(): Record<string, { count: number; hash: string }> {
    const acc: Record<string, { count: number; sum: number }> = {};
    for (const c of this.rows.values()) {
      const h = Number.parseInt(crypto.createHash('md5').update(`${c.entity}:${c.id}:${c.serverSeq}`).digest('hex').slice(0, 12), 16);
      const a = (acc[c.entity] ??= { count: 0, sum: 0 });
      a.count += 1;
      a.sum = (a.sum + h) % 2 ** 48;
    }
    return Object.fromEntries(Object.entries(acc).map(([k, v]) => [k, { count: v.count, hash: v.sum.toString(16).padStart(12, '0') }]));
  }
}

export async function wireFor(h: Harness, orgUnitId: string, userId: string): Promise<Wire> {
  const d = await enrollDevice(h, orgUnitId);
  return new Wire(h.url, d.deviceToken, userId, orgUnitId);
}

/** A case row as the desktop store writes it (every NOT NULL column); its applicant need not exist on the server. */
export function caseRow(orgUnitId: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const id = uuidv7();
  const now = new Date().toISOString();
  return {
    id, createdAt: now, updatedAt: now, deletedAt: null, caseNo: `GD-${id.slice(-6)}`, orgUnitId, handlingOrgUnitId: orgUnitId,
    applicantId: uuidv7(), projectId: null, channel: 'counter', mode: 'proxy', helpKind: null, status: 'accepted', subject: '测试办件',
    agentId: null, leaderId: null, publicToken: id.replace(/-/g, ''), acceptedDate: '2026-03-02', registeredBy: uuidv7(), ...extra,
  };
}

/** What each kind of case row needs besides its case (the desktop schema's NOT NULL columns without a default). */
const CHILD_DEFAULTS: Record<string, () => Record<string, unknown>> = {
  planItems: () => ({ catalogCode: 'C1', name: '事项', department: '自然资源局', stage: 1, parallelGroup: 1, sortOrder: 1, limitValue: 20, limitUnit: 'workdays', status: 'notStarted' }),
  progressEntries: () => ({ kind: 'phone', text: '电话跟进', hours: 0, occurredDate: '2026-03-02', authorId: uuidv7() }),
  materials: () => ({ name: '材料' }),
  attachments: () => ({ kind: 'scan', fileName: 'scan.pdf', mime: 'application/pdf', size: 1, sha256: '0'.repeat(64), addedBy: uuidv7() }),
  transfers: () => ({ kind: 'down', fromOrgUnitId: uuidv7(), toOrgUnitId: uuidv7(), status: 'sent', reason: '属地办理', sentBy: uuidv7(), sentAt: new Date().toISOString() }),
  problems: () => ({ department: '住建局', description: '问题', status: 'open', raisedBy: uuidv7(), raisedDate: '2026-03-02' }),
};

/** A row of a case (plan item, progress entry, material…) as the desktop store writes it. */
export function childRow(entity: keyof typeof CHILD_DEFAULTS, caseId: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const id = uuidv7();
  const now = new Date().toISOString();
  return { id, caseId, createdAt: now, updatedAt: now, deletedAt: null, ...CHILD_DEFAULTS[entity]?.(), ...extra };
}

// ---- the server as a child process (for kill -9 and two-servers tests) ----

export const ROOT_ADMIN = { username: 'root', password: 'root-pass-123' };

export interface ServerProcess {
  proc: ChildProcess;
  /** The bound port once the server printed its ready line; rejects if the process exits first. */
  ready: Promise<number>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Everything the process printed so far (stdout and stderr). */
  output(): string;
}

/** `src/server/index.ts` on DATA (PGlite unless databaseUrl), on any free port, with the root admin. */
export function spawnServerProcess(dataDir: string, databaseUrl?: string, opts: { logLevel?: 'warn' | 'info'; nodeArgs?: string[] } = {}): ServerProcess {
  const proc = spawn(
    process.execPath,
    [...(opts.nodeArgs ?? []), '--import', 'tsx', 'src/server/index.ts', '--port', '0', '--host', '127.0.0.1', '--data', dataDir, '--admin-user', ROOT_ADMIN.username, '--admin-password', ROOT_ADMIN.password, '--log-level', opts.logLevel ?? 'warn'],
    { cwd: path.resolve(import.meta.dirname, '../../..'), env: { ...process.env, DATABASE_URL: databaseUrl ?? '' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => proc.once('exit', (code, signal) => resolve({ code, signal })));
  const ready = new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 120_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => l.includes('"event":"ready"'));
      if (line) {
        clearTimeout(timer);
        resolve((JSON.parse(line) as { port: number }).port);
      }
    };
    proc.stdout?.on('data', onData);
    proc.stderr?.on('data', onData);
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code ?? signal}) before it was ready: ${out}`));
    });
  });
  ready.catch(() => undefined); // a test may only await `exited`
  return { proc, ready, exited, output: () => out };
}

/** Kill (default SIGTERM) and wait for the exit. */
export async function stopProcess(p: ServerProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (p.proc.exitCode === null && p.proc.signalCode === null) p.proc.kill(signal);
  await p.exited;
}
