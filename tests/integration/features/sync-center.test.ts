// 同步 (sync center) on a real SQLite store: refused changes come back with what was typed and the
// Chinese reason and can be dismissed (audited); conflicts pulled from the server are resolved by
// keeping the server's value or by submitting the local value again through the case workflow, in
// one transaction with the conflict's resolution; the contract entries refuse what they should.
import { describe, expect, it } from 'vitest';
import { createBackend } from '../../../src/main/api/backend.js';
import { caseAction } from '../../../src/main/features/cases/service.js';
import { dismissRejection, listConflicts, listRejections, resolveConflict, syncCounts } from '../../../src/main/features/sync/service.js';
import { PageApplier } from '../../../src/main/sync/apply.js';
import type { Change } from '../../../src/shared/sync/protocol.js';
import { uuidv7 } from '../../../src/shared/ids.js';
import { makeWorld, PASSWORD, registerProxyCase, type World } from '../../helpers/fixtures.js';
import { useTempDirs } from '../../helpers/temp-dir.js';

const tempDir = useTempDirs();

/** What the sync client writes on an outbox row when the server answers (see pushOutbox). */
function serverAnswers(w: World, answer: (op: { seq: number; entity: string; intent: string | null }) => string | null): void {
  const rows = w.store.db.prepare('SELECT seq, entity, intent FROM outbox WHERE pushed_at IS NULL ORDER BY seq').all() as Array<{ seq: number; entity: string; intent: string | null }>;
  const mark = w.store.db.prepare('UPDATE outbox SET pushed_at = ?, push_status = ?, push_error = ? WHERE seq = ?');
  for (const r of rows) {
    const refusal = answer(r);
    mark.run(w.store.nowIso(), refusal ? 'rejected' : 'applied', refusal, r.seq);
  }
}

/** A conflict row as the server sends it, applied by the real page applier. */
function pullConflict(w: World, c: { caseId: string; field: string; localValue: unknown; serverValue: unknown; orgUnitId: string }): string {
  const id = uuidv7();
  const stamp = w.store.nowIso();
  const change: Change = {
    entity: 'conflicts', id, serverSeq: 1000 + Math.floor(Math.random() * 1e6), orgUnitId: c.orgUnitId, caseId: c.caseId, deleted: false,
    data: { id, createdAt: stamp, updatedAt: stamp, deletedAt: null, caseId: c.caseId, entity: 'cases', entityId: c.caseId, field: c.field, localValue: c.localValue as never, serverValue: c.serverValue as never, status: 'open', resolvedBy: null },
  };
  const applier = new PageApplier(w.store.db);
  w.store.db.transaction(() => {
    applier.loadPending();
    expect(applier.apply(change)).toBe(true);
    applier.flush();
  })();
  return id;
}

const count = (w: World, q: string, ...args: unknown[]) => w.store.db.prepare(q).pluck().get(...args) as number;

describe('refused changes (被拒绝的修改)', () => {
  it('shows what the clerk entered with the reason, never blocks the rest, and is dismissed with an audit event', () => {
    const w = makeWorld(tempDir());
    serverAnswers(w, () => null); // the seed went up
    const { caseId, caseNo } = registerProxyCase(w);
    serverAnswers(w, (op) => (op.entity === 'cases' ? '操作人不属于本终端所在机构，操作未生效' : null));
    caseAction(w.ctx('agent'), { caseId, action: 'suspend', reason: '等待规划条件调整' });
    serverAnswers(w, () => '办件状态不能从“已受理”变为“已中止”');

    const seen = listRejections(w.ctx('clerk'));
    expect(seen.map((r) => r.action)).toEqual(['登记办件', '中止']);
    const [reg, suspend] = seen;
    expect(reg).toMatchObject({ entity: 'cases', entityLabel: '办件', case: { id: caseId, caseNo }, caseTab: 'overview', reason: '操作人不属于本终端所在机构，操作未生效', authorName: '林晓燕' });
    expect(reg!.fields).toEqual(expect.arrayContaining([
      { field: 'subject', label: '办件名称', value: '新建厂房全流程代办' },
      { field: 'mode', label: '服务方式', value: '代办' },
      { field: 'agentId', label: '代办员', value: '陈志强' },
    ]));
    expect(reg!.fields.map((f) => f.field)).not.toContain('publicToken');
    expect(suspend!.fields).toEqual([{ field: 'status', label: '状态', value: '已中止' }, { field: 'reason', label: '中止原因', value: '等待规划条件调整' }]);
    expect(syncCounts(w.store)).toEqual({ pending: 0, openConflicts: 0, openRejections: 2 });
    // Another district's clerk does not see this office's refused changes.
    expect(listRejections(w.ctx('otherClerk'))).toEqual([]);
    expect(() => dismissRejection(w.ctx('otherClerk'), { seq: reg!.seq })).toThrow('不属于您所在机构');

    const audits = count(w, 'SELECT count(*) FROM audit_events');
    dismissRejection(w.ctx('clerk'), { seq: reg!.seq });
    expect(listRejections(w.ctx('clerk')).map((r) => r.seq)).toEqual([suspend!.seq]);
    expect(syncCounts(w.store).openRejections).toBe(1);
    expect(w.store.db.prepare('SELECT acknowledged_by, acknowledged_at FROM outbox WHERE seq = ?').get(reg!.seq)).toEqual({ acknowledged_by: w.users.clerk, acknowledged_at: '2026-03-02T01:00:00.000Z' });
    expect(count(w, 'SELECT count(*) FROM audit_events')).toBe(audits + 1);
    const ev = w.store.db.prepare("SELECT actor_id, entity_id, detail FROM audit_events WHERE action = 'sync.dismissRejection'").get() as { actor_id: string; entity_id: string; detail: string };
    expect(ev.actor_id).toBe(w.users.clerk);
    expect(ev.entity_id).toBe(caseId);
    expect(JSON.parse(ev.detail)).toMatchObject({ seq: reg!.seq, change: '登记办件', caseNo, reason: '操作人不属于本终端所在机构，操作未生效' });
    // Dismissing is local bookkeeping: nothing goes to the server.
    expect(syncCounts(w.store).pending).toBe(0);
    expect(() => dismissRejection(w.ctx('clerk'), { seq: reg!.seq })).toThrow('已经处理过了');
    const applied = w.store.db.prepare("SELECT seq FROM outbox WHERE push_status = 'applied' LIMIT 1").pluck().get() as number;
    expect(() => dismissRejection(w.ctx('clerk'), { seq: applied })).toThrow('没有找到这条被拒绝的修改');
  });
});

describe('conflicts (冲突待处理)', () => {
  function setup() {
    const w = makeWorld(tempDir());
    const { caseId } = registerProxyCase(w);
    serverAnswers(w, () => null);
    return { w, caseId, office: w.org('350102') };
  }

  it('lists open conflicts with both values in words, to the offices that may see the case', () => {
    const { w, caseId, office } = setup();
    pullConflict(w, { caseId, field: 'agentId', localValue: w.users.agent2, serverValue: w.users.agent, orgUnitId: office });
    pullConflict(w, { caseId, field: 'handlingOrgUnitId', localValue: w.org('350102001'), serverValue: office, orgUnitId: office });
    expect(syncCounts(w.store).openConflicts).toBe(2);
    const list = listConflicts(w.ctx('leader'));
    expect(list).toHaveLength(2);
    expect(list[0]).toMatchObject({ entityLabel: '办件', fieldLabel: '代办员', serverText: '陈志强', localText: '黄丽君', canResolve: true, resubmitBlocked: null, caseTab: 'overview' });
    expect(list[1]).toMatchObject({ fieldLabel: '承办机构', canResolve: true, resubmitBlocked: expect.stringContaining('只能通过转办改变') });
    // A clerk sees them but may not resolve; another district sees nothing.
    expect(listConflicts(w.ctx('clerk')).every((c) => !c.canResolve)).toBe(true);
    expect(listConflicts(w.ctx('otherClerk'))).toEqual([]);
  });

  it("keeping the server's value marks the conflict resolved, syncs as conflict.resolve and is audited", () => {
    const { w, caseId, office } = setup();
    const id = pullConflict(w, { caseId, field: 'agentId', localValue: w.users.agent2, serverValue: w.users.agent, orgUnitId: office });
    expect(() => resolveConflict(w.ctx('clerk'), { conflictId: id, keep: 'server' })).toThrow('您的角色无权处理同步冲突');
    expect(() => resolveConflict(w.ctx('cityAgent'), { conflictId: id, keep: 'server' })).not.toThrow(); // city office: its subtree holds the district
    expect(() => resolveConflict(w.ctx('agent'), { conflictId: id, keep: 'server' })).toThrow('该冲突已经处理过了');
    expect(w.store.db.prepare('SELECT status, resolved_by FROM conflicts WHERE id = ?').get(id)).toEqual({ status: 'resolved', resolved_by: w.users.cityAgent });
    const ops = w.store.db.prepare('SELECT entity, kind, intent, payload FROM outbox WHERE pushed_at IS NULL').all() as Array<{ entity: string; kind: string; intent: string; payload: string }>;
    expect(ops).toHaveLength(1);
    expect(ops[0]).toMatchObject({ entity: 'conflicts', kind: 'intent', intent: 'conflict.resolve' });
    expect(JSON.parse(ops[0]!.payload)).toEqual({ args: { keep: 'server' }, fields: { status: { base: 'open', value: 'resolved' }, resolvedBy: { base: null, value: w.users.cityAgent } } });
    expect(w.store.db.prepare("SELECT agent_id FROM cases WHERE id = ?").pluck().get(caseId)).toBe(w.users.agent);
    const ev = w.store.db.prepare("SELECT detail FROM audit_events WHERE action = 'conflict.resolve'").pluck().get() as string;
    expect(JSON.parse(ev)).toMatchObject({ keep: 'server', field: 'agentId', serverValue: w.users.agent, localValue: w.users.agent2 });
    expect(listConflicts(w.ctx('agent'))).toEqual([]);
    expect(syncCounts(w.store).openConflicts).toBe(0);
  });

  it('submitting the local value again goes through the workflow, with the server value as base, in one transaction', () => {
    const { w, caseId, office } = setup();
    // Another desktop suspended the case, but the server had already kept it accepted.
    const id = pullConflict(w, { caseId, field: 'status', localValue: 'suspended', serverValue: 'accepted', orgUnitId: office });
    expect(listConflicts(w.ctx('agent'))[0]).toMatchObject({ fieldLabel: '状态', serverText: '已受理', localText: '已中止', resubmitBlocked: null, resubmitReasonLabel: '中止原因' });
    // A leader supervises: keeping the server's value is theirs, a status step is not.
    expect(listConflicts(w.ctx('leader'))[0]?.resubmitBlocked).toContain('责任领导不办理状态变更');
    expect(() => resolveConflict(w.ctx('agent'), { conflictId: id, keep: 'local' })).toThrow('请填写中止原因');
    expect(syncCounts(w.store)).toMatchObject({ pending: 0, openConflicts: 1 });

    resolveConflict(w.ctx('agent'), { conflictId: id, keep: 'local', reason: '等待规划条件调整' });
    expect(w.store.db.prepare('SELECT status, close_reason FROM cases WHERE id = ?').get(caseId)).toEqual({ status: 'suspended', close_reason: '等待规划条件调整' });
    const ops = w.store.db.prepare('SELECT entity, intent, payload FROM outbox WHERE pushed_at IS NULL ORDER BY seq').all() as Array<{ entity: string; intent: string; payload: string }>;
    expect(ops.map((o) => [o.entity, o.intent])).toEqual([['cases', 'case.suspend'], ['conflicts', 'conflict.resolve']]);
    expect(JSON.parse(ops[0]!.payload).fields.status).toEqual({ base: 'accepted', value: 'suspended' });
    const actions = w.store.db.prepare("SELECT action FROM audit_events WHERE action IN ('case.suspend', 'conflict.resolve') ORDER BY seq").pluck().all();
    expect(actions).toEqual(['case.suspend', 'conflict.resolve']);
  });

  it('a resubmission the workflow refuses changes nothing and leaves the conflict open', () => {
    const { w, caseId, office } = setup();
    // 已委托 needs a signed agreement first: the step fails, and so does the resolution.
    const id = pullConflict(w, { caseId, field: 'status', localValue: 'entrusted', serverValue: 'accepted', orgUnitId: office });
    const before = { outbox: count(w, 'SELECT count(*) FROM outbox'), audit: count(w, 'SELECT count(*) FROM audit_events') };
    expect(() => resolveConflict(w.ctx('agent'), { conflictId: id, keep: 'local' })).toThrow('须先签署代办委托协议');
    expect({ outbox: count(w, 'SELECT count(*) FROM outbox'), audit: count(w, 'SELECT count(*) FROM audit_events') }).toEqual(before);
    expect(w.store.db.prepare('SELECT status FROM conflicts WHERE id = ?').pluck().get(id)).toBe('open');
    // A status the workflow cannot reach from here is explained, not attempted.
    const done = pullConflict(w, { caseId, field: 'status', localValue: 'completed', serverValue: 'accepted', orgUnitId: office });
    expect(listConflicts(w.ctx('agent')).find((c) => c.id === done)?.resubmitBlocked).toBe('办件现为“已受理”，不能直接改为“已办结”，请在案卷中按流程办理');
    expect(() => resolveConflict(w.ctx('agent'), { conflictId: done, keep: 'local' })).toThrow('不能直接改为“已办结”');
  });

  it('an assignment is submitted again by a leader through case.assign; an agent may not assign', () => {
    const { w, caseId, office } = setup();
    const id = pullConflict(w, { caseId, field: 'agentId', localValue: w.users.agent2, serverValue: w.users.agent, orgUnitId: office });
    expect(listConflicts(w.ctx('agent'))[0]?.resubmitBlocked).toBe('分派代办员须由窗口人员、责任领导或管理员办理');
    expect(() => resolveConflict(w.ctx('agent'), { conflictId: id, keep: 'local' })).toThrow('分派代办员须由');
    resolveConflict(w.ctx('leader'), { conflictId: id, keep: 'local' });
    expect(w.store.db.prepare('SELECT agent_id FROM cases WHERE id = ?').pluck().get(caseId)).toBe(w.users.agent2);
    const op = w.store.db.prepare("SELECT payload FROM outbox WHERE intent = 'case.assign' AND pushed_at IS NULL").pluck().get() as string;
    expect(JSON.parse(op).fields.agentId).toEqual({ base: w.users.agent, value: w.users.agent2 });
  });
});

describe('the contract entries', () => {
  it('sync.now without enrolment, sync.enroll for admins only with a Chinese error, sync.strip counts', async () => {
    const dir = tempDir();
    const w = makeWorld(dir);
    w.store.close();
    const b = createBackend({ dataDir: dir, sync: false });
    try {
      const call = (conn: string, name: string, input: unknown = {}) => b.dispatch(conn, name, input);
      expect((await call('c', 'auth.login', { username: 'clerk', password: PASSWORD })).ok).toBe(true);
      expect((await call('a', 'auth.login', { username: 'admin', password: PASSWORD })).ok).toBe(true);
      expect(await call('c', 'sync.strip')).toMatchObject({ ok: true, data: { state: 'notConfigured', enrolled: false, openConflicts: 0, openRejections: 0 } });
      expect(await call('c', 'sync.now')).toMatchObject({ ok: false, error: { code: 'unavailable', message: expect.stringContaining('本机尚未登记到同步服务器') } });
      expect(await call('c', 'sync.enroll', { serverUrl: 'http://127.0.0.1:9', code: 'ABCDEF123456', deviceName: '窗口1' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      expect(await call('a', 'sync.enroll', { serverUrl: 'ftp://x', code: 'ABCDEF123456', deviceName: '窗口1' })).toMatchObject({ ok: false, error: { code: 'validation', message: expect.stringContaining('http://') } });
      const unreachable = await call('a', 'sync.enroll', { serverUrl: 'http://127.0.0.1:9', code: 'ABCDEF123456', deviceName: '窗口1' });
      // Port 9 refuses: said in words, not "fetch failed" (finding 7).
      expect(unreachable).toMatchObject({ ok: false, error: { code: 'unavailable', message: expect.stringContaining('无法连接中心服务器') } });
      expect(JSON.stringify(unreachable)).not.toMatch(/fetch failed/);
      expect(await call('a', 'sync.overview')).toMatchObject({ ok: true, data: { device: null, lastRound: null, rejections: [], conflicts: [] } });
      expect(await call('c', 'sync.resolveConflict', { conflictId: 'x', keep: 'server' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    } finally {
      b.close();
    }
  });
});
