// The backend: one store, one registry with every feature's handlers, and the connections (one per
// window or browser cookie). Hosted by the Electron utility process and by the browser host.
import { dailyBackupIfDue, openStoreWithBackups } from '../features/backup/service';
import { generateDemo } from '../features/demo/generate';
import { searchIndexForSync } from '../features/search/documents';
import { searchIndex } from '../features/context';
import { adoptDeviceSettings, cardKeyOf, enrollDevice, fileVault, SyncScheduler, withDeviceInfo } from '../sync/index';
import type { CredentialVault, DeviceCredentials, SyncStatus, SyncSummary } from '../sync/index';
import type { SyncStatusDto } from '../../shared/api/dto';
import type { Store } from '../db/store';
import { systemClock } from '../platform/clock';
import type { Clock } from '../platform/clock';
import type { ApiResult } from '../../shared/api/errors';
import type { EventMap, EventName } from '../../shared/api/events';
import { SCHEMA_TABLES } from '../db/schema';
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
  /** Background sync: state for the status strip, "sync now", enrolment of this desktop. */
  sync: SyncControl;
}

export interface SyncControl {
  status(): SyncStatusDto;
  /** Run a round at once (null when this desktop is not enrolled). */
  syncNow(): Promise<SyncSummary | null>;
  /** Enrol with a one-time code, keep the credentials in the vault and start syncing. */
  enroll(serverUrl: string, code: string, deviceName: string, allowPlainHttp?: boolean): Promise<DeviceCredentials>;
  /** The enrolled device (without its token), or null. */
  device(): Omit<DeviceCredentials, 'deviceToken' | 'cardKey'> | null;
  /** What the last round did (background or "sync now"), or null before the first. */
  lastRound(): SyncSummary | null;
  /** This desktop's card-signing key (given at enrolment or by /device/info), or null when standalone. */
  cardKey(): Promise<{ keyId: string; key: string } | null>;
}

export function syncStatusDto(s: SyncStatus | null, lastSyncAt: string | null): SyncStatusDto {
  if (!s) return { state: 'notConfigured', pendingChanges: 0, lastSyncAt: null, message: null, load: null };
  const summary = s.lastSummary;
  const message = summary?.failure === 'unauthorized' ? '本机同步授权已失效，请联系管理员重新登记终端'
    : summary?.failure === 'upgrade' ? '同步服务器要求升级本程序'
      : s.openConflicts > 0 ? `有 ${s.openConflicts} 处修改冲突待核对` : null;
  const state = !summary ? 'pending' : !s.online ? 'offline' : s.pending > 0 ? 'pending' : 'online';
  const load = s.load && s.running ? { phase: s.load.phase, running: true, rows: s.load.rows, totalRows: s.load.totalRows, bytes: s.load.bytes, remainingMs: s.load.remainingMs } : null;
  return { state, pendingChanges: s.pending, lastSyncAt, message, load };
}

export type BackendEventListener = <E extends EventName>(event: E, payload: EventMap[E]) => void;

export interface Backend {
  deps: BackendDeps;
  registry: Registry<BackendDeps>;
  dispatch(connectionId: string, name: string, input: unknown): Promise<ApiResult<unknown>>;
  /** Events for every window: `data.changed` after each commit, `sync.status` after each round. */
  onEvent(listener: BackendEventListener): () => void;
  drop(connectionId: string): void;
  close(): void;
}

/** A session left idle this long is signed out by the backend (the UI locks much earlier). */
export const SESSION_IDLE_MS = 12 * 3600_000;

export function createBackend(opts: { dataDir: string; clock?: Clock; log?: ErrorLog; demo?: boolean; sync?: boolean; vault?: CredentialVault; dailyBackup?: boolean }): Backend {
  const clock = opts.clock ?? systemClock;
  // An existing store is backed up before a new app version migrates it.
  const store = openStoreWithBackups(opts.dataDir, { clock });
  const log: ErrorLog = opts.log ?? ((e, where) => console.error(`[backend] ${where}:`, e));
  const vault = opts.vault ?? fileVault(opts.dataDir);
  let scheduler: SyncScheduler | null = null;
  let device: DeviceCredentials | null = null;
  let lastSyncAt: string | null = null;
  let closed = false;
  const eventListeners = new Set<BackendEventListener>();
  const emit = <E extends EventName>(event: E, payload: EventMap[E]) => {
    for (const l of eventListeners) l(event, payload);
  };
  store.onCommit(({ entities, caseIds }) => emit('data.changed', { entities, caseIds }));
  // After start-up, off the first request's path: the clerk's first search is then as quick as the rest.
  setImmediate(() => {
    if (closed) return;
    try {
      searchIndex(store).warm();
    } catch (e) {
      log(e, 'search warm-up');
    }
    // Today's backup, if there is none yet: its own read connection, so clerks keep writing.
    if (opts.dailyBackup !== false && !closed) dailyBackupIfDue(store).catch((e: unknown) => {
      if (!closed) log(e, 'daily backup');
    });
  });
  const startSync = (c: DeviceCredentials) => {
    scheduler?.stop();
    device = c;
    adoptDeviceSettings(store, c);
    if (opts.sync === false || closed) return;
    // Once per session (this start), and every round while no card key is held.
    let infoThisSession = false;
    const deviceInfo = {
      wanted: () => !infoThisSession || !cardKeyOf(device),
      received: async (info: Parameters<typeof withDeviceInfo>[1]) => {
        if (!device || device.deviceId !== info.deviceId) return;
        device = withDeviceInfo(device, info);
        infoThisSession = true;
        adoptDeviceSettings(store, device);
        store.committed([{ entity: 'settings', id: '' }]);
        await vault.save(device);
      },
    };
    scheduler = new SyncScheduler(store, { serverUrl: c.serverUrl, deviceToken: c.deviceToken, allowPlainHttp: c.allowPlainHttp ?? false, index: searchIndexForSync(store), deviceInfo }, {
      onStatus: (st) => {
        if (st.lastSummary?.ok) lastSyncAt = clock.now().toISOString();
        emit('sync.status', syncStatusDto(st, lastSyncAt));
      },
    });
    scheduler.start();
  };
  // The credentials saved at enrolment (in the app or by `daiban sync --enroll`); without them the
  // desktop works standalone.
  const loaded = vault.load().then(
    (c) => {
      if (c && !device) startSync(c);
    },
    (e: unknown) => log(e, 'sync credentials'),
  );
  const sync: SyncControl = {
    status: () => syncStatusDto(scheduler?.status ?? null, lastSyncAt),
    syncNow: async () => {
      await loaded;
      return scheduler ? scheduler.syncNow() : null;
    },
    enroll: async (serverUrl, code, deviceName, allowPlainHttp = false) => {
      const c = await enrollDevice(serverUrl, code, deviceName, { allowPlainHttp });
      await vault.save(c);
      startSync(c);
      return c;
    },
    device: () => {
      if (!device) return null;
      const { deviceToken: _token, cardKey: _key, ...rest } = device;
      return rest;
    },
    lastRound: () => scheduler?.status.lastSummary ?? null,
    cardKey: async () => {
      await loaded;
      return cardKeyOf(device);
    },
  };
  const deps: BackendDeps = { store, clock, dataDir: opts.dataDir, sync };
  if (opts.demo) {
    deps.loadDemo = async (cases) => {
      const s = generateDemo(store, { cases });
      // The generator bulk-loads cases with plain statements: tell the windows once, at the end.
      store.committed(Object.keys(SCHEMA_TABLES).map((entity) => ({ entity, id: '' })));
      const users = s.users.slice(0, 4).map((u) => `${u.username}（${u.displayName}）`).join('、');
      return { cases: s.cases, hint: `已载入 ${s.cases} 件示例案卷。可用 ${users} 等账号登录，密码均为 ${s.password}` };
    };
  }
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
    onEvent: (listener) => {
      eventListeners.add(listener);
      return () => void eventListeners.delete(listener);
    },
    drop: (id) => void connections.delete(id),
    close: () => {
      closed = true;
      scheduler?.stop();
      store.close();
    },
  };
}
