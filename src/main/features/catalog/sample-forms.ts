// 样表: a material's sample form, a PDF kept under its SHA-256 like an attachment. Uploading only
// stores the bytes; the item's next saved version names the file (and so the centre's rule decides
// who may publish it). Every desktop's file sync fetches the files the catalogue names.
import type { ApiOutput, ApiParsedInput } from '../../../shared/api/index.js';
import { DomainError } from '../../../shared/errors.js';
import { decodeBase64, readVerified, storeBytes } from '../attachments/service.js';
import { authorize, requireUser, type ServiceContext } from '../context.js';

const MAX_BYTES = 10 * 1024 * 1024;

export function uploadSampleForm(ctx: ServiceContext, input: ApiParsedInput<'catalogue.uploadSampleForm'>): ApiOutput<'catalogue.uploadSampleForm'> {
  authorize(ctx, 'catalogue.uploadSampleForm');
  requireUser(ctx);
  const bytes = decodeBase64(input.dataBase64);
  if (bytes.length === 0) throw new DomainError('invalid_input', '文件为空', { dataBase64: '文件为空' });
  if (bytes.length > MAX_BYTES) throw new DomainError('invalid_input', '样表不能超过10MB', { dataBase64: '样表不能超过10MB' });
  if (bytes.subarray(0, 5).toString('latin1') !== '%PDF-') throw new DomainError('invalid_input', `${input.name} 不是PDF文件：样表须为PDF`, { dataBase64: '样表须为PDF' });
  const { sha256 } = storeBytes(ctx.store, bytes);
  return { name: input.name, size: bytes.length, sha256 };
}

export function sampleFormFile(ctx: ServiceContext, input: ApiParsedInput<'catalogue.sampleForm'>): ApiOutput<'catalogue.sampleForm'> {
  authorize(ctx, 'catalogue.sampleForm');
  const named = ctx.store.db.prepare(
    `SELECT json_extract(m.value, '$.sampleForm.name') FROM catalog_item_versions v, json_each(json_extract(v.fields, '$.materials')) m
     WHERE v.deleted_at IS NULL AND json_extract(m.value, '$.sampleForm.sha256') = ? ORDER BY v.effective_from DESC LIMIT 1`,
  ).pluck().get(input.sha256) as string | undefined;
  if (!named) throw new DomainError('not_found', '目录中没有这份样表');
  const bytes = readVerified(ctx.store, input.sha256, named);
  return { fileName: named, mime: 'application/pdf', dataBase64: bytes.toString('base64') };
}
