// 档案导出: one BagIt bag per case into the chosen folder (a USB stick), optionally each inside an
// AES-256 ZIP. A bag already there that verifies is kept (a rerun after a pulled stick resumes
// where it stopped); the run ends in one audit event naming the cases, the target and each bag's
// manifest checksum, whether it finished, failed or was cancelled.
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ArchiveJobDto, ArchiveSelection } from '../../../shared/api/archive.js';
import { DomainError } from '../../../shared/errors.js';
import { verifyAuditChain } from '../../db/audit.js';
import { BagError, readBag, writeBag, zipBagEncrypted, type BagProgress } from '../../platform/bagit/index.js';
import { orgSubtree, authorize, type ServiceContext } from '../context.js';
import { caseBagContent } from './bag-content.js';

export interface ExportRequest {
  selection: ArchiveSelection;
  targetDir: string;
  encrypt: boolean;
  /** The ZIP password when encrypting (made by the caller, shown once). */
  password: string | null;
}

export type ExportState = Omit<ArchiveJobDto, 'jobId'>;

/** Documents and tag files a case adds beyond its attachments, for the first estimate. */
const DOCUMENT_BYTES_ESTIMATE = 400_000;
const DOCUMENT_FILES_ESTIMATE = 10;

/** The cases a selection names, in the admin's scope: by hand, or closed within a period. */
export function selectedCaseIds(ctx: ServiceContext, selection: ArchiveSelection): string[] {
  const scope = ctx.actor.orgUnitId ? JSON.stringify([...orgSubtree(ctx.store, ctx.actor.orgUnitId)]) : null;
  const inScope = scope ? 'AND (handling_org_unit_id IN (SELECT value FROM json_each(@scope)) OR org_unit_id IN (SELECT value FROM json_each(@scope)))' : '';
  if (selection.kind === 'cases') {
    const found = ctx.store.db
      .prepare(`SELECT id FROM cases WHERE id IN (SELECT value FROM json_each(@ids)) AND deleted_at IS NULL ${inScope}`)
      .pluck()
      .all({ ids: JSON.stringify(selection.caseIds), ...(scope ? { scope } : {}) }) as string[];
    const missing = selection.caseIds.length - new Set(found).size;
    if (missing > 0) throw new DomainError('not_found', `有 ${missing} 个所选案卷不存在或不在本机构范围内`);
    return selection.caseIds.filter((id, i, all) => all.indexOf(id) === i);
  }
  // closed_at is an ISO instant; the period is in China's calendar days.
  return ctx.store.db
    .prepare(
      `SELECT id FROM cases WHERE status IN ('completed', 'suspended', 'withdrawn') AND deleted_at IS NULL AND closed_at IS NOT NULL
         AND date(closed_at, '+8 hours') BETWEEN @from AND @to ${inScope} ORDER BY closed_at, case_no`,
    )
    .pluck()
    .all({ from: selection.from, to: selection.to, ...(scope ? { scope } : {}) }) as string[];
}

/** Attachment bytes and counts of the cases, for estimates before anything is built. */
export function attachmentTotals(ctx: ServiceContext, caseIds: string[]): { bytes: number; files: number } {
  const r = ctx.store.db
    .prepare('SELECT coalesce(sum(size), 0) AS bytes, count(*) AS files FROM attachments WHERE case_id IN (SELECT value FROM json_each(?)) AND deleted_at IS NULL')
    .get(JSON.stringify(caseIds)) as { bytes: number; files: number };
  return r;
}

export function estimateBytes(caseCount: number, attachmentBytes: number): number {
  return attachmentBytes + caseCount * DOCUMENT_BYTES_ESTIMATE;
}

/**
 * Runs an export, reporting its state as it goes. Never throws for a case that fails: the failure
 * is the case's result and the run stops (a pulled stick fails every later case the same way).
 */
export async function runExport(ctx: ServiceContext, req: ExportRequest, opts: { signal: AbortSignal; onState: (s: ExportState) => void; tempRoot: string }): Promise<ExportState> {
  authorize(ctx, 'archive.start');
  const started = Date.now();
  const caseIds = selectedCaseIds(ctx, req.selection);
  const totals = attachmentTotals(ctx, caseIds);
  const state: ExportState = {
    state: 'running',
    phase: '准备',
    target: req.targetDir,
    encrypted: req.encrypt,
    casesTotal: caseIds.length,
    casesDone: 0,
    filesDone: 0,
    filesTotal: totals.files + caseIds.length * DOCUMENT_FILES_ESTIMATE,
    bytesDone: 0,
    bytesTotal: estimateBytes(caseIds.length, totals.bytes),
    etaSeconds: null,
    current: null,
    results: [],
    message: null,
  };
  const emit = () => {
    const elapsed = (Date.now() - started) / 1000;
    state.etaSeconds = state.bytesDone > 0 && elapsed > 1 ? Math.max(0, Math.round(((state.bytesTotal - state.bytesDone) * elapsed) / state.bytesDone)) : null;
    opts.onState({ ...state, results: [...state.results] });
  };
  const audited: Array<{ caseId: string; caseNo: string; bag: string; manifestSha256: string | null; payloadOxum: string | null; outcome: string }> = [];
  if (caseIds.length === 0) {
    state.state = 'failed';
    state.message = '所选范围内没有可导出的案卷';
    emit();
    return state;
  }
  emit();
  try {
    // The store's audit chain, checked once: every bag names its head.
    state.phase = '校验审计日志';
    emit();
    const chain = verifyAuditChain(ctx.store.db);
    if (req.encrypt) await clearStaging(opts.tempRoot);
    for (const caseId of caseIds) {
      opts.signal.throwIfAborted();
      state.phase = '整理案卷';
      emit();
      const content = await caseBagContent(ctx, caseId, { chain });
      state.current = content.caseNo;
      const finalName = req.encrypt ? `${content.bagName}.zip` : content.bagName;
      const finalPath = join(req.targetDir, finalName);
      const estimate = attachmentTotals(ctx, [caseId]);
      // Replace this case's estimate with what it really holds.
      state.filesTotal += content.files.length + 3 - (estimate.files + DOCUMENT_FILES_ESTIMATE);
      state.bytesTotal += content.bytes - estimateBytes(1, estimate.bytes);
      const base = { files: state.filesDone, bytes: state.bytesDone };

      const existing = await alreadyExported(finalPath, content.caseNo, req.encrypt);
      if (existing) {
        state.results.push({ caseNo: content.caseNo, path: finalPath, outcome: 'skipped', fourChecks: null, message: existing });
        audited.push({ caseId, caseNo: content.caseNo, bag: finalPath, manifestSha256: await manifestDigest(finalPath, req.encrypt), payloadOxum: null, outcome: 'skipped' });
      } else {
        const progress = (p: BagProgress) => {
          state.phase = p.phase === 'verifying' ? '读回校验' : '写入';
          if (p.phase === 'writing') {
            state.bytesDone = base.bytes + p.bytesDone;
            if (p.file && p.file !== lastFile) {
              lastFile = p.file;
              state.filesDone++;
            }
          }
          throttle();
        };
        let lastFile = '';
        let lastEmit = 0;
        const throttle = () => {
          const now = Date.now();
          if (now - lastEmit >= 200) {
            lastEmit = now;
            emit();
          }
        };
        let written: string;
        let manifest: string | null;
        if (req.encrypt) {
          // The plain bag lives only on this computer's disk, then goes into the ZIP on the stick.
          const temp = await mkdtemp(join(opts.tempRoot, 'export-'));
          try {
            const bag = await writeBag(temp, content.bagName, content, { signal: opts.signal, clock: ctx.store.clock, onProgress: progress, onFileWritten: content.onFileWritten });
            manifest = sha256Hex(await readFile(join(bag.dir, 'manifest-sha256.txt')));
            state.phase = '加密压缩';
            emit();
            const zip = await zipBagEncrypted(bag.dir, finalPath, { password: req.password!, signal: opts.signal });
            written = zip.path;
          } finally {
            await rm(temp, { recursive: true, force: true }).catch(() => undefined);
          }
        } else {
          const bag = await writeBag(req.targetDir, content.bagName, content, { signal: opts.signal, clock: ctx.store.clock, onProgress: progress, onFileWritten: content.onFileWritten });
          written = bag.dir;
          manifest = sha256Hex(await readFile(join(bag.dir, 'manifest-sha256.txt')));
        }
        state.filesDone = base.files + content.files.length + 3;
        state.bytesDone = base.bytes + content.bytes;
        const oxum = `${content.bytes}.${content.files.length}`;
        const checks = content.report()?.outcome ?? null;
        state.results.push({ caseNo: content.caseNo, path: written, outcome: 'written', fourChecks: checks, message: checks === 'pass' ? '已导出并读回校验，四性检测通过' : '已导出并读回校验；四性检测发现问题，见包内 四性检测报告.pdf' });
        audited.push({ caseId, caseNo: content.caseNo, bag: written, manifestSha256: manifest, payloadOxum: oxum, outcome: 'written' });
      }
      state.casesDone++;
      emit();
    }
    state.state = 'done';
    state.phase = '完成';
    state.current = null;
    state.message = `已导出 ${state.results.filter((r) => r.outcome === 'written').length} 个案卷${state.results.some((r) => r.outcome === 'skipped') ? `，${state.results.filter((r) => r.outcome === 'skipped').length} 个已存在且校验完好` : ''}`;
  } catch (e) {
    const cancelled = opts.signal.aborted;
    state.state = cancelled ? 'cancelled' : 'failed';
    state.phase = cancelled ? '已取消' : '失败';
    state.message = cancelled ? `导出已取消：已完成 ${state.casesDone} 个案卷，未完成的案卷没有留下档案包` : e instanceof BagError || e instanceof DomainError ? e.message : `导出失败：${(e as Error).message}`;
    if (state.current) state.results.push({ caseNo: state.current, path: '', outcome: 'failed', fourChecks: null, message: state.message });
  }
  ctx.store.audit({
    actor: ctx.actor,
    action: 'archive.export',
    entity: 'cases',
    entityId: audited[0]?.caseId ?? caseIds[0],
    detail: { target: req.targetDir, encrypted: req.encrypt, state: state.state, cases: audited, requested: caseIds.length, ...(state.state !== 'done' ? { message: state.message } : {}) },
  });
  emit();
  return state;
}

/** Staging left by a killed run holds plain copies of bags: removed before an encrypted export starts. */
async function clearStaging(tempRoot: string): Promise<void> {
  await mkdir(tempRoot, { recursive: true });
  for (const n of await readdir(tempRoot)) await rm(join(tempRoot, n), { recursive: true, force: true });
}

const sha256Hex = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** A finished bag (or ZIP) of this case already at the target: kept when it verifies. */
async function alreadyExported(path: string, caseNo: string, zipped: boolean): Promise<string | null> {
  const st = await stat(path).catch(() => null);
  if (!st) return null;
  if (zipped) throw new BagError(`目标位置已有同名加密档案：${path}，不会覆盖。请换一个位置或先移走它。`, 'exists');
  let bag: Awaited<ReturnType<typeof readBag>>;
  try {
    bag = await readBag(path);
  } catch (e) {
    if (!(e instanceof BagError) || e.code !== 'invalid-bag') throw e;
    throw new BagError(`目标位置已有同名档案包，但校验未通过（${e.findings[0]?.message ?? e.message}）：${path}。请先移走它再导出。`, 'exists');
  }
  const id = bag.info.find((f) => f.name.toLowerCase() === 'external-identifier')?.value;
  if (id !== caseNo) throw new BagError(`目标位置已有同名档案包，但属于另一个案卷（${id ?? '未知'}）：${path}`, 'exists');
  return '目标位置已有本案卷的档案包且校验完好，未重复写入';
}

async function manifestDigest(path: string, zipped: boolean): Promise<string | null> {
  if (zipped) return null;
  return sha256Hex(await readFile(join(path, 'manifest-sha256.txt')));
}
