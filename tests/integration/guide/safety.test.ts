// What makes the pages safe to expose: rate limits on token lookups, ETag/304, cache headers,
// security headers scoped to /g (the sync API unchanged), gzip, a token-free access log, and a forms
// route that serves only listed files.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardPath, get, newToken, pushCase, signCard, startWorld, type PushedCase, type World } from './world';

const logLines: string[] = [];
const logStream = new Writable({
  write(chunk: Buffer, _enc, done) {
    logLines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    done();
  },
});

const formsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'daiban-forms-'));
// A real (tiny) PDF: one empty A4 page.
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

let w: World;
let kase: PushedCase;
const LOOKUPS = 5;

beforeAll(async () => {
  fs.writeFileSync(path.join(formsDir, 'index.json'), JSON.stringify({ forms: [{ file: 'agreement.pdf', title: '代办委托协议（样表）', pages: 1 }] }));
  fs.writeFileSync(path.join(formsDir, 'agreement.pdf'), PDF);
  fs.writeFileSync(path.join(formsDir, 'secret.pdf'), PDF); // present but not listed
  w = await startWorld({ logger: { level: 'info', stream: logStream }, guide: { lookupsPerMinute: LOOKUPS, formsDir } });
  kase = await pushCase(w);
});
afterAll(async () => {
  await w?.h.close();
  fs.rmSync(formsDir, { recursive: true, force: true });
});

describe('headers', () => {
  it('guides are public and cacheable with an ETag; a matching If-None-Match gets 304', async () => {
    const r = await get(w, '/g/TPL-STARTUP');
    expect(r.status).toBe(200);
    expect(r.headers['cache-control']).toMatch(/^public, max-age=\d+/);
    const tag = r.headers.etag as string;
    expect(tag).toMatch(/^"/);
    const again = await get(w, '/g/TPL-STARTUP', { 'if-none-match': tag });
    expect(again.status).toBe(304);
    expect(again.raw.length).toBe(0);
    const list = await get(w, '/g/lists/fees');
    expect((await get(w, '/g/lists/fees', { 'if-none-match': list.headers.etag as string })).status).toBe(304);
  });

  it('sets security headers with a CSP that allows no script and only the page’s own stylesheet', async () => {
    const r = await get(w, '/g/TPL-STARTUP');
    const csp = String(r.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toMatch(/style-src 'sha256-[A-Za-z0-9+/=]+'/);
    expect(csp).not.toContain('script-src');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['referrer-policy']).toBe('no-referrer');
    expect(r.headers['x-frame-options']).toBeDefined();
    // The stylesheet in the page is the one the hash names.
    const css = /<style>([\s\S]*?)<\/style>/.exec(r.text)![1]!;
    const hash = (await import('node:crypto')).createHash('sha256').update(css).digest('base64');
    expect(csp).toContain(`'sha256-${hash}'`);
  });

  it('leaves the sync API as it was: no page headers, no gzip on /health', async () => {
    const r = await get(w, '/health', { 'accept-encoding': 'gzip' });
    expect(r.status).toBe(200);
    expect(r.headers['content-security-policy']).toBeUndefined();
    expect(r.headers['content-encoding']).toBeUndefined();
    expect(r.headers.etag).toBeUndefined();
    const api404 = await get(w, '/nope');
    expect(String(api404.headers['content-type'])).toContain('application/json');
  });

  it('gzips pages for clients that ask', async () => {
    const r = await get(w, '/g/TPL-SOCIAL-INDUSTRY', { 'accept-encoding': 'gzip' });
    expect(r.headers['content-encoding']).toBe('gzip');
    const plain = await get(w, '/g/TPL-SOCIAL-INDUSTRY');
    expect(zlib.gunzipSync(r.raw).toString('utf8')).toBe(plain.text);
    expect(r.raw.length).toBeLessThan(plain.raw.length / 2);
  });

  it('progress pages are never stored by caches', async () => {
    const r = await get(w, cardPath(kase.templateCode, { token: kase.token, caseNo: kase.caseNo, issueDate: kase.acceptedDate }));
    expect(r.status).toBe(200);
    expect(r.headers['cache-control']).toBe('private, no-store');
  });
});

describe('the access log', () => {
  it('has one line per page request and never the token, the case number or the signature', async () => {
    const sig = signCard(w.card, { token: kase.token, caseNo: kase.caseNo, issueDate: kase.acceptedDate, templateCode: kase.templateCode });
    const before = logLines.length;
    await get(w, cardPath(kase.templateCode, { token: kase.token, caseNo: kase.caseNo, issueDate: kase.acceptedDate }, sig));
    await get(w, `/g/${kase.templateCode}?c=${kase.token}`);
    const lines = logLines.slice(before);
    const pageLines = lines.filter((l) => l.includes('"guide page"'));
    expect(pageLines.length).toBe(2);
    expect(pageLines[0]).toContain(`"url":"/g/${kase.templateCode}?c=…&n=…&d=…&s=…"`);
    for (const l of logLines) {
      expect(l).not.toContain(kase.token);
      expect(l).not.toContain(sig.split('.')[1]);
      expect(l).not.toContain(kase.caseNo);
    }
  });
});

describe('the forms', () => {
  it('the 样表清单 lists the forms and serves the listed PDFs only', async () => {
    const list = await get(w, '/g/lists/forms');
    expect(list.text).toContain('代办委托协议（样表）');
    expect(list.text).toContain('href="/g/forms/agreement.pdf"');
    const pdf = await get(w, '/g/forms/agreement.pdf');
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.raw.equals(PDF)).toBe(true);
    for (const p of ['/g/forms/secret.pdf', '/g/forms/..%2Fpackage.json', '/g/forms/%2e%2e%2f%2e%2e%2fpackage.json', '/g/forms/..%5Cindex.json', '/g/forms/index.json', '/g/forms/agreement.pdf%00.txt', '/g/forms/.agreement.pdf', '/g/forms/%252e%252e%252fpackage.json']) {
      const r = await get(w, p);
      expect(r.status, p).toBe(404);
      expect(r.text).toContain('样表不存在');
    }
    const traversal = await get(w, '/g/forms/../../package.json');
    expect(traversal.status).toBe(404);
    expect(traversal.text).not.toContain('"name": "daiban-desk"');
  });

  it('says 样表正在准备 when the folder is missing', async () => {
    const other = await startWorld({ guide: { formsDir: path.join(formsDir, 'missing') } });
    try {
      const r = await get(other, '/g/lists/forms');
      expect(r.text).toContain('样表正在准备');
    } finally {
      await other.h.close();
    }
  });
});

describe('rate limits', () => {
  it('token lookups get a tighter per-IP limit with a Chinese 429 page; the bare guide stays open', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < LOOKUPS + 2; i++) statuses.push((await get(w, `/g/TPL-STARTUP?c=${newToken()}`)).status);
    expect(statuses.slice(0, 2)).not.toContain(429);
    expect(statuses.at(-1)).toBe(429);
    const limited = await get(w, `/g/TPL-STARTUP?c=${kase.token}`);
    expect(limited.status).toBe(429);
    expect(limited.text).toContain('访问过于频繁');
    expect(limited.text).not.toContain(kase.projectName);
    expect(limited.headers['retry-after']).toBeDefined();
    const guide = await get(w, '/g/TPL-STARTUP');
    expect(guide.status).toBe(200);
  });

  it('behind a trusted reverse proxy the limit is per phone (X-Forwarded-For), not per proxy', async () => {
    const proxied = await startWorld({ trustProxy: '127.0.0.1', guide: { lookupsPerMinute: 3 } });
    try {
      const lookup = (phone: string) => get(proxied, `/g/TPL-STARTUP?c=${newToken()}`, { 'x-forwarded-for': phone });
      const first: number[] = [];
      for (let i = 0; i < 4; i++) first.push((await lookup('203.0.113.7')).status);
      expect(first.slice(0, 3)).not.toContain(429);
      expect(first[3]).toBe(429);
      // Another phone behind the same proxy still gets its answer.
      expect((await lookup('203.0.113.8')).status).toBe(404);
    } finally {
      await proxied.h.close();
    }
  });
});
