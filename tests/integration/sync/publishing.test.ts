// Reference data is published from an admin's desktop: a new township and its clerk, created in the
// admin screens, go up like any other edit; the centre can then issue a code by the township's
// division code, and a desktop enrolled there gets the office and lets the new clerk sign in.
import { describe, expect, it } from 'vitest';
import { login } from '../../../src/main/features/auth/service';
import { addUser } from '../../../src/main/features/auth/service';
import { createOrgUnit } from '../../../src/main/features/org-units/service';
import { PASSWORD, request } from './harness';
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
});
