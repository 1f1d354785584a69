// 政企互动: recorded per office, listed per quarter for the office and those below it.
import { describe, expect, it } from 'vitest';
import { addInteraction, interactionAddSchema, listInteractions, quarterOf } from '../../../src/main/features/interactions/service.js';
import { makeWorld, type World } from '../../helpers/fixtures.js';
import { useTempDirs } from '../../helpers/temp-dir.js';

const tempDir = useTempDirs();

function counts(w: World) {
  const n = (sql: string) => w.store.db.prepare(sql).pluck().get() as number;
  return { interactions: n('SELECT count(*) FROM interactions'), audit: n('SELECT count(*) FROM audit_events'), outbox: n('SELECT count(*) FROM outbox') };
}

const event = { heldDate: '2026-02-10', place: '鼓楼区行政服务中心三楼会议室', enterprises: ['福州闽江智造科技有限公司', '福建榕城建设有限公司'], content: '重点项目审批政策宣讲与问题收集' };

describe('government–enterprise interactions', () => {
  it('records an event for the actor’s office and lists it in its quarter', () => {
    const w = makeWorld(tempDir());
    const dto = addInteraction(w.ctx('agent'), event);
    expect(dto).toMatchObject({ heldDate: '2026-02-10', enterprises: '福州闽江智造科技有限公司、福建榕城建设有限公司', orgUnitId: w.org('350102'), recordedByName: '陈志强' });
    expect(dto.orgUnitName).not.toBe('');
    addInteraction(w.ctx('townClerk'), { ...event, heldDate: '2026-03-01', place: '鼓东街道便民服务中心', enterprises: '街道辖区企业代表' });
    addInteraction(w.ctx('clerk'), { ...event, heldDate: '2025-12-30' });

    // The county sees its own and its townships' events; the township only its own; another county none.
    expect(listInteractions(w.ctx('clerk'), { year: 2026, quarter: 1 }).map((i) => i.heldDate)).toEqual(['2026-02-10', '2026-03-01']);
    expect(listInteractions(w.ctx('townClerk'), { year: 2026, quarter: 1 }).map((i) => i.heldDate)).toEqual(['2026-03-01']);
    expect(listInteractions(w.ctx('otherClerk'), { year: 2026, quarter: 1 })).toEqual([]);
    expect(listInteractions(w.ctx('clerk'), { year: '2025', quarter: '4' }).map((i) => i.heldDate)).toEqual(['2025-12-30']);
    expect(quarterOf('2026-03-31')).toEqual({ year: 2026, quarter: 1 });
    expect(quarterOf('2026-10-01')).toEqual({ year: 2026, quarter: 4 });
    expect(w.store.db.prepare(`SELECT count(*) FROM outbox WHERE entity = 'interactions'`).pluck().get()).toBe(3);
  });

  it('refuses bad input, future dates and sessions without an office or a role — changing nothing', () => {
    const w = makeWorld(tempDir());
    const before = counts(w);
    expect(() => addInteraction(w.ctx('clerk'), { ...event, heldDate: '2026-03-03' })).toThrow('活动日期不能晚于今天');
    expect(() => addInteraction(w.ctx('clerk'), { ...event, heldDate: '2026/02/10' })).toThrow('活动日期应为日期（YYYY-MM-DD）');
    expect(() => addInteraction(w.ctx('clerk'), { ...event, place: '' })).toThrow('请填写活动地点');
    expect(() => addInteraction(w.ctx('clerk'), { ...event, enterprises: [] })).toThrow();
    expect(() => addInteraction({ store: w.store, actor: { userId: w.users.admin!, roles: ['admin'], orgUnitId: null } }, event)).toThrow('当前账号未设置所属机构，不能登记政企互动');
    expect(() => addInteraction({ store: w.store, actor: { userId: null, roles: ['clerk'], orgUnitId: w.org('350102') } }, event)).toThrow('请先登录');
    expect(() => listInteractions(w.ctx('clerk'), { year: 2026, quarter: 5 })).toThrow('季度应为1至4');
    expect(() => addInteraction(w.ctx('leader'), event)).toThrow('您的角色无权登记政企互动');
    expect(counts(w)).toEqual(before);
    expect(interactionAddSchema.safeParse({ ...event, content: '短' }).success).toBe(false);
  });
});
