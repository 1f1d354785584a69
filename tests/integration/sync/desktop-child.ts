// Child process for the "desktop killed while applying a page" test: pulls in small pages and
// small batches and prints a line after each committed batch, until the parent kills it.
import { openStore } from '../../../src/main/db/store';
import { runSyncRound } from '../../../src/main/sync/client';

const [dir, serverUrl, deviceToken] = process.argv.slice(2) as [string, string, string];
const store = openStore(dir);
let pages = 0;
await runSyncRound(store, {
  serverUrl,
  deviceToken,
  pageSize: 50,
  // A fresh store's batches start at this and grow with what is loaded (pull-writer.ts).
  commitBytes: 16 * 1024,
  onApplied: () => {
    pages++;
    process.stdout.write(`page ${pages}\n`);
  },
});
process.stdout.write('done\n');
