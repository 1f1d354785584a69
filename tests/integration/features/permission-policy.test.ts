// The one permission policy, walked name by name and role by role: the registry (what the
// contract lets through), the services behind it (called directly, without the registry) and the
// renderer's buttons must give the policy's answer for every contract name and every role.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_NAMES, contract, type ApiName } from '../../../src/shared/api/index.js';
import { ROLES, type Role } from '../../../src/shared/domain/enums.js';
import { POLICY, mayUse, refusalOf, whoVerdict } from '../../../src/shared/policy/index.js';
import { createBackend, type Backend } from '../../../src/main/api/backend.js';
import { FEATURE_HANDLERS } from '../../../src/main/api/features.js';
import { toApiError } from '../../../src/main/api/errors.js';
import type { Connection, HandlerContext } from '../../../src/main/api/registry.js';
import type { BackendDeps } from '../../../src/main/api/backend.js';
import * as t from '../../../src/main/db/schema.js';
import { actorFor, sessionFor } from '../../../src/main/features/auth/service.js';
import { mayCall } from '../../../src/renderer/lib/access.js';
import { registerCase } from '../../../src/main/features/intake/service.js';
import { enterpriseApplicant, makeWorld, type StaffKey } from '../../helpers/fixtures.js';

const ROLE_USERS: Record<Role, StaffKey> = { clerk: 'clerk', agent: 'agent', leader: 'leader', admin: 'admin' };
const HANDLERS = new Map(FEATURE_HANDLERS.flatMap(([, map]) => Object.entries(map)));

let dir: string;
let backend: Backend;
let connectionOf: (role: Role | null) => Connection;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'daiban-policy-'));
  const w = makeWorld(dir);
  w.store.close();
  backend = createBackend({ dataDir: dir, clock: w.clock, log: () => undefined, sync: false, dailyBackup: false });
  const store = backend.deps.store;
  connectionOf = (role) => {
    if (!role) return { session: null, lastSeen: 0 };
    const row = store.orm.select().from(t.users).all().find((u) => u.username === ROLE_USERS[role])!;
    expect(row.roles).toEqual([role]);
    return { session: sessionFor(store, row), lastSeen: 0, actor: actorFor(row) };
  };
});

afterAll(() => {
  backend?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const ROLE_CODES = ROLES.codes as readonly Role[];
/** Calls that do real work on empty input (a backup, a sync round): only their refusals are walked. */
const SIDE_EFFECTS_ON_EMPTY_INPUT = new Set<ApiName>(['backup.now', 'sync.now']);

describe('the permission policy', () => {
  it('has an entry for every contract name, and the policy only (no role lists in the contract)', () => {
    expect(Object.keys(POLICY).sort()).toEqual([...API_NAMES].sort());
  });

  it('the registry answers as the policy does, for every name and role', async () => {
    const disagreements: string[] = [];
    for (const name of API_NAMES) {
      for (const role of [...ROLE_CODES, null]) {
        const expected = whoVerdict(POLICY[name].who, role ? [role] : null);
        // Empty input: an allowed call stops at validation (or is a harmless read); a refused one never gets there.
        if (SIDE_EFFECTS_ON_EMPTY_INPUT.has(name) && expected === 'ok') continue;
        const r = await backend.registry.dispatch(name, {}, connectionOf(role));
        const got = r.ok ? 'ok' : r.error.code === 'forbidden' && r.error.message === refusalOf(name) ? 'forbidden' : r.error.code === 'unauthenticated' ? 'unauthenticated' : 'ok';
        if (got !== expected) disagreements.push(`${name} × ${role ?? '未登录'}: policy ${expected}, registry ${got}${r.ok ? '' : ` (${r.error.message})`}`);
      }
    }
    expect(disagreements).toEqual([]);
  });

  it('every service checks the same rule: called without the registry, a refused role is refused by the service itself', async () => {
    const disagreements: string[] = [];
    const guarded = API_NAMES.filter((n) => Array.isArray(POLICY[n].who));
    expect(guarded.length).toBeGreaterThan(50);
    for (const name of guarded) {
      const fn = HANDLERS.get(name) as ((input: unknown, ctx: HandlerContext<BackendDeps>) => unknown) | undefined;
      expect(fn, `${name} has no handler`).toBeTypeOf('function');
      for (const role of ROLE_CODES) {
        const connection = connectionOf(role);
        const ctx: HandlerContext<BackendDeps> = {
          deps: backend.deps,
          connection,
          user: () => connection.session!,
          setSession: () => undefined,
        };
        const allowed = mayUse(name, [role]);
        let refusal: string | null = null;
        try {
          // Inputs that do not parse: an allowed role fails later (not found, bad input); a refused one must be stopped first.
          await fn!({ caseId: 'policy-walk-missing', id: 'policy-walk-missing' }, ctx);
        } catch (e) {
          const api = toApiError(e, () => undefined, name);
          if (api.code === 'forbidden' && api.message.startsWith('您的角色无权')) refusal = api.message;
        }
        if (allowed && refusal) disagreements.push(`${name} × ${role}: policy allows, service refuses (${refusal})`);
        if (!allowed && refusal !== refusalOf(name)) disagreements.push(`${name} × ${role}: policy refuses, service ${refusal ? `refuses differently (${refusal})` : 'does not refuse'}`);
      }
    }
    expect(disagreements).toEqual([]);
  });

  it("on a case's data, every use case asks whose case it is: a clerk of another county is refused, the case's own clerk is not, and nothing is written", async () => {
    const store = backend.deps.store;
    const w = { store, ctx: (username: StaffKey) => ({ store, actor: actorFor(store.orm.select().from(t.users).all().find((u) => u.username === username)!) }) };
    const caseId = registerCase(w.ctx('clerk'), {
      channel: 'counter', mode: 'proxy', helpKind: null, applicant: enterpriseApplicant(), summary: '新建厂房全流程代办',
      project: { name: '闽江智造产业园一期厂房', category: 'social' },
    } as Parameters<typeof registerCase>[1]).caseId;
    const takesCaseId = API_NAMES.filter((n) => POLICY[n].data === 'case' && (contract[n].input.safeParse({}).error?.issues ?? []).some((i) => i.path[0] === 'caseId'));
    expect(takesCaseId.length).toBeGreaterThan(15);
    const outsider = { session: null, lastSeen: 0, actor: w.ctx('otherClerk').actor } as Connection;
    const insider = { session: null, lastSeen: 0, actor: w.ctx('clerk').actor } as Connection;
    const written = () => store.db.prepare('SELECT (SELECT count(*) FROM outbox) + (SELECT count(*) FROM audit_events)').pluck().get();
    const refusals: string[] = [];
    for (const name of takesCaseId) {
      for (const [who, connection] of [['outsider', outsider], ['insider', insider]] as const) {
        const row = store.orm.select().from(t.users).all().find((u) => u.id === (connection.actor as { userId: string }).userId)!;
        connection.session = sessionFor(store, row);
        if (!mayUse(name, row.roles)) continue;
        const ctx: HandlerContext<BackendDeps> = { deps: backend.deps, connection, user: () => connection.session!, setSession: () => undefined };
        const before = written();
        let message = '';
        try {
          // The case is real, the rest of the input is not: whose case it is must be asked first.
          await (HANDLERS.get(name) as (i: unknown, c: typeof ctx) => unknown)({ caseId, id: caseId, name: '扫描件.pdf', mime: 'application/pdf', dataBase64: 'JVBERi0xLjQK' }, ctx);
        } catch (e) {
          message = toApiError(e, () => undefined, name).message;
        }
        const refused = message === '该案卷不属于您所在机构的办理范围';
        if (who === 'outsider' && !refused) refusals.push(`${name}: another county's clerk was not refused (${message || 'it ran'})`);
        if (who === 'outsider') expect(written(), name).toBe(before);
        if (who === 'insider' && refused) refusals.push(`${name}: the case's own clerk was refused`);
      }
    }
    expect(refusals).toEqual([]);
  });

  it('the renderer shows a button exactly when the policy allows the call', () => {
    for (const name of API_NAMES) {
      for (const role of ROLE_CODES) expect(mayCall(name, { roles: [role] }), `${name} × ${role}`).toBe(whoVerdict(POLICY[name].who, [role]) === 'ok');
      expect(mayCall(name, null)).toBe(POLICY[name].who === 'public');
    }
    // A clerk who is also an agent may do what either may.
    expect(mayCall('case.regenerateToken', { roles: ['clerk', 'agent'] })).toBe(true);
    expect(mayCall('case.regenerateToken', { roles: ['clerk'] })).toBe(false);
  });

  it('leaders read and supervise: they review admissions and assign, but write no case records', () => {
    const leader: Role[] = ['leader'];
    for (const name of ['project.review', 'project.confirmRefusal', 'case.assign', 'admission.queue', 'audit.list', 'sync.resolveConflict', 'case.get', 'print.weekly'] as const) expect(mayUse(name, leader), name).toBe(true);
    for (const name of ['problem.add', 'problem.resolve', 'progress.add', 'evaluation.add', 'callback.add', 'rectification.add', 'case.close', 'case.action', 'case.reveal'] as const) expect(mayUse(name, leader), name).toBe(false);
  });
});
