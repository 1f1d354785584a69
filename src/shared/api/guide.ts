// The electronic guide on the desktop side: the address cards print (系统设置 → 电子指引地址), the
// case's public query code (重新生成查询码) and the hall's poster of the guide index.
import { z } from 'zod';
import { id } from './common';
import { defineContract, out } from './contract';
import type { GuideAddressDto, PrintedDocumentDto } from './dto';

/** Longest guide address an admin may set: the card's QR must stay at version ≤ 8 (level M). */
export const GUIDE_ADDRESS_MAX = 200;

/**
 * An admin's guide address: an http(s) URL of the central server's public face, without query or
 * fragment (the card appends its own). A trailing slash is dropped.
 */
export const guideAddressSchema = z
  .string({ error: '请填写电子指引地址' })
  .trim()
  .min(1, { error: '请填写电子指引地址' })
  .max(GUIDE_ADDRESS_MAX, { error: `电子指引地址不能超过 ${GUIDE_ADDRESS_MAX} 个字符` })
  .pipe(z.url({ protocol: /^https?$/, error: '电子指引地址应以 http:// 或 https:// 开头，例如 https://zwfw.example.gov.cn/daiban' }))
  .refine((s) => !s.includes('?') && !s.includes('#'), { error: '电子指引地址不能带“?”或“#”后的参数' })
  .transform((s) => s.replace(/\/+$/, ''));

export const guideContract = defineContract({
  'guide.address': {
    input: z.object({}).strict().optional().default({}), output: out<GuideAddressDto>(),
    doc: "The guide address: the server's announced one, the admin's override, and which one cards print",
  },
  'guide.setAddress': {
    input: z.object({ override: guideAddressSchema.nullable() }), output: out<GuideAddressDto>(),
    doc: 'Sets (or clears, with null) the admin override of the guide address; audited',
  },
  'case.regenerateToken': {
    input: z.object({ caseId: id('案卷') }), output: out<{ ok: true }>(),
    doc: "A new public query code for the case: the old liaison card stops working; audited, synced as a field patch",
  },
  'print.poster': {
    input: z.object({}).strict().optional().default({}), output: out<PrintedDocumentDto>(),
    doc: "The hall's A4 poster: a QR to the guide index (/g/) with the user's office",
  },
});
