// A fresh desktop's first sync round in its own process, as on a real desktop: its time, the bytes
// it wrote (Linux /proc/self/io), its peak RSS and the time spent building the search index, printed
// as one JSON line. Used by sync.ts: argv = data folder, server URL, device token, [gzip|identity].
import { openStore } from '../../src/main/db/store.js';
import { runSyncRound } from '../../src/main/sync/client.js';
import { searchIndexForSync } from '../../src/main/features/search/documents.js';
import { bytesWritten } from './io.js';

const [dir, serverUrl, deviceToken, encoding = 'gzip'] = process.argv.slice(2) as [string, string, string, string?];


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
const written = bytesWritten() - w0;
store.db.pragma('wal_checkpoint(TRUNCATE)');
const parts = breakdown();
store.close();
process.stdout.write(`${JSON.stringify({ ok: r.ok, message: r.message, ms, rows: r.pulled, verified: r.checksumsVerified, written, peakRss: process.resourceUsage().maxRSS * 1024, indexMs, parts })}\n`);

/** What the store's bytes are: table rows, their indexes, sync bookkeeping, search, free pages. */
function breakdown(): Record<string, number> {
  const kinds = new Map((store.db.prepare("SELECT name, type, tbl_name FROM sqlite_schema").all() as Array<{ name: string; type: string; tbl_name: string }>).map((o) => [o.name, o]));
  const out: Record<string, number> = { rows: 0, 'primary keys': 0, 'secondary indexes': 0, 'sync bookkeeping': 0, search: 0, other: 0, free: 0 };
  for (const { name, b } of store.db.prepare('SELECT name, sum(pgsize) AS b FROM dbstat GROUP BY name').all() as Array<{ name: string; b: number }>) {
    const o = kinds.get(name);
    const table = o?.tbl_name ?? name;
    const key = table.startsWith('search_') ? 'search'
      : table.startsWith('sync_') ? 'sync bookkeeping'
        : name.startsWith('sqlite_autoindex_') ? 'primary keys'
          : o?.type === 'index' ? 'secondary indexes'
            : ['cases', 'plan_items', 'progress_entries', 'applicants'].includes(name) ? 'rows' : 'other';
    out[key] = (out[key] ?? 0) + b;
  }
  out.free = (store.db.pragma('freelist_count', { simple: true }) as number) * (store.db.pragma('page_size', { simple: true }) as number);
  return out;
}
