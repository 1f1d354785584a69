// Live screens in Chromium: desktop A (this browser host, enrolled in 鼓东街道) has a case file open
// with a progress note half typed; desktop B (the county, a store desktop on the same real server)
// accepts A's transfer. One sync round on A, no reload: the case file shows the transfer accepted,
// and the open form keeps the typed text and says the record changed. Screenshots: test-artifacts/live-*.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStore } from '../../src/main/db/store';
import type { Store } from '../../src/main/db/store';
import { login as serviceLogin } from '../../src/main/features/auth/service';
import { caseAction } from '../../src/main/features/cases/service';
import { registerCase } from '../../src/main/features/intake/service';
import { acceptTransfer, sendTransfer } from '../../src/main/features/transfers/service';
import { adoptDeviceSettings, fileVault } from '../../src/main/sync/index';
import { runSyncRound } from '../../src/main/sync/client';
import { intakeSchema } from '../../src/shared/api/cases';
import { contract } from '../../src/shared/api/index';
import { makeResidentId, mulberry32 } from '../../src/shared/domain/synthetic-ids';
import { enrollDevice, PASSWORD, startHarness as startServer } from '../integration/sync/harness';
import type { Harness as ServerHarness } from '../integration/sync/harness';
import { useStoreDesktops } from '../integration/sync/store-desktops';
import type { StoreDesktop } from '../integration/sync/store-desktops';
import { chromiumMissing, ensureRendererBuilt, shot, signIn, startHarness } from './harness';
import type { Harness } from './harness';

describe.skipIf(chromiumMissing)('e2e: a case file stays live across desktops', () => {
  let srv: ServerHarness;
  let h: Harness;
  let county: StoreDesktop;
  const desktops = useStoreDesktops(() => srv);
  const dirs: string[] = [];
  const as = (store: Store, username: string) => ({ store, actor: serviceLogin(store, username, PASSWORD).actor });

  beforeAll(async () => {
    ensureRendererBuilt();
    srv = await startServer();
    county = await desktops(srv.org.county);
    // Desktop A: enrolled in the township, its staff pulled, credentials where the app keeps them.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'daiban-e2e-live-'));
    dirs.push(dir);
    const d = await enrollDevice(srv, srv.org.townA, '鼓东窗口一');
    const creds = { serverUrl: srv.url, orgUnitId: srv.org.townA, expiresAt: null, series: 1, ...d };
    const seed = openStore(dir);
    adoptDeviceSettings(seed, creds);
    expect((await runSyncRound(seed, { serverUrl: srv.url, deviceToken: d.deviceToken })).ok).toBe(true);
    seed.close();
    await fileVault(dir).save(creds);
    h = await startHarness({ dataDir: dir });
  }, 240_000);

  afterAll(async () => {
    await h?.close();
    await srv?.close();
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  it("shows the county's accept within one sync round, and an open form keeps what was typed", async () => {
    const { page } = h;
    const a = h.backend.deps.store;
    const clerk = as(a, 'clerkA');
    const r = registerCase(clerk, intakeSchema.parse({
      channel: 'counter', mode: 'help', helpKind: 'transfer', summary: '协助办理农村宅基地建房规划许可',
      applicant: { kind: 'person', name: '黄志强', idNumber: makeResidentId(mulberry32(5), { regionCode: '350102' }), contactName: '黄志强', contactPhone: '13905910005' },
    }));
    if (a.db.prepare('SELECT status FROM cases WHERE id = ?').pluck().get(r.caseId) === 'consulting') caseAction(clerk, { caseId: r.caseId, action: 'accept' });
    const tr = sendTransfer(clerk, contract['transfer.send'].input.parse({ caseId: r.caseId, toOrgUnitId: srv.org.county, kind: 'up', reason: '涉及区级规划许可，请区代办中心联办' }));

    await page.goto(h.host.launchUrl);
    await signIn(page, 'agentA', PASSWORD);
    await page.evaluate((id) => { window.location.hash = `#/case/${id}/progress`; }, r.caseId);
    const fileView = page.getByTestId('case-file');
    await expect.poll(() => fileView.textContent()).toContain(r.caseNo);
    expect(await fileView.textContent()).toContain('转办待接收');
    const note = page.getByTestId('progress-form').getByLabel('内容');
    await note.fill('已电话联系申请人，约定周四上午到区中心面谈');

    // A's transfer goes up, the county accepts it and syncs.
    expect((await h.backend.deps.sync.syncNow())?.ok).toBe(true);
    await county.sync();
    acceptTransfer(as(county.store, 'agentCounty'), contract['transfer.accept'].input.parse({ transferId: tr.id, note: '同意联办，已安排代办员对接' }));
    await county.sync();

    // One round on A; the page is not reloaded.
    const marker = await page.evaluate(() => ((window as unknown as { __live?: number }).__live = Date.now()));
    expect((await h.backend.deps.sync.syncNow())?.pulled).toBeGreaterThan(0);
    await expect.poll(() => fileView.textContent()).not.toContain('转办待接收');
    await expect.poll(() => page.getByTestId('record-changed').textContent()).toContain('此记录已被更新');
    expect(await page.getByTestId('record-changed').textContent()).toContain('鼓楼区：已接收');
    expect(await note.inputValue()).toBe('已电话联系申请人，约定周四上午到区中心面谈');
    expect(await page.evaluate(() => (window as unknown as { __live?: number }).__live)).toBe(marker);
    await shot(page, 'live-01-record-changed');

    await page.getByRole('tab', { name: /转办联办/ }).click();
    await expect.poll(() => page.getByRole('tabpanel').textContent()).toContain('已接收');
    await shot(page, 'live-02-transfer-accepted');
    // The typed note is still there when the clerk comes back, and saves.
    await page.getByRole('tab', { name: /进度/ }).click();
    expect(await note.inputValue()).toBe('已电话联系申请人，约定周四上午到区中心面谈');
  });
});
