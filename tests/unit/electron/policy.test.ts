import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import {
  APP_ENTRY, contentSecurityPolicy, isAppUrl, isTrustedSender, mainWindowOptions, mimeFor, navigationDecision,
  downloadDecision, permissionDecision, resolveAppAsset, securityHeaders, windowOpenDecision,
} from '../../../src/main/electron/policy';
import { IPC, isBackendMessage, isCallPayload } from '../../../src/main/electron/channels';
import { menuTemplate } from '../../../src/main/electron/menu-template';
import type { MenuItemSpec } from '../../../src/main/electron/menu-template';

describe('window options', () => {
  it('isolates the renderer: context isolation, sandbox, no node, web security on', () => {
    const o = mainWindowOptions('/app/preload.cjs');
    expect(o.webPreferences).toMatchObject({
      contextIsolation: true, sandbox: true, nodeIntegration: false, nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false, webSecurity: true, allowRunningInsecureContent: false, webviewTag: false,
      preload: '/app/preload.cjs',
    });
    expect(o.width).toBe(1366);
    expect(o.height).toBe(768);
  });
});

describe('content security policy', () => {
  const csp = contentSecurityPolicy({ origin: 'app://daiban', styleNonce: 'abc123' });
  const directive = (name: string) => csp.split('; ').find((d) => d.startsWith(`${name} `));
  it('never allows inline script, eval or remote code', () => {
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|wasm-unsafe|\*|https?:/);
    expect(directive('default-src')).toBe("default-src 'none'");
    expect(directive('script-src')).toBe("script-src 'self'");
    expect(directive('object-src')).toBe("object-src 'self' blob:");
    expect(directive('base-uri')).toBe("base-uri 'none'");
    expect(directive('form-action')).toBe("form-action 'none'");
  });
  it('lets antd styles in only with the per-launch nonce', () => {
    expect(directive('style-src')).toBe("style-src 'self' 'nonce-abc123'");
  });
  it('ships the CSP with nosniff and a closed permissions policy', () => {
    const h = securityHeaders(csp);
    expect(h['Content-Security-Policy']).toBe(csp);
    expect(h['X-Content-Type-Options']).toBe('nosniff');
    expect(h['Permissions-Policy']).toContain('camera=()');
  });
});

describe('navigation, windows and permissions', () => {
  it('allows only app:// pages of the app itself', () => {
    expect(navigationDecision(APP_ENTRY)).toBe('allow');
    expect(navigationDecision('app://daiban/index.html#/case/1')).toBe('allow');
    for (const bad of ['https://evil.example/', 'file:///etc/passwd', 'app://other/index.html', 'app://user:pw@daiban/', 'javascript:alert(1)', 'not a url', 'data:text/html,<script>1</script>']) {
      expect(navigationDecision(bad), bad).toBe('deny');
    }
  });
  it('never opens new windows; only http(s) may go to the system browser', () => {
    expect(windowOpenDecision('https://www.gov.cn/')).toEqual({ action: 'deny', openExternal: true });
    expect(windowOpenDecision('file:///C:/Windows/system32/calc.exe')).toEqual({ action: 'deny', openExternal: false });
    expect(windowOpenDecision('smb://host/share')).toEqual({ action: 'deny', openExternal: false });
    expect(windowOpenDecision('javascript:1')).toEqual({ action: 'deny', openExternal: false });
  });
  it('saves only files the app made (blob: URLs of app pages)', () => {
    expect(downloadDecision('blob:app://daiban/6f1c2a9e-0d4b-4a7e-9a51-3b0f2d1e8c77')).toBe('save');
    for (const u of ['https://evil.example/x.exe', 'blob:https://evil.example/1', 'app://daiban/index.html', 'blob:app://other/1', 'file:///etc/passwd']) expect(downloadDecision(u)).toBe('cancel');
  });
  it('refuses every permission', () => {
    for (const p of ['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-read', 'fullscreen']) expect(permissionDecision(p)).toBe(false);
  });
});

describe('IPC sender check', () => {
  const trustedIds = new Set([7]);
  it('accepts the main frame of our window at an app URL', () => {
    expect(isTrustedSender({ frameUrl: 'app://daiban/index.html', isMainFrame: true, senderId: 7, trustedIds })).toBe(true);
  });
  it('rejects subframes, other windows, foreign or missing URLs', () => {
    expect(isTrustedSender({ frameUrl: 'app://daiban/index.html', isMainFrame: false, senderId: 7, trustedIds })).toBe(false);
    expect(isTrustedSender({ frameUrl: 'app://daiban/index.html', isMainFrame: true, senderId: 8, trustedIds })).toBe(false);
    expect(isTrustedSender({ frameUrl: 'https://evil.example/', isMainFrame: true, senderId: 7, trustedIds })).toBe(false);
    expect(isTrustedSender({ frameUrl: 'file:///tmp/x.html', isMainFrame: true, senderId: 7, trustedIds })).toBe(false);
    expect(isTrustedSender({ frameUrl: undefined, isMainFrame: true, senderId: 7, trustedIds })).toBe(false);
  });
  it('checks the shape of calls and backend messages', () => {
    expect(isCallPayload({ name: 'case.get', input: { id: '1' } })).toBe(true);
    expect(isCallPayload({ name: 'case.get;rm -rf', input: {} })).toBe(false);
    expect(isCallPayload({ name: 42 })).toBe(false);
    expect(isCallPayload(null)).toBe(false);
    expect(isBackendMessage({ type: 'result', id: 1, result: {} })).toBe(true);
    expect(isBackendMessage({ type: 'exec' })).toBe(false);
    expect(new Set(Object.values(IPC)).size).toBe(Object.values(IPC).length);
  });
});

describe('app:// asset resolution', () => {
  it('maps paths inside the renderer folder and refuses escapes', () => {
    expect(resolveAppAsset('app://daiban/')).toBe('index.html');
    expect(resolveAppAsset('app://daiban/assets/index-abc.js')).toBe('assets/index-abc.js');
    // dot segments are resolved by the URL parser first: the result stays inside the renderer folder
    expect(resolveAppAsset('app://daiban/assets/%2e%2e/%2e%2e/etc/passwd')).toBe('etc/passwd');
    expect(resolveAppAsset('app://daiban/..%5c..%5cwindows')).toBeNull();
    expect(resolveAppAsset('app://daiban/%E0%A4%A')).toBeNull();
    expect(resolveAppAsset('https://daiban/index.html')).toBeNull();
    expect(mimeFor('a/b.JS')).toContain('javascript');
    expect(mimeFor('x.unknown')).toBe('application/octet-stream');
  });
  it('app:// URLs parse as expected', () => {
    expect(isAppUrl('app://daiban/x')).toBe(true);
    expect(isAppUrl('app://daiban.evil/x')).toBe(false);
  });
});

describe('menu template', () => {
  const flat = (items: MenuItemSpec[]): MenuItemSpec[] => items.flatMap((i) => [i, ...flat(i.submenu ?? [])]);
  it('is Chinese, has unique accelerators and hides dev tools outside development', () => {
    const prod = flat(menuTemplate({ dev: false }));
    for (const i of prod) if (i.label) expect(i.label).toMatch(/[\u4e00-\u9fff]/);
    const acc = prod.map((i) => i.accelerator).filter(Boolean);
    expect(new Set(acc).size).toBe(acc.length);
    expect(prod.some((i) => i.role === 'toggleDevTools')).toBe(false);
    expect(flat(menuTemplate({ dev: true })).some((i) => i.role === 'toggleDevTools')).toBe(true);
  });
});

describe('source rules for the shell', () => {
  const src = (f: string) => readFileSync(new URL(`../../../src/main/electron/${f}`, import.meta.url), 'utf8');
  it('the preload exposes a bridge object via contextBridge, never ipcRenderer itself', () => {
    const p = src('preload.ts');
    expect(p).toMatch(/contextBridge\.exposeInMainWorld\('daiban', bridge\)/);
    expect(p).not.toMatch(/exposeInMainWorld\([^)]*ipcRenderer\s*\)/);
    expect(p).toMatch(/satisfies DaibanBridge/);
  });
  it('main forks the backend into a utility process and checks every IPC sender', () => {
    const m = src('main.ts');
    expect(m).toMatch(/utilityProcess\.fork\(/);
    expect(m).toMatch(/ipcMain\.handle\(IPC\.call, async \(event, payload: unknown\) => \{\n\s+if \(!senderOk\(event\)\)/);
    expect(m).not.toMatch(/nodeIntegration:\s*true|contextIsolation:\s*false|sandbox:\s*false/);
  });
});

describe('bundled shell', () => {
  it('builds main, preload and backend; the sandboxed preload requires nothing but electron', async () => {
    const { buildElectron } = await import('../../../scripts/build-electron.mjs');
    const dir = await buildElectron();
    const preload = readFileSync(`${dir}/preload.cjs`, 'utf8');
    const requires = [...preload.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1]);
    expect(new Set(requires)).toEqual(new Set(['electron']));
    expect(preload).not.toMatch(/exposeInMainWorld\([^,]+,\s*ipcRenderer\)/);
    const backend = readFileSync(`${dir}/backend.cjs`, 'utf8');
    expect(backend).toMatch(/require\(["']better-sqlite3["']\)/);
    expect(backend).not.toMatch(/require\(["']electron["']\)/);
  });
});

describe('bundled backend process', () => {
  it('answers contract calls over the process channel on a real data folder', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { forkBackend } = await import('./backend-child');
    const data = mkdtempSync(join(tmpdir(), 'daiban-backend-proc-'));
    const backend = await forkBackend(data);
    try {
      const { child, next } = backend;
      const ready = await next((m) => m.type === 'ready');
      expect(ready.missing).toEqual([]);
      child.send({ type: 'call', id: 1, connectionId: 'window-1', name: 'auth.status', input: {} });
      expect((await next((m) => m.type === 'result' && m.id === 1)).result).toMatchObject({ ok: true, data: { initialized: false, session: null } });
      child.send({ type: 'call', id: 2, connectionId: 'window-1', name: 'auth.setup', input: { orgUnitName: '', orgLevel: 'township', username: 'admin', displayName: '管理员', password: 'abc12345' } });
      expect((await next((m) => m.type === 'result' && m.id === 2)).result).toMatchObject({ ok: false, error: { code: 'validation', fieldErrors: { orgUnitName: '请填写机构名称' } } });
      child.send({ type: 'call', id: 3, connectionId: 'window-1', name: 'no.such', input: {} });
      expect((await next((m) => m.type === 'result' && m.id === 3)).result).toMatchObject({ ok: false, error: { code: 'unknownRequest' } });
      await backend.shutdown();
    } finally {
      backend.kill();
      rmSync(data, { recursive: true, force: true });
    }
  });
});
