// A fresh centre: its server holds offices and staff but no catalogue. The centre's first admin
// desktop sees that the shipped catalogue and templates are not published, publishes them once, and
// the server then holds every item and template under the shipped ids; a second centre desktop finds
// nothing to publish; a county admin and a desktop without a server are told why not.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Store } from '../../../src/main/db/store';
import { openStore, SYSTEM_ACTOR } from '../../../src/main/db/store';
import { login } from '../../../src/main/features/auth/service';
import { publishShippedReference, referencePublishStatus } from '../../../src/main/features/catalog/publish';
import { seedReferenceData } from '../../../src/main/features/catalog/seed';
import { rows } from '../../../src/server/store/db';
import { CATALOG_ITEMS, PLAN_TEMPLATES } from '../../../src/shared/reference-data';
import { PASSWORD } from './harness';
import { COUNTY_ADMIN_PASSWORD, publishCountyAdmin, useHarness, useStoreDesktops } from './store-desktops';

const h = useHarness();
const desktop = useStoreDesktops(h);

function seed(store: Store) {
  store.write({ actor: SYSTEM_ACTOR, action: 'test.seed' }, (tx) => seedReferenceData(tx, { orgTree: false }));
}
const serverCount = async (entity: string) =>
  Number((await rows<{ n: string | number }>(h().server.ctx.store.db, sql`SELECT count(*) AS n FROM records WHERE entity = ${entity} AND NOT deleted`))[0]!.n);

describe('first publication of the shipped catalogue', () => {
  it("the centre's first admin desktop publishes the shipped catalogue and templates once", async () => {
    expect(await serverCount('catalogItems')).toBe(0);
    const first = await desktop(h().org.city);
    seed(first.store);
    const admin = { store: first.store, actor: login(first.store, 'admin', PASSWORD).actor };
    expect(referencePublishStatus(admin)).toEqual({ state: 'needed', items: CATALOG_ITEMS.length, templates: PLAN_TEMPLATES.length });

    expect(publishShippedReference(admin)).toEqual({ items: CATALOG_ITEMS.length, templates: PLAN_TEMPLATES.length });
    // Queued: asked again before the round, nothing more to publish.
    expect(referencePublishStatus(admin).state).toBe('published');
    expect(() => publishShippedReference(admin)).toThrow(/无需再次发布/);
    const round = await first.sync();
    expect(round.pushed.applied).toBe(CATALOG_ITEMS.length + PLAN_TEMPLATES.length);
    expect(await serverCount('catalogItems')).toBe(CATALOG_ITEMS.length);
    expect(await serverCount('planTemplates')).toBe(PLAN_TEMPLATES.length);
    expect(first.store.db.prepare("SELECT count(*) FROM audit_events WHERE action = 'catalogue.publishShipped'").pluck().get()).toBe(1);

    // A second centre desktop pulls them over its own seeded copies: nothing left to publish.
    const second = await desktop(h().org.city, { firstRound: false });
    seed(second.store);
    await second.sync();
    expect(referencePublishStatus({ store: second.store, actor: login(second.store, 'admin', PASSWORD).actor })).toEqual({ state: 'published', items: 0, templates: 0 });
  });

  it('a county admin and a desktop without a server are told why not, and nothing is queued', async () => {
    const county = await desktop(h().org.county);
    seed(county.store);
    await publishCountyAdmin(h(), 'cangshanAdmin');
    await county.sync();
    const countyAdmin = { store: county.store, actor: login(county.store, 'cangshanAdmin', COUNTY_ADMIN_PASSWORD).actor };
    expect(referencePublishStatus(countyAdmin).state).toBe('notCentre');
    expect(() => publishShippedReference(countyAdmin)).toThrow(/由中心（根机构）的管理员发布/);
    expect(county.store.db.prepare("SELECT count(*) FROM outbox WHERE entity IN ('catalogItems', 'planTemplates')").pluck().get()).toBe(0);

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'daiban-standalone-'));
    const standalone = openStore(dir);
    try {
      standalone.write({ actor: SYSTEM_ACTOR, action: 'test.seed' }, (tx) => seedReferenceData(tx, { orgTree: true }));
      const ctx = { store: standalone, actor: { ...SYSTEM_ACTOR, userId: 'u1' } };
      expect(referencePublishStatus(ctx).state).toBe('standalone');
      expect(() => publishShippedReference(ctx)).toThrow(/先登记并完成一次同步/);
    } finally {
      standalone.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
