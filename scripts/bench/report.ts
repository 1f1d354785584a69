// Shared shape and printing of bench figures: medians (and p95 where a target says so).

export interface BenchRow {
  name: string;
  median_ms: number;
  p95_ms?: number;
  runs?: number;
  target_ms?: number;
  ok: boolean;
  note?: string;
  [extra: string]: unknown;
}

/** Milliseconds one call of fn takes. */
export function time(fn: () => unknown): number {
  const s = performance.now();
  fn();
  return performance.now() - s;
}

export function stats(samples: number[]): { median: number; p95: number } {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * (s.length - 1)))] ?? NaN;
  const round = (x: number) => Math.round(x * 100) / 100;
  return { median: round(at(0.5)), p95: round(at(0.95)) };
}

export function printRows(section: string, rows: BenchRow[]): void {
  console.log(`\n== ${section} ==`);
  for (const r of rows) {
    // A size-only row (bytes, no timing) shows its size; a timed row with a size shows both.
    const size = typeof r.bytes === 'number' ? [`${(r.bytes / 1024).toFixed(1)} KB`, typeof r.target_bytes === 'number' ? `target ${(r.target_bytes / 1024).toFixed(0)} KB` : ''] : [];
    const timed = typeof r.bytes !== 'number' || r.median_ms > 0;
    const fig = [...(timed ? [`median ${r.median_ms} ms`, r.p95_ms !== undefined ? `p95 ${r.p95_ms} ms` : '', r.target_ms !== undefined ? `target ${r.target_ms} ms` : '', r.runs ? `n=${r.runs}` : ''] : []), ...size]
      .filter(Boolean)
      .join(', ');
    console.log(`${r.ok ? 'ok  ' : 'MISS'}  ${r.name}: ${fig}${r.note ? ` — ${r.note}` : ''}`);
  }
}
