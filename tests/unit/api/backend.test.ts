// The whole backend behind the contract on a real SQLite data folder: every entry has a handler
// (one named exception), sessions are per connection, roles are enforced, a bad input changes
// nothing, and a case travels intake → plan → progress → transfer → accept between two offices.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBackend } from '../../../src/main/api/backend';
import { saveDeviceCredentials } from '../../../src/main/sync/index';
import type { Backend } from '../../../src/main/api/backend';
import { usccCheckChar } from '../../../src/shared/domain/validators';
import type { ApiResult } from '../../../src/shared/api/errors';

const PASSWORD = 'Counter2026';
const USCC = '91350102MA2Y3B4C5' + usccCheckChar('91350102MA2Y3B4C5');

describe('backend through the contract', () => {
  let dir: string;
  let b: Backend;
  const call = async <T = Record<string, unknown>>(conn: string, name: string, input: unknown = {}): Promise<T> => {
    const r = await b.dispatch(conn, name, input);
    if (!r.ok) throw Object.assign(new Error(`${name}: ${r.error.message}`), { apiError: r.error });
    return r.data as T;
  };
  const fail = async (conn: string, name: string, input: unknown) => {
    const r: ApiResult<unknown> = await b.dispatch(conn, name, input);
    expect(r.ok, `${name} should be refused`).toBe(false);
    return (r as { ok: false; error: { code: string; message: string; fieldErrors?: Record<string, string> } }).error;
  };
  let countyId = '';
  let townId = '';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'daiban-backend-'));
    b = createBackend({ dataDir: dir });
    await call('admin', 'auth.setup', { orgUnitName: '闽清县政务服务中心', orgLevel: 'county', orgCode: '350124', username: 'admin', displayName: '林管理', password: PASSWORD });
    countyId = ((await call('admin', 'auth.status')).session as { orgUnitId: string }).orgUnitId;
    townId = (await call<{ id: string }>('admin', 'orgUnit.create', { name: '梅城镇便民服务中心', level: 'township', parentId: countyId })).id;
    await call('admin', 'user.create', { username: 'chen', displayName: '陈窗口', role: 'clerk', orgUnitId: townId, password: PASSWORD });
    await call('admin', 'user.create', { username: 'huang', displayName: '黄县窗口', role: 'clerk', orgUnitId: countyId, password: PASSWORD });
    await call('town', 'auth.login', { username: 'chen', password: PASSWORD });
    await call('county', 'auth.login', { username: 'huang', password: PASSWORD });
  });
  afterAll(() => {
    b.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('has a handler for every contract entry', () => {
    expect(b.registry.missing()).toEqual([]);
  });

  it('keeps sessions per connection and enforces roles', async () => {
    expect((await call('town', 'auth.status')).session).toMatchObject({ username: 'chen', role: 'clerk' });
    expect((await call('stranger', 'auth.status')).session).toBeNull();
    expect(await fail('stranger', 'dashboard.get', {})).toMatchObject({ code: 'unauthenticated' });
    expect(await fail('town', 'user.list', {})).toMatchObject({ code: 'forbidden' });
    expect(await fail('stranger', 'auth.login', { username: 'chen', password: 'nope' })).toMatchObject({ code: 'unauthenticated', message: expect.stringContaining('用户名或密码错误') });
  });

  it('refuses bad intake input field by field and writes nothing', async () => {
    const before = (await call<{ total: number }>('town', 'case.list', { scope: 'office' })).total;
    const err = await fail('town', 'intake.register', {
      channel: 'counter', mode: 'proxy', summary: '办理厂房项目',
      applicant: { kind: 'enterprise', name: '榕光机械', uscc: '91350102MA2Y3B4C5Z', contactName: '刘晓梅', contactPhone: '1390591' },
      project: { name: '厂房', category: 'social', code: '2026-1' },
    });
    expect(err.code).toBe('validation');
    expect(err.fieldErrors?.['applicant.uscc']).toMatch(/统一社会信用代码/);
    expect(err.fieldErrors?.['applicant.contactPhone']).toMatch(/手机号|电话/);
    expect(err.fieldErrors?.['project.code']).toMatch(/项目代码/);
    expect((await call<{ total: number }>('town', 'case.list', { scope: 'office' })).total).toBe(before);
  });

  it('carries a case from the township counter to the county', async () => {
    const { caseId, caseNo } = await call<{ caseId: string; caseNo: string }>('town', 'intake.register', {
      channel: 'counter', mode: 'proxy', summary: '新建厂房项目，申请全程代办',
      applicant: { kind: 'enterprise', name: '福州闽清榕光机械制造有限公司', uscc: USCC, contactName: '刘晓梅', contactPhone: '13905917788' },
      project: { name: '榕光机械厂房建设项目', category: 'social', code: '2026-350124-34-03-001234' },
    });
    expect(caseNo).toBeTruthy();
    const templates = await call<Array<{ id: string; name: string }>>('town', 'planTemplate.list');
    await call('town', 'entrustment.create', { caseId, kind: 'agreement', scope: '全程代办', termEnd: '2026-12-31', authorizedPerson: '王代办' });
    expect(await fail('town', 'case.action', { caseId, action: 'entrust' })).toMatchObject({ code: 'rule', message: '须先签署代办委托协议，才能转为已委托' });
    expect(await fail('town', 'case.action', { caseId, action: 'fly' })).toMatchObject({ code: 'validation' });
    await call('town', 'plan.create', { caseId, templateId: templates.find((t) => t.name.includes('工业'))!.id });
    expect((await fail('town', 'progress.add', { caseId, kind: 'phone', text: '好', hours: 1 })).fieldErrors?.text).toBe('进度内容至少2个字');
    await call('town', 'progress.add', { caseId, kind: 'phone', text: '电话告知补正材料', hours: 0.5 });
    const file = await call<{ plan: { items: unknown[] }; progress: Array<{ text: string }>; entrustments: unknown[] }>('town', 'case.get', { id: caseId });
    expect(file.plan.items.length).toBeGreaterThan(5);
    expect(file.progress.map((p) => p.text)).toEqual(['电话告知补正材料']);
    expect(file.entrustments).toHaveLength(1);

    expect((await fail('town', 'transfer.send', { caseId, kind: 'down', reason: '请县中心接办' })).fieldErrors?.toOrgUnitId).toBeTruthy();
    const { id: transferId } = await call<{ id: string }>('town', 'transfer.send', { caseId, kind: 'down', toOrgUnitId: countyId, reason: '涉及县级用地规划许可，请县中心接办' });
    expect(await fail('town', 'transfer.accept', { transferId })).toMatchObject({ code: 'forbidden' });
    const inbox = await call<Array<{ id: string; status: string }>>('county', 'transfer.inbox', { status: 'sent' });
    expect(inbox.map((t) => t.id)).toContain(transferId);
    await call('county', 'transfer.accept', { transferId });
    const after = await call<{ transfers: Array<{ status: string }> }>('county', 'case.get', { id: caseId });
    expect(after.transfers.map((t) => t.status)).toEqual(['accepted']);
    const hits = await call<{ cases: Array<{ id: string }> }>('county', 'search.query', { q: '榕光' });
    expect(hits.cases.map((c) => c.id)).toContain(caseId);
  });
});

describe('sync status for the status strip', () => {
  it('is standalone without enrolment, and offline when the server cannot be reached', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'daiban-sync-status-'));
    try {
      const first = createBackend({ dataDir: dir });
      expect(first.deps.sync.status()).toEqual({ state: 'notConfigured', pendingChanges: 0, lastSyncAt: null, message: null, load: null });
      first.close();
      // What `daiban sync --enroll` saves; port 9 (discard) answers nobody.
      saveDeviceCredentials(dir, { serverUrl: 'http://127.0.0.1:9', deviceId: 'd1', deviceToken: 'dvt_token', orgUnitId: 'o1', expiresAt: null });
      const b = createBackend({ dataDir: dir });
      try {
        await expect.poll(() => b.deps.sync.status().state, { timeout: 15_000 }).toBe('offline');
      } finally {
        b.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
