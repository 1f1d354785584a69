// 附件: scans of signed forms, ID copies, approval documents. The bytes are stored once per content,
// named by their SHA-256 under `<data>/attachments/ab/abcdef…`; the row records the name, type,
// size and hash. A file is written to a temporary name in the same folder, flushed to disk and
// then renamed, so a crash, a pulled plug or a full disk never leaves a half file under the final
// name; the row is written only after the bytes are safely on disk (an orphan file is harmless, a
// row without its file is not). Reading back verifies the hash.
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { ApiOutput, ApiParsedInput, AttachmentDto } from '../../../shared/api/index.js';
import { casesContract } from '../../../shared/api/cases.js';
import { id } from '../../../shared/api/common.js';
import { DomainError } from '../../../shared/errors.js';
import * as t from '../../db/schema.js';
import type { Store, WriteTx } from '../../db/store.js';
import { loadCase, loadCaseChild, requireOpenCase, authorize, requireUser, userName, type CaseRow, type ServiceContext } from '../context.js';

export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;
export type AttachmentRow = typeof t.attachments.$inferSelect;

/** attachment.add plus what the scan belongs to (an entrustment, a plan item…), if anything. */
export const attachmentAddSchema = casesContract['attachment.add'].input.extend({ ownerId: id('所属记录').optional() });
export type AttachmentAddInput = ApiParsedInput<'attachment.add'> | z.output<typeof attachmentAddSchema>;

const MIME_BY_EXT: Record<string, string> = {
  '.pdf': 'application/pdf', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.png': 'image/png', '.gif': 'image/gif',
  '.tif': 'image/tiff', '.tiff': 'image/tiff', '.bmp': 'image/bmp', '.webp': 'image/webp', '.txt': 'text/plain',
  '.doc': 'application/msword', '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.xls': 'application/vnd.ms-excel', '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.ofd': 'application/ofd', '.zip': 'application/zip',
};

export function mimeForFileName(name: string): string {
  return MIME_BY_EXT[extname(name).toLowerCase()] ?? 'application/octet-stream';
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Where the bytes of this hash live: `<data>/attachments/ab/abcdef…`. */
export function attachmentPath(store: Store, sha256: string): string {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new DomainError('invalid_input', '附件校验值格式不正确');
  return join(store.attachmentsDir(), sha256.slice(0, 2), sha256);
}

function fileError(e: unknown): DomainError {
  const code = (e as { code?: string }).code;
  if (code === 'ENOSPC') return new DomainError('storage', '磁盘空间已满，附件未保存。请清理磁盘后重试。');
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return new DomainError('storage', `附件文件夹无法写入（${code}），附件未保存。`);
  return new DomainError('storage', `附件保存失败：${(e as Error).message}`);
}

/**
 * Stores bytes under their hash: temp file in the same folder → write → fsync → rename → fsync the
 * folder. An existing file with the right content is kept as is; a damaged one is replaced.
 */
export function storeBytes(store: Store, bytes: Uint8Array): { sha256: string; path: string; written: boolean } {
  const sha256 = sha256Hex(bytes);
  const path = attachmentPath(store, sha256);
  if (existsSync(path) && statSync(path).size === bytes.length && sha256Hex(readFileSync(path)) === sha256) {
    return { sha256, path, written: false };
  }
  const dir = join(store.attachmentsDir(), sha256.slice(0, 2));
  const tmp = join(dir, `.${sha256.slice(0, 16)}.${randomBytes(6).toString('hex')}.tmp`);
  let fd: number | undefined;
  try {
    mkdirSync(dir, { recursive: true });
    fd = openSync(tmp, 'wx');
    let off = 0;
    while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, path);
  } catch (e) {
    if (fd !== undefined) {
      try {
        closeSync(fd);
      } catch {
        /* already failing */
      }
    }
    try {
      unlinkSync(tmp);
    } catch {
      /* never created */
    }
    throw fileError(e);
  }
  // Make the rename itself durable (directories can be fsynced on Linux/macOS; not on Windows).
  try {
    const dfd = openSync(dir, 'r');
    try {
      fsyncSync(dfd);
    } finally {
      closeSync(dfd);
    }
  } catch {
    /* best effort */
  }
  return { sha256, path, written: true };
}

/**
 * Removes temporary files left by a write that was cut off (crash, kill, pulled plug) and older
 * than `olderThanMs`, so they never pile up; returns how many were removed. Final files are untouched.
 */
export function removeStaleTempFiles(store: Store, olderThanMs = 3_600_000): number {
  const root = store.attachmentsDir();
  if (!existsSync(root)) return 0;
  const cutoff = Date.now() - olderThanMs;
  let removed = 0;
  for (const d of readdirSync(root, { withFileTypes: true })) {
    if (!d.isDirectory() || !/^[0-9a-f]{2}$/.test(d.name)) continue;
    for (const f of readdirSync(join(root, d.name))) {
      if (!/^\..*\.tmp$/.test(f)) continue;
      const p = join(root, d.name, f);
      try {
        if (statSync(p).mtimeMs < cutoff) {
          unlinkSync(p);
          removed++;
        }
      } catch {
        /* gone already */
      }
    }
  }
  return removed;
}

/** Reads the bytes of a hash back and checks them; a missing or damaged file is a clear error. */
export function readVerified(store: Store, sha256: string, fileName = '附件'): Buffer {
  const path = attachmentPath(store, sha256);
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    if ((e as { code?: string }).code === 'ENOENT') {
      throw new DomainError('not_found', `附件“${fileName}”的文件不在本机（可能尚未同步或已丢失），请联系管理员从备份恢复`);
    }
    throw new DomainError('storage', `附件“${fileName}”无法读取：${(e as Error).message}`);
  }
  if (sha256Hex(bytes) !== sha256) {
    throw new DomainError('storage', `附件“${fileName}”的文件已损坏（校验值不符），请联系管理员从备份恢复或重新扫描上传`);
  }
  return bytes;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export function decodeBase64(data: string): Buffer {
  const compact = data.replace(/\s+/g, '').replace(/^data:[^;,]*;base64,/, '');
  if (compact.length % 4 === 1 || !BASE64.test(compact)) throw new DomainError('invalid_input', '文件内容编码不正确，请重新选择文件', { dataBase64: '文件内容编码不正确' });
  return Buffer.from(compact, 'base64');
}

export function attachmentDto(store: Store, a: AttachmentRow): AttachmentDto {
  return {
    id: a.id,
    name: a.fileName,
    mime: a.mime,
    size: a.size,
    label: a.kind === 'file' ? null : a.kind,
    addedAt: a.createdAt,
    addedByName: userName(store, a.addedBy) ?? '',
  };
}

interface AddBytes {
  caseId: string;
  name: string;
  mime?: string | null;
  label?: string | null;
  ownerId?: string | null;
  bytes: Uint8Array;
}

/**
 * Checks a file for a case and puts its bytes safely on disk; returns the insert of its row, to
 * run inside the write that records it (attachment.add, or a step such as 登记已签署 whose scan
 * is part of the same transaction). An orphan file left by a refused write is harmless.
 */
export function stageAttachment(ctx: ServiceContext, c: CaseRow, input: Omit<AddBytes, 'caseId'>): { name: string; size: number; sha256: string; insert: (tx: WriteTx) => AttachmentRow } {
  const userId = requireUser(ctx);
  if (input.bytes.length === 0) throw new DomainError('invalid_input', '文件为空', { dataBase64: '文件为空' });
  if (input.bytes.length > MAX_ATTACHMENT_BYTES) {
    throw new DomainError('invalid_input', `文件不能超过20MB（本文件 ${(input.bytes.length / 1024 / 1024).toFixed(1)}MB）`, { dataBase64: '文件不能超过20MB' });
  }
  const name = basename(input.name.replace(/\\/g, '/')).trim();
  if (!name || name === '.' || name === '..') throw new DomainError('invalid_input', '文件名无效', { name: '文件名无效' });
  const mime = input.mime?.trim() || mimeForFileName(name);
  if (!/^[\w.+-]+\/[\w.+-]+$/.test(mime)) throw new DomainError('invalid_input', '文件类型无效', { mime: '文件类型无效' });
  if (input.ownerId) checkOwner(ctx, c.id, input.ownerId);
  const { sha256 } = storeBytes(ctx.store, input.bytes);
  const size = input.bytes.length;
  return {
    name,
    size,
    sha256,
    insert: (tx) =>
      tx.insert(t.attachments, { caseId: c.id, ownerId: input.ownerId ?? null, kind: input.label?.trim() || 'file', fileName: name, mime, size, sha256, addedBy: userId }),
  };
}

/** The shared path of attachment.add and the CLI: checks, bytes to disk, then the row. */
export function addAttachmentBytes(ctx: ServiceContext, input: AddBytes): AttachmentDto {
  authorize(ctx, 'attachment.add');
  requireUser(ctx);
  const c = loadCase(ctx, input.caseId);
  requireOpenCase(c, '上传附件');
  const staged = stageAttachment(ctx, c, input);
  const row = ctx.store.write(
    { actor: ctx.actor, action: 'attachment.add', entity: 'cases', entityId: c.id, detail: { name: staged.name, size: staged.size, sha256: staged.sha256 } },
    (tx) => staged.insert(tx),
  );
  return attachmentDto(ctx.store, row);
}

/** An owner must be a record of the same case (entrustment, plan item, handover, problem). */
function checkOwner(ctx: ServiceContext, caseId: string, ownerId: string): void {
  for (const table of [t.entrustments, t.planItems, t.handovers, t.problems, t.evaluations, t.rectifications]) {
    const row = ctx.store.orm.select({ caseId: table.caseId }).from(table).where(eq(table.id, ownerId)).get();
    if (row) {
      if (row.caseId !== caseId) break;
      return;
    }
  }
  throw new DomainError('invalid_input', '附件所属的记录不属于本案卷', { ownerId: '附件所属的记录不属于本案卷' });
}

export function addAttachment(ctx: ServiceContext, input: AttachmentAddInput): ApiOutput<'attachment.add'> {
  authorize(ctx, 'attachment.add');
  // Cheap size check before decoding 28 MB of text.
  if (Math.floor((input.dataBase64.length * 3) / 4) > MAX_ATTACHMENT_BYTES + 3) {
    throw new DomainError('invalid_input', '文件不能超过20MB', { dataBase64: '文件不能超过20MB' });
  }
  const bytes = decodeBase64(input.dataBase64);
  return addAttachmentBytes(ctx, {
    caseId: input.caseId,
    name: input.name,
    mime: input.mime,
    label: input.label ?? null,
    ownerId: (input as Partial<z.output<typeof attachmentAddSchema>>).ownerId ?? null,
    bytes,
  });
}

/** For the CLI: attach a file from disk (type from its extension unless given). */
export function addAttachmentFromFile(ctx: ServiceContext, input: { caseId: string; path: string; label?: string; mime?: string; ownerId?: string }): AttachmentDto {
  let size: number;
  try {
    const st = statSync(input.path);
    if (!st.isFile()) throw new DomainError('invalid_input', `不是文件：${input.path}`);
    size = st.size;
  } catch (e) {
    if (e instanceof DomainError) throw e;
    throw new DomainError('not_found', `找不到文件：${input.path}`);
  }
  if (size > MAX_ATTACHMENT_BYTES) throw new DomainError('invalid_input', `文件不能超过20MB（${input.path} 为 ${(size / 1024 / 1024).toFixed(1)}MB）`);
  return addAttachmentBytes(ctx, {
    caseId: input.caseId,
    name: basename(input.path),
    mime: input.mime ?? null,
    label: input.label ?? null,
    ownerId: input.ownerId ?? null,
    bytes: readFileSync(input.path),
  });
}

export function loadAttachment(ctx: ServiceContext, attachmentId: string): AttachmentRow {
  return loadCaseChild(ctx, ctx.store.orm.select().from(t.attachments).where(eq(t.attachments.id, attachmentId)).get(), '附件').row;
}

export function getAttachment(ctx: ServiceContext, input: ApiParsedInput<'attachment.get'>): ApiOutput<'attachment.get'> {
  requireUser(ctx);
  const a = loadAttachment(ctx, input.attachmentId);
  const bytes = readVerified(ctx.store, a.sha256, a.fileName);
  return { name: a.fileName, mime: a.mime, dataBase64: bytes.toString('base64') };
}

/** The bytes of an attachment, verified (for printing and the archive export). */
export function attachmentBytes(ctx: ServiceContext, attachmentId: string): { row: AttachmentRow; bytes: Buffer } {
  const row = loadAttachment(ctx, attachmentId);
  return { row, bytes: readVerified(ctx.store, row.sha256, row.fileName) };
}
