// Child process for the "desktop killed while applying a page" test: pulls in small pages and
// prints a line after each one, until the parent kills it.
import { openStore } from '../../../src/main/db/store';
import { runSyncRound } from '../../../src/main/sync/client';

const [dir, serverUrl, deviceToken] = process.argv.slice(2) as [string, string, string];
const store = openStore(dir);
let pages = 0;
await runSyncRound(store, {
  serverUrl,
  deviceToken,
  pageSize: 50,
  onApplied: () => {
    pages++;
    process.stdout.write(`page ${pages}\n`);
  },
});
process.stdout.write('done\n');
