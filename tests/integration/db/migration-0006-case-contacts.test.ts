// Migration 0006: the contact (经办人) moves from the shared applicant row to each case. A store on
// the migrations before it, with an enterprise that has two cases and a person with one, is
// migrated: every case gets the contact its applicant held, and the applicant's copy is gone.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../../src/main/db/audit.js';
import * as t from '../../../src/main/db/schema.js';
import { openStore, SYSTEM_ACTOR } from '../../../src/main/db/store.js';
import { actorFor } from '../../../src/main/features/auth/service.js';
import { seedReferenceData } from '../../../src/main/features/catalog/seed.js';
import { getCaseFile } from '../../../src/main/features/cases/service.js';
import { searchAll } from '../../../src/main/features/search/service.js';
import { rebuildSearchDocs } from '../../../src/main/features/search/documents.js';
import { fixedClock } from '../../../src/main/platform/clock.js';
import { makeResidentId, makeUscc, mulberry32 } from '../../../src/shared/domain/synthetic-ids.js';
import { migrationsBefore } from '../../helpers/migrations.js';
import { useTempDirs } from '../../helpers/temp-dir.js';

const tempDir = useTempDirs();
const clock = fixedClock('2026-03-02T01:00:00Z');

describe('migration 0006: contacts move to their cases', () => {
  it('gives every existing case the contact its applicant row held, and the applicant no longer holds one', () => {
    const root = tempDir();
    const data = join(root, 'data');
    const old = openStore(data, { clock, migrationsDir: migrationsBefore(join(root, 'old'), '0006') });
    expect(old.db.prepare("SELECT count(*) FROM _migrations WHERE name LIKE '0006%'").pluck().get()).toBe(0);
    const rng = mulberry32(6);
    let clerkId = '';
    let orgId = '';
    old.write({ actor: SYSTEM_ACTOR, action: 'test.seed' }, (tx) => {
      orgId = seedReferenceData(tx, { orgTree: true }).orgUnitIdByCode.get('350102')!;
      clerkId = tx.insert(t.users, { username: 'clerk', displayName: '林晓燕', roles: ['clerk'], orgUnitId: orgId, passwordHash: 'x', phone: '' }).id;
    });
    // Rows as the app before 0006 wrote them: the contact on the applicant.
    const contactId = makeResidentId(rng, { regionCode: '350102' });
    const personId = makeResidentId(rng, { regionCode: '350102' });
    const uscc = makeUscc(rng, '350102');
    const now = clock.now().toISOString();
    const insertApplicant = old.db.prepare(
      `INSERT INTO applicants (id, created_at, updated_at, org_unit_id, kind, name, uscc, resident_id, legal_representative, contact_name, contact_resident_id, contact_phone)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    insertApplicant.run('a-ent', now, now, orgId, 'enterprise', '福州闽江智造科技有限公司', uscc, null, '陈建国', '林小明', contactId, '13905912345');
    insertApplicant.run('a-per', now, now, orgId, 'person', '郑淑贞', null, personId, '', '郑淑贞', null, '13905910001');
    const insertCase = old.db.prepare(
      `INSERT INTO cases (id, created_at, updated_at, case_no, org_unit_id, handling_org_unit_id, applicant_id, channel, mode, help_kind, status, subject, public_token, accepted_date, registered_by)
       VALUES (?, ?, ?, ?, ?, ?, ?, 'counter', ?, ?, 'accepted', ?, ?, '2026-03-02', ?)`,
    );
    insertCase.run('c-1', now, now, '350102-2026-00001', orgId, orgId, 'a-ent', 'proxy', null, '新建厂房全流程代办', 'tok1', clerkId);
    insertCase.run('c-2', now, now, '350102-2026-00002', orgId, orgId, 'a-ent', 'help', 'assist', '协助填写施工许可申请表', 'tok2', clerkId);
    insertCase.run('c-3', now, now, '350102-2026-00003', orgId, orgId, 'a-per', 'help', 'guide', '咨询不动产登记材料', 'tok3', clerkId);
    // c-1 was registered on this desktop (its insert is in the outbox, already pushed); c-2 and c-3 were pulled.
    old.db.prepare(
      `INSERT INTO outbox (op_id, entity, entity_id, kind, payload, user_id, org_unit_id, created_at, pushed_at, push_status)
       VALUES ('op-1', 'cases', 'c-1', 'insert', '{}', ?, ?, ?, ?, 'applied')`,
    ).run(clerkId, orgId, now, now);
    const applicantsBefore = old.db.prepare('SELECT id, name, uscc, resident_id, legal_representative FROM applicants ORDER BY id').all();
    old.close();

    const store = openStore(data, { clock });
    const contacts = store.db.prepare('SELECT id, contact_name, contact_resident_id, contact_phone FROM cases ORDER BY id').all();
    expect(contacts).toEqual([
      { id: 'c-1', contact_name: '林小明', contact_resident_id: contactId, contact_phone: '13905912345' },
      { id: 'c-2', contact_name: '林小明', contact_resident_id: contactId, contact_phone: '13905912345' },
      { id: 'c-3', contact_name: '郑淑贞', contact_resident_id: null, contact_phone: '13905910001' },
    ]);
    // The server learns c-1's contact by a field patch sent as c-1's insert was; pulled cases are their own desktops' to send.
    const patches = store.db.prepare(`SELECT entity_id, payload, user_id, org_unit_id FROM outbox WHERE kind = 'patch' AND pushed_at IS NULL`).all() as Array<{ entity_id: string; payload: string; user_id: string; org_unit_id: string }>;
    expect(patches.map((p) => ({ ...p, payload: JSON.parse(p.payload) as unknown }))).toEqual([{
      entity_id: 'c-1', user_id: clerkId, org_unit_id: orgId,
      payload: { contactName: { base: '', value: '林小明' }, contactResidentId: { base: null, value: contactId }, contactPhone: { base: '', value: '13905912345' } },
    }]);
    // The applicant keeps everything but the contact, which nothing can read from it any more.
    const columns = (store.db.prepare('PRAGMA table_info(applicants)').all() as Array<{ name: string }>).map((c) => c.name);
    expect(columns.filter((c) => c.startsWith('contact'))).toEqual([]);
    expect(store.db.prepare('SELECT id, name, uscc, resident_id, legal_representative FROM applicants ORDER BY id').all()).toEqual(applicantsBefore);

    // The case file shows each case's own contact; search finds a case by it once the index is rebuilt.
    const clerk = store.orm.select().from(t.users).all().find((u) => u.id === clerkId)!;
    const ctx = { store, actor: actorFor(clerk) };
    expect(getCaseFile(ctx, 'c-2').contact).toEqual({ name: '林小明', idNumber: expect.stringMatching(/^\d{3}\*+[\dX]{4}$/), phone: '139****2345' });
    rebuildSearchDocs(store);
    expect(searchAll(ctx, { q: '林小明', limit: 10 }).cases.map((c) => c.id).sort()).toEqual(['c-1', 'c-2']);
    expect(verifyAuditChain(store.db).ok).toBe(true);
    store.close();
  });
});
