import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { rowHash } from '../../../src/main/sync/apply.js';
import { checksumInput, rowHashFromMd5Hex } from '../../../src/shared/sync/checksum.js';

describe('desktop row hash', () => {
  it('is the first 48 bits of md5("entity:id:seq"), as PostgreSQL computes it', () => {
    const cases: Array<[string, string, number]> = [
      ['cases', '01950000-0000-7000-8000-000000000001', 1],
      ['planItems', '01950000-0001-7000-8000-00000000ffff', 987_654_321],
      ['progressEntries', 'ffffffff-ffff-7fff-bfff-ffffffffffff', 2 ** 40],
      ['申请人', 'x', 0],
    ];
    for (const [entity, id, seq] of cases) {
      const hex = crypto.createHash('md5').update(checksumInput(entity, id, seq)).digest('hex');
      expect(rowHash(entity, id, seq)).toBe(rowHashFromMd5Hex(hex));
      expect(rowHash(entity, id, seq)).toBe(Number.parseInt(hex.slice(0, 12), 16));
    }
    // a digest whose first byte is high still gives an exact (< 2^48) integer
    let high = 0;
    for (let i = 0; i < 2000; i++) {
      const h = rowHash('cases', `id-${i}`, i);
      expect(h).toBeLessThan(2 ** 48);
      if (h >= 2 ** 47) high++;
    }
    expect(high).toBeGreaterThan(0);
  });
});
