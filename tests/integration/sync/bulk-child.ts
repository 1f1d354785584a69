// Child process for the bulk-load crash tests: a fresh desktop's first round in small streams and
// small batches, killing itself with SIGKILL (as a pulled plug or a task manager would) at the
// point CRASH_AT names: `load:N` at the N-th progress report of the load (a batch may be open), `index:K` as the K-th step of the
// index phase begins. Prints `done` if it gets to the end.
import { openStore } from '../../../src/main/db/store';
import { runSyncRound } from '../../../src/main/sync/client';
import { searchIndexForSync } from '../../../src/main/features/search/documents';

const [dir, serverUrl, deviceToken, crashAt = ''] = process.argv.slice(2) as [string, string, string, string?];
const [phase, nth] = crashAt.split(':') as [string, string];
const store = openStore(dir);
let batches = 0;
let steps = 0;
const r = await runSyncRound(store, {
  serverUrl,
  deviceToken,
  pageSize: 400,
  commitBytes: 64 * 1024,
  index: searchIndexForSync(store),
  onProgress: (p) => {
    if (p.phase === 'load') batches++;
    else steps++;
    if ((phase === 'load' && p.phase === 'load' && batches === Number(nth)) || (phase === 'index' && p.phase === 'index' && steps === Number(nth))) {
      process.kill(process.pid, 'SIGKILL');
    }
  },
});
process.stdout.write(r.ok ? 'done\n' : `failed ${r.message}\n`);
