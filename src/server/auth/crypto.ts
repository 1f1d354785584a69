// Hashes and secrets: tokens are random and stored only as SHA-256; passwords use scrypt.
import crypto from 'node:crypto';

export function sha256Hex(data: string | Buffer): string {
  return crypto.createHash('sha256').update(data).digest('hex');
}

export function randomToken(prefix: string, bytes = 32): string {
  return `${prefix}_${crypto.randomBytes(bytes).toString('base64url')}`;
}

/** A one-time enrollment code people can type: 12 characters, no look-alikes, grouped 4-4-4. */
export function randomEnrollmentCode(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = crypto.randomBytes(12);
  let s = '';
  for (const b of bytes) s += alphabet[b % alphabet.length];
  return `${s.slice(0, 4)}-${s.slice(4, 8)}-${s.slice(8, 12)}`;
}

export function normalizeEnrollmentCode(code: string): string {
  return code.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

/** OWASP's scrypt parameters; a hash made at a lower cost is replaced at the next sign-in (needsRehash). */
const SCRYPT = { N: 2 ** 17, r: 8, p: 1, keylen: 32 };
const MAXMEM = 256 * 1024 * 1024;

/** Password hash format shared with the desktop (src/main/features/auth/password.ts): `scrypt$N$r$p$<salt b64>$<hash b64>` over NFKC. */
export function hashPassword(password: string): string {
  const salt = crypto.randomBytes(16);
  const hash = crypto.scryptSync(password.normalize('NFKC'), salt, SCRYPT.keylen, { N: SCRYPT.N, r: SCRYPT.r, p: SCRYPT.p, maxmem: MAXMEM });
  return `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

export function verifyPassword(password: string, stored: unknown): boolean {
  if (typeof stored !== 'string') return false;
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [, n, r, p, saltB64, hashB64] = parts as [string, string, string, string, string, string];
  const expected = Buffer.from(hashB64, 'base64');
  const N = Number(n);
  if (!Number.isInteger(N) || N < 2 || N > 2 ** 20 || expected.length < 16) return false;
  const got = crypto.scryptSync(password.normalize('NFKC'), Buffer.from(saltB64, 'base64'), expected.length, {
    N,
    r: Number(r),
    p: Number(p),
    maxmem: MAXMEM,
  });
  return crypto.timingSafeEqual(got, expected);
}

export function needsRehash(stored: unknown): boolean {
  if (typeof stored !== 'string') return true;
  const [kind, n, r] = stored.split('$');
  return kind !== 'scrypt' || Number(n) < SCRYPT.N || Number(r) < SCRYPT.r;
}
