import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { contract, createApiClient, defineContract, mergeContracts, out, ApiCallError } from '../../../src/shared/api/index';
import type { SessionUser } from '../../../src/shared/api/index';
import { createRegistry, defineHandlers } from '../../../src/main/api/registry';
import type { Connection } from '../../../src/main/api/registry';
import { HandlerError, toApiError } from '../../../src/main/api/errors';
import { POLICY, permissionOf } from '../../../src/shared/policy/index';

const clerk: SessionUser = { userId: 'u1', username: 'clerk', displayName: '王窗口', role: 'clerk', roles: ['clerk'], orgUnitId: 'o1', orgUnitName: '城关镇便民服务中心', orgLevel: 'township' };
const conn = (session: SessionUser | null = clerk): Connection => ({ session, lastSeen: 0 });

describe('contract', () => {
  it('has unique, namespaced names with schemas, each with an entry in the permission policy', () => {
    const names = Object.keys(contract);
    expect(names.length).toBeGreaterThan(40);
    for (const name of names) {
      expect(name).toMatch(/^[a-zA-Z]+\.[a-zA-Z]+$/);
      const e = (contract as Record<string, { input: z.ZodType }>)[name]!;
      expect(typeof e.input.safeParse).toBe('function');
      const p = permissionOf(name);
      expect(p, `${name} has no entry in src/shared/policy/permissions.ts`).toBeDefined();
      expect(p!.who === 'public' || p!.who === 'session' || Array.isArray(p!.who)).toBe(true);
    }
    // and the policy names nothing the contract lacks
    expect(Object.keys(POLICY).sort()).toEqual([...names].sort());
    // only the first-start requests (first admin, demo, joining the centre — each refused once the
    // folder holds staff) and login are public
    const publicNames = names.filter((n) => permissionOf(n)!.who === 'public').sort();
    expect(publicNames).toEqual(['auth.loadDemo', 'auth.login', 'auth.logout', 'auth.setup', 'auth.status', 'sync.join']);
  });

  it('refuses a name defined twice when merging feature contracts', () => {
    const a = defineContract({ 'x.one': { input: z.object({}), output: out<number>() } });
    const b = defineContract({ 'x.one': { input: z.object({}), output: out<string>() } });
    expect(() => mergeContracts(a, b)).toThrow(/x\.one.*twice/);
  });
});

describe('registry', () => {
  it('fails at start-up on duplicate or unknown handler names', () => {
    const reg = createRegistry({});
    reg.register({ 'sync.status': () => ({ state: 'notConfigured', pendingChanges: 0, lastSyncAt: null, message: null, load: null }) }, 'sync');
    expect(() => reg.register({ 'sync.status': () => ({ state: 'online', pendingChanges: 0, lastSyncAt: null, message: null, load: null }) }, 'other')).toThrow(/registered twice: by sync and by other/);
    expect(() => reg.register({ 'nope.never': () => 1 } as never, 'x')).toThrow(/not in the contract/);
    expect(reg.registered()).toEqual(['sync.status']);
    expect(reg.missing()).toContain('case.get');
  });

  it('parses input with the zod schema and returns Chinese field errors without calling the handler', async () => {
    let calls = 0;
    const reg = createRegistry({});
    reg.register(defineHandlers<object>()({ 'progress.add': () => { calls++; return { id: 'p1' }; } }));
    const bad = await reg.dispatch('progress.add', { caseId: 'c1', kind: 'phone', text: '', hours: -1 }, conn());
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.error.code).toBe('validation');
    expect(bad.error.fieldErrors?.text).toMatch(/进度内容/);
    expect(bad.error.fieldErrors?.hours).toBe('工时不能为负数');
    expect(calls).toBe(0);
    const good = await reg.dispatch('progress.add', { caseId: 'c1', kind: 'phone', text: '  电话联系   企业 ', hours: '1.5' }, conn());
    expect(good).toEqual({ ok: true, data: { id: 'p1' } });
    expect(calls).toBe(1);
  });

  it('passes the normalised, parsed input to the handler', async () => {
    let seen: unknown;
    const reg = createRegistry({});
    reg.register({ 'applicant.search': (input) => { seen = input; return []; } });
    await reg.dispatch('applicant.search', { q: '  福州  ' }, conn());
    expect(seen).toEqual({ q: '福州' });
  });

  it('checks the session and the role before anything else', async () => {
    let calls = 0;
    const reg = createRegistry({});
    reg.register({ 'user.list': () => { calls++; return []; } });
    const anon = await reg.dispatch('user.list', {}, conn(null));
    expect(anon).toMatchObject({ ok: false, error: { code: 'unauthenticated', message: '登录已失效，请重新登录' } });
    const forbidden = await reg.dispatch('user.list', {}, conn(clerk));
    expect(forbidden).toMatchObject({ ok: false, error: { code: 'forbidden', message: '您的角色无权管理工作人员' } });
    const ok = await reg.dispatch('user.list', {}, conn({ ...clerk, role: 'admin', roles: ['admin'] }));
    expect(ok.ok).toBe(true);
    // any of a user's roles counts, not only the first one
    const second = await reg.dispatch('user.list', {}, conn({ ...clerk, roles: ['clerk', 'admin'] }));
    expect(second.ok).toBe(true);
    expect(calls).toBe(2);
  });

  it('answers unknown names and unregistered entries with typed errors', async () => {
    const reg = createRegistry({});
    expect(await reg.dispatch('__proto__', {}, conn())).toMatchObject({ ok: false, error: { code: 'unknownRequest' } });
    expect(await reg.dispatch('case.get', { id: 'x' }, conn())).toMatchObject({ ok: false, error: { code: 'unavailable', message: '此功能尚未就绪' } });
  });

  it('maps thrown domain errors to typed Chinese errors and hides internal ones', async () => {
    const logged: unknown[] = [];
    const reg = createRegistry({}, { log: (e) => logged.push(e) });
    class DomainError extends Error { constructor(public code: string, m: string) { super(m); this.name = 'DomainError'; } }
    reg.register({
      'case.get': () => { throw new DomainError('NOT_FOUND', '案卷不存在'); },
      'case.close': () => { throw new DomainError('INVALID_TRANSITION', '已办结的案卷不能再次结案'); },
      'case.assign': () => { throw new Error('SQLITE_IOERR: disk I/O error at /secret/path'); },
      'progress.add': () => { throw new HandlerError('conflict', '记录已被修改', { text: '请刷新' }); },
    });
    expect(await reg.dispatch('case.get', { id: 'x' }, conn())).toEqual({ ok: false, error: { code: 'notFound', message: '案卷不存在' } });
    expect(await reg.dispatch('case.close', { caseId: 'x', outcome: 'completed', reason: '事项全部办结' }, conn())).toEqual({ ok: false, error: { code: 'rule', message: '已办结的案卷不能再次结案' } });
    const internal = await reg.dispatch('case.assign', { caseId: 'x', agentId: 'a' }, conn());
    expect(internal).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(JSON.stringify(internal)).not.toContain('/secret/path');
    expect(logged).toHaveLength(1);
    expect(await reg.dispatch('progress.add', { caseId: 'c', kind: 'note', text: '内容', hours: 0 }, conn())).toEqual({ ok: false, error: { code: 'conflict', message: '记录已被修改', fieldErrors: { text: '请刷新' } } });
  });

  it('maps a SQLite unique violation and a thrown ZodError', () => {
    expect(toApiError(Object.assign(new Error('UNIQUE constraint failed'), { code: 'SQLITE_CONSTRAINT_UNIQUE' }))).toEqual({ code: 'conflict', message: '该记录已存在，不能重复登记' });
    const zerr = z.object({ a: z.string() }).safeParse({ a: 1 });
    expect(zerr.success).toBe(false);
    if (!zerr.success) expect(toApiError(zerr.error)).toMatchObject({ code: 'validation', fieldErrors: { a: '应为文本' } });
  });

  it('lets login handlers set the connection session', async () => {
    const reg = createRegistry({});
    reg.register({ 'auth.login': (_i, ctx) => { ctx.setSession(clerk); return clerk; } });
    const c = conn(null);
    await reg.dispatch('auth.login', { username: 'clerk', password: 'x' }, c);
    expect(c.session?.userId).toBe('u1');
  });
});

describe('client', () => {
  it('round-trips through a transport and throws ApiCallError with the Chinese message', async () => {
    const reg = createRegistry({});
    reg.register({ 'applicant.search': (i) => [{ id: '1', kind: 'person', name: i.q, idNumber: null, uscc: null, legalRepresentative: null, contactName: null, contactIdNumber: null, contactPhone: null }] });
    const c = conn();
    const api = createApiClient((name, input) => reg.dispatch(name, JSON.parse(JSON.stringify(input)), c));
    const rows = await api.call('applicant.search', { q: '李四' });
    expect(rows[0]?.name).toBe('李四');
    const err = await api.call('applicant.search', { q: '' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiCallError);
    expect((err as ApiCallError).code).toBe('validation');
    expect((err as ApiCallError).fieldErrors.q).toBe('请输入关键词');
    const down = await createApiClient(() => Promise.reject(new Error('socket closed'))).call('sync.status').catch((e: unknown) => e);
    expect((down as ApiCallError).apiError).toMatchObject({ code: 'unavailable' });
  });
});
