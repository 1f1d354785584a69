// Reference data is published from an admin's desktop: a new township and its clerk, created in the
// admin screens, go up like any other edit; the centre can then issue a code by the township's
// division code, and a desktop enrolled there gets the office and lets the new clerk sign in.
import { describe, expect, it } from 'vitest';
import { login } from '../../../src/main/features/auth/service';
import { addUser } from '../../../src/main/features/auth/service';
import { createOrgUnit } from '../../../src/main/features/org-units/service';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStore } from '../../../src/main/db/store';
import { runSyncRound } from '../../../src/main/sync/client';
import { enrollDevice as enrollDesktop } from '../../../src/main/sync/device';
import { createServer } from '../../../src/server/app';
import { freshDatabase, PASSWORD, request } from './harness';
import { useHarness, useStoreDesktops } from './store-desktops';

const h = useHarness();
const desktop = useStoreDesktops(h);

describe('reference data from an admin desktop', () => {
  it('a new office and its staff reach the centre and every desktop of the subtree', async () => {
    const adminDesk = await desktop(h().org.city);
    const ctx = { store: adminDesk.store, actor: login(adminDesk.store, 'admin', PASSWORD).actor };
    const town = createOrgUnit(ctx, { name: '鼓山镇', level: 'township', parentId: h().org.county, code: '350102003' });
    addUser(ctx, { username: 'clerkC', displayName: '郑晓梅', password: 'Clerk2026c', roles: ['clerk'], orgUnitId: town.id });
    const pushed = await adminDesk.sync();
    expect(pushed.pushed.applied).toBeGreaterThanOrEqual(2);

    const code = await request(h().url, 'POST', '/admin/enrollment-codes', { orgCode: '350102003' }, { authorization: `Bearer ${h().adminToken}` });
    expect(code.status).toBe(200);
    expect((code.body as { orgUnitId: string }).orgUnitId).toBe(town.id);

    const townDesk = await desktop(town.id);
    expect(townDesk.store.db.prepare('SELECT name FROM org_units WHERE id = ?').pluck().get(town.id)).toBe('鼓山镇');
    expect(login(townDesk.store, 'clerkC', 'Clerk2026c').session.orgUnitId).toBe(town.id);
  });

  it('a new centre: its first admin and office reach the first desktop whole, and the admin signs in there', async () => {
    const db = await freshDatabase();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'daiban-centre-'));
    const centre = await createServer({ databaseUrl: db.databaseUrl, dataDir, logger: false, bootstrapAdmin: { username: 'root', password: 'Root2026pass', orgUnitName: '福州市', orgCode: '350100' } });
    try {
      const url = `http://127.0.0.1:${await centre.listen(0)}`;
      const session = await request(url, 'POST', '/admin/login', { username: 'root', password: 'Root2026pass' });
      const code = await request(url, 'POST', '/admin/enrollment-codes', {}, { authorization: `Bearer ${(session.body as { token: string }).token}` });
      const device = await enrollDesktop(url, (code.body as { code: string }).code, '市中心管理终端');
      const storeDir = fs.mkdtempSync(path.join(os.tmpdir(), 'daiban-first-desk-'));
      const store = openStore(storeDir);
      try {
        const r = await runSyncRound(store, { serverUrl: url, deviceToken: device.deviceToken, verify: true });
        expect(r.applyErrors).toBe(0);
        expect(r.checksumsVerified).toBe(true);
        expect(store.db.prepare('SELECT code, office_name FROM org_units').all()).toEqual([{ code: '350100', office_name: '福州市' }]);
        expect(login(store, 'root', 'Root2026pass').session.role).toBe('admin');
      } finally {
        store.close();
        fs.rmSync(storeDir, { recursive: true, force: true });
      }
    } finally {
      await centre.close();
      await db.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
