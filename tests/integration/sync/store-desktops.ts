// Desktops on real SQLite stores, enrolled with the test server, for tests that drive the desktop
// services and sync rounds together. Stores and folders are closed and removed after the file.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { openStore } from '../../../src/main/db/store';
import type { Store } from '../../../src/main/db/store';
import { searchIndexForSync } from '../../../src/main/features/search/documents';
import { runSyncRound } from '../../../src/main/sync/client';
import type { SyncSummary } from '../../../src/main/sync/client';
import { adoptDeviceSettings } from '../../../src/main/sync/device';
import { hashPassword } from '../../../src/server/auth/crypto';
import { publishReference } from '../../../src/server/sync/publish';
import { uuidv7 } from '../../../src/shared/ids';
import { enrollDevice, startHarness } from './harness';
import type { Harness } from './harness';

export interface StoreDesktop {
  store: Store;
  deviceToken: string;
  series: number;
  /** One round with checksums; fails the test unless it succeeds (and, by default, nothing is refused). */
  sync(opts?: { allowRejections?: boolean }): Promise<SyncSummary>;
}

/** The test server for this file: started before its tests, closed after them. */
export function useHarness(): () => Harness {
  let h: Harness | undefined;
  beforeAll(async () => {
    h = await startHarness();
  }, 120_000);
  afterAll(async () => {
    await h?.close();
  });
  return () => {
    if (!h) throw new Error('the test server is not running');
    return h;
  };
}

export function useStoreDesktops(harness: () => Harness, options: { pageSize?: number } = {}) {
  const dirs: string[] = [];
  const stores: Store[] = [];
  afterAll(() => {
    for (const s of stores) s.close();
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });
  return async function desktop(orgUnitId: string, o: { firstRound?: boolean } = {}): Promise<StoreDesktop> {
    const h = harness();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'daiban-desk-'));
    dirs.push(dir);
    const store = openStore(dir);
    stores.push(store);
    const d = (await enrollDevice(h, orgUnitId)) as { deviceId: string; deviceToken: string; series: number };
    // As the app does at enrolment: the desktop's case numbers carry its series.
    adoptDeviceSettings(store, { serverUrl: h.url, orgUnitId, expiresAt: null, ...d });
    const sync = async (o: { allowRejections?: boolean } = {}) => {
      const r = await runSyncRound(store, { serverUrl: h.url, deviceToken: d.deviceToken, verify: true, index: searchIndexForSync(store), ...options });
      expect(r.ok, r.message).toBe(true);
      if (!o.allowRejections) expect(r.rejections).toEqual([]);
      return r;
    };
    if (o.firstRound !== false) await sync();
    return { store, deviceToken: d.deviceToken, series: d.series, sync };
  };
}

export const COUNTY_ADMIN_PASSWORD = 'county-pass-123';

/** An admin of the county (not the centre) published on the server; returns the user's id. */
export async function publishCountyAdmin(h: Harness, username = 'gulouAdmin'): Promise<string> {
  const now = new Date().toISOString();
  const id = uuidv7();
  await publishReference(h.server.ctx, 'users', [
    { id, username, displayName: '区管理员', orgUnitId: h.org.county, roles: ['admin'], passwordHash: hashPassword(COUNTY_ADMIN_PASSWORD), active: true, phone: '', createdAt: now, updatedAt: now, deletedAt: null },
  ]);
  return id;
}
