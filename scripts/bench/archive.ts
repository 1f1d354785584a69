// Archive bench: exporting one case with 200 attached documents (≈500 MB of scans: PDFs of JPEG
// pages and photos, sizes spread as a scanner makes them, Chinese names) as a verified BagIt bag,
// against `cp` + `sha256sum` of the same files in the same run (A/B pairs, medians). The target is
// the bag at ≥ 80 % of the baseline's speed: baseline time / export time ≥ 0.8.
//   npx tsx scripts/bench/archive.ts [--runs N]
//   import { benchArchive } from './archive'  — for the bench runner
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import * as t from '../../src/main/db/schema';
import { addAttachmentBytes, attachmentPath } from '../../src/main/features/attachments/service';
import { runExport } from '../../src/main/features/archive/export';
import { mulberry32 } from '../../src/shared/domain/synthetic-ids';
import { makeWorld } from '../../tests/helpers/fixtures';
import { archivableCase, scanJpeg } from '../../tests/integration/archive/case-fixture';
import { stats, type BenchRow } from './report';

const DOCUMENTS = 200;
const TARGET_BYTES = 500 * 2 ** 20;
const TARGET_RATIO = 0.8;

const KINDS = ['营业执照', '身份证复印件', '用地规划许可证', '立项备案证明', '环评批复', '施工图审查合格书', '消防设计审查意见', '现场照片', '会议纪要', '授权委托书'];

/** Sizes as scans come: many small, some large (lognormal), scaled to the total, each ≤ 19 MB. */
function sizes(n: number, total: number, rand: () => number): number[] {
  const raw = Array.from({ length: n }, () => Math.exp(0.9 * Math.sqrt(-2 * Math.log(rand() || 1e-9)) * Math.cos(2 * Math.PI * rand())));
  const sum = raw.reduce((a, b) => a + b, 0);
  return raw.map((r) => Math.min(19 * 2 ** 20, Math.max(60_000, Math.round((r / sum) * total))));
}

async function scannedPdf(bytes: number, rand: () => number): Promise<Buffer> {
  const pages = 1 + Math.floor(rand() * 4);
  const doc = await PDFDocument.create({ updateMetadata: false });
  for (let p = 0; p < pages; p++) {
    const img = await doc.embedJpg(scanJpeg(Math.floor(bytes / pages), 1654, 2339, rand));
    doc.addPage([595, 842]).drawImage(img, { x: 0, y: 0, width: 595, height: 842 });
  }
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}

async function world() {
  const root = mkdtempSync(join(process.env.BENCH_TMP ?? join(process.cwd(), '.data'), 'bench-archive-'));
  const w = makeWorld(join(root, 'store'));
  const caseId = await archivableCase(w, { close: false });
  const rand = mulberry32(20261202);
  const agent = w.ctx('agent');
  let total = 0;
  // Out of order as they arrive: photos, scans and forms interleaved; ids from the store's clock.
  for (const [i, size] of sizes(DOCUMENTS, TARGET_BYTES, rand).entries()) {
    const kind = KINDS[Math.floor(rand() * KINDS.length)]!;
    const photo = kind === '现场照片' || rand() < 0.25;
    const bytes = photo ? scanJpeg(size, 4000, 3000, rand) : await scannedPdf(size, rand);
    const name = `${kind}（${String(DOCUMENTS - i).padStart(3, '0')}）${photo ? '.jpg' : '.pdf'}`;
    addAttachmentBytes(agent, { caseId, name, mime: photo ? 'image/jpeg' : 'application/pdf', bytes, label: kind });
    total += bytes.length;
    w.clock.advance(60_000 + Math.floor(rand() * 3_600_000));
  }
  // The same bytes once each (the fixture attaches one PDF twice): cp refuses a source given twice.
  const files = [...new Set(w.store.rows(t.attachments, 'case_id = ? AND deleted_at IS NULL', caseId).map((a) => attachmentPath(w.store, a.sha256)))];
  return { root, w, caseId, files, total };
}

function timed(fn: () => void): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

export async function benchArchive(opts: { runs?: number } = {}): Promise<BenchRow[]> {
  const runs = opts.runs ?? 3;
  mkdirSync(join(process.cwd(), '.data'), { recursive: true });
  const { root, w, caseId, files, total } = await world();
  try {
    const exportMs: number[] = [];
    const baselineMs: number[] = [];
    let fileCount = 0;
    for (let r = 0; r < runs + 1; r++) {
      // Baseline: copy the same attachment files and checksum the copies, as an admin would by hand.
      const copyDir = join(root, `cp-${r}`);
      mkdirSync(copyDir);
      const b = timed(() => {
        const res = spawnSync('sh', ['-c', 'cp "$@" "$0" && cd "$0" && sha256sum -- * > /dev/null', copyDir, ...files], { stdio: 'inherit' });
        if (res.status !== 0) throw new Error('cp/sha256sum failed');
      });
      rmSync(copyDir, { recursive: true, force: true });
      const target = join(root, `usb-${r}`);
      mkdirSync(target);
      const t0 = performance.now();
      const state = await runExport(w.ctx('admin'), { selection: { kind: 'cases', caseIds: [caseId] }, targetDir: target, encrypt: false, password: null }, { signal: new AbortController().signal, onState: () => undefined, tempRoot: root });
      const a = performance.now() - t0;
      if (state.state !== 'done') throw new Error(`export failed: ${state.message}`);
      fileCount = state.filesDone;
      rmSync(target, { recursive: true, force: true });
      // The first pair warms the page cache for both sides; it is not counted.
      if (r > 0) {
        exportMs.push(a);
        baselineMs.push(b);
      }
    }
    const e = stats(exportMs);
    const base = stats(baselineMs);
    const ratio = Math.round((base.median / e.median) * 100) / 100;
    const mb = (total / 2 ** 20).toFixed(0);
    return [
      { name: `baseline: cp + sha256sum of the ${files.length} attachments (${mb} MB)`, median_ms: base.median, runs, ok: true },
      {
        name: `export one case as a verified BagIt bag (${files.length} attachments, ${mb} MB, ${fileCount} files in the bag)`,
        median_ms: e.median,
        runs,
        ok: ratio >= TARGET_RATIO,
        note: `speed ${ratio}× the baseline's (target ≥ ${TARGET_RATIO}); ${((total / 2 ** 20) / (e.median / 1000)).toFixed(0)} MB/s incl. read-back verification`,
      },
    ];
  } finally {
    w.store.close();
    rmSync(root, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const runsArg = process.argv.includes('--runs') ? Number(process.argv[process.argv.indexOf('--runs') + 1]) : undefined;
  const { printRows } = await import('./report');
  printRows('archive', await benchArchive(runsArg ? { runs: runsArg } : {}));
}
