// Finding 3 and the roles of finding 6, through the contract on a real data folder: the first
// admin's office gets the division code typed on the setup screen (cases are numbered with it),
// bad codes are refused in Chinese, an office can be corrected afterwards (audited as orgUnit.edit,
// existing case numbers untouched), and a user holding several roles may do what each allows.
import { afterEach, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../../src/main/api/backend';
import type { ApiResult } from '../../../src/shared/api/errors';
import { validateDivisionCode } from '../../../src/shared/domain/validators';
import { useTempDirs } from '../../helpers/temp-dir';
import { enterpriseApplicant } from '../../helpers/fixtures';

const tempDir = useTempDirs();
const PASSWORD = 'Guanli2026';
let backend: Backend | undefined;
afterEach(() => {
  backend?.close();
  backend = undefined;
});

function open() {
  const b = (backend = createBackend({ dataDir: tempDir() }));
  const dispatch = (conn: string, name: string, input: unknown = {}) => b.dispatch(conn, name, input) as Promise<ApiResult<Record<string, unknown>>>;
  const call = async <T = Record<string, unknown>>(conn: string, name: string, input: unknown = {}): Promise<T> => {
    const r = await dispatch(conn, name, input);
    if (!r.ok) throw new Error(`${name}: ${r.error.message}`);
    return r.data as T;
  };
  const refused = async (conn: string, name: string, input: unknown) => {
    const r = await dispatch(conn, name, input);
    expect(r.ok, `${name} should be refused`).toBe(false);
    return (r as { ok: false; error: { code: string; message: string; fieldErrors?: Record<string, string> } }).error;
  };
  const audit = (action: string) =>
    (b.deps.store.db.prepare('SELECT entity, entity_id, detail FROM audit_events WHERE action = ? ORDER BY rowid').all(action) as Array<{ entity: string; entity_id: string; detail: string }>).map((r) => ({ ...r, detail: JSON.parse(r.detail) }));
  return { b, call, refused, audit };
}

const setup = { orgUnitName: '鼓东街道便民服务中心', orgLevel: 'township', username: 'admin', displayName: '张管理', password: PASSWORD };

const register = (agentId?: string) => ({
  channel: 'counter', mode: 'help', helpKind: 'guide',
  applicant: enterpriseApplicant(), summary: '咨询厂房报建流程', ...(agentId ? { agentId } : {}),
});

describe('division code (区划代码)', () => {
  it('has the GB/T 2260 shape: 6, 9 or 12 digits, a real province, no zero part under a non-zero one', () => {
    for (const good of ['350100', '350102', '350102001', '350102001001', '110101', '３５０１０２']) expect(validateDivisionCode(good).ok, good).toBe(true);
    expect(validateDivisionCode('３５０１０２')).toEqual({ ok: true, value: '350102' });
    for (const [bad, msg] of [
      ['', '请填写区划代码'], ['LOCAL', '只能包含数字'], ['35010', '当前为5位'], ['3501020011', '当前为10位'],
      ['990102', '不是有效的省级代码'], ['350002', '第5至6位也应为00'], ['350102000', '第7至9位不能为000'], ['350102001000', '第10至12位不能为000'],
    ] as const) {
      const r = validateDivisionCode(bad);
      expect(r.ok, bad).toBe(false);
      expect(!r.ok && r.error, bad).toContain(msg);
    }
    expect(validateDivisionCode('350102', 'township')).toEqual({ ok: false, error: '乡镇（街道）级机构的区划代码应为9位，当前为6位' });
  });

  it('the first admin set up through the contract numbers cases with the typed code; bad codes are refused in Chinese and change nothing', async () => {
    const { call, refused } = open();
    const missing = await refused('w', 'auth.setup', setup);
    expect(missing.fieldErrors?.orgCode).toBe('请填写区划代码');
    const shape = await refused('w', 'auth.setup', { ...setup, orgCode: '35010' });
    expect(shape.fieldErrors?.orgCode).toMatch(/区划代码应为6位.*当前为5位/);
    const level = await refused('w', 'auth.setup', { ...setup, orgCode: '350102' });
    expect(level.fieldErrors?.orgCode).toBe('乡镇（街道）级机构的区划代码应为9位，当前为6位');
    expect((await call<{ initialized: boolean }>('w', 'auth.status')).initialized).toBe(false);

    const session = await call<{ roles: string[] }>('w', 'auth.setup', { ...setup, orgCode: '３５０１０２００１' });
    expect(session.roles).toEqual(['admin']);
    const [office] = await call<Array<{ code: string; name: string }>>('w', 'orgUnit.list');
    expect(office).toMatchObject({ code: '350102001', name: '鼓东街道便民服务中心' });
    const { caseNo } = await call<{ caseNo: string }>('w', 'intake.register', register());
    expect(caseNo).toMatch(/^350102001-\d{4}-00001$/);
    expect(caseNo).not.toContain('LOCAL');
  });
});

describe('editing an office', () => {
  it('an admin corrects name, office name, code, address, phone and hours: one orgUnit.edit event with from/to; case numbers already issued stay', async () => {
    const { call, refused, audit } = open();
    await call('w', 'auth.setup', { ...setup, orgCode: '350102001' });
    const [office] = await call<Array<{ id: string }>>('w', 'orgUnit.list');
    const first = await call<{ caseId: string; caseNo: string }>('w', 'intake.register', register());

    const bad = await refused('w', 'orgUnit.update', { orgUnitId: office!.id, code: '350102' });
    expect(bad.message).toBe('乡镇（街道）级机构的区划代码应为9位，当前为6位');
    expect((await refused('w', 'orgUnit.update', { orgUnitId: office!.id, phone: '12345' })).fieldErrors?.phone).toBeTruthy();
    expect(audit('orgUnit.edit')).toEqual([]);

    const edited = await call('w', 'orgUnit.update', {
      orgUnitId: office!.id, name: '鼓东街道', officeName: '鼓东街道党群服务中心代办站', code: '350102002',
      address: '鼓楼区五四路 88 号', phone: '0591-87654321', officeHours: '08:30–12:00，14:30–17:30',
    });
    expect(edited).toMatchObject({ name: '鼓东街道', officeName: '鼓东街道党群服务中心代办站', code: '350102002', address: '鼓楼区五四路 88 号', phone: '0591-87654321' });
    const [event] = audit('orgUnit.edit');
    expect(event).toMatchObject({ entity: 'orgUnits', entity_id: office!.id });
    expect(event!.detail.changes).toEqual({
      name: { from: '鼓东街道便民服务中心', to: '鼓东街道' },
      officeName: { from: '鼓东街道便民服务中心', to: '鼓东街道党群服务中心代办站' },
      code: { from: '350102001', to: '350102002' },
      address: { from: '', to: '鼓楼区五四路 88 号' },
      phone: { from: '', to: '0591-87654321' },
      officeHours: { from: '', to: '08:30–12:00，14:30–17:30' },
    });
    // a field patch (with base values) for sync, not a re-insert
    const op = backend!.deps.store.db.prepare(`SELECT kind, payload FROM outbox WHERE entity = 'orgUnits' ORDER BY rowid DESC LIMIT 1`).get() as { kind: string; payload: string };
    expect(op.kind).toBe('patch');
    expect(JSON.parse(op.payload).code).toEqual({ base: '350102001', value: '350102002' });

    const file = await call<{ summary: { caseNo: string } }>('w', 'case.get', { id: first.caseId });
    expect(file.summary.caseNo).toBe(first.caseNo);
    const next = await call<{ caseNo: string }>('w', 'intake.register', register());
    // the office's serial runs on under the new code
    expect(next.caseNo).toMatch(/^350102002-\d{4}-00002$/);
  });

  it('refuses a code another office holds, and a non-admin', async () => {
    const { call, refused } = open();
    await call('w', 'auth.setup', { ...setup, orgCode: '350102001' });
    const [office] = await call<Array<{ id: string }>>('w', 'orgUnit.list');
    const village = await call<{ id: string }>('w', 'orgUnit.create', { name: '军门社区', level: 'village', parentId: office!.id, code: '350102001001' });
    const dup = await refused('w', 'orgUnit.create', { name: '另一个社区', level: 'village', parentId: office!.id, code: '350102001001' });
    expect(dup.message).toContain('已由“军门社区”使用');
    await call('w', 'user.create', { username: 'lin', displayName: '林窗口', roles: ['clerk'], orgUnitId: office!.id, password: PASSWORD });
    await call('c', 'auth.login', { username: 'lin', password: PASSWORD });
    expect((await refused('c', 'orgUnit.update', { orgUnitId: village.id, name: 'x' })).code).toBe('forbidden');
  });
});

describe('several roles (窗口人员 + 代办员)', () => {
  it('an admin adds a clerk who is also an agent: both roles are kept, offered as agent, and each role opens its requests', async () => {
    const { call, refused } = open();
    await call('w', 'auth.setup', { ...setup, orgCode: '350102001' });
    const [office] = await call<Array<{ id: string }>>('w', 'orgUnit.list');
    expect((await refused('w', 'user.create', { username: 'x1', displayName: '某', roles: [], orgUnitId: office!.id, password: PASSWORD })).fieldErrors?.roles).toBe('请至少选择一个角色');
    const wang = await call<{ id: string; roles: string[]; role: string }>('w', 'user.create', { username: 'wang', displayName: '王小红', roles: ['clerk', 'agent'], orgUnitId: office!.id, password: PASSWORD });
    expect(wang).toMatchObject({ role: 'clerk', roles: ['clerk', 'agent'] });
    const agents = await call<Array<{ id: string; roles: string[]; orgUnitId: string }>>('w', 'user.options', { role: 'agent' });
    expect(agents.find((a) => a.id === wang.id)).toMatchObject({ roles: ['clerk', 'agent'], orgUnitId: office!.id });

    const session = await call<{ role: string; roles: string[] }>('t', 'auth.login', { username: 'wang', password: PASSWORD });
    expect(session).toMatchObject({ role: 'clerk', roles: ['clerk', 'agent'] });
    // registers as clerk and is the case's agent
    const c = await call<{ caseId: string }>('t', 'intake.register', register(wang.id));
    expect((await call<{ agentId: string }>('t', 'case.get', { id: c.caseId })).agentId).toBe(wang.id);

    // agent first, clerk second: the clerk's request (assigning a case) is still open to them
    expect(await call('w', 'user.update', { userId: wang.id, roles: ['agent', 'clerk'] })).toMatchObject({ role: 'agent', roles: ['agent', 'clerk'] });
    await call('t2', 'auth.login', { username: 'wang', password: PASSWORD });
    await call('t2', 'case.assign', { caseId: c.caseId, agentId: wang.id });
    // agent only: no longer
    expect((await refused('w', 'user.update', { userId: wang.id, roles: [] })).fieldErrors?.roles).toBe('请至少选择一个角色');
    expect(await call('w', 'user.update', { userId: wang.id, roles: ['agent'] })).toMatchObject({ roles: ['agent'] });
    await call('t3', 'auth.login', { username: 'wang', password: PASSWORD });
    expect((await refused('t3', 'case.assign', { caseId: c.caseId, agentId: wang.id })).code).toBe('forbidden');
  });
});
