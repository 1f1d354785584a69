// The liaison card's QR link: what it carries, how it is parsed, and what its MAC covers.
// A card printed offline must open before the centre has seen the case, so the link carries
// (token, case number, template, issue date) and a MAC over them made with the printing desktop's
// card key (given at enrolment, kept by the server with the device). The server checks the MAC
// without the case; the office is the one whose division code heads the case number.
//
//   {guideBaseUrl}/g/{templateCode}?c={token}&n={caseNo}&d={yyyymmdd}&s={keyId}.{mac}
//
// The MAC is HMAC-SHA256 over cardMacMessage(), truncated to 96 bits (16 base64url characters).
// Each side computes it with its platform's HMAC; the message and the parsing live only here.
import { z } from 'zod';

/** Public progress token: 96 random bits, base64url (16 characters). */
export const CARD_TOKEN_RE = /^[A-Za-z0-9_-]{16}$/;
/** Case numbers: `{division code}-{year}-{series-}{serial}`, e.g. 350102001-2026-01-00042. */
export const CASE_NO_RE = /^(\d{6,12}|LOCAL)-(\d{4})-(?:(\d{2,3})-)?(\d{5,6})$/;
/** Template codes as the catalogue has them (TPL-GOV-BUILDING). */
export const TEMPLATE_CODE_RE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/;
/** The card key's public id (8 base64url characters) and the MAC (16), joined by a dot. */
export const CARD_KEY_ID_RE = /^[A-Za-z0-9_-]{8}$/;
export const CARD_SIGNATURE_RE = /^([A-Za-z0-9_-]{8})\.([A-Za-z0-9_-]{16})$/;
/** Bytes of the MAC kept (96 bits, the least the issue allows). */
export const CARD_MAC_BYTES = 12;
/** The QR must stay small enough to decode from a 90 × 54 mm card: version ≤ 8 at level M. */
export const CARD_QR_MAX_VERSION = 8;

export const templateCodeSchema = z.string().regex(TEMPLATE_CODE_RE, '模板编码不正确');
const yyyymmdd = z.string().regex(/^\d{8}$/, '日期不正确').refine((s) => !Number.isNaN(Date.parse(`${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}`)), '日期不正确');

/**
 * The query of a guide page. Every parameter is optional (the bare guide has none), but when a
 * token is there it must be well formed, and a signature needs all of n, d and s. Unknown
 * parameters are ignored (WeChat appends its own), but a repeated one is refused.
 */
export const guideQuerySchema = z
  .object({
    c: z.string().regex(CARD_TOKEN_RE).optional(),
    n: z.string().regex(CASE_NO_RE).optional(),
    d: yyyymmdd.optional(),
    s: z.string().regex(CARD_SIGNATURE_RE).optional(),
  })
  .refine((q) => (q.n === undefined && q.d === undefined && q.s === undefined) || (q.c !== undefined && q.n !== undefined && q.d !== undefined && q.s !== undefined), '联络卡参数不完整');
export type GuideQuery = z.infer<typeof guideQuerySchema>;

export interface CardLinkFields {
  token: string;
  caseNo: string;
  templateCode: string;
  /** The date the case was registered (登记), yyyy-mm-dd or yyyymmdd. */
  issueDate: string;
}

/** The division code of the office that registered the case (the head of its number). */
export function officeCodeOfCaseNo(caseNo: string): string | null {
  const m = CASE_NO_RE.exec(caseNo);
  return m && m[1] !== 'LOCAL' ? (m[1] as string) : null;
}

export function compactDate(date: string): string {
  return date.slice(0, 10).replace(/-/g, '');
}

export function isoDateOfCompact(d: string): string {
  return `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}`;
}

/** What the MAC covers: a versioned, line-separated canonical form (no field can bleed into another). */
export function cardMacMessage(f: CardLinkFields): string {
  return ['daiban-card-v1', f.token, f.caseNo, f.templateCode, officeCodeOfCaseNo(f.caseNo) ?? '', compactDate(f.issueDate)].join('\n');
}

/** The guide page of a template, without a case. */
export function guidePageUrl(guideBaseUrl: string, templateCode: string): string {
  return `${guideBaseUrl.replace(/\/+$/, '')}/g/${encodeURIComponent(templateCode)}`;
}

/** The guide index (/g/), for the hall's poster. */
export function guideIndexUrl(guideBaseUrl: string): string {
  return `${guideBaseUrl.replace(/\/+$/, '')}/g/`;
}

/**
 * The card's link. With a signature (key id and MAC made from cardMacMessage) it opens before the
 * case is synced; without one (a standalone desktop) the page finds the case by its token only.
 */
export function cardLinkUrl(guideBaseUrl: string, f: CardLinkFields, signature?: { keyId: string; mac: string }): string {
  const base = `${guidePageUrl(guideBaseUrl, f.templateCode)}?c=${encodeURIComponent(f.token)}`;
  if (!signature) return base;
  return `${base}&n=${encodeURIComponent(f.caseNo)}&d=${compactDate(f.issueDate)}&s=${signature.keyId}.${signature.mac}`;
}
