// The browser host over real HTTP on a real data folder: loopback only, the launch token, the
// cookie, the CSRF header, the Host check, the CSP, and the same contract as the shell.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBackend } from '../../../src/main/api/backend';
import type { Backend } from '../../../src/main/api/backend';
import { SYSTEM_ACTOR } from '../../../src/main/db/store';
import { startWebHost } from '../../../src/main/web/host';
import type { WebHost } from '../../../src/main/web/host';

interface Res { status: number; headers: Record<string, string | string[] | undefined>; body: string }
function http(url: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Res> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: opts.method ?? 'GET', headers: opts.headers ?? {} }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    if (opts.body) req.write(opts.body);
    req.end();
  });
}

describe('browser host', () => {
  let dir: string;
  let backend: Backend;
  let host: WebHost;
  let cookie = '';
  const api = (name: string, input: unknown, headers: Record<string, string> = {}) =>
    http(`${host.url}api/${name}`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Daiban': '1', Cookie: cookie, ...headers }, body: JSON.stringify(input) });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'daiban-web-'));
    const renderer = join(dir, 'renderer');
    mkdirSync(join(renderer, 'assets'), { recursive: true });
    writeFileSync(join(renderer, 'index.html'), '<!doctype html><meta name="csp-nonce" content="__CSP_NONCE__"><div id=root></div>');
    writeFileSync(join(renderer, 'assets', 'app.js'), 'console.log(1)');
    backend = createBackend({ dataDir: join(dir, 'data') });
    host = await startWebHost({ backend, rendererDir: renderer });
  });
  afterAll(async () => {
    await host.close();
    backend.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('listens on 127.0.0.1 only', () => {
    const addr = host.server.address();
    expect(typeof addr === 'object' && addr?.address).toBe('127.0.0.1');
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  it('refuses the page and the API without the launch secret', async () => {
    const page = await http(host.url);
    expect(page.status).toBe(403);
    expect(page.body).toContain('请使用启动时显示的链接打开');
    const bad = await http(`${host.url}?token=wrong`);
    expect(bad.status).toBe(403);
    const anon = await http(`${host.url}api/auth.status`, { method: 'POST', headers: { 'X-Daiban': '1' }, body: '{}' });
    expect(anon.status).toBe(403);
    expect(JSON.parse(anon.body)).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
  });

  it('exchanges the token for an HttpOnly SameSite=Strict cookie, then serves the page with a fresh nonce and the CSP', async () => {
    const r = await http(host.launchUrl);
    expect(r.status).toBe(303);
    expect(r.headers.location).toBe('/');
    const set = String(r.headers['set-cookie']);
    expect(set).toMatch(/HttpOnly/);
    expect(set).toMatch(/SameSite=Strict/);
    cookie = set.split(';')[0]!;
    const page = await http(host.url, { headers: { Cookie: cookie } });
    expect(page.status).toBe(200);
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe');
    const nonce = /nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(page.body).toContain(`content="${nonce}"`);
    const again = await http(host.url, { headers: { Cookie: cookie } });
    expect(/nonce-([^']+)'/.exec(String(again.headers['content-security-policy']))?.[1]).not.toBe(nonce);
    const asset = await http(`${host.url}assets/app.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toContain('javascript');
    expect((await http(`${host.url}assets/../../../etc/passwd`)).status).not.toBe(200);
  });

  it('requires the X-Daiban header and a same-origin Origin on API calls', async () => {
    const noHeader = await http(`${host.url}api/auth.status`, { method: 'POST', headers: { Cookie: cookie }, body: '{}' });
    expect(noHeader.status).toBe(403);
    const crossSite = await api('auth.status', {}, { Origin: 'https://evil.example' });
    expect(crossSite.status).toBe(403);
    const get = await http(`${host.url}api/auth.status`, { headers: { Cookie: cookie, 'X-Daiban': '1' } });
    expect(get.status).toBe(405);
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    const port = new URL(host.url).port;
    const r = await http(`${host.url}api/auth.status`, { method: 'POST', headers: { Host: `evil.example:${port}`, Cookie: cookie, 'X-Daiban': '1' }, body: '{}' });
    expect(r.status).toBe(421);
  });

  it('runs the contract on the data folder: first admin, session per cookie, Chinese errors', async () => {
    const status = JSON.parse((await api('auth.status', {})).body);
    expect(status).toEqual({ ok: true, data: { initialized: false, session: null, demoAvailable: false } });
    const bad = JSON.parse((await api('auth.setup', { orgUnitName: '', orgLevel: 'township', username: 'a', displayName: '张三', password: '123' })).body);
    expect(bad.ok).toBe(false);
    expect(bad.error.code).toBe('validation');
    expect(bad.error.fieldErrors).toMatchObject({ orgUnitName: '请填写机构名称', username: '用户名至少2个字符', password: '密码至少8位' });
    expect(JSON.parse((await api('auth.status', {})).body).data.initialized).toBe(false);
    const setup = JSON.parse((await api('auth.setup', { orgUnitName: '城关镇便民服务中心', orgLevel: 'township', orgCode: '350102001', username: 'admin', displayName: '张管理', password: 'abc12345' })).body);
    expect(setup).toMatchObject({ ok: true, data: { username: 'admin', role: 'admin', orgUnitName: '城关镇便民服务中心' } });
    const dash = JSON.parse((await api('dashboard.get', {})).body);
    expect(dash.ok).toBe(true);
    // a second browser (new cookie) is not signed in
    const r = await http(host.launchUrl);
    const other = String(r.headers['set-cookie']).split(';')[0]!;
    const otherDash = JSON.parse((await api('dashboard.get', {}, { Cookie: other })).body);
    expect(otherDash).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    const notJson = await http(`${host.url}api/auth.status`, { method: 'POST', headers: { Cookie: cookie, 'X-Daiban': '1' }, body: '{oops' });
    expect(JSON.parse(notJson.body)).toMatchObject({ ok: false, error: { code: 'validation', message: '请求内容无法解析或超过大小限制' } });
  });

  it('streams data.changed to a known browser only (server-sent events on the same cookie)', async () => {
    const stranger = await http(`${host.url}events`);
    expect(stranger.status).toBe(403);
    const received = await new Promise<string>((resolve, reject) => {
      const req = request(`${host.url}events`, { headers: { Cookie: cookie } }, (res) => {
        expect(res.statusCode).toBe(200);
        expect(res.headers['content-type']).toContain('text/event-stream');
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => {
          body += c;
          if (body.includes(': connected')) backend.deps.store.audit({ actor: SYSTEM_ACTOR, action: 'print.document', entity: 'cases', entityId: 'c-42' });
          if (body.includes('event: data.changed')) {
            req.destroy();
            resolve(body);
          }
        });
      });
      req.on('error', reject);
      req.end();
    });
    const data = received.split('event: data.changed\ndata: ')[1]!.split('\n')[0]!;
    expect(JSON.parse(data)).toEqual({ entities: ['cases', 'auditEvents'], caseIds: ['c-42'] });
  });
});
