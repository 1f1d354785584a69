// Events the backend pushes to the window (Electron: IPC; browser host: polled). Kept small.
import type { SyncStatusDto } from './dto';

export interface EventMap {
  'sync.status': SyncStatusDto;
  /** Something changed in the store (another window, a sync pull): lists should refresh. */
  'data.changed': { entity: string; id: string | null };
}
export type EventName = keyof EventMap;
export const EVENT_NAMES: readonly EventName[] = ['sync.status', 'data.changed'];
