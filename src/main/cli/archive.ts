// `daiban archive verify|export|import`: the archive bags from the command line. verify needs no
// store (an archivist checks a stick); export and import work on the data folder.
import { isAbsolute, resolve } from 'node:path';
import { archiveSelectionSchema, type ArchiveSelection } from '../../shared/api/archive.js';
import type { Actor } from '../db/store.js';
import { runExport } from '../features/archive/export.js';
import { importCaseBag } from '../features/archive/import.js';
import { exportTempRoot } from '../features/archive/jobs.js';
import { openStoreWithBackups } from '../features/backup/service.js';
import { generateArchivePassword, verifyBag } from '../platform/bagit/index.js';

export const ARCHIVE_USAGE = [
  '用法: daiban archive verify 档案包文件夹 [--json]',
  '      daiban archive export (--case 案卷编号[,案卷编号…] | --from 日期 --until 日期) --to 文件夹 [--encrypt] --yes [--json]',
  '      daiban archive import 档案包文件夹 [--json]',
].join('\n');

export interface ArchiveArgs {
  json: boolean;
  dataDir: string;
  actor: Actor;
  case?: string | undefined;
  from?: string | undefined;
  until?: string | undefined;
  to?: string | undefined;
  encrypt: boolean;
  yes: boolean;
}

/** Exit codes: 0 done/valid, 1 findings or a failed export, 2 usage error. */
export async function archiveCommand(sub: string | undefined, path: string | undefined, extra: readonly string[], opts: ArchiveArgs): Promise<number> {
  const usage = (why?: string) => {
    process.stderr.write(`${why ? `${why}\n` : ''}${ARCHIVE_USAGE}\n`);
    return 2;
  };
  if (extra.length > 0) return usage();
  if (sub === 'verify' && path) return verify(path, opts.json);
  if (sub === 'import' && path) return importBag(resolve(path), opts);
  if (sub === 'export' && !path) return exportCases(opts, usage);
  return usage();
}

async function verify(path: string, json: boolean): Promise<number> {
  const findings = await verifyBag(path);
  if (json) {
    process.stdout.write(`${JSON.stringify({ path, valid: findings.length === 0, findings }, null, 2)}\n`);
  } else if (findings.length === 0) {
    process.stdout.write(`档案包完好：${path}（清单、校验值、Payload-Oxum 均一致）\n`);
  } else {
    process.stdout.write(`档案包校验未通过：${path}，共 ${findings.length} 处问题\n${findings.map((f) => `  - ${f.message}`).join('\n')}\n`);
  }
  return findings.length === 0 ? 0 : 1;
}

async function importBag(path: string, opts: ArchiveArgs): Promise<number> {
  const store = openStoreWithBackups(opts.dataDir);
  try {
    const r = await importCaseBag(store, path, opts.actor);
    if (opts.json) process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
    else {
      process.stdout.write(`已导入案卷 ${r.caseNo}：${r.rows} 条记录、${r.attachments} 个附件（导入前已备份到 ${r.backupDir}）\n`);
      if (r.kept.length) process.stdout.write(`本机已有、保持不变：${r.kept.join('、')}\n`);
      if (r.missingFiles.length) process.stdout.write(`档案包中缺少的附件文件：${r.missingFiles.join('、')}\n`);
    }
    return 0;
  } finally {
    store.close();
  }
}

async function exportCases(opts: ArchiveArgs, usage: (why?: string) => number): Promise<number> {
  if (!opts.to) return usage('请用 --to 指定导出到的文件夹（如 U 盘）');
  if (!opts.yes) return usage('专属档案含申请人完整的个人信息（正式记录）。确认后请加 --yes 再运行。');
  const store = openStoreWithBackups(opts.dataDir);
  try {
    let selection: ArchiveSelection;
    if (opts.case) {
      const numbers = opts.case.split(',').map((s) => s.trim()).filter(Boolean);
      const ids = numbers.map((no) => store.db.prepare('SELECT id FROM cases WHERE case_no = ?').pluck().get(no) as string | undefined);
      const unknown = numbers.filter((_, i) => !ids[i]);
      if (unknown.length) return usage(`找不到案卷：${unknown.join('、')}`);
      selection = archiveSelectionSchema.parse({ kind: 'cases', caseIds: ids });
    } else {
      const parsed = archiveSelectionSchema.safeParse({ kind: 'period', from: opts.from, to: opts.until });
      if (!parsed.success) return usage(`请用 --case 指定案卷，或用 --from 与 --until 指定办结期间（${parsed.error.issues[0]?.message ?? ''}）`);
      selection = parsed.data;
    }
    const targetDir = isAbsolute(opts.to) ? opts.to : resolve(opts.to);
    const password = opts.encrypt ? generateArchivePassword() : null;
    const controller = new AbortController();
    const stop = () => controller.abort();
    process.once('SIGINT', stop);
    let lastLine = '';
    const state = await runExport({ store, actor: opts.actor }, { selection, targetDir, encrypt: opts.encrypt, password }, {
      signal: controller.signal,
      tempRoot: exportTempRoot(store),
      onState: (s) => {
        if (opts.json || !process.stderr.isTTY) return;
        const line = `${s.phase} ${s.casesDone}/${s.casesTotal} 案卷，${(s.bytesDone / 2 ** 20).toFixed(0)}/${(s.bytesTotal / 2 ** 20).toFixed(0)} MB${s.current ? ` ${s.current}` : ''}`;
        if (line !== lastLine) process.stderr.write(`\r${(lastLine = line)}`);
      },
    });
    process.off('SIGINT', stop);
    if (!opts.json && process.stderr.isTTY) process.stderr.write('\n');
    if (opts.json) process.stdout.write(`${JSON.stringify({ ...state, password }, null, 2)}\n`);
    else {
      for (const r of state.results) process.stdout.write(`${r.outcome === 'failed' ? '✗' : '✓'} ${r.caseNo} ${r.path}：${r.message}\n`);
      process.stdout.write(`${state.message ?? ''}\n`);
      if (password && state.state === 'done') process.stdout.write(`加密压缩包的密码（只显示这一次，请抄录并与 U 盘分开保管）：${password}\n`);
    }
    return state.state === 'done' ? 0 : 1;
  } finally {
    store.close();
  }
}
