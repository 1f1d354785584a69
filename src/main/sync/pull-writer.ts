// Writing pulled rows as they arrive: one SQLite transaction per batch of rows, committed when its
// rows reach a byte budget (or the stream ends), with the cursor of its last row — so a commit is
// sized by what it writes, not by how many rows a page happened to hold, and a cut link keeps every
// committed batch. A batch stays open while the next rows are on their way: a user's write in that
// moment commits the batch first (Store.write asks), so it never joins, or waits on, a sync batch.
import type { AppliedChange, PageApplier } from './apply.js';
import type { Change } from '../../shared/sync/protocol.js';
import { encodeCursor } from '../../shared/sync/protocol.js';
import { setSetting } from './settings.js';
import type { SyncStore } from './client.js';

export const CURSOR_KEY = 'sync.cursor';
/** A bulk batch on a slow link commits after this long, whatever its bytes. */
const BULK_BATCH_MS = 20_000;

/** A batch the store must commit before a write of its own. */
export interface OpenBatch {
  commitForWrite(): void;
}

export interface PullWriterOptions {
  /** Save the cursor with each batch (the main pull; a targeted resync keeps the cursor). */
  saveCursor: boolean;
  commitBytes: number;
  /** Inside each batch's transaction: the rows applied and removed (the search index). */
  changed?: (changes: ReadonlyArray<AppliedChange>) => void;
  onApplied?: (changes: ReadonlyArray<AppliedChange>) => void;
  onRow?: (c: Change) => void;
  onCommit?: (batch: { rows: number; bytes: number }) => void;
}

export class PullWriter implements OpenBatch {
  private open = false;
  private bytes = 0;
  private rows = 0;
  private lastSeq: number | null = null;
  private applied: AppliedChange[] = [];
  private entities = new Set<string>();
  /** The bulk load: search is built at the end, so batches carry no per-row changes. */
  private inBulk = false;
  /** Bytes this writer has committed during the bulk load (its batch budget grows with them). */
  private loaded = 0;
  private batchStartedAt = 0;
  /** A stream's end cursor kept for the open batch (no row has come after it). */
  private carried: string | null = null;
  applyErrors = 0;
  casesLeftScope = 0;

  constructor(
    private store: SyncStore,
    private applier: PageApplier,
    private o: PullWriterOptions,
  ) {}

  /** From now on (between batches): a bulk load's budget, and no per-row change lists. */
  bulk(commitBytes: number): void {
    this.inBulk = true;
    this.o.commitBytes = commitBytes;
  }

  private begin(): void {
    const db = this.store.db;
    // Rows of one case may arrive before the case itself (orders follow the server sequence), so
    // foreign keys are checked by the server, not while a batch is written.
    db.pragma('foreign_keys = OFF');
    if (this.inBulk) db.pragma('synchronous = NORMAL');
    db.exec('BEGIN IMMEDIATE');
    this.open = true;
    this.batchStartedAt = performance.now();
    this.store.holdBatch?.(this);
    this.applier.loadPending();
  }

  row(c: Change, bytes: number): void {
    if (!this.open) this.begin();
    try {
      if (!this.applier.apply(c)) this.applyErrors++;
    } catch (e) {
      this.rollback();
      throw e;
    }
    this.o.onRow?.(c);
    this.lastSeq = c.serverSeq;
    this.carried = null;
    this.bytes += bytes;
    this.rows += 1;
    if (this.inBulk) this.entities.add(c.entity);
    else this.applied.push({ entity: c.entity, id: c.id, deleted: c.deleted });
    if (this.bytes >= this.budget() || (this.inBulk && (this.rows & 1023) === 0 && performance.now() - this.batchStartedAt > BULK_BATCH_MS)) this.commit(null);
  }

  /**
   * A batch's byte budget. In a bulk load it grows with what is loaded (half of it): with random
   * ids each batch rewrites most of the primary keys' pages, so a fixed budget made a city's load
   * write those pages O(n²) times; growing batches write them O(n). A crash loses at most a third
   * of the load, and on a slow link a batch also ends after BULK_BATCH_MS.
   */
  private budget(): number {
    return this.inBulk ? Math.max(this.o.commitBytes, this.loaded / 2) : this.o.commitBytes;
  }

  /**
   * A stream ended with more to come: in a bulk load its batch stays open into the next stream
   * (one commit less of the primary keys' pages), to be committed with this cursor if no row
   * follows; otherwise the batch commits now.
   */
  carry(cursor: string): void {
    if (!this.inBulk || !this.open) return this.commit(cursor);
    this.carried = cursor;
  }

  /**
   * Commit the open batch with `cursor` (the end line's), or, when null, the cursor of its last
   * row: pages follow the server sequence, so "after this row" is where the next pull starts.
   */
  commit(cursor: string | null): void {
    const db = this.store.db;
    const at = cursor ?? this.carried ?? (this.lastSeq !== null ? encodeCursor(this.lastSeq) : null);
    if (!this.open) {
      if (at && this.o.saveCursor) setSetting(db, CURSOR_KEY, at);
      return;
    }
    let applied: AppliedChange[];
    try {
      // Cases that left the scope go once nothing of theirs is pending (the push ran just before).
      const removed = this.applier.leaveScopes();
      this.casesLeftScope += removed.filter((r) => r.entity === 'cases').length;
      this.applier.flush();
      applied = removed.length ? [...this.applied, ...removed] : this.applied;
      if (!this.inBulk) this.o.changed?.(applied);
      this.o.onApplied?.(applied);
      if (at && this.o.saveCursor) setSetting(db, CURSOR_KEY, at);
      db.exec('COMMIT');
    } catch (e) {
      this.rollback();
      throw e;
    }
    this.close();
    const notify = this.inBulk ? [...this.entities].map((entity) => ({ entity, id: '' })) : applied;
    if (notify.length) this.store.committed?.(notify);
    this.o.onCommit?.({ rows: this.rows, bytes: this.bytes });
    if (this.inBulk) this.loaded += this.bytes;
    this.applied = [];
    this.entities.clear();
    this.rows = 0;
    this.bytes = 0;
  }

  commitForWrite(): void {
    this.commit(null);
    // A bulk load commits without fsync; a user's write is made durable as always (its fsync of
    // the WAL also makes the batches before it durable). The next batch goes back to the load's way.
    if (this.inBulk) this.store.db.pragma('synchronous = FULL');
  }

  rollback(): void {
    if (!this.open) return;
    if (this.store.db.inTransaction) this.store.db.exec('ROLLBACK');
    this.close();
    this.applied = [];
    this.entities.clear();
    this.rows = 0;
    this.bytes = 0;
  }

  private close(): void {
    this.open = false;
    this.carried = null;
    this.store.holdBatch?.(null);
    this.store.db.pragma('foreign_keys = ON');
  }
}
