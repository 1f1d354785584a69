// `daiban devices …`: what an administrator does against the central server for township desktops —
// issue a one-time enrolment code for an office, list the enrolled desktops, revoke one at once.
// The HTTP calls live in ../sync/admin-client (shared with the 同步 page's 终端管理).
import { adminApi, adminLogin } from '../sync/admin-client.js';

export interface DevicesCliOptions {
  server?: string | undefined;
  admin?: string | undefined;
  password?: string | undefined;
  orgCode?: string | undefined;
  hours?: string | undefined;
  json: boolean;
}

class UsageError extends Error {}

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString('zh-CN', { hour12: false }) : '—');

export async function devicesCommand(sub: string | undefined, arg: string | undefined, o: DevicesCliOptions): Promise<number> {
  const server = o.server;
  const password = o.password ?? process.env.DAIBAN_ADMIN_PASSWORD;
  if (!server || !o.admin || !password) {
    throw new UsageError('需要 --server 服务器地址、--admin 管理员用户名和 --password 密码（或环境变量 DAIBAN_ADMIN_PASSWORD）');
  }
  const { token } = await adminLogin(server, o.admin, password);
  const api = adminApi(server, token);
  const print = (data: unknown, text: string) => process.stdout.write(o.json ? `${JSON.stringify(data, null, 2)}\n` : `${text}\n`);

  switch (sub) {
    case 'code': {
      const hours = o.hours === undefined ? 24 : Number(o.hours);
      if (!Number.isInteger(hours) || hours < 1 || hours > 720) throw new UsageError('--hours 应为 1 到 720 之间的整数');
      const r = await api.issueCode(o.orgCode ? { orgCode: o.orgCode } : {}, hours * 60);
      print(r, `注册码：${r.code}（${when(r.expiresAt)} 前有效，只能使用一次）\n在该机构的终端上：同步页面“终端登记”，或运行 daiban sync --server ${server} --enroll ${r.code}`);
      return 0;
    }
    case 'list': {
      const devices = await api.devices();
      const lines = devices.map(
        (d) => `${d.id}  ${d.name}  机构 ${d.orgUnitId}  编号段 ${d.series ?? '—'}  登记 ${when(d.createdAt)}  最近联网 ${when(d.lastSeenAt)}${d.revokedAt ? `  已停用（${when(d.revokedAt)}）` : ''}`,
      );
      print({ devices }, lines.length ? lines.join('\n') : '尚无已登记的终端');
      return 0;
    }
    case 'revoke': {
      if (!arg) throw new UsageError('请指定要停用的终端标识：daiban devices revoke 终端标识');
      const revoked = await api.revoke(arg);
      print({ revoked }, revoked ? `终端 ${arg} 已停用，立即生效` : `终端 ${arg} 此前已停用`);
      return 0;
    }
    default:
      throw new UsageError('用法：daiban devices code|list|revoke …（运行 daiban --help 查看）');
  }
}
