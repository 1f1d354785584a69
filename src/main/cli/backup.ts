// `daiban backup [--to DIR]`, `daiban backup list [--to DIR]`, `daiban restore BACKUP_DIR [--yes]`:
// the admin's backups of a data folder. The work is in features/backup; this file parses and prints.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { BACKUP_KIND_LABELS, listBackups, readManifest } from '../features/backup/layout.js';
import { restoreBackup, verifyBackup } from '../features/backup/restore.js';
import { backupNow, backupsDirOfDataDir, openStoreWithBackups } from '../features/backup/service.js';

export interface BackupCliOptions {
  to?: string | undefined;
  yes: boolean;
  json: boolean;
}

class BackupUsageError extends Error {}

const print = (json: boolean, data: unknown, text: () => string) => process.stdout.write(json ? `${JSON.stringify(data, null, 2)}\n` : `${text()}\n`);
const mb = (n: number) => `${(n / 1048576).toFixed(1)} MB`;
const when = (iso: string) => new Date(iso).toLocaleString('zh-CN', { hour12: false, timeZone: 'Asia/Shanghai' });

export async function backupCommand(dataDir: string, sub: string | undefined, o: BackupCliOptions): Promise<number> {
  // Without --to: the folder the admin chose in 系统设置, else the data folder's `backups`.
  const targetDir = resolve(o.to ?? backupsDirOfDataDir(dataDir));
  if (sub === 'list') {
    const rows = listBackups(targetDir).reverse().map((b) => {
      const m = readManifest(b.dir);
      return { name: b.name, dir: b.dir, kind: m.kind, createdAt: m.createdAt, appVersion: m.appVersion, dbBytes: m.db.bytes, attachments: m.attachments.length };
    });
    print(o.json, rows, () =>
      rows.length
        ? [`${targetDir} 中共有 ${rows.length} 份备份（新的在前）：`, ...rows.map((r) => `  ${r.name}  ${BACKUP_KIND_LABELS[r.kind]}  ${when(r.createdAt)}  数据库 ${mb(r.dbBytes)}  附件 ${r.attachments} 个  版本 ${r.appVersion}`)].join('\n')
        : `${targetDir} 中还没有备份`,
    );
    return 0;
  }
  if (sub !== undefined) throw new BackupUsageError('用法: daiban backup [--to 文件夹] [--json] | daiban backup list [--to 文件夹]');
  if (!existsSync(dataDir)) throw new BackupUsageError(`数据文件夹 ${dataDir} 不存在`);
  const store = openStoreWithBackups(dataDir);
  try {
    const r = await backupNow(store, targetDir);
    print(o.json, { dir: r.dir, manifest: r.manifest, copiedAttachments: r.copiedAttachments, ms: r.ms }, () =>
      `已备份到 ${r.dir}：数据库 ${mb(r.manifest.db.bytes)}，附件 ${r.manifest.attachments.length} 个（本次复制 ${r.copiedAttachments} 个），用时 ${(r.ms / 1000).toFixed(1)} 秒` +
      (r.manifest.missingInStore.length ? `\n注意：数据文件夹中缺少或损坏 ${r.manifest.missingInStore.length} 个附件，未能收入备份` : ''),
    );
    return 0;
  } finally {
    store.close();
  }
}

export async function restoreCommand(dataDir: string, backupDir: string | undefined, o: BackupCliOptions): Promise<number> {
  if (!backupDir) throw new BackupUsageError('用法: daiban restore 备份文件夹 [--yes]');
  const dir = resolve(backupDir);
  // Verified before asking: the admin confirms a backup known to be whole.
  const manifest = verifyBackup(dir);
  if (!o.yes) {
    if (!process.stdin.isTTY) throw new BackupUsageError('恢复会替换当前数据（原数据移到 replaced-时间 文件夹保留）。非交互运行时请加 --yes 确认。');
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    const answer = await rl.question(`将用 ${when(manifest.createdAt)} 的备份替换 ${dataDir} 中的当前数据（原数据移到 replaced-时间 文件夹保留）。确认恢复请输入 yes：`);
    rl.close();
    if (answer.trim().toLowerCase() !== 'yes' && answer.trim() !== '是') {
      process.stderr.write('已取消，数据未改动。\n');
      return 1;
    }
  }
  const r = restoreBackup(dataDir, dir);
  print(o.json, r, () =>
    [
      `已从 ${dir} 恢复（备份时间 ${when(r.manifest.createdAt)}）。`,
      r.replacedDir ? `原数据已移到 ${r.replacedDir}（不会自动删除）。` : '',
      r.unpushedReplacedOps ? `注意：原数据中有 ${r.unpushedReplacedOps} 项修改尚未同步到服务器，恢复后的数据中没有它们；它们仍保存在上述文件夹中。` : '',
      '本机已登记同步时，下次同步会从服务器取回备份之后已同步的全部修改。',
    ].filter(Boolean).join('\n'),
  );
  return 0;
}
