// Passwords at OWASP's scrypt cost (N=2^17): a hash from before is replaced at the next sign-in,
// on this desktop only (no outbox change: the centre owns staff records and rehashes its own).
import { scryptSync, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { login } from '../../../src/main/features/auth/service.js';
import { needsRehash, SCRYPT_N, verifyPassword } from '../../../src/main/features/auth/password.js';
import { makeWorld, PASSWORD } from '../../helpers/fixtures.js';
import { useTempDirs } from '../../helpers/temp-dir.js';

const tempDir = useTempDirs();

function oldHash(password: string): string {
  const salt = randomBytes(16);
  return ['scrypt', 16384, 8, 1, salt.toString('base64'), scryptSync(password.normalize('NFKC'), salt, 32, { N: 16384, r: 8, p: 1 }).toString('base64')].join('$');
}

describe('password cost', () => {
  it('new hashes use N=2^17; an older hash signs in and is replaced, without an outbox change', () => {
    const w = makeWorld(tempDir());
    const stored = () => w.store.db.prepare('SELECT password_hash FROM users WHERE id = ?').pluck().get(w.users.clerk) as string;
    expect(stored().split('$')[1]).toBe(String(SCRYPT_N));
    w.store.db.prepare('UPDATE users SET password_hash = ? WHERE id = ?').run(oldHash(PASSWORD), w.users.clerk);
    expect(needsRehash(stored())).toBe(true);
    const outbox = () => w.store.db.prepare('SELECT count(*) FROM outbox').pluck().get() as number;
    const before = outbox();
    login(w.store, 'clerk', PASSWORD);
    expect(needsRehash(stored())).toBe(false);
    expect(verifyPassword(PASSWORD, stored())).toBe(true);
    expect(outbox()).toBe(before);
    // And the next sign-in uses the new hash.
    expect(login(w.store, 'clerk', PASSWORD).session.userId).toBe(w.users.clerk);
  });

  it('an unknown username is refused in about the time of a wrong password', () => {
    const w = makeWorld(tempDir());
    const time = (username: string) => {
      const t0 = performance.now();
      expect(() => login(w.store, username, 'wrong-password-1')).toThrow();
      return performance.now() - t0;
    };
    const wrong = time('clerk');
    const unknown = time('nobody-here');
    expect(unknown).toBeGreaterThan(wrong * 0.4);
  });
});
