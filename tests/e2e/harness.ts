// E2E harness: a real browser host on a temp data folder, Debian's Chromium through playwright-core.
// When /usr/bin/chromium (or $CHROMIUM_PATH) is missing the suites skip and say why.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execFileSync } from 'node:child_process';
import { chromium } from 'playwright-core';
import type { BrowserContext, Page } from 'playwright-core';
import { createBackend } from '../../src/main/api/backend';
import type { Backend } from '../../src/main/api/backend';
import { startWebHost } from '../../src/main/web/host';
import type { WebHost } from '../../src/main/web/host';
import type { Clock } from '../../src/main/platform/clock';
import { rendererIsFresh } from '../../scripts/renderer-fresh.mjs';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const chromiumMissing = !existsSync(CHROMIUM);
export const SKIP_REASON = `e2e suite skipped: Chromium not found at ${CHROMIUM} (install Debian's chromium: sudo apt-get install chromium, or set CHROMIUM_PATH) / 跳过端到端测试：未找到 Chromium`;
if (chromiumMissing) console.warn(SKIP_REASON);

export const ROOT = resolve(import.meta.dirname, '../..');
export const ARTIFACTS = join(ROOT, 'test-artifacts');
export const RENDERER = join(ROOT, 'dist', 'renderer');

export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage', '--lang=zh-CN',
];

const rendererFresh = (): boolean => rendererIsFresh(ROOT);

/**
 * Builds the renderer when it is missing or older than its sources. E2E files run in parallel
 * processes: one builds under a lock directory while the others wait, then all reuse the build.
 */
export function ensureRendererBuilt(): void {
  if (process.env.E2E_SKIP_BUILD === '1' && existsSync(join(RENDERER, 'index.html'))) return;
  const lock = join(ROOT, 'dist', '.renderer-build.lock');
  mkdirSync(join(ROOT, 'dist'), { recursive: true });
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (rendererFresh()) return;
    try {
      mkdirSync(lock);
    } catch {
      if (Date.now() > deadline) throw new Error('timed out waiting for another renderer build');
      execFileSync('sleep', ['0.5']);
      continue;
    }
    try {
      if (!rendererFresh()) execFileSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'error'], { cwd: ROOT, stdio: 'inherit' });
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
    return;
  }
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

export async function shot(page: Page, name: string): Promise<string> {
  const file = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}
