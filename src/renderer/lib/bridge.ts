// The host bridge: Electron's preload puts it at window.daiban; in the browser host we build the
// same object over fetch (cookie + X-Daiban header; the page itself never sees the secret).
import type { DaibanBridge } from '../../shared/api/bridge';
import type { ApiResult } from '../../shared/api/errors';

declare global {
  interface Window {
    daiban?: DaibanBridge;
  }
}

function webBridge(): DaibanBridge {
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
    on() {
      return () => undefined;
    },
    onMenu() {
      return () => undefined;
    },
  };
}

export const bridge: DaibanBridge = window.daiban ?? webBridge();
