// Guide figures: the public pages under 200 concurrent phones on loopback — the bare guide, progress
// pages of random real cases, and /health as the baseline in the same run — with median and p95
// latency, the ratio to the baseline, and bytes per page gzip'd (HTML with its inline CSS).
// Targets (issue #10): p95 ≤ 50 ms, ≤ 30 KB. The server runs as its own process (guide-server.ts).
import { spawn } from 'node:child_process';
import path from 'node:path';
import http from 'node:http';
import { pathToFileURL } from 'node:url';
import autocannon from 'autocannon';
import { printRows, stats, type BenchRow } from './report.js';

const CONNECTIONS = 200;
const DURATION_S = Number(process.env.BENCH_GUIDE_SECONDS ?? 10);
const TARGET_P95_MS = 50;
const TARGET_BYTES = 30 * 1024;

interface Ready {
  port: number;
  templateCode: string;
  tokens: string[];
}

function startServer(): Promise<{ ready: Ready; stop(): Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'guide-server.ts')], { cwd: path.resolve(import.meta.dirname, '../..'), stdio: ['ignore', 'pipe', 'inherit'], env: process.env });
  let out = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => l.includes('"event":"ready"'));
      if (line) resolve({ ready: JSON.parse(line) as Ready, stop: async () => { child.kill('SIGTERM'); await exited; } });
    });
    void exited.then(() => reject(new Error(`guide bench server exited before it was ready: ${out.slice(-2000)}`)));
  });
}

function gzipBytes(port: number, p: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http.get({ host: '127.0.0.1', port, path: p, headers: { 'accept-encoding': 'gzip' } }, (res) => {
      let n = 0;
      res.on('data', (c: Buffer) => (n += c.length));
      res.on('end', () => (res.headers['content-encoding'] === 'gzip' ? resolve(n) : reject(new Error(`${p} not gzip'd`))));
    }).on('error', reject);
  });
}

async function load(port: number, name: string, nextPath: () => string): Promise<{ median: number; p95: number; total: number; bad: number }> {
  const samples: number[] = [];
  const inst = autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: CONNECTIONS,
    duration: DURATION_S,
    headers: { 'accept-encoding': 'gzip' },
    requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: nextPath() }) }],
  });
  inst.on('response', (_c, _status, _bytes, ms) => samples.push(ms));
  const r = await inst;
  const s = stats(samples);
  console.log(`  ${name}: ${r.requests.total} requests, ${Math.round(r.requests.average)}/s, non-2xx ${r.non2xx}, errors ${r.errors}`);
  return { median: s.median, p95: s.p95, total: r.requests.total, bad: r.non2xx + r.errors + r.timeouts };
}

export async function benchGuide(): Promise<BenchRow[]> {
  const server = await startServer();
  const { port, templateCode, tokens } = server.ready;
  try {
    const guidePath = `/g/${templateCode}`;
    const progressPath = () => `/g/${templateCode}?c=${tokens[Math.floor(Math.random() * tokens.length)]}`;
    // Warm up (first render, JIT) outside the measured runs.
    await load(port, 'warm-up', () => (Math.random() < 0.5 ? guidePath : progressPath()));
    const base = await load(port, '/health', () => '/health');
    const guide = await load(port, 'guide', () => guidePath);
    const progress = await load(port, 'progress', progressPath);
    const row = (n: string, r: typeof guide): BenchRow => ({
      name: `${n} (${CONNECTIONS} clients)`, median_ms: r.median, p95_ms: r.p95, target_ms: r === base ? undefined : TARGET_P95_MS, runs: r.total,
      ok: r.bad === 0 && (r === base || r.p95 <= TARGET_P95_MS),
      note: `${r === base ? 'baseline' : `p95 ${(r.p95 / Math.max(base.p95, 0.01)).toFixed(1)}× /health`}${r.bad ? `, ${r.bad} failed` : ''}`,
    });
    const guideBytes = await gzipBytes(port, guidePath);
    const progressBytes = Math.max(...(await Promise.all(tokens.slice(0, 20).map((t) => gzipBytes(port, `/g/${templateCode}?c=${t}`)))));
    return [
      row('/health baseline', base),
      row('guide page', guide),
      row('progress page, random real cases', progress),
      { name: 'guide page gzip (HTML + CSS)', median_ms: 0, bytes: guideBytes, target_bytes: TARGET_BYTES, ok: guideBytes <= TARGET_BYTES },
      { name: 'progress page gzip (HTML + CSS, largest of 20)', median_ms: 0, bytes: progressBytes, target_bytes: TARGET_BYTES, ok: progressBytes <= TARGET_BYTES },
    ];
  } finally {
    await server.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) printRows('guide', await benchGuide());
