// 档案与备份 in Chromium: the admin opens a closed case, chooses 导出档案, picks a folder, confirms
// the personal-data warning and follows the export to its end; the bag on disk verifies. The
// encrypted mode shows its password once and writes a ZIP 7-Zip opens with it. The verify dialog
// names an altered file; a backup is taken from the page; a clerk never sees the page.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorFor } from '../../src/main/features/auth/service';
import { storeBytes } from '../../src/main/features/attachments/service';
import { DEMO_PASSWORD } from '../../src/main/features/demo/generate';
import * as t from '../../src/main/db/schema';
import { readBag, verifyBag } from '../../src/main/platform/bagit/index';
import { pngBytes } from '../integration/archive/case-fixture';
import { button, chromiumMissing, shot, signIn, SKIP_REASON, startDemoHarness } from './harness';
import type { Harness } from './harness';

const has7z = (() => {
  try {
    execFileSync('7z', ['i'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe.skipIf(chromiumMissing)('e2e: 档案与备份', () => {
  let h: Harness;
  let admin = '';
  let clerk = '';
  let caseId = '';
  let caseNo = '';
  const targets: string[] = [];
  const target = () => {
    const dir = mkdtempSync(join(tmpdir(), 'daiban-e2e-usb-'));
    targets.push(dir);
    return dir;
  };

  beforeAll(async () => {
    ({ h, picked: { admin, clerk, caseId, caseNo } } = await startDemoHarness({ cases: 40, seed: 5 }, (store, s) => {
      const adminName = s.users.find((u) => u.roles.includes('admin'))!.username;
      const row = store.db.prepare(`SELECT id, case_no FROM cases WHERE status = 'completed' ORDER BY id LIMIT 1`).get() as { id: string; case_no: string };
      const user = store.orm.select().from(t.users).all().find((u) => u.username === adminName)!;
      // Scans uploaded while the case was open (a closed case takes no new attachments).
      for (const [name, bytes, kind] of [['现场照片（东侧）.png', pngBytes(320, 240), '现场'], ['竣工验收意见.png', pngBytes(200, 280), '批文']] as const) {
        const { sha256 } = storeBytes(store, bytes);
        store.write({ actor: actorFor(user), action: 'attachment.add' }, (tx) =>
          tx.insert(t.attachments, { caseId: row.id, kind, fileName: name, mime: 'image/png', size: bytes.length, sha256, addedBy: user.id }));
      }
      return {
        admin: adminName,
        clerk: s.users.find((u) => u.roles.includes('clerk') && !u.roles.includes('admin'))!.username,
        caseId: row.id,
        caseNo: row.case_no,
      };
    }));
  }, 180_000);
  afterAll(async () => {
    await h?.close();
    for (const d of targets) rmSync(d, { recursive: true, force: true });
  });

  it('exports a case from its file to a folder, with progress to the end; the bag verifies', async () => {
    const { page } = h;
    await page.goto(`${h.host.launchUrl.split('#')[0]}#/case/${caseId}`);
    await signIn(page, admin, DEMO_PASSWORD);
    await page.getByTestId('export-archive').click();
    const form = page.getByTestId('archive-export');
    await expect.poll(() => form.getByTestId('archive-preview').textContent()).toMatch(/共 1 个案卷/);
    await expect.poll(() => form.getByTestId('archive-preview').textContent()).toContain(caseNo);
    expect(await button(form, '开始导出').isDisabled()).toBe(true);

    const usb = target();
    await form.getByText('其他文件夹').click();
    await form.getByTestId('archive-path').fill('U盘');
    await expect.poll(() => form.textContent()).toContain('请填写完整的文件夹路径');
    await form.getByTestId('archive-path').fill(usb);
    // Not before the warning is acknowledged.
    expect(await button(form, '开始导出').isDisabled()).toBe(true);
    await form.getByTestId('archive-confirm').click();
    await shot(page, '70-archive-export-form');
    await button(form, '开始导出').click();

    const progress = page.getByTestId('archive-progress');
    await expect.poll(() => progress.getAttribute('data-state'), { timeout: 60_000 }).toBe('done');
    await expect.poll(() => progress.getByTestId('archive-result').textContent()).toContain('已导出 1 个案卷');
    expect(await progress.getByTestId('archive-results').textContent()).toContain(caseNo);
    await shot(page, '71-archive-export-done');

    const bags = readdirSync(usb);
    expect(bags).toEqual([expect.stringMatching(new RegExp(`^${caseNo}-`))]);
    expect(await verifyBag(join(usb, bags[0]!))).toEqual([]);
    const files = (await readBag(join(usb, bags[0]!))).files.map((f) => f.path);
    expect(files.filter((f) => f.startsWith('data/附件/'))).toHaveLength(2);
    const audit = h.backend.deps.store.db.prepare(`SELECT detail FROM audit_events WHERE action = 'archive.export' ORDER BY seq DESC LIMIT 1`).pluck().get() as string;
    expect(JSON.parse(audit)).toMatchObject({ target: usb, state: 'done', cases: [{ caseNo, outcome: 'written' }] });

    // The verify dialog: the bag is whole; then one byte of a photo changes and it is named.
    await button(progress, '返回').click();
    const verify = page.getByTestId('archive-verify');
    await verify.getByTestId('verify-path').fill(join(usb, bags[0]!));
    await button(verify, '校验').click();
    await expect.poll(() => verify.getByTestId('verify-result').getAttribute('data-valid')).toBe('true');
    await expect.poll(() => verify.textContent()).toContain(`External-Identifier`);
    const photo = join(usb, bags[0]!, files.find((f) => f.includes('现场照片'))!);
    const bytes = readFileSync(photo);
    bytes[100] = bytes[100]! ^ 0xff;
    writeFileSync(photo, bytes);
    await button(verify, '校验').click();
    await expect.poll(() => verify.getByTestId('verify-result').getAttribute('data-valid')).toBe('false');
    await expect.poll(() => verify.getByTestId('verify-findings').textContent()).toContain('现场照片');
    await verify.scrollIntoViewIfNeeded();
    await shot(page, '72-archive-verify-findings');
  });

  it.skipIf(!has7z)('the encrypted mode shows its password once and writes a ZIP that 7-Zip opens with it', async () => {
    const { page } = h;
    await page.goto(`${h.host.launchUrl.split('#')[0]}#/archive/${caseId}`);
    const form = page.getByTestId('archive-export');
    await expect.poll(() => form.getByTestId('archive-preview').textContent()).toContain(caseNo);
    const usb = target();
    await form.getByText('其他文件夹').click();
    await form.getByTestId('archive-path').fill(usb);
    await form.getByTestId('archive-encrypt').click();
    await form.getByTestId('archive-confirm').click();
    await button(form, '开始导出').click();
    const password = page.getByTestId('archive-password');
    await password.waitFor();
    const secret = (await password.textContent())!.trim();
    expect(secret).toMatch(/^[A-Za-z0-9-]{20,}$/);
    await shot(page, '73-archive-password');
    await page.getByTestId('archive-password-done').click();
    const progress = page.getByTestId('archive-progress');
    await expect.poll(() => progress.getAttribute('data-state'), { timeout: 60_000 }).toBe('done');
    // Shown once: nowhere in the page any more, and never stored.
    await expect.poll(() => page.getByText(secret).count()).toBe(0);
    expect(h.backend.deps.store.db.prepare(`SELECT count(*) FROM audit_events WHERE detail LIKE ?`).pluck().get(`%${secret}%`)).toBe(0);
    const zips = readdirSync(usb);
    expect(zips).toEqual([expect.stringMatching(new RegExp(`^${caseNo}-.*\\.zip$`))]);
    const out = target();
    execFileSync('7z', ['x', `-p${secret}`, `-o${out}`, join(usb, zips[0]!)], { stdio: 'ignore' });
    expect(await verifyBag(join(out, readdirSync(out)[0]!))).toEqual([]);
  });

  it('takes a backup from the page; a clerk has no 档案与备份', async () => {
    const { page } = h;
    await page.goto(`${h.host.launchUrl.split('#')[0]}#/archive`);
    const backups = page.getByTestId('backups');
    await backups.waitFor();
    const rows = async () => backups.locator('tbody tr.ant-table-row').count();
    const before = await rows();
    await button(backups, '立即备份').click();
    await expect.poll(rows).toBe(before + 1);
    await expect.poll(() => backups.textContent()).toContain('手动');
    await backups.scrollIntoViewIfNeeded();
    await shot(page, '74-archive-backups');

    await page.getByTestId('current-user').hover();
    await page.getByText('切换用户').click();
    await signIn(page, clerk, DEMO_PASSWORD);
    expect(await page.getByRole('menuitem', { name: /档案与备份/ }).count()).toBe(0);
    await page.goto(`${h.host.launchUrl.split('#')[0]}#/archive`);
    await page.getByTestId('archive-forbidden').waitFor();
    expect(await page.getByTestId('archive-export').count()).toBe(0);
  });
});
if (chromiumMissing) console.warn(SKIP_REASON);
