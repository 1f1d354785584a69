// The pages in Chromium as a phone in WeChat sees them: 375×667, JavaScript off, WeChat's user
// agent. Screenshots go to test-artifacts/guide/ (looked at by a person); the test checks that
// nothing runs off the right edge and the text stays readable.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { cardPath, pushCase, signCard, startWorld, type PushedCase, type World } from './world';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const missing = !fs.existsSync(CHROMIUM);
const OUT = path.resolve(import.meta.dirname, '../../../test-artifacts/guide');
const WECHAT_UA = 'Mozilla/5.0 (Linux; Android 10; V2001A Build/QP1A.190711.020; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/107.0.5304.141 Mobile Safari/537.36 XWEB/5023 MMWEBSDK/20230202 MMWEBID/2585 MicroMessenger/8.0.47.2560(0x28002F30) WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64';

let w: World;
let kase: PushedCase;
let browser: Browser;
let context: BrowserContext;

beforeAll(async () => {
  if (missing) return;
  fs.mkdirSync(OUT, { recursive: true });
  w = await startWorld();
  kase = await pushCase(w);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
  context = await browser.newContext({ viewport: { width: 375, height: 667 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, javaScriptEnabled: false, userAgent: WECHAT_UA, locale: 'zh-CN' });
});
afterAll(async () => {
  await context?.close();
  await browser?.close();
  await w?.h.close();
});

describe.skipIf(missing)('pages at phone size in a WeChat-like browser with JavaScript off', () => {
  const open = async (p: string, shot: string) => {
    const page = await context.newPage();
    const res = await page.goto(`${w.h.url}${p}`);
    await page.screenshot({ path: path.join(OUT, `${shot}.png`), fullPage: true });
    // Measured through the DevTools protocol's own evaluation (page scripts stay off).
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    const smallest = await page.evaluate(() => Math.min(...[...document.querySelectorAll('body *')].filter((e) => (e as HTMLElement).innerText?.trim()).map((e) => parseFloat(getComputedStyle(e).fontSize))));
    const status = res?.status();
    const text = await page.locator('body').innerText();
    await page.close();
    return { status, width, smallest, text };
  };

  it('the guide renders without overflow and with readable text', async () => {
    const r = await open('/g/TPL-SOCIAL-INDUSTRY', 'guide');
    expect(r.status).toBe(200);
    expect(r.width).toBeLessThanOrEqual(375);
    expect(r.smallest).toBeGreaterThanOrEqual(12);
    expect(r.text).toContain('第1阶段 · 立项用地规划许可');
    expect(r.text).toContain('全程免费');
  });

  it('the progress page shows the stages, statuses and due date', async () => {
    const sig = signCard(w.card, { token: kase.token, caseNo: kase.caseNo, issueDate: kase.acceptedDate, templateCode: kase.templateCode });
    const r = await open(cardPath(kase.templateCode, { token: kase.token, caseNo: kase.caseNo, issueDate: kase.acceptedDate }, sig), 'progress');
    expect(r.status).toBe(200);
    expect(r.width).toBeLessThanOrEqual(375);
    expect(r.smallest).toBeGreaterThanOrEqual(12);
    expect(r.text).toContain('联络卡真实有效');
    expect(r.text).toContain('下一到期');
    expect(r.text).toContain('补正中');
    expect(r.text).not.toContain(kase.secrets.applicantFullName);
  });

  it('the index and the lists fit the phone', async () => {
    for (const [p, shot] of [['/g/', 'index'], ['/g/lists/limits', 'list-limits'], ['/g/lists/certificates', 'list-certificates'], ['/g/lists/immediate', 'list-immediate']] as const) {
      const r = await open(p, shot);
      expect(r.status).toBe(200);
      expect(r.width, p).toBeLessThanOrEqual(375);
    }
  });

  it('the card outcomes read plainly', async () => {
    const r = await open(`/g/${kase.templateCode}?c=${kase.token}&n=${kase.caseNo}&d=20260216&s=${w.card.keyId}.AAAAAAAAAAAAAAAA`, 'card-unverified');
    expect(r.status).toBe(403);
    expect(r.width).toBeLessThanOrEqual(375);
    expect(r.text).toContain('无法核验此联络卡');
  });
});
