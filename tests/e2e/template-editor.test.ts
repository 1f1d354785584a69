// 计划书模板 in Chromium: the centre's admin opens 政府投资房屋建筑类项目, drags 人防审批 from the
// second parallel group of stage 2 into the first (mouse, in steps, as a person drags), drags a
// catalogue item in from the searchable list, saves the change from today with a note, and the
// history names the move; the flow chart preview draws the new parallel group.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/main/features/demo/generate';
import { CATALOG_ITEMS } from '../../src/shared/reference-data';
import { chromiumMissing, shot, startDemoHarness } from './harness';
import type { Harness } from './harness';

const MOVED = 'FZ-2-004';
const ADDED = 'FZ-2-010';
const nameOf = (code: string) => CATALOG_ITEMS.find((c) => c.code === code)!.name;

/** Two animation frames: dnd-kit measures and reacts to the pointer on frames. */
const frames = (page: Page) => page.evaluate(() => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))));

/**
 * Presses on `from`, and once the drag is on (its overlay shows) moves in steps to `to` and lets go
 * when `arrived` holds (default: dnd-kit has had frames to see the pointer over the target) — on
 * state, so a busy machine that delays the frames only makes it slower.
 */
async function drag(page: Page, from: Locator, to: Locator, arrived?: () => Promise<boolean>): Promise<void> {
  await from.scrollIntoViewIfNeeded();
  const a = (await from.boundingBox())!;
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(a.x + a.width / 2 + 8, a.y + a.height / 2 + 8, { steps: 4 });
  await page.locator('.tpl-card.overlay').waitFor();
  await frames(page);
  const b = (await to.boundingBox())!;
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 20 });
  await frames(page);
  // Once more where the group is now (the source group shrank while dragging).
  const b2 = (await to.boundingBox())!;
  await page.mouse.move(b2.x + b2.width / 2, b2.y + b2.height - 6, { steps: 5 });
  await frames(page);
  // dnd-kit looks for the target on pointer moves: until it has arrived, nudge the pointer a pixel.
  let nudge = 0;
  if (arrived) {
    await expect.poll(async () => {
      if (await arrived()) return true;
      nudge = 1 - nudge;
      await page.mouse.move(b2.x + b2.width / 2 + nudge, b2.y + b2.height - 6);
      return false;
    }).toBe(true);
  }
  await page.mouse.up();
  await page.locator('.tpl-card.overlay').waitFor({ state: 'detached' });
}

const group = (page: Page, stage: number, index: number) => page.locator(`[data-testid=template-group][data-stage="${stage}"][data-index="${index}"]`);
const codesIn = (g: Locator) => g.locator('[data-testid=template-item]').evaluateAll((els) => els.map((e) => e.getAttribute('data-code')));

describe.skipIf(chromiumMissing)('e2e: plan template editor', () => {
  let h: Harness;
  let admin = '';

  beforeAll(async () => {
    ({ h, picked: { admin } } = await startDemoHarness({ cases: 20, seed: 37 }, (_store, s) => ({ admin: s.users.find((u) => u.roles.includes('admin'))!.username })));
  }, 180_000);
  afterAll(async () => {
    await h?.close();
  });

  it('the admin drags an item to another parallel group and one in from the catalogue, saves, and the history shows the change', async () => {
    const { page } = h;
    await page.goto(h.host.launchUrl);
    await page.getByLabel('用户名').fill(admin);
    await page.getByLabel('密码').fill(DEMO_PASSWORD);
    await page.getByLabel('密码').press('Enter');
    await page.getByRole('menuitem', { name: /计划书模板/ }).click();
    await page.getByTestId('template-editor').waitFor();
    await expect.poll(() => page.getByTestId('template-pick').textContent()).toContain('政府投资房屋建筑类项目');

    // 人防审批 sits in stage 2's second group; it goes beside 设计方案审查 in the first.
    expect(await codesIn(group(page, 2, 2))).toContain(MOVED);
    const handle = page.locator(`[data-testid=template-item][data-code="${MOVED}"] [data-testid=template-item-handle]`);
    // An item moves between groups while it is dragged: let go once it shows in the target.
    await drag(page, handle, group(page, 2, 1), async () => (await codesIn(group(page, 2, 1))).includes(MOVED));
    await expect.poll(() => codesIn(group(page, 2, 1))).toContain(MOVED);
    expect(await codesIn(group(page, 2, 2))).not.toContain(MOVED);

    // A catalogue item found by a two-character query is dragged into stage 2's second group.
    await page.getByTestId('template-palette-search').fill('雷电');
    const source = page.locator(`[data-testid=template-palette-item][data-code="${ADDED}"]`);
    await source.waitFor();
    await drag(page, source, group(page, 2, 2));
    await expect.poll(() => codesIn(group(page, 2, 2))).toContain(ADDED);

    // The preview draws stage 2's first group as two items side by side.
    const flow = page.getByTestId('template-flow');
    await expect.poll(() => flow.textContent()).toContain(nameOf(ADDED));
    expect(await flow.getByText('并联办理（2 项同时办理）').count()).toBeGreaterThan(0);

    // Keyboard: 竣工验收's first item goes down into the next group (focus the handle, Space, arrow, Space).
    const first4 = (await codesIn(group(page, 4, 1)))[0]!;
    const key = page.locator(`[data-testid=template-item][data-code="${first4}"] [data-testid=template-item-handle]`);
    await key.scrollIntoViewIfNeeded();
    await key.focus();
    // dnd-kit measures the drop targets on animation frames after the pick-up: wait for the drag to
    // be on (aria-pressed) and two frames, then move; drop once the item shows in its new group.
    await page.keyboard.press('Space');
    await expect.poll(() => key.getAttribute('aria-pressed')).toBe('true');
    await frames(page);
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => codesIn(group(page, 4, 2))).toContain(first4);
    await frames(page);
    await page.keyboard.press('Space');
    await expect.poll(() => key.getAttribute('aria-pressed')).not.toBe('true');
    await expect.poll(() => codesIn(group(page, 4, 2))).toContain(first4);
    expect(await codesIn(group(page, 4, 1))).toEqual([]);

    await page.getByLabel('变更说明').fill('人防审批与设计方案并联办理，增加雷电防护装置设计审核');
    await page.getByTestId('template-save').click();
    const history = page.getByTestId('template-history');
    await expect.poll(() => history.textContent(), { timeout: 15_000 }).toContain(`“${nameOf(MOVED)}”从第2阶段第2组移到第2阶段第1组`);
    expect(await history.textContent()).toContain(`新增“${nameOf(ADDED)}”（第2阶段第2组）`);
    expect(await history.textContent()).toContain('人防审批与设计方案并联办理');
    // After the save the editor starts again from what is now in force: the moved item stays.
    expect(await codesIn(group(page, 2, 1))).toContain(MOVED);
    // Nothing left to save.
    expect(await page.getByTestId('template-save').isDisabled()).toBe(true);
    // The change where it happened: stage 2 at the top of the editor and of the flow chart.
    await page.evaluate(() => {
      const top = (sel: string, box: string) => {
        const el = document.querySelector<HTMLElement>(sel)!;
        const c = el.closest<HTMLElement>(box)!;
        c.scrollTop += el.getBoundingClientRect().top - c.getBoundingClientRect().top;
      };
      top('[data-testid=template-stage][data-stage="2"]', '.tpl-stages');
      top('.tpl-flow-stage[data-stage="2"]', '.ant-card-body');
      window.scrollTo(0, 0);
    });
    await page.mouse.move(0, 0);
    await page.locator('.ant-message-notice').waitFor({ state: 'detached', timeout: 10_000 });
    await shot(page, '37-template-editor');
  });
});
