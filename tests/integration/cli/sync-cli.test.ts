// `daiban sync` as a township admin runs it: enroll with a one-time code, push what the window
// registered offline, and a second desktop of the office pulls it (search included).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { intakeSchema } from '../../../src/shared/api/cases.js';
import { residentIdCheckChar } from '../../../src/shared/domain/validators.js';
import { openStore } from '../../../src/main/db/store.js';
import { login } from '../../../src/main/features/auth/service.js';
import { findCaseByNo } from '../../../src/main/features/cases/service.js';
import { registerCase } from '../../../src/main/features/intake/service.js';
import { searchAll } from '../../../src/main/features/search/service.js';
import { PASSWORD, request, startHarness, type Harness } from '../sync/harness.js';
import { useTempDirs } from '../../helpers/temp-dir.js';

const tempDir = useTempDirs();
const root = join(import.meta.dirname, '../../..');

/** Runs the CLI without blocking this process: the server under test lives in it. */
function cli(...args: string[]): Promise<{ code: number | null; out: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src/main/cli/index.ts'), ...args], { cwd: root });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
  child.stderr.on('data', (d: Buffer) => (out += d.toString('utf8')));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, out })));
}

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
}, 120_000);
afterAll(async () => {
  await h?.close();
});

async function enrollmentCode(orgUnitId: string): Promise<string> {
  const r = await request(h.url, 'POST', '/admin/enrollment-codes', { orgUnitId }, { authorization: `Bearer ${h.adminToken}` });
  expect(r.status).toBe(200);
  return (r.body as { code: string }).code;
}

describe('daiban sync', () => {
  it('enrolls, pushes offline work and lets a second desktop of the office pull it', async () => {
    const a = tempDir();
    const b = tempDir();
    expect((await cli('sync', '--data', a)).out).toContain('尚未注册');

    const first = await cli('sync', '--data', a, '--server', h.url, '--enroll', await enrollmentCode(h.org.townA));
    expect(first.code, first.out).toBe(0);
    expect(first.out).toContain('同步完成');

    // Offline at the window: the clerk signs in with the account the centre published and registers a walk-in.
    const store = openStore(a);
    const { actor } = login(store, 'clerkA', PASSWORD);
    const { caseNo } = registerCase({ store, actor }, intakeSchema.parse({
      channel: 'counter', mode: 'help', helpKind: 'assist', summary: '协助填写食品经营许可申请',
      applicant: { kind: 'person', name: '郑淑贞', idNumber: `35010219900307123${residentIdCheckChar('35010219900307123')}`, contactName: '郑淑贞', contactPhone: '13905910001' },
    }));
    store.close();

    const push = await cli('sync', '--data', a);
    expect(push.code, push.out).toBe(0);
    expect(push.out).toMatch(/已应用 [1-9]/);
    expect(push.out).toContain('被拒绝 0');

    const pull = await cli('sync', '--data', b, '--server', h.url, '--enroll', await enrollmentCode(h.org.townA));
    expect(pull.code, pull.out).toBe(0);
    const other = openStore(b);
    expect(findCaseByNo(other, caseNo)).toBeDefined();
    const clerk = login(other, 'clerkA', PASSWORD);
    expect(searchAll({ store: other, actor: clerk.actor }, { q: '郑淑贞', limit: 10 }).cases.map((c) => c.caseNo)).toEqual([caseNo]);
    other.close();

    const idle = await cli('sync', '--data', b, '--json');
    expect(JSON.parse(idle.out)).toMatchObject({ ok: true, pulled: 0, pushed: { rejected: 0 } });
  }, 240_000);
});

describe('daiban devices', () => {
  it('issues a code by division code, lists the enrolled desktop with its series, and revokes it at once', async () => {
    const admin = ['--server', h.url, '--admin', 'admin', '--password', PASSWORD];
    const issued = await cli('devices', 'code', '--org-code', '350102002', ...admin, '--json');
    expect(issued.code, issued.out).toBe(0);
    const { code, orgUnitId } = JSON.parse(issued.out) as { code: string; orgUnitId: string };
    expect(orgUnitId).toBe(h.org.townB);

    const dir = tempDir();
    const enrolled = await cli('sync', '--data', dir, '--server', h.url, '--enroll', code, '--name', '鼓西便民服务中心 1 号窗口');
    expect(enrolled.code, enrolled.out).toBe(0);
    const listed = await cli('devices', 'list', ...admin, '--json');
    const device = (JSON.parse(listed.out) as { devices: Array<{ id: string; name: string; series: number; revokedAt: string | null }> }).devices.find((d) => d.name === '鼓西便民服务中心 1 号窗口');
    expect(device?.series).toBeGreaterThan(0);
    expect(device?.revokedAt).toBeNull();

    const revoked = await cli('devices', 'revoke', device?.id ?? '', ...admin);
    expect(revoked.out).toContain('已停用');
    const stopped = await cli('sync', '--data', dir);
    expect(stopped.code).not.toBe(0);
    expect(stopped.out).toContain('停用');

    const unknown = await cli('devices', 'code', '--org-code', '999999999', ...admin);
    expect(unknown.code).toBe(1);
    expect(unknown.out).toContain('没有区划代码为 999999999 的机构');
    const own = JSON.parse((await cli('devices', 'code', ...admin, '--json')).out) as { orgUnitId: string };
    expect(own.orgUnitId).toBe(h.org.city); // the admin's own office
    const wrong = await cli('devices', 'list', '--server', h.url, '--admin', 'admin', '--password', 'not-the-password');
    expect(wrong.code).toBe(1);
    expect(wrong.out).toContain('用户名或密码错误');
  }, 240_000);
});
