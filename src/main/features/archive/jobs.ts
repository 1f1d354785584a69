// Export jobs of a store: one runs at a time (a second would compete for the same stick); the
// window polls its state. Finished jobs are kept a while so a window that reconnects still sees
// how its export ended.
import { join } from 'node:path';
import type { ApiOutput, ApiParsedInput } from '../../../shared/api/index.js';
import { DomainError } from '../../../shared/errors.js';
import type { Store } from '../../db/store.js';
import { generateArchivePassword } from '../../platform/bagit/index.js';
import { authorize, type ServiceContext } from '../context.js';
import { runExport, type ExportState } from './export.js';

interface Job {
  id: string;
  state: ExportState;
  controller: AbortController;
  finishedAt: number | null;
  done: Promise<ExportState>;
}

const KEEP_FINISHED_MS = 3600_000;
const jobsByStore = new WeakMap<Store, Map<string, Job>>();

function jobsOf(store: Store): Map<string, Job> {
  let jobs = jobsByStore.get(store);
  if (!jobs) jobsByStore.set(store, (jobs = new Map()));
  const now = Date.now();
  for (const [id, j] of jobs) if (j.finishedAt !== null && now - j.finishedAt > KEEP_FINISHED_MS) jobs.delete(id);
  return jobs;
}

/** Where an encrypted export stages its plain bags (on this computer, removed after zipping). */
export function exportTempRoot(store: Store): string {
  return join(store.dataDir, 'export-staging');
}

export async function startExport(ctx: ServiceContext, input: ApiParsedInput<'archive.start'>): Promise<ApiOutput<'archive.start'> & { done: Promise<ExportState> }> {
  authorize(ctx, 'archive.start');
  const jobs = jobsOf(ctx.store);
  if ([...jobs.values()].some((j) => j.finishedAt === null)) throw new DomainError('conflict', '已有一个档案导出正在进行，请等它完成或取消后再开始');
  const tempRoot = exportTempRoot(ctx.store);
  const password = input.encrypt ? generateArchivePassword() : null;
  const id = ctx.store.newId();
  const controller = new AbortController();
  const job: Job = {
    id,
    controller,
    finishedAt: null,
    state: { state: 'running', phase: '准备', target: input.targetDir, encrypted: input.encrypt, casesTotal: 0, casesDone: 0, filesDone: 0, filesTotal: 0, bytesDone: 0, bytesTotal: 0, etaSeconds: null, current: null, results: [], message: null },
    done: Promise.resolve(undefined as unknown as ExportState),
  };
  jobs.set(id, job);
  job.done = runExport(ctx, { selection: input.selection, targetDir: input.targetDir, encrypt: input.encrypt, password }, {
    signal: controller.signal,
    tempRoot,
    onState: (s) => (job.state = s),
  })
    .catch((e: unknown) => {
      job.state = { ...job.state, state: 'failed', phase: '失败', message: e instanceof DomainError ? e.message : `导出失败：${(e as Error).message}` };
      return job.state;
    })
    .finally(() => (job.finishedAt = Date.now()));
  return { jobId: id, password, done: job.done };
}

export function exportJob(ctx: ServiceContext, jobId: string): ApiOutput<'archive.job'> {
  authorize(ctx, 'archive.job');
  const job = jobsOf(ctx.store).get(jobId);
  if (!job) throw new DomainError('not_found', '导出任务不存在（程序重启后之前的任务不再显示）');
  return { jobId, ...job.state };
}

export function cancelExport(ctx: ServiceContext, jobId: string): { ok: true } {
  authorize(ctx, 'archive.cancel');
  const job = jobsOf(ctx.store).get(jobId);
  if (!job) throw new DomainError('not_found', '导出任务不存在');
  job.controller.abort();
  return { ok: true };
}
