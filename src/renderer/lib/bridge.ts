// The host bridge: Electron's preload puts it at window.daiban; in the browser host we build the
// same object over fetch (cookie + X-Daiban header; the page itself never sees the secret).
import type { DaibanBridge } from '../../shared/api/bridge';
import type { ApiResult } from '../../shared/api/errors';
import { EVENT_NAMES } from '../../shared/api/events';

declare global {
  interface Window {
    daiban?: DaibanBridge;
  }
}

/**
 * The browser host's events arrive as server-sent events on the same cookie. One stream serves
 * every listener; after a reconnect (host restarted, machine asleep) events may have been missed,
 * so listeners of `data.changed` hear a change of everything.
 */
function webEvents(): (event: string, listener: (payload: unknown) => void) => () => void {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let source: EventSource | null = null;
  let opened = false;
  const open = () => {
    source = new EventSource('./events', { withCredentials: true });
    source.onopen = () => {
      if (opened) for (const l of listeners.get('data.changed') ?? []) l(EVERYTHING_CHANGED);
      opened = true;
    };
    for (const name of EVENT_NAMES) {
      source.addEventListener(name, (e) => {
        let payload: unknown;
        try {
          payload = JSON.parse((e as MessageEvent<string>).data);
        } catch {
          return;
        }
        for (const l of listeners.get(name) ?? []) l(payload);
      });
    }
  };
  return (event, listener) => {
    if (!source && typeof EventSource !== 'undefined') open();
    const set = listeners.get(event) ?? new Set();
    listeners.set(event, set.add(listener));
    return () => void set.delete(listener);
  };
}

/** What a listener hears when it may have missed changes: every entity, no particular case. */
const EVERYTHING_CHANGED = { entities: ['auditEvents', 'outbox', 'orgUnits', 'users', 'calendarYears', 'catalogItems', 'planTemplates', 'cases'], caseIds: [] };

function webBridge(): DaibanBridge {
  const on = webEvents();
  return {
    kind: 'web',
    async call(name, input) {
      const res = await fetch(`./api/${encodeURIComponent(name)}`, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', 'X-Daiban': '1' },
        body: JSON.stringify(input ?? {}),
      });
      if (res.status === 403) return (await res.json()) as ApiResult<unknown>;
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      return (await res.json()) as ApiResult<unknown>;
    },
    on(event, listener) {
      return on(event, listener);
    },
    onMenu() {
      return () => undefined;
    },
  };
}

export const bridge: DaibanBridge = window.daiban ?? webBridge();
