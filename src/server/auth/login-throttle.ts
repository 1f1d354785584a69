// Guessing an admin's password over /admin/login: after 5 wrong passwords within 15 minutes the
// account is locked for 15 minutes — the right password is refused too until then. Counted per
// username (an attacker rotating addresses gains nothing); the per-address budget is the route's
// rate limit. Kept in the server process: a restart forgets the count (documented limit).
import type { Clock } from '../context';

export const MAX_FAILURES = 5;
export const WINDOW_MS = 15 * 60_000;
export const LOCK_MS = 15 * 60_000;

export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();
  private readonly lockedUntil = new Map<string, number>();

  constructor(private readonly clock: Clock) {}

  /** Minutes left of a lock on this account, or 0. */
  lockedMinutes(username: string): number {
    const until = this.lockedUntil.get(key(username)) ?? 0;
    const left = until - this.clock().getTime();
    return left > 0 ? Math.ceil(left / 60_000) : 0;
  }

  fail(username: string): void {
    const k = key(username);
    const now = this.clock().getTime();
    const recent = (this.failures.get(k) ?? []).filter((t) => now - t < WINDOW_MS);
    recent.push(now);
    this.failures.set(k, recent);
    if (recent.length >= MAX_FAILURES) {
      this.lockedUntil.set(k, now + LOCK_MS);
      this.failures.delete(k);
    }
    // Bounded memory under a flood of made-up usernames.
    if (this.failures.size > 10_000) this.failures.clear();
  }

  succeed(username: string): void {
    this.failures.delete(key(username));
  }
}

const key = (username: string) => username.normalize('NFKC').toLowerCase();
