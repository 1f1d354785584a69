// Attachments (content-addressed, resumable chunks, metadata before the file) and version rules
// (too old → 426, ops from the previous schema still accepted).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import crypto from 'node:crypto';
import { caseRow, childRow, request, startHarness, Wire, wireFor } from './harness';
import type { Harness } from './harness';
import { versionHeaders } from '../../../src/shared/sync/versions';

let h: Harness;
beforeAll(async () => {
  // This server is at schema 2, so schema-1 desktops are "the previous schema".
  h = await startHarness({ versions: { schema: 2 }, options: { maxChunkBytes: 64 * 1024 } });
});
afterAll(async () => {
  await h?.close();
});

describe('attachments', () => {
  it('uploads in resumable chunks, verifies the hash, and serves ranges only to devices that see the record', async () => {
    const a = await wireFor(h, h.org.townA, h.org.users.clerkA);
    a.versions = { protocol: 1, schema: 2, app: '0.1.0' };
    const b = await wireFor(h, h.org.townB, h.org.users.clerkB);
    b.versions = a.versions;
    const file = crypto.randomBytes(150 * 1024 + 17);
    const sha = crypto.createHash('sha256').update(file).digest('hex');
    const hdr = { ...a.headers(), 'content-type': 'application/octet-stream', 'x-total-size': String(file.length) };

    // Metadata first: the attachment record syncs before the file is there.
    const c = caseRow(h.org.townA);
    const att = childRow('attachments', c.id as string, { sha256: sha, fileName: '营业执照.pdf', size: file.length, mime: 'application/pdf', addedBy: h.org.users.clerkA });
    const pushed = await a.push([
      a.op({ kind: 'insert', entity: 'cases', entityId: c.id as string, payload: c }),
      a.op({ kind: 'insert', entity: 'attachments', entityId: att.id as string, payload: att }),
    ]);
    expect(pushed.results.map((r) => r.status)).toEqual(['applied', 'applied']);
    const missing = await request(h.url, 'GET', `/attachments/${sha}`, undefined, a.headers());
    expect(missing.status).toBe(404);
    expect((await request(h.url, 'HEAD', `/attachments/${sha}`, undefined, a.headers())).status).toBe(404);

    // First chunk, then the "connection dies"; HEAD tells where to resume.
    const c1 = await request(h.url, 'PUT', `/attachments/${sha}?offset=0`, file.subarray(0, 60 * 1024), hdr);
    expect(c1.status).toBe(202);
    const head = await request(h.url, 'HEAD', `/attachments/${sha}`, undefined, a.headers());
    expect(head.headers['x-upload-offset']).toBe(String(60 * 1024));
    expect(head.headers['x-upload-complete']).toBe('0');
    // A chunk at the wrong offset is refused with the right one.
    const wrong = await request(h.url, 'PUT', `/attachments/${sha}?offset=0`, file.subarray(0, 1024), hdr);
    expect(wrong.status).toBe(409);
    expect((wrong.body as { error: string }).error).toContain(String(60 * 1024));
    // A chunk over the limit is refused.
    const tooBig = await request(h.url, 'PUT', `/attachments/${sha}?offset=${60 * 1024}`, file.subarray(60 * 1024, 60 * 1024 + 65 * 1024), hdr);
    expect(tooBig.status).toBe(413);
    let off = 60 * 1024;
    let last = c1;
    while (off < file.length) {
      const end = Math.min(off + 60 * 1024, file.length);
      last = await request(h.url, 'PUT', `/attachments/${sha}?offset=${off}`, file.subarray(off, end), hdr);
      off = end;
    }
    expect(last.status).toBe(201);
    expect((last.body as { complete: boolean }).complete).toBe(true);

    const whole = await request(h.url, 'GET', `/attachments/${sha}`, undefined, a.headers());
    expect(whole.status).toBe(200);
    expect(crypto.createHash('sha256').update(whole.raw).digest('hex')).toBe(sha);
    const part = await request(h.url, 'GET', `/attachments/${sha}`, undefined, { ...a.headers(), range: 'bytes=100000-' });
    expect(part.status).toBe(206);
    expect(part.raw.equals(file.subarray(100000))).toBe(true);
    // Township B does not see the case, so not its files either.
    expect((await request(h.url, 'GET', `/attachments/${sha}`, undefined, b.headers())).status).toBe(404);
  });

  it('refuses a file whose content does not match its hash and keeps nothing of it', async () => {
    const a = await wireFor(h, h.org.townA, h.org.users.clerkA);
    a.versions = { protocol: 1, schema: 2, app: '0.1.0' };
    const file = crypto.randomBytes(1000);
    const sha = crypto.createHash('sha256').update(Buffer.from('something else')).digest('hex');
    const r = await request(h.url, 'PUT', `/attachments/${sha}?offset=0`, file, { ...a.headers(), 'content-type': 'application/octet-stream', 'x-total-size': '1000' });
    expect(r.status).toBe(422);
    expect((r.body as { error: string }).error).toContain('校验失败');
    const head = await request(h.url, 'HEAD', `/attachments/${sha}`, undefined, a.headers());
    expect(head.headers['x-upload-offset']).toBe('0');
  });
});

describe('versions', () => {
  it('accepts ops from the previous schema and refuses older ones with 426', async () => {
    const w = await wireFor(h, h.org.townA, h.org.users.clerkA);
    const c = caseRow(h.org.townA);
    w.versions = { protocol: 1, schema: 1, app: '0.1.0' };
    const prev = await w.push([w.op({ kind: 'insert', entity: 'cases', entityId: c.id as string, payload: c })]);
    expect(prev.status).toBe(200);
    expect(prev.results[0]?.status).toBe('applied');
    // A current client carrying one op still queued from the previous schema.
    w.versions = { protocol: 1, schema: 2, app: '0.1.0' };
    const queued = w.op({ kind: 'patch', entity: 'cases', entityId: c.id as string, payload: { subject: { base: '测试办件', value: '旧版本排队的修改' } } });
    const mixed = await w.push([{ ...queued, schemaVersion: 1 }]);
    expect(mixed.results[0]?.status).toBe('applied');
    // Two schemas behind: the whole request is refused; per op it is a rejection with the same advice.
    w.versions = { protocol: 1, schema: 0, app: '0.1.0' };
    const old = await w.push([w.op({ kind: 'patch', entity: 'cases', entityId: c.id as string, payload: { subject: { base: 'x', value: 'y' } } })]);
    expect(old.status).toBe(426);
    expect((old.body as { error: string }).error).toContain('请升级到最新版本');
    w.versions = { protocol: 1, schema: 2, app: '0.1.0' };
    const ancient = w.op({ kind: 'patch', entity: 'cases', entityId: c.id as string, payload: { subject: { base: 'x', value: 'y' } } });
    const r = await w.push([{ ...ancient, schemaVersion: 0 }]);
    expect(r.results[0]?.status).toBe('rejected');
    expect(r.results[0]?.error).toContain('请升级到最新版本');
  });

  it('says when the server is older than the client', async () => {
    const w = new Wire(h.url, 'dvt_unused_token_for_version_check_only_x', h.org.users.clerkA, h.org.townA, { protocol: 1, schema: 3, app: '0.1.0' });
    const r = await request(h.url, 'POST', '/sync/pull', {}, w.headers());
    expect(r.status).toBe(409);
    expect((r.body as { error: string }).error).toContain('升级服务器');
  });

  it('enrollment also needs version headers', async () => {
    const r = await request(h.url, 'POST', '/enroll', { code: 'AAAA-BBBB-CCCC', deviceName: 'x' });
    expect(r.status).toBe(400);
    const ok = await request(h.url, 'POST', '/enroll', { code: 'AAAA-BBBB-CCCC', deviceName: 'x' }, versionHeaders({ protocol: 1, schema: 2, app: '0.1.0' }));
    expect((ok.body as { error: string }).error).toContain('注册码无效');
  });
});
