// What a liaison card's link proves. With a signature (n, d, s) the server checks the MAC against the
// card key of the desktop that printed it (constant-time), before it trusts the case number; only
// then may it look the case up by number. Without one, the token alone finds the case.
import crypto from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Ctx } from '../context';
import { devices } from '../store/schema';
import { CARD_MAC_BYTES, CARD_SIGNATURE_RE, cardMacMessage, isoDateOfCompact, officeCodeOfCaseNo } from '../../shared/guide/card-link';
import { officeDate } from './format';
import type { Office, Reference } from './reference';

export interface SignedCard {
  token: string;
  caseNo: string;
  /** yyyymmdd, the case's registration date. */
  issueDate: string;
  signature: string;
}

export type CardVerdict =
  | { ok: true; issueDate: string; office: Office | null }
  | { ok: false };

/** Used when the key id is unknown, so that answer costs the same HMAC as a known one. */
const DUMMY_KEY = crypto.randomBytes(32);

export function cardMac(cardKey: Buffer, fields: Parameters<typeof cardMacMessage>[0]): Buffer {
  return crypto.createHmac('sha256', cardKey).update(cardMacMessage(fields)).digest().subarray(0, CARD_MAC_BYTES);
}

/**
 * Verifies the card's MAC. Fails when the key id is unknown, the MAC differs, the device was revoked
 * on or before the card's issue date (a card dated the day of revocation or later cannot be told
 * apart from one a lost desktop printed afterwards), or the case number belongs to an office the
 * printing desktop does not serve.
 */
export async function verifyCard(ctx: Ctx, ref: Reference, templateCode: string, card: SignedCard): Promise<CardVerdict> {
  const m = CARD_SIGNATURE_RE.exec(card.signature);
  if (!m) return { ok: false };
  const [, keyId, macText] = m as unknown as [string, string, string];
  const device = (await ctx.store.db.select({ orgUnitId: devices.orgUnitId, cardKey: devices.cardKey, revokedAt: devices.revokedAt }).from(devices).where(eq(devices.cardKeyId, keyId)).limit(1))[0];
  const key = device?.cardKey ? Buffer.from(device.cardKey, 'base64url') : DUMMY_KEY;
  const expected = cardMac(key, { token: card.token, caseNo: card.caseNo, templateCode, issueDate: card.issueDate });
  const given = Buffer.from(macText, 'base64url');
  const macOk = given.length === expected.length && crypto.timingSafeEqual(given, expected);
  if (!device?.cardKey || !macOk) return { ok: false };
  const issued = isoDateOfCompact(card.issueDate);
  if (device.revokedAt && officeDate(device.revokedAt) <= issued) return { ok: false };
  const code = officeCodeOfCaseNo(card.caseNo);
  const deviceOffice = ref.officeById.get(device.orgUnitId) ?? null;
  const office = code ? (ref.offices.get(code) ?? null) : deviceOffice;
  if (code && office?.id) {
    await ctx.orgTree.ensure(ctx.store);
    if (!ctx.orgTree.contains(device.orgUnitId, office.id)) return { ok: false };
  }
  return { ok: true, issueDate: issued, office: office ?? deviceOffice };
}

/** Whom a person with an unverifiable card should call: the case number's office, else the centre. */
export function contactFor(ref: Reference, caseNo: string | undefined): Office | null {
  const code = caseNo ? officeCodeOfCaseNo(caseNo) : null;
  const office = code ? ref.offices.get(code) : undefined;
  return office && office.phone ? office : ref.rootOffice;
}
