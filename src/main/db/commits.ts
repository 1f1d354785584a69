// The one commit hook: every committed change to the store — a local write through `store.write`
// or a page applied by the sync client — ends in one CommitEvent. Caches subscribe to it and the
// hosts forward it to their windows as `data.changed`, so nothing is invalidated by hand.

/** What one commit changed: the entities, the records' ids and the cases they belong to. */
export interface CommitEvent {
  entities: string[];
  ids: string[];
  caseIds: string[];
}

/** A changed record as the writers know it (the sync client's applied changes fit this shape). */
export interface ChangedRecord {
  entity: string;
  id: string;
  caseId?: string | null;
}

export type CommitListener = (event: CommitEvent) => void;

/** Collects the changed records of one commit into its event (cases are their own case). */
export function commitEventOf(changes: Iterable<ChangedRecord>): CommitEvent {
  const entities = new Set<string>();
  const ids = new Set<string>();
  const caseIds = new Set<string>();
  for (const c of changes) {
    entities.add(c.entity);
    ids.add(c.id);
    if (c.caseId) caseIds.add(c.caseId);
    else if (c.entity === 'cases') caseIds.add(c.id);
  }
  return { entities: [...entities], ids: [...ids], caseIds: [...caseIds] };
}

export class CommitHub {
  private readonly listeners = new Set<CommitListener>();

  subscribe(listener: CommitListener): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  /**
   * Tells every listener, after the transaction committed. A failing listener is logged and the
   * others still run: the data is already safe on disk.
   */
  emit(event: CommitEvent): void {
    if (event.entities.length === 0) return;
    for (const l of this.listeners) {
      try {
        l(event);
      } catch (e) {
        console.error('[store] commit listener failed', e);
      }
    }
  }
}
