// Attachment files for enrolled desktops: HEAD (how much arrived), PUT ?offset= (a chunk), GET (Range).
// The hash, offset and size rules are blobs.ts's (their own codes: bad_hash, bad_offset, bad_size);
// the schemas here only name the request's parts.
import fs from 'node:fs';
import { z } from 'zod';
import type { Ctx } from '../context';
import { HttpError } from '../errors';
import { blobPaths, blobStatus, blobVisible, putChunk } from '../attachments/blobs';
import { scopeCondition } from '../sync/pull';
import { deviceOf, requireDevice } from './guards';
import type { ZodRoutes } from './zod-type-provider';

const params = z.object({ sha: z.string() });
const chunkQuery = z.object({ offset: z.string().optional() });
// Loose: a headers schema's result replaces the request's headers.
const chunkHeaders = z.object({ 'x-total-size': z.string().optional() }).loose();

export const attachmentRoutes: ZodRoutes<{ ctx: Ctx }> = async (app, { ctx }) => {
  const preValidation = requireDevice(ctx);

  app.head('/attachments/:sha', { preValidation, schema: { params } }, async (req, reply) => {
    const st = await blobStatus(ctx, req.params.sha);
    reply.header('x-upload-offset', String(st.offset)).header('x-upload-complete', st.complete ? '1' : '0');
    if (st.size !== null) reply.header('x-total-size', String(st.size));
    return reply.status(st.complete || st.offset > 0 || st.size !== null ? 200 : 404).send();
  });

  app.put(
    '/attachments/:sha',
    { preValidation, bodyLimit: ctx.options.maxChunkBytes, schema: { params, querystring: chunkQuery, headers: chunkHeaders } },
    async (req, reply) => {
      const offset = Number(req.query.offset ?? '0');
      const total = Number(req.headers['x-total-size']);
      if (!Buffer.isBuffer(req.body)) throw new HttpError(415, 'bad_media_type', '附件内容须以 application/octet-stream 上传');
      const st = await putChunk(ctx, req.params.sha, offset, total, req.body);
      return reply.status(st.complete ? 201 : 202).send(st);
    },
  );

  app.get('/attachments/:sha', { preValidation, schema: { params } }, async (req, reply) => {
    const { sha } = req.params;
    const st = await blobStatus(ctx, sha);
    if (!st.complete || st.size === null) throw new HttpError(404, 'blob_missing', '服务器上还没有该附件的完整文件');
    await ctx.orgTree.ensure(ctx.store);
    if (!(await blobVisible(ctx, sha, scopeCondition(ctx.orgTree.subtree(deviceOf(req).orgUnitId))))) {
      throw new HttpError(404, 'blob_missing', '服务器上没有本终端可见的该附件');
    }
    const { final } = blobPaths(ctx, sha);
    const range = /^bytes=(\d+)-(\d*)$/.exec(String(req.headers.range ?? ''));
    reply.header('accept-ranges', 'bytes').header('content-type', 'application/octet-stream').header('x-content-sha256', sha);
    if (range) {
      const start = Number(range[1]);
      const end = range[2] ? Math.min(Number(range[2]), st.size - 1) : st.size - 1;
      if (start >= st.size || end < start) return reply.status(416).header('content-range', `bytes */${st.size}`).send();
      reply.status(206).header('content-range', `bytes ${start}-${end}/${st.size}`).header('content-length', String(end - start + 1));
      return reply.send(fs.createReadStream(final, { start, end }));
    }
    reply.header('content-length', String(st.size));
    return reply.send(fs.createReadStream(final));
  });
};
