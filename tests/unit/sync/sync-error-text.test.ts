// Sync failures as a clerk reads them: never "fetch failed", an error code or an English status.
import { describe, expect, it } from 'vitest';
import { syncErrorText } from '../../../src/main/features/sync/labels.js';
import { roundDto } from '../../../src/main/features/sync/service.js';
import type { SyncSummary } from '../../../src/main/sync/client.js';

const plain = (s: string) => expect(s).not.toMatch(/fetch failed|E[A-Z]{4,}|UND_ERR|[A-Za-z]{5,}/);

/** Node's fetch: TypeError('fetch failed') whose cause carries the network code. */
function fetchFailure(code: string, message = code): Error {
  return new TypeError('fetch failed', { cause: Object.assign(new Error(message), { code }) });
}

describe('sync error text', () => {
  it('says an unreachable server in words, whatever the client made of it', () => {
    for (const message of ['无法连接同步服务器：fetch failed', 'fetch failed', 'Failed to fetch']) {
      const text = syncErrorText({ failure: 'offline', message });
      expect(text).toContain('无法连接中心服务器（网络不通或服务器未启动）');
      plain(text);
    }
  });

  it('tells refused, unknown host, timeout, reset and TLS apart from the cause', () => {
    const cases: Array<[unknown, RegExp]> = [
      [fetchFailure('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:8787'), /服务器未启动或端口不对/],
      [fetchFailure('ENOTFOUND', 'getaddrinfo ENOTFOUND centre.local'), /找不到中心服务器/],
      [fetchFailure('UND_ERR_CONNECT_TIMEOUT', 'Connect Timeout Error'), /超时/],
      [Object.assign(new Error('The operation was aborted due to timeout'), { name: 'TimeoutError' }), /超时/],
      [fetchFailure('ECONNRESET', 'other side closed'), /连接中断/],
      [fetchFailure('DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate'), /安全证书/],
      [fetchFailure('CERT_HAS_EXPIRED', 'certificate has expired'), /安全证书/],
    ];
    for (const [error, expected] of cases) {
      const text = syncErrorText({ error, failure: 'offline' });
      expect(text).toMatch(expected);
      plain(text);
    }
    // The admin client already names the code in its message.
    expect(syncErrorText({ message: '无法连接同步服务器 http://10.0.0.5:8787（ECONNREFUSED），请检查网络和服务器地址' })).toMatch(/服务器未启动或端口不对/);
  });

  it('says what 401, 426 and 5xx mean', () => {
    expect(syncErrorText({ status: 401, message: 'Unauthorized' })).toMatch(/同步授权已失效/);
    expect(syncErrorText({ failure: 'unauthorized', message: '终端已停用' })).toMatch(/同步授权已失效/);
    expect(syncErrorText({ status: 426 })).toMatch(/升级本程序/);
    for (const f of [{ status: 502, message: 'Bad Gateway' }, { failure: 'error', message: '同步服务器返回错误 503' }, { failure: 'error', message: 'Internal Server Error' }]) {
      const text = syncErrorText(f);
      expect(text).toMatch(/中心服务器出错/);
      plain(text);
    }
  });

  it("keeps the server's own Chinese refusal, and never shows raw English", () => {
    expect(syncErrorText({ failure: 'error', message: '注册码已过期，请向管理员重新申请' })).toBe('注册码已过期，请向管理员重新申请');
    const text = syncErrorText({ failure: 'error', message: 'Unexpected token < in JSON at position 0' });
    plain(text);
    expect(text).toMatch(/[\u4e00-\u9fff]/);
  });

  it('is what a sync round reports (立即同步, 同步 page)', () => {
    const s = { ok: false, failure: 'offline', message: '无法连接同步服务器：fetch failed', pushed: { applied: 0, duplicate: 0, rejected: 0, conflicts: 0 }, pulled: 0, pending: 3, ms: 5 } as unknown as SyncSummary;
    expect(roundDto(s).message).toContain('无法连接中心服务器（网络不通或服务器未启动）');
  });
});
