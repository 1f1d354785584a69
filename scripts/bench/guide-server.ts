// The guide bench's server, in its own process as it would run on the centre's machine: a real
// server (PGlite in a temp folder, PostgreSQL when DATABASE_URL is set), cases pushed through the
// sync API as a desktop sends them. Prints one JSON line {port, templateCode, tokens} and serves
// until SIGTERM. Rate limits are raised: 200 clients on one loopback IP measure the pages, not the limiter.
import { DEFAULT_GUIDE_PAGE_OPTIONS } from '../../src/server/pages/plugin.js';
import { pushCase, startWorld } from '../../tests/integration/guide/world.js';

const cases = Number(process.env.BENCH_GUIDE_CASES ?? 300);
// The production cache settings; only the per-IP limits are lifted (every client here is 127.0.0.1).
const w = await startWorld({ guide: { progressCacheMs: DEFAULT_GUIDE_PAGE_OPTIONS.progressCacheMs, progressStaleMs: DEFAULT_GUIDE_PAGE_OPTIONS.progressStaleMs, pagesPerMinute: 10_000_000, lookupsPerMinute: 10_000_000 } });
const tokens: string[] = [];
for (let i = 0; i < cases; i++) tokens.push((await pushCase(w, { person: i % 3 === 0 })).token);
process.stdout.write(`${JSON.stringify({ event: 'ready', port: w.h.port, templateCode: 'TPL-SOCIAL-INDUSTRY', tokens })}\n`);
const stop = async () => {
  await w.h.close();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
