// What a host puts at `window.daiban`: the Electron preload does, and the browser host's page
// builds the same object over fetch. The renderer sees only this.
import type { ApiResult } from './errors';
import type { EventName } from './events';

export interface DaibanBridge {
  kind: 'electron' | 'web';
  call(name: string, input: unknown): Promise<ApiResult<unknown>>;
  on(event: EventName, listener: (payload: unknown) => void): () => void;
  onMenu(listener: (action: string) => void): () => void;
  /** The shell's folder dialog (the export's target); absent in the browser host, where a path is typed. */
  pickFolder?(title: string): Promise<string | null>;
}
