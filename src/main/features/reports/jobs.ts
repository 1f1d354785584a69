// Report exports as jobs: the report is built at once (so a refusal or a bad office answers the
// request), then written in the background — rows stream to a file under the data folder while the
// page polls report.job for its progress bar — and handed over once by report.file.
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { ApiOutput, ApiParsedInput, ReportJobDto } from '../../../shared/api/index.js';
import type { Report, ReportFormat } from '../../../shared/reports/report.js';
import { DomainError } from '../../../shared/errors.js';
import type { Store } from '../../db/store.js';
import { chinaDateTime } from '../../platform/clock.js';
import { userName, type ServiceContext } from '../context.js';
import { reportPdf } from '../../printing/report-pdf.js';
import { buildReport } from './registry.js';
import { reportRowCount, writeReportXlsx } from '../../printing/report-xlsx.js';

export const MIME: Record<ReportFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
};

/** 代办员绩效-鼓楼区便民服务中心-2026-11-01至2026-11-30.xlsx */
export function reportFileName(report: Report, format: ReportFormat): string {
  const p = report.header.period;
  const parts = [report.header.title, report.header.officeName, p ? (p.from === p.to ? p.from : `${p.from}至${p.to}`) : ''].filter(Boolean);
  return `${parts.join('-').replace(/[\\/:*?"<>|\s]+/g, '_')}.${format}`;
}

/** Writes a built report to `file` in the format; xlsx reports its rows as they go. */
export async function writeReport(ctx: ServiceContext, report: Report, format: ReportFormat, file: string, onProgress?: (done: number, total: number) => void): Promise<void> {
  if (format === 'xlsx') return writeReportXlsx(report, file, onProgress);
  const { writeFile, rename } = await import('node:fs/promises');
  const pdf = await reportPdf(report, { printedAt: chinaDateTime(new Date(ctx.store.nowIso())), printedBy: userName(ctx.store, ctx.actor.userId) ?? ctx.actor.displayName });
  await writeFile(`${file}.part`, pdf);
  await rename(`${file}.part`, file);
  onProgress?.(reportRowCount(report), reportRowCount(report));
}

interface Job extends ReportJobDto {
  file: string;
  userId: string | null;
  format: ReportFormat;
  startedAt: number;
}

const jobs = new Map<string, Job>();

const cleaned = new WeakSet<Store>();
/** Exports not fetched within this time are dropped with their files (they hold personal data). */
const JOB_TTL_MS = 60 * 60_000;

function dirOf(store: Store): string {
  const dir = join(store.dataDir, 'tmp', 'reports');
  // Files left by an earlier run of the backend belong to jobs nobody can fetch any more.
  if (!cleaned.has(store)) {
    rmSync(dir, { recursive: true, force: true });
    cleaned.add(store);
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}

function dropStaleJobs(now: number): void {
  for (const j of jobs.values()) {
    if (j.state !== 'running' && now - j.startedAt > JOB_TTL_MS) {
      rmSync(j.file, { force: true });
      jobs.delete(j.jobId);
    }
  }
}

function dto(j: Job): ReportJobDto {
  return { jobId: j.jobId, state: j.state, done: j.done, total: j.total, fileName: j.fileName, error: j.error };
}

export function startReportJob(ctx: ServiceContext, input: ApiParsedInput<'report.start'>): ApiOutput<'report.start'> {
  // Built with its page's permission checks: a refusal answers this request in Chinese.
  const report = buildReport(ctx, input.kind, input.params);
  const now = ctx.store.clock.now().getTime();
  dropStaleJobs(now);
  const jobId = ctx.store.newId();
  const job: Job = {
    jobId,
    state: 'running',
    done: 0,
    total: reportRowCount(report),
    fileName: reportFileName(report, input.format),
    error: null,
    file: join(dirOf(ctx.store), `${jobId}.${input.format}`),
    userId: ctx.actor.userId,
    format: input.format,
    startedAt: now,
  };
  jobs.set(jobId, job);
  writeReport(ctx, report, input.format, job.file, (done, total) => {
    job.done = done;
    job.total = total;
  }).then(
    () => { job.state = 'done'; },
    (e: unknown) => {
      job.state = 'failed';
      const code = (e as NodeJS.ErrnoException).code;
      job.error = code === 'ENOSPC' ? '磁盘空间不足，导出未完成' : `导出失败：${e instanceof Error ? e.message : String(e)}`;
      rmSync(job.file, { force: true });
    },
  );
  return dto(job);
}

function ownJob(ctx: ServiceContext, jobId: string): Job {
  const j = jobs.get(jobId);
  // Another user's export is not this user's to see (same answer as a job that never was).
  if (!j || j.userId !== ctx.actor.userId) throw new DomainError('not_found', '导出任务不存在或已结束');
  return j;
}

export function reportJob(ctx: ServiceContext, input: ApiParsedInput<'report.job'>): ApiOutput<'report.job'> {
  return dto(ownJob(ctx, input.jobId));
}

export function reportFile(ctx: ServiceContext, input: ApiParsedInput<'report.file'>): ApiOutput<'report.file'> {
  const j = ownJob(ctx, input.jobId);
  if (j.state === 'running') throw new DomainError('invalid_transition', '导出尚未完成');
  if (j.state === 'failed') throw new DomainError('invalid_input', j.error ?? '导出失败');
  const data = readFileSync(j.file);
  rmSync(j.file, { force: true });
  jobs.delete(j.jobId);
  return { fileName: j.fileName, mime: MIME[j.format], dataBase64: data.toString('base64') };
}
