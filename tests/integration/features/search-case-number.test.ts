// Header search by a whole case number: the case itself, through the number's unique index, and
// still only for someone who may see it; a partial number still searches the text.
import { describe, expect, it } from 'vitest';
import { searchAll } from '../../../src/main/features/search/service.js';
import { searchIndex } from '../../../src/main/features/context.js';
import { makeWorld, registerProxyCase } from '../../helpers/fixtures.js';
import { useTempDirs } from '../../helpers/temp-dir.js';

const tempDir = useTempDirs();

describe('search by case number', () => {
  it('finds exactly the case for its whole number, typed in any case or width; parts still search the text', () => {
    const w = makeWorld(tempDir());
    const ids = Array.from({ length: 12 }, () => registerProxyCase(w).caseId);
    const numbers = w.store.db.prepare('SELECT id, case_no AS caseNo FROM cases').all() as Array<{ id: string; caseNo: string }>;
    const target = numbers.find((n) => n.id === ids[4])!;
    const fullWidth = target.caseNo.replace(/[0-9-]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0));
    for (const q of [target.caseNo, ` ${target.caseNo} `, fullWidth]) {
      const r = searchAll(w.ctx('clerk'), { q, limit: 8 });
      expect(r.cases.map((c) => c.id), q).toEqual([target.id]);
    }
    // The fast path answers only with an existing number; the number's tail is an ordinary text search.
    const tail = target.caseNo.slice(-5);
    const partial = searchIndex(w.store).search(tail).map((h) => h.refId);
    expect(partial).toContain(target.id);
    const unknown = target.caseNo.replace(/\d{5}$/, '99999');
    expect(searchAll(w.ctx('clerk'), { q: unknown, limit: 8 }).cases).toEqual([]);
  });

  it('does not show a case found by its number to someone outside its office', () => {
    const w = makeWorld(tempDir());
    const id = registerProxyCase(w).caseId;
    const caseNo = w.store.db.prepare('SELECT case_no FROM cases WHERE id = ?').pluck().get(id) as string;
    expect(searchAll(w.ctx('clerk'), { q: caseNo, limit: 8 }).cases.map((c) => c.id)).toEqual([id]);
    expect(searchAll(w.ctx('otherClerk'), { q: caseNo, limit: 8 }).cases).toEqual([]);
  });
});
