// The browser host: the built renderer and the same contract over loopback HTTP, for end-to-end
// tests in a real browser and for machines where the Electron shell cannot run.
//  - listens on 127.0.0.1 only;
//  - a per-launch secret: the printed URL carries ?token=…, exchanged once per browser for an
//    HttpOnly, SameSite=Strict cookie naming that browser's connection; /api requires the cookie,
//    a same-origin Origin (when sent) and the X-Daiban header (forces a CORS preflight cross-site);
//  - the same CSP and headers as the shell, with a fresh style nonce per page.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { join, normalize, sep } from 'node:path';
import type { AddressInfo } from 'node:net';
import { contentSecurityPolicy, mimeFor, securityHeaders } from '../api/security';
import type { Backend } from '../api/backend';

export const COOKIE = 'daiban_conn';
const MAX_BODY = 30 * 1024 * 1024;

export interface WebHostOptions {
  backend: Backend;
  rendererDir: string;
  port?: number;
  /** Fixed secret (tests); a random one otherwise. */
  token?: string;
}

export interface WebHost {
  url: string;
  /** The URL to open once: carries the launch token. */
  launchUrl: string;
  token: string;
  server: Server;
  close(): Promise<void>;
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function cookieOf(req: IncomingMessage): string | null {
  const raw = req.headers.cookie ?? '';
  for (const part of raw.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === COOKIE) return v.join('=');
  }
  return null;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new Error('too large'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string>): void {
  res.writeHead(status, { ...headers, 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(body));
}

const LOCKED_PAGE = `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>代办帮办工作台</title>
<body style="font-family:sans-serif;padding:40px"><h2>请使用启动时显示的链接打开代办帮办工作台</h2>
<p>为保护数据，本机服务只接受带有本次启动口令的链接。请回到启动窗口复制完整链接。</p></body></html>`;

export async function startWebHost(opts: WebHostOptions): Promise<WebHost> {
  const token = opts.token ?? randomBytes(24).toString('base64url');
  const connections = new Set<string>();
  let origin = '';

  const server = createServer((req, res) => {
    void handle(req, res).catch((e: unknown) => {
      console.error('[web] request failed', e);
      if (!res.headersSent) json(res, 500, { ok: false, error: { code: 'internal', message: '系统内部错误' } }, {});
      else res.end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const nonce = randomBytes(16).toString('base64');
    const headers = securityHeaders(contentSecurityPolicy({ origin, styleNonce: nonce }));
    const url = new URL(req.url ?? '/', origin);
    // Host header must name us (DNS rebinding): only 127.0.0.1:port or localhost:port.
    const host = req.headers.host ?? '';
    const port = (server.address() as AddressInfo).port;
    if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) {
      res.writeHead(421, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Misdirected request');
      return;
    }
    const conn = cookieOf(req);
    const known = conn !== null && connections.has(conn);

    if (url.pathname === '/events') {
      // Server-sent events: the backend's `data.changed` and `sync.status`, on the same cookie.
      if (!known || req.method !== 'GET') return json(res, 403, { ok: false, error: { code: 'unauthenticated', message: '本机服务口令无效，请使用启动时显示的链接重新打开' } }, headers);
      res.writeHead(200, { ...headers, 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
      res.write(': connected\n\n');
      const off = opts.backend.onEvent((event, payload) => res.write(`event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`));
      req.on('close', off);
      return;
    }

    if (url.pathname.startsWith('/api/')) {
      if (req.method !== 'POST') return json(res, 405, { ok: false, error: { code: 'unknownRequest', message: '不支持的请求方式' } }, headers);
      const reqOrigin = req.headers.origin;
      if (!known || req.headers['x-daiban'] !== '1' || (reqOrigin !== undefined && reqOrigin !== `http://127.0.0.1:${port}` && reqOrigin !== `http://localhost:${port}`)) {
        return json(res, 403, { ok: false, error: { code: 'unauthenticated', message: '本机服务口令无效，请使用启动时显示的链接重新打开' } }, headers);
      }
      const name = decodeURIComponent(url.pathname.slice('/api/'.length));
      let input: unknown;
      try {
        const body = await readBody(req);
        input = body.length ? JSON.parse(body) : {};
      } catch {
        return json(res, 400, { ok: false, error: { code: 'validation', message: '请求内容无法解析或超过大小限制' } }, headers);
      }
      const result = await opts.backend.dispatch(conn, name, input);
      return json(res, 200, result, headers);
    }

    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, headers);
      res.end();
      return;
    }

    const given = url.searchParams.get('token');
    if (given !== null) {
      if (!safeEqual(given, token)) {
        res.writeHead(403, { ...headers, 'Content-Type': 'text/html; charset=utf-8' });
        res.end(LOCKED_PAGE);
        return;
      }
      const id = known ? conn : randomBytes(32).toString('base64url');
      connections.add(id);
      res.writeHead(303, { ...headers, Location: '/', 'Set-Cookie': `${COOKIE}=${id}; HttpOnly; SameSite=Strict; Path=/` });
      res.end();
      return;
    }

    let rel = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname.slice(1));
    const isAsset = rel.startsWith('assets/') || /\.(ico|png|svg|woff2?|ttf)$/.test(rel);
    if (!isAsset) rel = 'index.html'; // client-side routes
    if (rel === 'index.html' && !known) {
      res.writeHead(403, { ...headers, 'Content-Type': 'text/html; charset=utf-8' });
      res.end(LOCKED_PAGE);
      return;
    }
    const file = normalize(join(opts.rendererDir, rel));
    if (!file.startsWith(normalize(opts.rendererDir) + sep)) {
      res.writeHead(404, headers);
      res.end();
      return;
    }
    try {
      const st = await stat(file);
      if (!st.isFile()) throw new Error('not a file');
      let body: Buffer | string = await readFile(file);
      if (rel === 'index.html') body = body.toString('utf8').replaceAll('__CSP_NONCE__', nonce);
      res.writeHead(200, {
        ...headers,
        'Content-Type': mimeFor(rel),
        'Cache-Control': rel.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-store',
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      res.writeHead(404, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(rel === 'index.html' ? '界面尚未构建：请先运行 npm run build' : 'Not found');
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/`,
    launchUrl: `${origin}/?token=${token}`,
    token,
    server,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
