// Printing bench: warm generation time of a liaison card and of A4 forms (median), the card's PDF
// size, and the first document after start (in a fresh child process).
//   npx tsx scripts/bench/printing.ts          — prints the figures
//   import { benchPrinting } from './printing'  — for the bench runner
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type * as PrintingNs from '../../src/main/printing/index';
import type * as FixturesNs from '../../tests/fixtures/printing/cases';

export interface BenchRow {
  name: string;
  median_ms: number;
  p90_ms?: number;
  /** Median CPU time of this process per run (user + system): less sensitive to a busy machine. */
  cpu_median_ms?: number;
  runs?: number;
  target_ms?: number;
  bytes?: number;
  target_bytes?: number;
  ok: boolean;
  note?: string;
}

type PrintingModule = typeof PrintingNs;
type FixturesModule = typeof FixturesNs;

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))));
  return sorted[i] ?? NaN;
}

const round = (n: number) => Math.round(n * 100) / 100;

async function loadModules() {
  const printing = await import(pathToFileURL(path.join(root, 'src/main/printing/index.ts')).href);
  const fixtures = await import(pathToFileURL(path.join(root, 'tests/fixtures/printing/cases.ts')).href);
  return { printing, fixtures } as { printing: PrintingModule; fixtures: FixturesModule };
}

/** Child mode: time from process start to the first card PDF, and from importing printing. */
async function firstDocument(): Promise<void> {
  const atStart = performance.now();
  const { printing, fixtures } = await loadModules();
  const imported = performance.now();
  const doc = printing.buildDocument('card', fixtures.KEY_CASE, fixtures.OPTIONS);
  const pdf = await printing.renderPdf(doc);
  const done = performance.now();
  const cpu = process.cpuUsage();
  process.stdout.write(
    JSON.stringify({
      since_process_start_ms: done,
      since_import_ms: done - atStart,
      import_ms: imported - atStart,
      render_ms: done - imported,
      process_cpu_ms: (cpu.user + cpu.system) / 1000,
      bytes: pdf.length,
    }) + '\n',
  );
}

interface FirstDocument {
  since_process_start_ms: number;
  since_import_ms: number;
  render_ms: number;
  process_cpu_ms: number;
  wall_ms: number;
}

function measureFirstDocument(): FirstDocument {
  const t = performance.now();
  const tsx = path.join(root, 'node_modules/tsx/dist/loader.mjs');
  const r = spawnSync(process.execPath, ['--import', pathToFileURL(tsx).href, fileURLToPath(import.meta.url), '--first-document'], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NODE_NO_WARNINGS: '1' },
  });
  const wall = performance.now() - t;
  const line = r.stdout.split('\n').find((l) => l.startsWith('{'));
  if (r.status !== 0 || !line) throw new Error(`first-document child failed: ${r.stderr}`);
  return { ...(JSON.parse(line) as Omit<FirstDocument, 'wall_ms'>), wall_ms: wall };
}

export async function benchPrinting(opts: { runs?: number; quiet?: boolean } = {}): Promise<BenchRow[]> {
  const runs = opts.runs ?? 30;
  const rows: BenchRow[] = [];

  // First document in a fresh process (fonts not loaded, modules not compiled).
  const firsts = [measureFirstDocument(), measureFirstDocument(), measureFirstDocument()];
  const firstSorted = firsts.map((f) => f.since_import_ms).sort((a, b) => a - b);
  const firstMedian = quantile(firstSorted, 0.5);
  rows.push({
    name: 'printing.first_document_after_start',
    median_ms: round(firstMedian),
    runs: firsts.length,
    target_ms: 1000,
    ok: firstMedian <= 1000,
    note: `from importing printing to the first card PDF (of which fonts + build + render ${round(
      quantile(firsts.map((f) => f.render_ms).sort((a, b) => a - b), 0.5),
    )} ms); process start to PDF incl. node + tsx boot ${round(quantile(firsts.map((f) => f.since_process_start_ms).sort((a, b) => a - b), 0.5))} ms, CPU of the whole child ${round(
      quantile(firsts.map((f) => f.process_cpu_ms).sort((a, b) => a - b), 0.5),
    )} ms`,
  });

  const { printing, fixtures } = await loadModules();
  const { buildDocument, renderPdf } = printing;
  const jobs: Array<{ name: string; kind: string; data: unknown; target: number; options?: object }> = [
    { name: 'printing.card_warm', kind: 'card', data: fixtures.KEY_CASE, target: 30 },
    { name: 'printing.authorization_a4_warm', kind: 'authorization', data: fixtures.KEY_CASE, target: 100 },
    { name: 'printing.agreement_a4_warm', kind: 'agreement', data: fixtures.KEY_CASE, target: 100 },
    { name: 'printing.application_a4_warm', kind: 'application', data: fixtures.KEY_CASE, target: 100 },
    { name: 'printing.receipt_a4_warm', kind: 'receipt', data: fixtures.KEY_CASE, target: 100 },
    { name: 'printing.plan_a4_warm', kind: 'plan', data: fixtures.KEY_CASE, target: 100 },
    { name: 'printing.weekly_a4_warm', kind: 'weekly', data: fixtures.KEY_CASE, target: 100 },
  ];
  let cardBytes = 0;
  for (const job of jobs) {
    const once = async () => {
      const c = process.cpuUsage();
      const t = performance.now();
      const pdf = await renderPdf(buildDocument(job.kind, job.data as never, fixtures.OPTIONS));
      const cpu = process.cpuUsage(c);
      return { ms: performance.now() - t, cpu: (cpu.user + cpu.system) / 1000, bytes: pdf.length };
    };
    for (let i = 0; i < 5; i++) await once(); // warm-up
    const times: number[] = [];
    const cpus: number[] = [];
    let bytes = 0;
    for (let i = 0; i < runs; i++) {
      const r = await once();
      times.push(r.ms);
      cpus.push(r.cpu);
      bytes = r.bytes;
    }
    times.sort((a, b) => a - b);
    cpus.sort((a, b) => a - b);
    const median = quantile(times, 0.5);
    if (job.kind === 'card') cardBytes = bytes;
    rows.push({
      name: job.name,
      median_ms: round(median),
      p90_ms: round(quantile(times, 0.9)),
      cpu_median_ms: round(quantile(cpus, 0.5)),
      runs,
      target_ms: job.target,
      bytes,
      ok: median <= job.target,
    });
  }
  rows.push({ name: 'printing.card_pdf_size', median_ms: 0, bytes: cardBytes, target_bytes: 40 * 1024, ok: cardBytes > 0 && cardBytes <= 40 * 1024 });

  if (!opts.quiet) {
    const load = (await import('node:os')).loadavg()[0] ?? 0;
    console.log(`printing bench (medians; load average ${load.toFixed(1)} on ${(await import('node:os')).cpus().length} CPUs)`);
    for (const r of rows) {
      const figure = r.name === 'printing.card_pdf_size' ? `${(r.bytes ?? 0) / 1024 > 0 ? ((r.bytes ?? 0) / 1024).toFixed(1) : '?'} KB (target ≤ 40 KB)` : `${r.median_ms} ms${r.p90_ms !== undefined ? ` (p90 ${r.p90_ms} ms, cpu ${r.cpu_median_ms} ms)` : ''} (target ≤ ${r.target_ms} ms)`;
      console.log(`  ${r.ok ? 'ok  ' : 'SLOW'} ${r.name.padEnd(38)} ${figure}${r.note ? ` — ${r.note}` : ''}`);
    }
  }
  return rows;
}

const invokedDirectly = process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  if (process.argv.includes('--first-document')) {
    await firstDocument();
  } else {
    const rows = await benchPrinting();
    if (rows.some((r) => !r.ok)) process.exitCode = 1;
  }
}
