// The card link's MAC (src/shared/guide/card-link.ts): HMAC-SHA256 with this desktop's card key
// over cardMacMessage, truncated to CARD_MAC_BYTES, base64url. The server checks it the same way.
import { createHmac } from 'node:crypto';
import { CARD_MAC_BYTES, cardMacMessage, type CardLinkFields } from '../../../shared/guide/card-link.js';

export interface CardKey {
  keyId: string;
  /** base64url of the 256-bit key the server gave at enrolment. */
  key: string;
}

export function cardMac(key: string, fields: CardLinkFields): string {
  return createHmac('sha256', Buffer.from(key, 'base64url')).update(cardMacMessage(fields), 'utf8').digest().subarray(0, CARD_MAC_BYTES).toString('base64url');
}

export function cardSignature(card: CardKey, fields: CardLinkFields): { keyId: string; mac: string } {
  return { keyId: card.keyId, mac: cardMac(card.key, fields) };
}
