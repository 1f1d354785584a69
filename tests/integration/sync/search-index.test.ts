// Pulled rows are searchable: a fresh desktop builds its search index once after its first pull,
// later pulls update it batch by batch, and a load whose index phase a crash cut short is finished
// next round.
import { describe, expect, it } from 'vitest';
import type { Store } from '../../../src/main/db/store';
import { SearchIndex } from '../../../src/main/db/search';
import { login } from '../../../src/main/features/auth/service';
import { registerCase } from '../../../src/main/features/intake/service';
import { intakeSchema } from '../../../src/shared/api/cases';
import { makeResidentId, mulberry32 } from '../../../src/shared/domain/synthetic-ids';
import { PASSWORD } from './harness';
import { useHarness, useStoreDesktops } from './store-desktops';

const h = useHarness();
const rng = mulberry32(11);
const desktop = useStoreDesktops(h, { pageSize: 20 });

function register(store: Store, name: string) {
  const { actor } = login(store, 'clerkA', PASSWORD);
  return registerCase({ store, actor }, intakeSchema.parse({
    channel: 'counter', mode: 'help', helpKind: 'assist', summary: '协助办理个体工商户登记',
    applicant: { kind: 'person', name, idNumber: makeResidentId(rng, { regionCode: '350102' }), contactName: name, contactPhone: '13905910009' },
  }));
}

const found = (s: Store, q: string) => new SearchIndex(s.db).search(q).map((x) => x.refId);
const bulkLoad = (s: Store) => s.db.prepare("SELECT value FROM settings WHERE key = 'sync.bulkLoad'").pluck().get();

describe('search over pulled rows', () => {
  it('is built once after a fresh pull, kept in step afterwards, and finished after a crash', async () => {
    const A = await desktop(h().org.townA);
    await A.sync();
    const cases = ['欧阳明辉', '司马晓晴', '诸葛文亮'].map((n) => register(A.store, n));
    for (let i = 0; i < 30; i++) register(A.store, `测试申请人${i}`);
    await A.sync();

    const C = await desktop(h().org.townA, { firstRound: false });
    const first = await C.sync();
    expect(first.pages).toBeGreaterThan(2); // several streams, one rebuild
    expect(bulkLoad(C.store)).toBe('null'); // the bulk load ended
    expect(found(C.store, '司马晓晴')).toContain(cases[1]?.caseId);
    expect(found(C.store, '欧阳')).toContain(cases[0]?.caseId); // two characters: the pair index
    expect(found(C.store, cases[2]?.caseNo ?? '')).toContain(cases[2]?.caseId);

    const later = register(A.store, '上官婉儿');
    await A.sync();
    await C.sync();
    expect(found(C.store, '上官婉儿')).toContain(later.caseId);

    // Killed in the load's index phase, before the search index was built: the state survives.
    C.store.db.prepare("UPDATE settings SET value = ? WHERE key = 'sync.bulkLoad'").run(JSON.stringify({ phase: 'index', indexes: [], startedAt: new Date().toISOString() }));
    C.store.db.exec('DELETE FROM search_docs');
    expect(found(C.store, '诸葛文亮')).toEqual([]);
    await C.sync();
    expect(found(C.store, '诸葛文亮')).toContain(cases[2]?.caseId);
    expect(found(C.store, '上官')).toContain(later.caseId);
    expect(bulkLoad(C.store)).toBe('null');
  });
});
