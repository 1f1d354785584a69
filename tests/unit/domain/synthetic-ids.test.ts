import { describe, expect, it } from 'vitest';
import {
  makeEnterpriseName,
  makeLandline,
  makeMobile,
  makePersonName,
  makeProjectCode,
  makeResidentId,
  makeUscc,
  mulberry32,
  pick,
  randInt,
  RARE_NAME_CHARS,
  seedFrom,
  weightedPick,
} from '../../../src/shared/domain/synthetic-ids.js';
import {
  orgCodeCheckChar,
  residentIdInfo,
  validatePhone,
  validateProjectCode,
  validateResidentId,
  validateUscc,
} from '../../../src/shared/domain/validators.js';

const FUZHOU = ['350102', '350103', '350104', '350105', '350111', '350112', '350121', '350122', '350123', '350124', '350125', '350128', '350181'];

describe('seeded PRNG', () => {
  it('is deterministic and in [0, 1)', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(mulberry32(43)()).not.toBe(xs[0]);
    expect(seedFrom('demo')).toBe(seedFrom('demo'));
    expect(seedFrom('demo')).not.toBe(seedFrom('demo2'));
  });

  it('spreads values evenly enough', () => {
    const rng = mulberry32(7);
    const buckets = new Array(10).fill(0) as number[];
    for (let i = 0; i < 100_000; i++) buckets[Math.floor(rng() * 10)]!++;
    for (const b of buckets) expect(Math.abs(b - 10_000)).toBeLessThan(500);
    const r2 = mulberry32(1);
    for (let i = 0; i < 1000; i++) {
      const n = randInt(r2, 3, 5);
      expect(n >= 3 && n <= 5).toBe(true);
    }
    expect(() => pick(r2, [])).toThrow();
    const counts = { a: 0, b: 0 };
    for (let i = 0; i < 10_000; i++) counts[weightedPick(r2, [['a', 9], ['b', 1]] as const)]++;
    expect(counts.a).toBeGreaterThan(8500);
  });
});

describe('synthetic identities', () => {
  it('10,000 resident IDs all validate and encode the requested birth date and sex', () => {
    const rng = mulberry32(2026);
    const seen = new Set<string>();
    for (let i = 0; i < 10_000; i++) {
      const regionCode = pick(rng, FUZHOU);
      const id = makeResidentId(rng, { regionCode });
      const r = validateResidentId(id, { today: '2026-11-22' });
      if (!r.ok) throw new Error(`${id}: ${r.error}`);
      expect(id.startsWith(regionCode)).toBe(true);
      seen.add(id);
    }
    expect(seen.size).toBeGreaterThan(9_990);
    const id = makeResidentId(rng, { regionCode: '350102', birthDate: '1988-02-29', sex: 'female' });
    expect(residentIdInfo(id)).toEqual({ regionCode: '350102', birthDate: '1988-02-29', sex: 'female' });
    expect(residentIdInfo(makeResidentId(rng, { regionCode: '350102', sex: 'male' }))?.sex).toBe('male');
    expect(() => makeResidentId(rng, { regionCode: '3501' })).toThrow('6位数字');
    expect(() => makeResidentId(rng, { regionCode: '350102', birthDate: '1990-02-30' })).toThrow();
  });

  it('10,000 USCCs all validate, with a valid organisation-code check too', () => {
    const rng = mulberry32(99);
    for (let i = 0; i < 10_000; i++) {
      const spec = pick(rng, [{}, { type: '2' }, { authority: '1', type: '2' }, { authority: '5', type: '1' }, { authority: '9', type: '3' }]);
      const code = makeUscc(rng, pick(rng, FUZHOU), spec);
      const r = validateUscc(code);
      if (!r.ok) throw new Error(`${code}: ${r.error}`);
      expect(orgCodeCheckChar(code.slice(8, 16))).toBe(code[16]);
    }
  });

  it('is deterministic for a seed', () => {
    const run = (seed: number) => {
      const rng = mulberry32(seed);
      return [makeResidentId(rng, { regionCode: '350102' }), makeUscc(rng, '350102'), makePersonName(rng), makeEnterpriseName(rng), makeMobile(rng)];
    };
    expect(run(5)).toEqual(run(5));
    expect(run(5)).not.toEqual(run(6));
  });

  it('names: Chinese, 2–4 characters, a small share with rare characters', () => {
    const rng = mulberry32(3);
    let rare = 0;
    for (let i = 0; i < 10_000; i++) {
      const name = makePersonName(rng);
      const cps = [...name];
      expect(cps.length).toBeGreaterThanOrEqual(2);
      expect(cps.length).toBeLessThanOrEqual(4);
      expect(/^\p{Script=Han}+$/u.test(name)).toBe(true);
      if (cps.some((c) => (RARE_NAME_CHARS as readonly string[]).includes(c))) rare++;
    }
    expect(rare).toBeGreaterThan(100);
    expect(rare).toBeLessThan(400);
    const allRare = makePersonName(mulberry32(1), { rareShare: 1 });
    expect([...allRare].some((c) => (RARE_NAME_CHARS as readonly string[]).includes(c))).toBe(true);
  });

  it('enterprise names look like Fuzhou companies', () => {
    const rng = mulberry32(11);
    for (let i = 0; i < 500; i++) {
      expect(makeEnterpriseName(rng)).toMatch(/^(福州|福建|福清市).*(有限公司|有限责任公司)$/);
    }
    expect(makeEnterpriseName(rng, { place: '福州市鼓楼区' })).toMatch(/^福州市鼓楼区/);
  });

  it('phones and project codes validate', () => {
    const rng = mulberry32(12);
    for (let i = 0; i < 2000; i++) {
      const m = makeMobile(rng);
      expect(validatePhone(m)).toEqual({ ok: true, value: m });
      const l = makeLandline(rng);
      expect(validatePhone(l)).toEqual({ ok: true, value: l });
      const p = makeProjectCode(rng, { year: 2020 + (i % 7), regionCode: pick(rng, FUZHOU) });
      expect(validateProjectCode(p, { today: '2026-11-22' })).toEqual({ ok: true, value: p });
    }
  });
});
