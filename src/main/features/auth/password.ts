// Password hashing with scrypt (Node's built-in) at OWASP's parameters (N=2^17, r=8, p=1). Stored
// as `scrypt$N$r$p$salt$hash`: a hash made at a lower cost still verifies and is replaced at the
// next sign-in (needsRehash).
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

export const SCRYPT_N = 2 ** 17;
const N = SCRYPT_N;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;
/** scrypt needs 128·N·r bytes: 128 MB at N=2^17; Node's default limit is 32 MB. */
const MAXMEM = 256 * 1024 * 1024;

export function hashPassword(password: string): string {
  const salt = randomBytes(16);
  const hash = scryptSync(password.normalize('NFKC'), salt, KEY_LENGTH, { N, r: R, p: P, maxmem: MAXMEM });
  return ['scrypt', N, R, P, salt.toString('base64'), hash.toString('base64')].join('$');
}

export function verifyPassword(password: string, stored: string): boolean {
  const [kind, n, r, p, salt, hash] = stored.split('$');
  if (kind !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = scryptSync(password.normalize('NFKC'), Buffer.from(salt, 'base64'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: MAXMEM,
  });
  return timingSafeEqual(actual, expected);
}

/** A hash made at a lower cost than today's (replaced once its password is next typed). */
export function needsRehash(stored: string): boolean {
  const [kind, n, r] = stored.split('$');
  return kind !== 'scrypt' || Number(n) < N || Number(r) < R;
}

let decoy: string | null = null;
/** Spends a verification's time for a username that does not exist (no user list by timing). */
export function verifyDecoy(password: string): void {
  verifyPassword(password, (decoy ??= hashPassword(randomBytes(12).toString('base64'))));
}
