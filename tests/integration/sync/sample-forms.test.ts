// 样表: the centre's admin attaches a sample form PDF to a material and saves the change; the file
// travels with the version to a township desktop (file sync), which saves the same bytes; the
// centre's guide links it beside the material and serves it to a phone. A file that is not a PDF
// is refused; a hash the catalogue does not name is not served.
import { describe, expect, it } from 'vitest';
import type { Store } from '../../../src/main/db/store';
import { SYSTEM_ACTOR } from '../../../src/main/db/store';
import { login } from '../../../src/main/features/auth/service';
import { sampleFormFile, uploadSampleForm } from '../../../src/main/features/catalog/sample-forms';
import { seedReferenceData } from '../../../src/main/features/catalog/seed';
import { catalogHistory, listCatalog, saveCatalogVersion } from '../../../src/main/features/catalog/service';
import { referenceContract } from '../../../src/shared/api/reference';
import { referenceId } from '../../../src/shared/ids';
import { PLAN_TEMPLATES } from '../../../src/shared/reference-data';
import { PASSWORD } from './harness';
import { useHarness, useStoreDesktops } from './store-desktops';

const h = useHarness();
const desktop = useStoreDesktops(h);
const TEMPLATE = PLAN_TEMPLATES[0]!;
const ITEM_CODE = TEMPLATE.items[0]!.catalogCode;
const ITEM_ID = referenceId('catalogItems', ITEM_CODE);

function seed(store: Store) {
  store.write({ actor: SYSTEM_ACTOR, action: 'test.seed' }, (tx) => seedReferenceData(tx, { orgTree: false }));
}

describe('sample forms (样表)', () => {
  it('travel with the catalogue to a township desktop and onto the guide', async () => {
    const centre = await desktop(h().org.city);
    const town = await desktop(h().org.townA);
    seed(centre.store);
    seed(town.store);
    const admin = { store: centre.store, actor: login(centre.store, 'admin', PASSWORD).actor };
    const upload = (name: string, bytes: Buffer) => uploadSampleForm(admin, referenceContract['catalogue.uploadSampleForm'].input.parse({ name, dataBase64: bytes.toString('base64') }));

    expect(() => upload('申请表.docx', Buffer.from('PK\u0003\u0004 not a pdf'))).toThrow(/不是PDF文件/);
    const pdf = Buffer.from('%PDF-1.4\n% 企业投资项目备案申请表（样表）\n%%EOF\n');
    const form = upload('企业投资项目备案申请表（样表）.pdf', pdf);
    const fields = catalogHistory(admin, { catalogItemId: ITEM_ID }).fields;
    const materials = fields.materials.map((m, i) => (i === 0 ? { ...m, sampleForm: form } : m));
    saveCatalogVersion(admin, referenceContract['catalogue.saveVersion'].input.parse({ catalogItemId: ITEM_ID, effectiveFrom: centre.store.today(), fields: { ...fields, materials }, note: '附样表' }));
    const up = await centre.sync();
    expect(up.files?.uploaded).toBe(1);

    const down = await town.sync();
    expect(down.files?.downloaded).toBe(1);
    const clerk = { store: town.store, actor: login(town.store, 'clerkA', PASSWORD).actor };
    const item = listCatalog(clerk, { q: ITEM_CODE }).find((c) => c.id === ITEM_ID)!;
    expect(item.sampleForms).toEqual([{ material: fields.materials[0]!.name, name: form.name, sha256: form.sha256 }]);
    const saved = sampleFormFile(clerk, { sha256: form.sha256 });
    expect(saved.fileName).toBe(form.name);
    expect(Buffer.from(saved.dataBase64, 'base64').equals(pdf)).toBe(true);
    expect(() => sampleFormFile(clerk, { sha256: 'a'.repeat(64) })).toThrow(/目录中没有这份样表/);

    // The guide (on the server's day the change is in force) links it beside the material, and serves it.
    h().clock.ms = Date.parse(`${centre.store.today()}T02:00:00Z`);
    const guide = await (await fetch(`${h().url}/g/${TEMPLATE.code}`)).text();
    expect(guide).toContain(`href="/g/s/${form.sha256}"`);
    const served = await fetch(`${h().url}/g/s/${form.sha256}`);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toContain('application/pdf');
    expect(Buffer.from(await served.arrayBuffer()).equals(pdf)).toBe(true);
    expect((await fetch(`${h().url}/g/s/${'b'.repeat(64)}`)).status).toBe(404);
    expect((await fetch(`${h().url}/g/s/..%2F..%2Fetc%2Fpasswd`)).status).toBe(404);
  });
});
