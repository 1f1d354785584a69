// Entry of the utility process that hosts the backend (store, services, PDFs, exports, sync), so
// heavy work never blocks the window's main process. Plain Node: it talks to main over parentPort.
import { createBackend } from '../api/backend';
import type { Backend } from '../api/backend';
import type { BackendMessage, BackendRequest } from './channels';
import { remoteVault } from './credential-vault';

interface ParentPort {
  on(event: 'message', listener: (e: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}

// Electron's utility process talks over parentPort; under plain Node (tests, child_process.fork)
// the same protocol runs over process.send.
const electronPort = (process as unknown as { parentPort?: ParentPort }).parentPort;
const port: ParentPort | undefined =
  electronPort ??
  (process.send
    ? {
        on: (_event, listener) => void process.on('message', (data: unknown) => listener({ data })),
        postMessage: (message) => void process.send?.(message),
      }
    : undefined);
const send = (m: BackendMessage) => port?.postMessage(m);

function dataDirFromArgs(argv: string[]): string {
  const i = argv.indexOf('--data');
  const v = i >= 0 ? argv[i + 1] : undefined;
  if (!v) throw new Error('backend: --data DIR is required');
  return v;
}

// Device credentials are kept by main with the OS secret store (safeStorage is main-only).
const vault = remoteVault(send);
let backend: Backend | undefined;
try {
  backend = createBackend({ dataDir: dataDirFromArgs(process.argv), demo: true, vault });
  // Every commit (this window's writes, sync pages) and sync round reaches the window.
  backend.onEvent((event, payload) => send({ type: 'event', event, payload }));
  send({ type: 'ready', missing: backend.registry.missing() });
} catch (e) {
  send({ type: 'fatal', message: e instanceof Error ? e.message : String(e) });
}

port?.on('message', (e) => {
  if (vault.receive(e.data)) return;
  const msg = e.data as BackendRequest;
  if (!backend || typeof msg !== 'object' || msg === null) return;
  if (msg.type === 'call') {
    void backend.dispatch(msg.connectionId, msg.name, msg.input).then((result) => send({ type: 'result', id: msg.id, result }));
  } else if (msg.type === 'drop') {
    backend.drop(msg.connectionId);
  } else if (msg.type === 'shutdown') {
    backend.close();
    process.exit(0);
  }
});
process.on('disconnect', () => {
  backend?.close();
  process.exit(0);
});
