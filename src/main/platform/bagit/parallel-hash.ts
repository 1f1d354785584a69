// Hashing on the other cores. Writing a bag: a worker thread computes SHA-512 of bytes in shared
// memory while this thread computes SHA-256 and libuv's pool writes them (SHA-512 has no CPU
// instruction, unlike SHA-256: done inline it alone costs more than the copy). Verifying a bag:
// workers read and hash whole files, several at once. The worker is inline code (node built-ins
// only), so it runs the same under tsx, the bundled Electron backend and the CLI.
import { createHash } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const { openSync, readSync, closeSync } = require('node:fs');
const chunk = Buffer.allocUnsafe(1 << 20);
parentPort.on('message', (m) => {
  try {
    if (m.kind === 'bytes') {
      parentPort.postMessage({ id: m.id, digests: { sha512: createHash('sha512').update(new Uint8Array(m.buffer, m.offset, m.length)).digest('hex') } });
      return;
    }
    const hashes = m.algorithms.map((a) => createHash(a));
    const fd = openSync(m.path, 'r');
    let size = 0;
    try {
      for (;;) {
        const n = readSync(fd, chunk, 0, chunk.length, null);
        if (n === 0) break;
        const part = chunk.subarray(0, n);
        for (const h of hashes) h.update(part);
        size += n;
      }
    } finally {
      closeSync(fd);
    }
    const digests = {};
    m.algorithms.forEach((a, i) => (digests[a] = hashes[i].digest('hex')));
    parentPort.postMessage({ id: m.id, size, digests });
  } catch (e) {
    parentPort.postMessage({ id: m.id, error: String((e && e.message) || e), code: e && e.code });
  }
});
`;

/** Below this, posting to a worker costs more than hashing here. */
const PARALLEL_MIN_BYTES = 256 * 1024;

interface Job {
  resolve: (r: { size?: number; digests: Record<string, string> }) => void;
  reject: (e: Error) => void;
}

/** A few hash workers, started on first use and stopped by `close`. */
export class HashWorkers {
  private readonly workers: Array<{ worker: Worker; busy: number }> = [];
  private readonly jobs = new Map<number, Job>();
  private nextId = 0;

  constructor(readonly size = Math.max(1, Math.min(4, availableParallelism()))) {}

  /** SHA-512 of `bytes`: in a worker when they live in shared memory, else here. */
  async sha512(bytes: Buffer): Promise<string> {
    if (!(bytes.buffer instanceof SharedArrayBuffer) || bytes.length < PARALLEL_MIN_BYTES) return createHash('sha512').update(bytes).digest('hex');
    const r = await this.post({ kind: 'bytes', buffer: bytes.buffer, offset: bytes.byteOffset, length: bytes.length });
    return r.digests.sha512!;
  }

  /** Reads and hashes a file in a worker. */
  async file(path: string, algorithms: readonly string[]): Promise<{ size: number; digests: Record<string, string> }> {
    const r = await this.post({ kind: 'file', path, algorithms: [...algorithms] });
    return { size: r.size ?? 0, digests: r.digests };
  }

  close(): void {
    for (const w of this.workers) void w.worker.terminate();
    this.workers.length = 0;
    for (const j of this.jobs.values()) j.reject(new Error('hash workers closed'));
    this.jobs.clear();
  }

  private post(message: Record<string, unknown>): Promise<{ size?: number; digests: Record<string, string> }> {
    const slot = this.pick();
    const id = this.nextId++;
    slot.busy++;
    return new Promise((resolve, reject) => {
      this.jobs.set(id, {
        resolve: (r) => {
          slot.busy--;
          resolve(r);
        },
        reject: (e) => {
          slot.busy--;
          reject(e);
        },
      });
      slot.worker.postMessage({ id, ...message });
    });
  }

  private pick(): { worker: Worker; busy: number } {
    const idle = this.workers.find((w) => w.busy === 0);
    if (idle) return idle;
    if (this.workers.length < this.size) {
      const worker = new Worker(WORKER_SOURCE, { eval: true });
      worker.unref();
      worker.on('message', (m: { id: number; size?: number; digests?: Record<string, string>; error?: string; code?: string }) => {
        const job = this.jobs.get(m.id);
        this.jobs.delete(m.id);
        if (m.digests) job?.resolve({ ...(m.size !== undefined ? { size: m.size } : {}), digests: m.digests });
        else job?.reject(Object.assign(new Error(m.error ?? 'hash failed'), m.code ? { code: m.code } : {}));
      });
      worker.on('error', (e) => {
        for (const j of this.jobs.values()) j.reject(e);
        this.jobs.clear();
      });
      const slot = { worker, busy: 0 };
      this.workers.push(slot);
      return slot;
    }
    return this.workers.reduce((a, b) => (b.busy < a.busy ? b : a));
  }
}

/**
 * Two reusable read buffers in shared memory, used in turn and grown to the largest file seen:
 * reading into them avoids a fresh allocation (and its page faults) per file, a hash worker reads
 * them in place, and the bag engine writes one while the next file is read into the other.
 */
export class SharedReadBuffer {
  private readonly bufs: Buffer[] = [Buffer.alloc(0), Buffer.alloc(0)];
  private turn = 0;

  of(size: number): Buffer {
    const i = (this.turn = 1 - this.turn);
    if (this.bufs[i]!.length < size) this.bufs[i] = Buffer.from(new SharedArrayBuffer(Math.max(size, 4 << 20)));
    return this.bufs[i]!.subarray(0, size);
  }
}
