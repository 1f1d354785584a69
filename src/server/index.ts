// Entry: `npm run server -- --port P --data DIR [--host H] [--public-url URL] [--tls-cert F --tls-key F] [--closed-case-days 180] [--trust-proxy 10.0.0.5] [--admin-user U --admin-password P --office 名称 --org-code 区划代码]`.
// PGlite in DIR when DATABASE_URL is unset, PostgreSQL when it is set. Stops cleanly on SIGTERM/SIGINT.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createServer } from './app';

function parsePublicUrl(raw: string): string {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new Error(`公开地址不正确：${raw}（例如 https://daiban.example.gov.cn）`);
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new Error(`公开地址须以 https:// 开头：${raw}`);
  if (u.search || u.hash) throw new Error(`公开地址不能带查询参数：${raw}`);
  return u.toString().replace(/\/+$/, '');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: process.env.PORT ?? '8787' },
      host: { type: 'string', default: process.env.HOST ?? '0.0.0.0' },
      data: { type: 'string', default: process.env.DAIBAN_SERVER_DATA ?? './server-data' },
      'admin-user': { type: 'string', default: process.env.DAIBAN_ADMIN_USERNAME },
      'admin-password': { type: 'string', default: process.env.DAIBAN_ADMIN_PASSWORD },
      // The centre's own office, created with the first admin.
      office: { type: 'string', default: process.env.DAIBAN_OFFICE },
      'org-code': { type: 'string', default: process.env.DAIBAN_ORG_CODE },
      // The address applicants' phones reach this server at (may differ from the desktops' one).
      'public-url': { type: 'string', default: process.env.DAIBAN_PUBLIC_URL },
      // How long a closed case keeps its public progress page (then it shows only 已办结).
      'closed-case-days': { type: 'string', default: process.env.DAIBAN_CLOSED_CASE_DAYS },
      // Addresses of reverse proxies whose X-Forwarded-For is believed (per-IP limits of the guide pages).
      'trust-proxy': { type: 'string', default: process.env.DAIBAN_TRUST_PROXY },
      // HTTPS served by the server itself (PEM files); or run it behind a TLS reverse proxy.
      'tls-cert': { type: 'string', default: process.env.DAIBAN_TLS_CERT },
      'tls-key': { type: 'string', default: process.env.DAIBAN_TLS_KEY },
      'log-level': { type: 'string', default: process.env.LOG_LEVEL ?? 'info' },
    },
    allowPositionals: false,
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`端口不正确：${values.port}`);
  const publicUrl = values['public-url'] ? parsePublicUrl(values['public-url']) : null;
  const closedDays = values['closed-case-days'] === undefined ? undefined : Number(values['closed-case-days']);
  if (closedDays !== undefined && (!Number.isInteger(closedDays) || closedDays < 0 || closedDays > 3650)) {
    throw new Error(`--closed-case-days 应为 0–3650 的整数天数：${values['closed-case-days']}`);
  }
  if (Boolean(values['tls-cert']) !== Boolean(values['tls-key'])) throw new Error('--tls-cert 与 --tls-key 须一起提供（证书链与私钥的 PEM 文件）');
  const tls = values['tls-cert'] && values['tls-key'] ? { cert: readFileSync(values['tls-cert']), key: readFileSync(values['tls-key']) } : undefined;
  const adminUser = values['admin-user'];
  const adminPassword = values['admin-password'];
  const server = await createServer({
    databaseUrl: process.env.DATABASE_URL || undefined,
    dataDir: values.data,
    logger: { level: values['log-level'] },
    ...(values['trust-proxy'] ? { trustProxy: values['trust-proxy'] } : {}),
    ...(tls ? { tls } : {}),
    options: { publicUrl, ...(closedDays !== undefined ? { closedCaseRetentionDays: closedDays } : {}) },
    bootstrapAdmin: adminUser && adminPassword
      ? { username: adminUser, password: adminPassword, ...(values.office ? { orgUnitName: values.office } : {}), ...(values['org-code'] ? { orgCode: values['org-code'] } : {}) }
      : undefined,
  });
  const bound = await server.listen(port, values.host);
  // Always printed (whatever the log level): scripts and tests wait for this line.
  process.stdout.write(`${JSON.stringify({ level: 30, time: Date.now(), port: bound, database: server.store.kind, event: 'ready', msg: 'daiban server ready', tls: Boolean(tls) })}\n`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    server.app.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    server.close().then(
      () => process.exit(0),
      (err: unknown) => {
        server.app.log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((err: unknown) => {
  console.error(JSON.stringify({ level: 'fatal', msg: err instanceof Error ? err.message : String(err) }));
  process.exit(1);
});
