// The bundled backend utility process, forked under plain Node: backend-process.ts speaks the same
// protocol over process.send as over Electron's parentPort, so the test plays main's part.
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { buildElectron } from '../../../scripts/build-electron.mjs';

export type ChildMessage = Record<string, unknown>;

export interface BackendChild {
  child: ChildProcess;
  /** The first message (already received or still to come) that matches. */
  next(pred: (m: ChildMessage) => boolean, timeoutMs?: number): Promise<ChildMessage>;
  /** Asks the process to shut down and waits for it to exit. */
  shutdown(): Promise<void>;
  /** Kills it if still running (for `finally`). */
  kill(): void;
}

export async function forkBackend(dataDir: string, onMessage?: (m: ChildMessage, child: ChildProcess) => void): Promise<BackendChild> {
  const dir = await buildElectron();
  const child = fork(join(dir, 'backend.cjs'), ['--data', dataDir], { stdio: 'pipe' });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString('utf8')));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString('utf8')));
  const messages: ChildMessage[] = [];
  child.on('message', (m) => {
    messages.push(m as ChildMessage);
    onMessage?.(m as ChildMessage, child);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    next: (pred, timeoutMs = 20_000) =>
      new Promise((resolve, reject) => {
        const found = messages.find(pred);
        if (found) return resolve(found);
        const listener = (m: unknown) => {
          if (!pred(m as ChildMessage)) return;
          clearTimeout(timer);
          child.off('message', listener);
          resolve(m as ChildMessage);
        };
        const timer = setTimeout(() => {
          child.off('message', listener);
          reject(new Error(`no answer from backend process; its output:\n${output}`));
        }, timeoutMs);
        child.on('message', listener);
      }),
    shutdown: async () => {
      if (child.connected) child.send({ type: 'shutdown' });
      await exited;
    },
    kill: () => void child.kill(),
  };
}
