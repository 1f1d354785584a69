// Per-scope checksums: count + an order-independent 48-bit sum of row hashes.
// Row hash = first 12 hex digits of md5(`${entity}:${id}:${serverSeq}`). md5 itself is computed
// by each side's platform (PostgreSQL md5() on the server, node:crypto on the desktop), so this
// module only fixes the input format and the arithmetic.

export const CHECKSUM_MODULUS = 2 ** 48;

export function checksumInput(entity: string, id: string, serverSeq: number): string {
  return `${entity}:${id}:${serverSeq}`;
}

/** md5 hex digest → the 48-bit row hash. */
export function rowHashFromMd5Hex(md5hex: string): number {
  return Number.parseInt(md5hex.slice(0, 12), 16);
}

export function addRowHash(acc: number, rowHash: number): number {
  return (acc + rowHash) % CHECKSUM_MODULUS;
}

export function formatChecksumHash(acc: number): string {
  return acc.toString(16).padStart(12, '0');
}
