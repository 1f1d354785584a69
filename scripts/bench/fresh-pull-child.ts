// A fresh desktop's first sync round in its own process, as on a real desktop: its time, the bytes
// it wrote (Linux /proc/self/io), its peak RSS and the time spent building the search index, printed
// as one JSON line. Used by sync.ts: argv = data folder, server URL, device token, [gzip|identity].
import fs from 'node:fs';
import { openStore } from '../../src/main/db/store.js';
import { runSyncRound } from '../../src/main/sync/client.js';
import { searchIndexForSync } from '../../src/main/features/search/documents.js';

const [dir, serverUrl, deviceToken, encoding = 'gzip'] = process.argv.slice(2) as [string, string, string, string?];

function bytesWritten(): number {
  try {
    const io = fs.readFileSync('/proc/self/io', 'utf8');
    return Number(/^write_bytes: (\d+)/m.exec(io)?.[1] ?? 0) - Number(/^cancelled_write_bytes: (\d+)/m.exec(io)?.[1] ?? 0);
  } catch {
    return 0;
  }
}

const store = openStore(dir);
const search = searchIndexForSync(store);
let indexMs = 0;
const index = {
  changed: search.changed,
  rebuild: () => {
    const t = performance.now();
    search.rebuild();
    indexMs += performance.now() - t;
  },
};
const w0 = bytesWritten();
const t0 = performance.now();
const r = await runSyncRound(store, { serverUrl, deviceToken, verify: true, timeoutMs: 600_000, index, compress: encoding !== 'identity' });
const ms = performance.now() - t0;
store.db.pragma('wal_checkpoint(TRUNCATE)');
store.close();
process.stdout.write(`${JSON.stringify({ ok: r.ok, message: r.message, ms, rows: r.pulled, verified: r.checksumsVerified, written: bytesWritten() - w0, peakRss: process.resourceUsage().maxRSS * 1024, indexMs })}\n`);
