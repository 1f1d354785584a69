// UUIDv7 (RFC 9562): 48-bit Unix milliseconds, then randomness. Time-ordered ids keep bulk inserts
// appending to the end of SQLite's B-trees and sort like creation time, on any device.
// Monotonic within one millisecond on one process: a 12-bit counter fills rand_a.

import { randomBytesInto } from './runtime';

let lastMs = -1;
let counter = 0;

export function uuidv7(nowMs: number = Date.now()): string {
  const bytes = new Uint8Array(16);
  randomBytesInto(bytes);
  if (nowMs <= lastMs) {
    nowMs = lastMs;
    counter++;
    if (counter > 0xfff) {
      // Counter exhausted: borrow the next millisecond so ids stay ordered.
      nowMs = ++lastMs;
      counter = 0;
    }
  } else {
    lastMs = nowMs;
    counter = 0;
  }
  const ms = BigInt(nowMs);
  for (let i = 0; i < 6; i++) bytes[i] = Number((ms >> BigInt(8 * (5 - i))) & 0xffn);
  bytes[6] = 0x70 | ((counter >> 8) & 0x0f);
  bytes[7] = counter & 0xff;
  bytes[8] = 0x80 | (bytes[8]! & 0x3f);
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * A stable id for shipped reference data (catalogue items, templates, the office tree), the same on
 * every desktop and on the server: FNV-1a hashes of the name fill a UUID (version 8, RFC 9562).
 */
export function referenceId(kind: string, code: string): string {
  const text = `${kind}:${code}`;
  const words: number[] = [];
  for (let seed = 0; seed < 4; seed++) {
    let h = (0x811c9dc5 ^ seed) >>> 0;
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
    words.push(h);
  }
  const hex = words.map((w) => w.toString(16).padStart(8, '0')).join('');
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
