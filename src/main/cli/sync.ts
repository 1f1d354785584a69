// `daiban sync` (one round with the central server) and `daiban server` (runs the server).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { openStore } from '../db/store.js';
import { searchIndexForSync } from '../features/search/documents.js';
import { appRoot } from '../platform/paths.js';
import { adoptDeviceSettings, enrollDevice, fileVault, runSyncRound, withDeviceInfo } from '../sync/index.js';

export interface SyncCliOptions {
  server?: string | undefined;
  enroll?: string | undefined;
  name?: string | undefined;
  json?: boolean | undefined;
  /** --allow-http: a trial over plain http:// on a network (refused otherwise). */
  allowHttp?: boolean | undefined;
}

/** One round: push the outbox, pull what changed, verify checksums; prints a summary. */
export async function syncCommand(dataDir: string, o: SyncCliOptions): Promise<number> {
  // The CLI keeps credentials in the plain owner-only file (the desktop app moves them into the OS
  // secret store when it next starts). Enrolling with --server never needs the old file.
  const vault = fileVault(dataDir);
  let creds = o.enroll && o.server ? null : await vault.load();
  if (o.enroll) {
    const serverUrl = o.server ?? creds?.serverUrl;
    if (!serverUrl) throw new Error('注册终端需要 --server 同步服务器地址');
    creds = await enrollDevice(serverUrl, o.enroll, o.name ?? `代办帮办工作台 ${dataDir}`, { allowPlainHttp: o.allowHttp ?? false });
    await vault.save(creds);
  }
  if (!creds) throw new Error('本终端尚未注册：请向管理员索取注册码，运行 daiban sync --server 地址 --enroll 注册码');
  const serverUrl = o.server ?? creds.serverUrl;
  const store = openStore(dataDir);
  try {
    adoptDeviceSettings(store, creds);
    let held = creds;
    // Each `daiban sync` is a session: refresh the card key and the announced guide address.
    const deviceInfo = {
      wanted: () => true,
      received: async (info: Parameters<typeof withDeviceInfo>[1]) => {
        held = withDeviceInfo(held, info);
        adoptDeviceSettings(store, held);
        await vault.save(held);
      },
    };
    const summary = await runSyncRound(store, { serverUrl, deviceToken: creds.deviceToken, allowPlainHttp: Boolean(creds.allowPlainHttp || o.allowHttp), verify: true, index: searchIndexForSync(store), deviceInfo });
    if (o.json) {
      process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    } else {
      const p = summary.pushed;
      const lines = [
        summary.ok ? `同步完成（${Math.round(summary.ms)} 毫秒）` : `同步未完成：${summary.message ?? summary.failure}`,
        `上传：已应用 ${p.applied}，重复 ${p.duplicate}，被拒绝 ${p.rejected}，冲突 ${p.conflicts}；待上传 ${summary.pending}`,
        `下载：${summary.pulled} 条变更（${summary.pages} 页）；校验${summary.checksumsVerified ? '一致' : summary.mismatched.length ? `不一致，已重新同步：${summary.resynced.join('、')}` : '未进行'}`,
        ...(summary.openConflicts ? [`待处理冲突 ${summary.openConflicts} 条（冲突待处理）`] : []),
        ...summary.rejections.slice(0, 10).map((r) => `  被拒绝：${r.entity} ${r.entityId}：${r.error}`),
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
    }
    return summary.ok ? 0 : 3;
  } finally {
    store.close();
  }
}

/** Runs the central server in this process's place (the desktop code never imports the server). */
export function serverCommand(args: string[]): Promise<number> {
  const entry = join(appRoot(), 'src', 'server', 'index.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', entry, ...args], { stdio: 'inherit' });
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  return new Promise((resolve) => child.on('exit', (code) => resolve(code ?? 1)));
}
