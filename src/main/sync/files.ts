// Attachment files: after the rows are synced, upload the files this desktop has and the server
// lacks, and download the files of visible attachment rows this desktop lacks. Both resume: an
// upload asks the server how much it holds (HEAD) and continues from there; a download keeps a
// .part file and continues with a Range request. Every file is verified against its SHA-256.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { APP_VERSION, PROTOCOL_VERSION, SCHEMA_VERSION, versionHeaders } from '../../shared/sync/versions.js';
import { uploadResponseSchema } from '../../shared/sync/protocol.js';
import type { SyncOptions, SyncStore } from './client.js';
import { BAD_REPLY, parseReply, replyError, replyJson } from './reply.js';
import { referencedFileHashes } from '../db/files.js';

export const UPLOAD_CHUNK_BYTES = 4 * 1024 * 1024;

export interface FileSyncSummary {
  uploaded: number;
  downloaded: number;
  /** Rows whose file is neither here nor (yet) on the server. */
  waiting: number;
  errors: string[];
}

const hashFile = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

function headers(opts: SyncOptions): Record<string, string> {
  return { authorization: `Bearer ${opts.deviceToken}`, ...versionHeaders(opts.versions ?? { protocol: PROTOCOL_VERSION, schema: SCHEMA_VERSION, app: APP_VERSION }) };
}

async function upload(opts: SyncOptions, sha: string, file: string): Promise<boolean> {
  const url = new URL(`/attachments/${sha}`, opts.serverUrl);
  const head = await fetch(url, { method: 'HEAD', headers: headers(opts), signal: AbortSignal.timeout(opts.timeoutMs ?? 60_000) });
  if (head.headers.get('x-upload-complete') === '1') return false;
  const size = fs.statSync(file).size;
  let offset = Number(head.headers.get('x-upload-offset') ?? '0') || 0;
  const fd = fs.openSync(file, 'r');
  try {
    do {
      const len = Math.min(UPLOAD_CHUNK_BYTES, size - offset);
      const buf = Buffer.alloc(len);
      fs.readSync(fd, buf, 0, len, offset);
      const res = await fetch(new URL(`/attachments/${sha}?offset=${offset}`, opts.serverUrl), {
        method: 'PUT',
        headers: { ...headers(opts), 'content-type': 'application/octet-stream', 'x-total-size': String(size) },
        body: buf,
        signal: AbortSignal.timeout(opts.timeoutMs ?? 120_000),
      });
      const json = await replyJson(res);
      if (!res.ok) throw new Error(replyError(res.status, json, `上传附件失败（${res.status}）`).message);
      const body = parseReply(uploadResponseSchema, json);
      if (!body) throw new Error(`${BAD_REPLY}（上传附件）`);
      if (body.complete) return true;
      // The server must take something of each chunk: an answer that does not move on would loop for ever.
      if (body.offset <= offset || body.offset > size) throw new Error(`${BAD_REPLY}（上传附件的进度不对）`);
      offset = body.offset;
    } while (offset < size);
  } finally {
    fs.closeSync(fd);
  }
  return true;
}

async function download(opts: SyncOptions, sha: string, file: string): Promise<boolean> {
  const part = `${file}.part`;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const have = fs.existsSync(part) ? fs.statSync(part).size : 0;
  const res = await fetch(new URL(`/attachments/${sha}`, opts.serverUrl), {
    headers: { ...headers(opts), ...(have ? { range: `bytes=${have}-` } : {}) },
    signal: AbortSignal.timeout(opts.timeoutMs ?? 300_000),
  });
  if (res.status === 404) return false;
  if (res.status === 416) fs.rmSync(part, { force: true });
  if (!res.ok) throw new Error(`下载附件失败（${res.status}）`);
  const bytes = Buffer.from(await res.arrayBuffer());
  if (res.status === 206) fs.appendFileSync(part, bytes);
  else fs.writeFileSync(part, bytes);
  if (hashFile(part) !== sha) {
    fs.rmSync(part, { force: true });
    throw new Error('下载的附件校验失败，将在下次同步时重新下载');
  }
  fs.renameSync(part, file);
  return true;
}

export async function syncAttachmentFiles(store: SyncStore & { attachmentsDir(): string }, opts: SyncOptions): Promise<FileSyncSummary> {
  const out: FileSyncSummary = { uploaded: 0, downloaded: 0, waiting: 0, errors: [] };
  const shas = referencedFileHashes(store.db, { live: true });
  for (const sha of shas) {
    if (!/^[0-9a-f]{64}$/.test(sha)) continue;
    const file = path.join(store.attachmentsDir(), sha.slice(0, 2), sha);
    try {
      if (fs.existsSync(file)) {
        if (await upload(opts, sha, file)) out.uploaded++;
      } else if (await download(opts, sha, file)) {
        out.downloaded++;
      } else {
        out.waiting++;
      }
    } catch (e) {
      out.errors.push(`${sha.slice(0, 12)}…：${(e as Error).message}`);
    }
  }
  return out;
}
