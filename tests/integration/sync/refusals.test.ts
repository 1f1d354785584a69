// A refused op never leaves this desktop out of step with the server: a refused new record the
// server never had is removed locally, a refused edit is put back to the server's copy; what the
// clerk typed stays in the outbox row (shown on the 同步 page).
import { describe, expect, it } from 'vitest';
import * as t from '../../../src/main/db/schema';
import type { Store } from '../../../src/main/db/store';
import { login } from '../../../src/main/features/auth/service';
import { closeCase } from '../../../src/main/features/cases/service';
import { registerCase } from '../../../src/main/features/intake/service';
import { addProgress } from '../../../src/main/features/progress/service';
import { sendTransfer } from '../../../src/main/features/transfers/service';
import { intakeSchema } from '../../../src/shared/api/cases';
import { makeResidentId, mulberry32 } from '../../../src/shared/domain/synthetic-ids';
import { PASSWORD } from './harness';
import { useHarness, useStoreDesktops } from './store-desktops';

const h = useHarness();
const rng = mulberry32(21);
const desktop = useStoreDesktops(h);

const actorOf = (s: Store) => login(s, 'clerkA', PASSWORD).actor;
const one = (s: Store, sql: string, ...args: unknown[]) => s.db.prepare(sql).get(...args) as Record<string, unknown> | undefined;

describe('after a refusal', () => {
  it('a refused new record is removed here, a refused edit goes back to the server copy, and the outbox keeps what was typed', async () => {
    const A1 = await desktop(h().org.townA);
    const A2 = await desktop(h().org.townA);
    const { caseId } = registerCase({ store: A1.store, actor: actorOf(A1.store) }, intakeSchema.parse({
      channel: 'counter', mode: 'help', helpKind: 'assist', summary: '协助办理道路运输许可',
      applicant: { kind: 'person', name: '陈美玲', idNumber: makeResidentId(rng, { regionCode: '350102' }), contactName: '陈美玲', contactPhone: '13905910021' },
    }));
    const note = addProgress({ store: A1.store, actor: actorOf(A1.store) }, { caseId, kind: 'phone', text: '已电话告知所需材料', hours: 0.5 } as never);
    await A1.sync();
    await A2.sync();

    // A1 closes the case; A2, offline, transfers it and (through a raw write) moves an append-only note
    // to another author — not one of the fields a correction may change.
    closeCase({ store: A1.store, actor: actorOf(A1.store) }, { caseId, outcome: 'withdrawn', reason: '申请人撤回申请' });
    await A1.sync();
    const tr = sendTransfer({ store: A2.store, actor: actorOf(A2.store) }, { caseId, toOrgUnitId: h().org.townB, kind: 'down', reason: '属地办理' } as never);
    A2.store.write({ actor: actorOf(A2.store), action: 'progress.edit', entity: 'cases', entityId: caseId }, (tx) => tx.patch(t.progressEntries, note.id, { authorId: 'author-typed-here' }));
    expect(one(A2.store, 'SELECT author_id FROM progress_entries WHERE id = ?', note.id)?.author_id).toBe('author-typed-here');

    const r = await A2.sync({ allowRejections: true });
    expect(r.rejections.map((x) => x.entity).sort()).toEqual(['progressEntries', 'transfers']);
    expect(r.restored).toBe(2);
    expect(r.checksumsVerified).toBe(true);
    expect(one(A2.store, 'SELECT id FROM transfers WHERE id = ?', tr.id)).toBeUndefined();
    expect(one(A2.store, 'SELECT author_id FROM progress_entries WHERE id = ?', note.id)?.author_id).toBe(actorOf(A1.store).userId);
    expect(one(A2.store, 'SELECT status FROM cases WHERE id = ?', caseId)?.status).toBe('withdrawn');
    // Nothing typed is lost: both refused ops keep their payloads, with the Chinese reason.
    const kept = A2.store.db.prepare("SELECT entity, payload, push_error FROM outbox WHERE push_status = 'rejected' ORDER BY seq").all() as Array<{ entity: string; payload: string; push_error: string }>;
    expect(kept.map((k) => k.entity)).toEqual(['transfers', 'progressEntries']);
    expect(kept[0]?.payload).toContain('属地办理');
    expect(kept[1]?.payload).toContain('author-typed-here');
    for (const k of kept) expect(k.push_error).toMatch(/[\u4e00-\u9fff]/);
  });
});
