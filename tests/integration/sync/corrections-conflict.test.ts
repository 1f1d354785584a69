// Corrections between two desktops of one office, against the real server: a case's contact travels
// as row fields; USCC and ID numbers are controlled fields, so two different corrections of the
// same one raise a conflict (the server keeps the first), while a phone is last-writer-wins.
import { describe, expect, it } from 'vitest';
import type { Store } from '../../../src/main/db/store';
import { login } from '../../../src/main/features/auth/service';
import { findCaseByNo, getCaseFile } from '../../../src/main/features/cases/service';
import { correctApplicant, correctContact } from '../../../src/main/features/corrections/service';
import { registerCase } from '../../../src/main/features/intake/service';
import { searchAll } from '../../../src/main/features/search/service';
import { intakeSchema } from '../../../src/shared/api/cases';
import { correctionsContract } from '../../../src/shared/api/corrections';
import { makeResidentId, makeUscc, mulberry32 } from '../../../src/shared/domain/synthetic-ids';
import { PASSWORD } from './harness';
import { useHarness, useStoreDesktops } from './store-desktops';

const h = useHarness();
const desktop = useStoreDesktops(h);
const rng = mulberry32(606);
const ctxOf = (store: Store) => ({ store, actor: login(store, 'clerkA', PASSWORD).actor });

describe('corrections synced between two desktops', () => {
  it('a pulled case carries its own contact; concurrent corrections of the USCC and the contact’s ID conflict, the phone is last-writer-wins', async () => {
    const A = await desktop(h().org.townA);
    const A2 = await desktop(h().org.townA);
    const contactId = makeResidentId(rng, { regionCode: '350102' });
    const uscc = makeUscc(rng, '350102');
    const { caseId, caseNo } = registerCase(ctxOf(A.store), intakeSchema.parse({
      channel: 'counter', mode: 'help', helpKind: 'assist', summary: '协助办理施工许可',
      applicant: { kind: 'enterprise', name: '福州闽江仓储有限公司', uscc, legalRepresentative: '陈建国' },
      contact: { name: '林小明', idNumber: contactId, phone: '13905912345' },
    }));
    await A.sync();
    await A2.sync();
    // The case row with the contact columns applied on the other desktop, and is found by its contact.
    expect(findCaseByNo(A2.store, caseNo)).toMatchObject({ contactName: '林小明', contactResidentId: contactId, contactPhone: '13905912345' });
    expect(searchAll(ctxOf(A2.store), { q: '林小明', limit: 10 }).cases.map((c) => c.id)).toEqual([caseId]);

    // Both windows correct the same record offline, differently.
    const [usccA, usccA2] = [makeUscc(rng, '350102'), makeUscc(rng, '350102')];
    const [idA, idA2] = [makeResidentId(rng, { regionCode: '350103' }), makeResidentId(rng, { regionCode: '350104' })];
    const parse = <N extends keyof typeof correctionsContract>(n: N, v: unknown) => correctionsContract[n].input.parse(v) as never;
    correctApplicant(ctxOf(A.store), parse('applicant.correct', { caseId, uscc: usccA }));
    correctContact(ctxOf(A.store), parse('case.correctContact', { caseId, idNumber: idA, phone: '13905910001' }));
    correctApplicant(ctxOf(A2.store), parse('applicant.correct', { caseId, uscc: usccA2 }));
    correctContact(ctxOf(A2.store), parse('case.correctContact', { caseId, idNumber: idA2, phone: '13905910002' }));

    const first = await A.sync();
    expect(first.pushed.conflicts ?? 0).toBe(0);
    const second = await A2.sync();
    expect(second.pushed.conflicts).toBe(2);
    const conflicts = A2.store.db.prepare('SELECT entity, field, local_value AS localValue, server_value AS serverValue, status FROM conflicts ORDER BY entity').all()
      .map((c) => ({ ...(c as Record<string, unknown>), localValue: JSON.parse(String((c as { localValue: string }).localValue)), serverValue: JSON.parse(String((c as { serverValue: string }).serverValue)) }));
    expect(conflicts).toEqual([
      { entity: 'applicants', field: 'uscc', localValue: usccA2, serverValue: usccA, status: 'open' },
      { entity: 'cases', field: 'contactResidentId', localValue: idA2, serverValue: idA, status: 'open' },
    ]);
    await A.sync();
    // Both desktops end on the server's values: the first correction of each number, the last phone.
    for (const D of [A, A2]) {
      const file = getCaseFile(ctxOf(D.store), caseId);
      expect(file.applicant.uscc).toBe(usccA);
      const c = findCaseByNo(D.store, caseNo)!;
      expect(c.contactResidentId).toBe(idA);
      expect(c.contactPhone).toBe('13905910002');
    }
  });
});
