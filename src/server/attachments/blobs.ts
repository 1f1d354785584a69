// Attachment files, content-addressed by SHA-256, uploaded and downloaded in resumable chunks.
// Upload: HEAD tells the offset already received; PUT ?offset=N appends a chunk at exactly that
// offset; when the declared size is reached the hash is verified and the file is published.
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { Ctx } from '../context';
import { HttpError } from '../errors';
import { blobs } from '../store/schema';

export const SHA256_RE = /^[0-9a-f]{64}$/;
export const MAX_ATTACHMENT_BYTES = 512 * 1024 * 1024;

export function blobPaths(ctx: Ctx, sha: string): { final: string; part: string } {
  const dir = path.join(ctx.blobDir, sha.slice(0, 2));
  return { final: path.join(dir, sha), part: path.join(dir, `${sha}.part`) };
}

export interface BlobStatus {
  sha256: string;
  complete: boolean;
  offset: number;
  size: number | null;
}

export async function blobStatus(ctx: Ctx, sha: string): Promise<BlobStatus> {
  if (!SHA256_RE.test(sha)) throw new HttpError(400, 'bad_hash', '附件校验值格式不正确');
  const { final, part } = blobPaths(ctx, sha);
  const row = (await ctx.store.db.select().from(blobs).where(eq(blobs.sha256, sha)).limit(1))[0];
  if (row?.complete && fs.existsSync(final)) return { sha256: sha, complete: true, offset: row.size, size: row.size };
  const offset = fs.existsSync(part) ? fs.statSync(part).size : 0;
  return { sha256: sha, complete: false, offset, size: row?.size ?? null };
}

const locks = new Map<string, Promise<unknown>>();
async function withLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const prev = locks.get(key) ?? Promise.resolve();
  const next = prev.then(fn, fn);
  locks.set(key, next.catch(() => undefined));
  try {
    return await next;
  } finally {
    if (locks.get(key) === next) locks.delete(key);
  }
}

export async function putChunk(ctx: Ctx, sha: string, offset: number, totalSize: number, chunk: Buffer): Promise<BlobStatus> {
  if (!SHA256_RE.test(sha)) throw new HttpError(400, 'bad_hash', '附件校验值格式不正确');
  if (!Number.isSafeInteger(totalSize) || totalSize < 0 || totalSize > MAX_ATTACHMENT_BYTES) throw new HttpError(400, 'bad_size', '附件大小不正确或超过上限');
  if (!Number.isSafeInteger(offset) || offset < 0) throw new HttpError(400, 'bad_offset', '上传位置不正确');
  return withLock(sha, async () => {
    const st = await blobStatus(ctx, sha);
    if (st.complete) return st;
    if (st.size !== null && st.size !== totalSize) throw new HttpError(409, 'size_mismatch', '附件大小与之前上传的不一致');
    if (offset !== st.offset) throw new HttpError(409, 'offset_mismatch', `上传位置不一致，服务器已收到 ${st.offset} 字节`);
    if (offset + chunk.length > totalSize) throw new HttpError(400, 'too_long', '上传内容超过声明的附件大小');
    const { final, part } = blobPaths(ctx, sha);
    fs.mkdirSync(path.dirname(part), { recursive: true });
    if (st.size === null) {
      await ctx.store.db.insert(blobs).values({ sha256: sha, size: totalSize, complete: false, createdAt: ctx.clock() }).onConflictDoNothing();
    }
    const fd = fs.openSync(part, offset === 0 ? 'w' : 'r+');
    try {
      fs.writeSync(fd, chunk, 0, chunk.length, offset);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    const newOffset = offset + chunk.length;
    if (newOffset < totalSize) return { sha256: sha, complete: false, offset: newOffset, size: totalSize };
    const actual = await hashFile(part);
    if (actual !== sha) {
      fs.rmSync(part, { force: true });
      throw new HttpError(422, 'hash_mismatch', '附件校验失败（内容与校验值不符），请重新上传');
    }
    fs.renameSync(part, final);
    await ctx.store.db.update(blobs).set({ complete: true, completedAt: ctx.clock() }).where(eq(blobs.sha256, sha));
    return { sha256: sha, complete: true, offset: totalSize, size: totalSize };
  });
}

function hashFile(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const h = crypto.createHash('sha256');
    fs.createReadStream(file)
      .on('data', (d) => h.update(d))
      .on('error', reject)
      .on('end', () => resolve(h.digest('hex')));
  });
}

/** A catalogue version whose materials name this sample form (样表): reference data, public on the guide. */
export function sampleFormRecord(sha: string): ReturnType<typeof sql> {
  return sql`r.entity = 'catalogItemVersions' AND NOT r.deleted AND jsonb_typeof(r.data->'fields'->'materials') = 'array'
    AND r.data->'fields'->'materials' @> jsonb_build_array(jsonb_build_object('sampleForm', jsonb_build_object('sha256', ${sha}::text)))`;
}

/** Is any attachment record with this hash visible to the device? (scope check for downloads) */
export async function blobVisible(ctx: Ctx, sha: string, scope: ReturnType<typeof sql>): Promise<boolean> {
  // A case's attachment in the device's scope, or a file of a knowledge article (reference data: every device).
  const r = await ctx.store.db.execute(sql`SELECT 1 FROM records r WHERE r.entity = 'attachments' AND r.data->>'sha256' = ${sha} AND ${scope}
    UNION ALL SELECT 1 FROM records r WHERE r.entity = 'knowledgeArticles' AND NOT r.deleted AND jsonb_typeof(r.data->'attachments') = 'array'
      AND r.data->'attachments' @> jsonb_build_array(jsonb_build_object('sha256', ${sha}::text))
    UNION ALL SELECT 1 FROM records r WHERE ${sampleFormRecord(sha)} LIMIT 1`);
  return ((r as unknown as { rows: unknown[] }).rows.length ?? 0) > 0;
}

/** A sample form's bytes when a live catalogue version names it and the whole file has arrived. */
export async function sampleFormFile(ctx: Ctx, sha: string): Promise<{ path: string; size: number } | null> {
  const st = await blobStatus(ctx, sha);
  if (!st.complete || st.size === null) return null;
  const r = await ctx.store.db.execute(sql`SELECT 1 FROM records r WHERE ${sampleFormRecord(sha)} LIMIT 1`);
  if (((r as unknown as { rows: unknown[] }).rows.length ?? 0) === 0) return null;
  return { path: blobPaths(ctx, sha).final, size: st.size };
}
