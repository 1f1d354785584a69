// `npm run bench`: every area's figures in one run. Areas whose bench module is not present yet
// are named and skipped. Options: --only store,printing,sync,ui,guide,archive,ratings,statistics   --cases N (store/ui store size)
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { printRows, type BenchRow } from './report.js';

const AREAS: Array<{ area: string; file: string; fn: string }> = [
  { area: 'store', file: 'store.ts', fn: 'benchStore' },
  { area: 'printing', file: 'printing.ts', fn: 'benchPrinting' },
  { area: 'sync', file: 'sync.ts', fn: 'benchSync' },
  { area: 'ui', file: 'ui.ts', fn: 'benchUi' },
  { area: 'guide', file: 'guide.ts', fn: 'benchGuide' },
  { area: 'archive', file: 'archive.ts', fn: 'benchArchive' },
  { area: 'ratings', file: 'ratings.ts', fn: 'benchRatings' },
  { area: 'statistics', file: 'statistics.ts', fn: 'benchStatistics' },
];

const args = process.argv.slice(2);
const only = args.includes('--only') ? args[args.indexOf('--only') + 1]!.split(',') : null;
const casesArg = args.includes('--cases') ? Number(args[args.indexOf('--cases') + 1]) : undefined;

let misses = 0;
for (const { area, file, fn } of AREAS) {
  if (only && !only.includes(area)) continue;
  const path = join(import.meta.dirname, file);
  if (!existsSync(path)) {
    console.log(`\n== ${area} == (no bench module yet: scripts/bench/${file})`);
    continue;
  }
  const mod = (await import(pathToFileURL(path).href)) as Record<string, (o?: { cases?: number }) => Promise<BenchRow[]>>;
  const run = mod[fn];
  if (!run) {
    console.log(`\n== ${area} == (scripts/bench/${file} does not export ${fn})`);
    continue;
  }
  const rows = await run(casesArg ? { cases: casesArg } : {});
  printRows(area, rows);
  misses += rows.filter((r) => !r.ok).length;
}
console.log(`\n${misses === 0 ? 'all targets met' : `${misses} figure(s) missed their target`}`);
