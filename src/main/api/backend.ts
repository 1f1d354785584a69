// The backend: one store, one registry with every feature's handlers, and the connections (one per
// window or browser cookie). Hosted by the Electron utility process and by the browser host.
import { openStore } from '../db/store';
import { generateDemo } from '../features/demo/generate';
import type { Store } from '../db/store';
import { systemClock } from '../platform/clock';
import type { Clock } from '../platform/clock';
import type { ApiResult } from '../../shared/api/errors';
import type { ErrorLog } from './errors';
import { FEATURE_HANDLERS } from './features';
import { createRegistry } from './registry';
import type { Connection, Registry } from './registry';

export interface BackendDeps {
  store: Store;
  clock: Clock;
  dataDir: string;
  /** Fills an empty store with demonstration data (the CLI's generator), when available. */
  loadDemo?: (cases: number) => Promise<{ cases: number; hint: string }>;
}

export interface Backend {
  deps: BackendDeps;
  registry: Registry<BackendDeps>;
  dispatch(connectionId: string, name: string, input: unknown): Promise<ApiResult<unknown>>;
  drop(connectionId: string): void;
  close(): void;
}

/** A session left idle this long is signed out by the backend (the UI locks much earlier). */
export const SESSION_IDLE_MS = 12 * 3600_000;

export function createBackend(opts: { dataDir: string; clock?: Clock; log?: ErrorLog; demo?: boolean }): Backend {
  const clock = opts.clock ?? systemClock;
  const store = openStore(opts.dataDir, { clock });
  const deps: BackendDeps = { store, clock, dataDir: opts.dataDir };
  if (opts.demo) {
    deps.loadDemo = async (cases) => {
      const s = generateDemo(store, { cases });
      const users = s.users.slice(0, 4).map((u) => `${u.username}（${u.displayName}）`).join('、');
      return { cases: s.cases, hint: `已载入 ${s.cases} 件示例案卷。可用 ${users} 等账号登录，密码均为 ${s.password}` };
    };
  }
  const log: ErrorLog = opts.log ?? ((e, where) => console.error(`[backend] ${where}:`, e));
  const registry = createRegistry(deps, { log, now: () => clock.now().getTime() });
  for (const [origin, map] of FEATURE_HANDLERS) registry.register(map, origin);
  const connections = new Map<string, Connection>();
  return {
    deps,
    registry,
    async dispatch(connectionId, name, input) {
      let c = connections.get(connectionId);
      if (!c) connections.set(connectionId, (c = { session: null, lastSeen: clock.now().getTime() }));
      if (c.session && clock.now().getTime() - c.lastSeen > SESSION_IDLE_MS) c.session = null;
      return registry.dispatch(name, input, c);
    },
    drop: (id) => void connections.delete(id),
    close: () => store.close(),
  };
}
