// Background sync: a round now, then on a timer; after a failure the wait doubles up to a ceiling
// (with jitter), and a successful round resets it. `syncNow()` runs a round at once.
import { runSyncRound } from './client.js';
import type { SyncOptions, SyncStore, SyncSummary } from './client.js';
import type { BulkProgress } from './bulk.js';

/** The bulk load's progress as the status shows it, with the pace of the round that is running. */
export interface LoadProgress extends BulkProgress {
  remainingMs: number | null;
}

export interface SyncStatus {
  online: boolean;
  running: boolean;
  pending: number;
  openConflicts: number;
  lastSummary: SyncSummary | null;
  nextRunAt: number | null;
  /** The first pull's progress while a round is loading a fresh store. */
  load: LoadProgress | null;
}

export interface SchedulerOptions {
  intervalMs?: number;
  maxBackoffMs?: number;
  /** Ask for checksums every Nth round even when nothing came down. */
  verifyEvery?: number;
  onStatus?: (s: SyncStatus) => void;
  random?: () => number;
}

export class SyncScheduler {
  private timer: NodeJS.Timeout | null = null;
  private failures = 0;
  private rounds = 0;
  private current: Promise<SyncSummary> | null = null;
  private stopped = false;
  status: SyncStatus = { online: false, running: false, pending: 0, openConflicts: 0, lastSummary: null, nextRunAt: null, load: null };

  constructor(
    private store: SyncStore,
    private opts: SyncOptions,
    private sched: SchedulerOptions = {},
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Delay before the next round: the interval, or exponential backoff after failures. */
  nextDelay(): number {
    const interval = this.sched.intervalMs ?? 30_000;
    if (this.failures === 0) return interval;
    const max = this.sched.maxBackoffMs ?? 5 * 60_000;
    const base = Math.min(max, 2_000 * 2 ** (this.failures - 1));
    return Math.round(base * (0.75 + 0.5 * (this.sched.random ?? Math.random)()));
  }

  async syncNow(): Promise<SyncSummary> {
    if (this.current) return this.current;
    if (this.timer) clearTimeout(this.timer);
    this.status = { ...this.status, running: true };
    this.emit();
    this.rounds += 1;
    const verify = this.rounds % (this.sched.verifyEvery ?? 10) === 0;
    this.current = runSyncRound(this.store, { ...this.opts, verify: this.opts.verify ?? verify, onProgress: this.paced() });
    try {
      const s = await this.current;
      this.failures = s.ok ? 0 : this.failures + 1;
      this.status = { online: s.ok || s.failure !== 'offline', running: false, pending: s.pending, openConflicts: s.openConflicts, lastSummary: s, nextRunAt: null, load: null };
      return s;
    } finally {
      this.current = null;
      if (!this.stopped) this.schedule(this.nextDelay());
      this.emit();
    }
  }

  /** Progress reports of one round, with the time left at that round's pace. */
  private paced(): (p: BulkProgress) => void {
    const now = () => performance.now();
    let t0 = 0;
    let rows0 = 0;
    return (p) => {
      if (!t0) {
        t0 = now();
        rows0 = p.rows;
      }
      const rate = (p.rows - rows0) / Math.max(1, now() - t0);
      const remainingMs = p.phase === 'load' && p.totalRows !== null && rate > 0 ? Math.max(0, Math.round((p.totalRows - p.rows) / rate)) : null;
      this.status = { ...this.status, load: { ...p, remainingMs } };
      this.emit();
      this.opts.onProgress?.(p);
    };
  }

  private schedule(ms: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.status = { ...this.status, nextRunAt: Date.now() + ms };
    this.timer = setTimeout(() => void this.syncNow(), ms);
    this.timer.unref?.();
  }

  private emit(): void {
    this.sched.onStatus?.(this.status);
  }
}
