// Events the backend pushes to the window (Electron: IPC; browser host: server-sent events). Kept small.
import type { SyncStatusDto } from './dto';

/** What one commit to the local store changed (a local write, another window's, or a sync page). */
export interface DataChangedEvent {
  entities: string[];
  /** The cases whose records changed; empty when the change belongs to no case (staff, offices). */
  caseIds: string[];
}

export interface EventMap {
  'sync.status': SyncStatusDto;
  /** Screens refetch the queries that read these entities (src/renderer/lib/queries.ts). */
  'data.changed': DataChangedEvent;
}
export type EventName = keyof EventMap;
export const EVENT_NAMES: readonly EventName[] = ['sync.status', 'data.changed'];
