// `daiban devices …`: what an administrator does against the central server for township desktops —
// issue a one-time enrolment code for an office, list the enrolled desktops, revoke one at once.
import { versionHeaders } from '../../shared/sync/versions.js';

export interface DevicesCliOptions {
  server?: string | undefined;
  admin?: string | undefined;
  password?: string | undefined;
  orgCode?: string | undefined;
  hours?: string | undefined;
  json: boolean;
}

interface DeviceInfo {
  id: string;
  name: string;
  orgUnitId: string;
  series?: number;
  createdAt: string;
  revokedAt: string | null;
  lastSeenAt: string | null;
}

class ServerAnswer extends Error {}

async function call<T>(server: string, method: string, path: string, body: unknown, token?: string): Promise<T> {
  let res: Response;
  try {
    res = await fetch(new URL(path, server), {
      method,
      headers: { 'content-type': 'application/json', ...versionHeaders(), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(30_000),
    });
  } catch (e) {
    throw new ServerAnswer(`无法连接同步服务器 ${server}：${(e as Error).message}`);
  }
  const json = (await res.json().catch(() => ({}))) as T & { error?: string };
  if (!res.ok) throw new ServerAnswer(json.error ?? `同步服务器返回错误 ${res.status}`);
  return json;
}

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString('zh-CN', { hour12: false }) : '—');

export async function devicesCommand(sub: string | undefined, arg: string | undefined, o: DevicesCliOptions): Promise<number> {
  const server = o.server;
  const password = o.password ?? process.env.DAIBAN_ADMIN_PASSWORD;
  if (!server || !o.admin || !password) {
    throw new ServerAnswer('需要 --server 服务器地址、--admin 管理员用户名和 --password 密码（或环境变量 DAIBAN_ADMIN_PASSWORD）');
  }
  const { token } = await call<{ token: string }>(server, 'POST', '/admin/login', { username: o.admin, password });
  const print = (data: unknown, text: string) => process.stdout.write(o.json ? `${JSON.stringify(data, null, 2)}\n` : `${text}\n`);

  switch (sub) {
    case 'code': {
      const hours = o.hours === undefined ? 24 : Number(o.hours);
      if (!Number.isInteger(hours) || hours < 1 || hours > 720) throw new ServerAnswer('--hours 应为 1 到 720 之间的整数');
      const r = await call<{ code: string; orgUnitId: string; expiresAt: string }>(server, 'POST', '/admin/enrollment-codes', { ...(o.orgCode ? { orgCode: o.orgCode } : {}), ttlMinutes: hours * 60 }, token);
      print(r, `注册码：${r.code}（${when(r.expiresAt)} 前有效，只能使用一次）\n在该机构的终端上：同步页面“终端登记”，或运行 daiban sync --server ${server} --enroll ${r.code}`);
      return 0;
    }
    case 'list': {
      const r = await call<{ devices: DeviceInfo[] }>(server, 'GET', '/admin/devices', undefined, token);
      const lines = r.devices.map(
        (d) => `${d.id}  ${d.name}  机构 ${d.orgUnitId}  编号段 ${d.series ?? '—'}  登记 ${when(d.createdAt)}  最近联网 ${when(d.lastSeenAt)}${d.revokedAt ? `  已停用（${when(d.revokedAt)}）` : ''}`,
      );
      print(r, lines.length ? lines.join('\n') : '尚无已登记的终端');
      return 0;
    }
    case 'revoke': {
      if (!arg) throw new ServerAnswer('请指定要停用的终端标识：daiban devices revoke 终端标识');
      const r = await call<{ revoked: boolean }>(server, 'POST', `/admin/devices/${encodeURIComponent(arg)}/revoke`, {}, token);
      print(r, r.revoked ? `终端 ${arg} 已停用，立即生效` : `终端 ${arg} 此前已停用`);
      return 0;
    }
    default:
      throw new ServerAnswer('用法：daiban devices code|list|revoke …（运行 daiban --help 查看）');
  }
}
