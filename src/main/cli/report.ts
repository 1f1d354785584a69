// `daiban report stats|performance|ratings|interactions|contacts --from D --to D [--org-code C]
// --out FILE.xlsx|FILE.pdf`: a supervision page's report for scheduled jobs — the same builders,
// checks and writers as the app's 导出 buttons. The format follows the file's extension.
import { extname, resolve } from 'node:path';
import { REPORT_KINDS, reportParamsSchema, type ReportFormat, type ReportKind } from '../../shared/reports/report.js';
import { isDomainError } from '../../shared/errors.js';
import type { Actor } from '../db/store.js';
import { openStoreWithBackups } from '../features/backup/service.js';
import { writeReport } from '../features/reports/jobs.js';
import { buildReport } from '../features/reports/registry.js';
import { reportRowCount } from '../printing/report-xlsx.js';

export const REPORT_USAGE = `用法: daiban report ${REPORT_KINDS.join('|')} --from 日期 --to 日期 [--org-code 区划代码] --out 文件.xlsx|文件.pdf [--json]`;

export interface ReportArgs {
  from?: string | undefined;
  to?: string | undefined;
  orgCode?: string | undefined;
  out?: string | undefined;
  json: boolean;
}

/** Exit codes: 0 written, 1 refused or failed, 2 usage error. */
export async function reportCommand(dataDir: string, kind: string | undefined, args: ReportArgs, actor: Actor): Promise<number> {
  const usage = (why: string) => {
    process.stderr.write(`${why}\n${REPORT_USAGE}\n`);
    return 2;
  };
  if (!kind || !(REPORT_KINDS as readonly string[]).includes(kind)) return usage(`报表类型应为 ${REPORT_KINDS.join('、')} 之一`);
  if (!args.out) return usage('请用 --out 指定输出文件（.xlsx 或 .pdf）');
  const ext = extname(args.out).toLowerCase();
  if (ext !== '.xlsx' && ext !== '.pdf') return usage(`输出文件应以 .xlsx 或 .pdf 结尾：${args.out}`);
  const parsed = reportParamsSchema.safeParse({ from: args.from, to: args.to, ...(args.orgCode ? { orgCode: args.orgCode } : {}) });
  if (!parsed.success) return usage(parsed.error.issues.map((i) => i.message).join('；'));
  const format = ext.slice(1) as ReportFormat;
  const file = resolve(args.out);
  const store = openStoreWithBackups(dataDir);
  try {
    const ctx = { store, actor };
    const report = buildReport(ctx, kind as ReportKind, parsed.data);
    const total = reportRowCount(report);
    let shown = 0;
    await writeReport(ctx, report, format, file, (done) => {
      // Progress on stderr (stdout stays the result), every 10 % of a big export.
      if (!args.json && total >= 20_000 && done - shown >= total / 10) {
        shown = done;
        process.stderr.write(`已写入 ${done} / ${total} 行\n`);
      }
    });
    const result = { kind, format, file, rows: total, title: report.header.title, office: report.header.officeName };
    process.stdout.write(args.json ? `${JSON.stringify(result, null, 2)}\n` : `已导出${report.header.title}（${report.header.officeName}，${total} 行）：${file}\n`);
    return 0;
  } catch (e) {
    if (isDomainError(e)) {
      process.stderr.write(`${e.message}\n`);
      return 1;
    }
    const code = (e as NodeJS.ErrnoException).code;
    process.stderr.write(code === 'ENOSPC' ? '磁盘空间不足，导出未完成\n' : code === 'EACCES' || code === 'ENOENT' ? `无法写入 ${file}：${(e as Error).message}\n` : `导出失败：${(e as Error).message}\n`);
    return 1;
  } finally {
    store.close();
  }
}
