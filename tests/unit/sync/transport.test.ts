// The desktop's rule for the centre's address: https anywhere, http only on this computer unless an
// admin allowed it for a trial.
import { describe, expect, it } from 'vitest';
import { isLoopbackUrl, isPlainHttpOverNetwork, plainHttpRefusal, PLAIN_HTTP_REFUSED } from '../../../src/shared/sync/transport';

describe('server address transport rule', () => {
  it('loopback addresses are this computer', () => {
    for (const u of ['http://127.0.0.1:8787', 'http://localhost:8787/', 'http://[::1]:8787', 'http://127.9.8.7']) expect(isLoopbackUrl(u), u).toBe(true);
    for (const u of ['http://192.168.1.10:8787', 'http://10.0.0.8', 'http://localhost.evil.cn', 'http://127.0.0.1.nip.io', 'not a url']) expect(isLoopbackUrl(u), u).toBe(false);
  });

  it('refuses plain http over a network unless allowed; https and loopback pass', () => {
    expect(plainHttpRefusal('http://192.168.1.10:8787', false)).toBe(PLAIN_HTTP_REFUSED);
    expect(plainHttpRefusal('HTTP://zwfw.fuzhou.gov.cn', false)).toBe(PLAIN_HTTP_REFUSED);
    expect(plainHttpRefusal('http://192.168.1.10:8787', true)).toBeNull();
    expect(plainHttpRefusal('https://zwfw.fuzhou.gov.cn/daiban', false)).toBeNull();
    expect(plainHttpRefusal('http://127.0.0.1:8787', false)).toBeNull();
    expect(isPlainHttpOverNetwork('https://10.0.0.8')).toBe(false);
    expect(PLAIN_HTTP_REFUSED).toMatch(/https:\/\//);
  });
});
