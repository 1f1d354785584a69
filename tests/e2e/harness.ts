// E2E harness: a real browser host on a temp data folder, Debian's Chromium through playwright-core.
// When /usr/bin/chromium (or $CHROMIUM_PATH) is missing the suites skip and say why.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execFileSync } from 'node:child_process';
import { chromium } from 'playwright-core';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { expect, vi } from 'vitest';
import { createBackend } from '../../src/main/api/backend';
import type { Backend } from '../../src/main/api/backend';
import { startWebHost } from '../../src/main/web/host';
import { openStore } from '../../src/main/db/store';
import type { Store } from '../../src/main/db/store';
import { generateDemo } from '../../src/main/features/demo/generate';
import type { WebHost } from '../../src/main/web/host';
import type { Connection } from '../../src/main/api/registry';
import type { Clock } from '../../src/main/platform/clock';

type DemoSummary = ReturnType<typeof generateDemo>;
import { rendererIsFresh } from '../../scripts/renderer-fresh.mjs';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const chromiumMissing = !existsSync(CHROMIUM);
export const SKIP_REASON = `e2e suite skipped: Chromium not found at ${CHROMIUM} (install Debian's chromium: sudo apt-get install chromium, or set CHROMIUM_PATH) / 跳过端到端测试：未找到 Chromium`;
if (chromiumMissing) console.warn(SKIP_REASON);

export const ROOT = resolve(import.meta.dirname, '../..');
export const ARTIFACTS = join(ROOT, 'test-artifacts');
export const RENDERER = join(ROOT, 'dist', 'renderer');

/**
 * How long a step may wait for the state it needs before it fails. Every wait in the e2e files is
 * for a state (a locator, expect.poll, a request's answer), never for a time; this only bounds it,
 * sized for a machine shared with other work (2 cores, many processes), where one backend round
 * trip with password hashing or a PDF can take several seconds.
 */
export const STATE_TIMEOUT = 60_000;
vi.setConfig({ testTimeout: 5 * STATE_TIMEOUT, expect: { poll: { timeout: STATE_TIMEOUT, interval: 100 } } });

export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage', '--lang=zh-CN',
];

const rendererFresh = (): boolean => rendererIsFresh(ROOT);

/**
 * Builds the renderer when it is missing or older than its sources. E2E files run in parallel
 * processes: each takes an exclusive lock (flock) to check and build, so one builds while the
 * others block until the lock is released, then find the build fresh and reuse it.
 */
export function ensureRendererBuilt(): void {
  if (process.env.E2E_SKIP_BUILD === '1' && existsSync(join(RENDERER, 'index.html'))) return;
  if (rendererFresh()) return;
  mkdirSync(join(ROOT, 'dist'), { recursive: true });
  const buildIfStale = `
    import { rendererIsFresh } from ${JSON.stringify(pathToFileURL(join(ROOT, 'scripts/renderer-fresh.mjs')).href)};
    import { execFileSync } from 'node:child_process';
    if (!rendererIsFresh(process.cwd())) execFileSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'error'], { stdio: 'inherit' });
  `;
  execFileSync('flock', [join(ROOT, 'dist', '.renderer-build.lock'), process.execPath, '--input-type=module', '-e', buildIfStale], { cwd: ROOT, stdio: 'inherit' });
}

export interface Harness {
  dataDir: string;
  backend: Backend;
  host: WebHost;
  context: BrowserContext;
  page: Page;
  consoleErrors: string[];
  close(): Promise<void>;
}

/** `clock`: the backend's time (e.g. a November date for the calendar warning); the browser keeps its own. */
export async function startHarness(opts: { dataDir?: string; keepData?: boolean; demo?: boolean; clock?: Clock } = {}): Promise<Harness> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'daiban-e2e-'));
  const backend = createBackend({ dataDir, demo: opts.demo ?? false, ...(opts.clock ? { clock: opts.clock } : {}) });
  const host = await startWebHost({ backend, rendererDir: RENDERER });
  const profile = mkdtempSync(join(tmpdir(), 'daiban-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
    headless: true,
    viewport: { width: 1366, height: 768 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP violation: ${e.violatedDirective} ${e.effectiveDirective} sample=${e.sample} source=${e.sourceFile}:${e.lineNumber}`);
    });
  });
  context.setDefaultTimeout(STATE_TIMEOUT);
  const page = context.pages()[0] ?? (await context.newPage());
  const consoleErrors: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  mkdirSync(ARTIFACTS, { recursive: true });
  return {
    dataDir, backend, host, context, page, consoleErrors,
    async close() {
      await context.close().catch(() => undefined);
      await host.close();
      backend.close();
      rmSync(profile, { recursive: true, force: true });
      if (!opts.keepData && !opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * A harness on a demo store made by the CLI's generator (`cases`, `seed`); `pick` reads what the
 * test needs from the store (an admin's name, a case id) before the backend opens it.
 */
export async function startDemoHarness<T>(opts: { cases: number; seed: number }, pick: (store: Store, demo: DemoSummary) => T): Promise<{ h: Harness; picked: T }> {
  ensureRendererBuilt();
  const dataDir = mkdtempSync(join(tmpdir(), 'daiban-e2e-demo-'));
  const store = openStore(dataDir);
  let picked: T;
  try {
    picked = pick(store, generateDemo(store, { cases: opts.cases, seed: opts.seed }));
  } finally {
    store.close();
  }
  const h = await startHarness({ dataDir });
  const close = h.close;
  h.close = async () => {
    await close();
    rmSync(dataDir, { recursive: true, force: true });
  };
  return { h, picked };
}

/** A screenshot of the settled page: CSS animations and transitions are finished, not waited for. */
export async function shot(page: Page, name: string): Promise<string> {
  const file = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file, animations: 'disabled', caret: 'hide' });
  return file;
}

/**
 * A button by its label, however antd spaces it: without `autoInsertSpace: false` (a modal outside
 * the app's ConfigProvider, for one) a two-character label renders as "保 存".
 */
export function button(scope: Page | Locator, label: string): Locator {
  const spaced = [...label].map((ch) => ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('\\s*');
  // After an onOk that rejected (a modal's 保存 refused), antd can leave its hidden loading icon
  // in a leave motion that never ends: the button then reads "loading 保存" though it shows 保存.
  return scope.getByRole('button', { name: new RegExp(`^\\s*(?:loading\\s*)?${spaced}\\s*$`) });
}

/**
 * Calls the contract on the harness's backend as one connection (the office set-up an admin does
 * once, through the same contract the UI uses); a refusal throws with its Chinese message.
 */
export function contractCaller(h: Harness): (name: string, input: unknown) => Promise<Record<string, unknown>> {
  const conn: Connection = { session: null, lastSeen: 0 };
  return async (name, input) => {
    const r = await h.backend.registry.dispatch(name, input, conn);
    if (!r.ok) throw new Error(`${name}: ${r.error.message}`);
    return r.data as Record<string, unknown>;
  };
}

/** Signs in on the login screen and waits until the shell shows the user. */
export async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByLabel('密码').press('Enter');
  await page.getByTestId('current-user').waitFor();
}

/** The dialog on top (antd modal or confirm); its buttons are found inside it, not on the page. */
export function openDialog(page: Page): Locator {
  return page.getByRole('dialog').filter({ visible: true }).last();
}

/**
 * Picks `option` in an antd Select: opens it, then clicks the option in the dropdown that is open
 * (not one still fading out from the previous pick), and waits for that dropdown to close.
 */
export async function pick(page: Page, field: Locator, option: string): Promise<void> {
  await field.click();
  const dropdown = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden):not([class*="-leave"])').filter({ visible: true });
  await dropdown.locator('.ant-select-item-option', { hasText: option }).first().click();
  await expect.poll(() => dropdown.count()).toBe(0);
}

/**
 * Picks `option` in the office tree (antd TreeSelect): opens it, types to narrow the tree, clicks
 * the node in the popup that is open, and waits for the popup to close.
 */
export async function pickOffice(page: Page, field: Locator, option: string): Promise<void> {
  await field.click();
  const popup = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden):not([class*="-leave"])').filter({ visible: true });
  await page.keyboard.type(option);
  await popup.locator('.ant-select-tree-node-content-wrapper', { hasText: option }).first().click();
  await expect.poll(() => popup.count()).toBe(0);
}

/** Waits until the iframe's document (a PDF preview) has loaded. */
export async function frameLoaded(frame: Locator): Promise<void> {
  const handle = await frame.elementHandle();
  const content = await handle?.contentFrame();
  if (!content) throw new Error('the preview frame has no document');
  await content.waitForLoadState('load');
}
