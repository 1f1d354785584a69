// The compiled fast test of pulled rows (src/shared/sync/fast-check.ts) agrees with zod: for every
// synced entity, a valid row built from its schema and hundreds of damaged ones (each field missing,
// null, of another type, one past its bounds, a nested object with a stray key …) get the same
// verdict from both. A "valid" zod would refuse would let a malformed row into the store.
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { compileFastCheck } from '../../../src/shared/sync/fast-check';
import { SYNCED_ENTITIES, checkPulledRow, hasFastPulledCheck, pulledRowSchema } from '../../../src/shared/sync/entities';

interface Def { type: string; checks?: Array<{ _zod: { def: Record<string, unknown> } }>; innerType?: z.ZodType; element?: z.ZodType; shape?: Record<string, z.ZodType>; items?: z.ZodType[] }
const defOf = (s: z.ZodType) => (s as unknown as { _zod: { def: Def } })._zod.def;
const checks = (s: z.ZodType) => (defOf(s).checks ?? []).map((c) => c._zod.def);
const bound = (s: z.ZodType, check: string, key: string) => checks(s).find((c) => c.check === check)?.[key] as number | undefined;

/** Strings that satisfy the formats the entity schemas use. */
const CANDIDATES = ['2026-03-02T02:00:00.000Z', '2026', 'a'.repeat(64), '代办帮办', 'x'];

/** A value the schema accepts (the optional and nullable ones filled in, so their fields are tested too). */
function sample(s: z.ZodType): unknown {
  const d = defOf(s);
  switch (d.type) {
    case 'string': {
      const found = CANDIDATES.find((c) => s.safeParse(c).success);
      if (found === undefined) throw new Error('no sample string for a schema');
      return found;
    }
    case 'number': {
      const lo = bound(s, 'greater_than', 'value') ?? 0;
      return Math.max(lo, 0) + (checks(s).some((c) => c.format === 'safeint') ? 1 : 1.5) > (bound(s, 'less_than', 'value') ?? Infinity) ? lo : Math.max(lo, 0) + 1;
    }
    case 'boolean': return true;
    case 'unknown': return { any: ['thing'] };
    case 'optional': case 'nullable': return sample(d.innerType!);
    case 'array': return [sample(d.element!)];
    case 'tuple': return d.items!.map(sample);
    case 'object': return Object.fromEntries(Object.entries(d.shape!).map(([k, v]) => [k, sample(v)]));
    default: throw new Error(`no sample for ${d.type}`);
  }
}

/** Damaged versions of a value, with the path they were made at. */
function* damage(s: z.ZodType, v: unknown): Generator<unknown> {
  const d = defOf(s);
  for (const bad of [undefined, null, 0, -1, 1.5, 2 ** 60, Number.NaN, Infinity, '', 'x', '2026-13', true, [], {}, 'a'.repeat(65)]) yield bad;
  const inner = d.type === 'optional' || d.type === 'nullable' ? defOf(d.innerType!) : d;
  const base = d.type === 'optional' || d.type === 'nullable' ? d.innerType! : s;
  const max = bound(base, 'max_length', 'maximum');
  if (inner.type === 'string' && max !== undefined) yield 'x'.repeat(max + 1);
  const hi = bound(base, 'less_than', 'value');
  const lo = bound(base, 'greater_than', 'value');
  if (inner.type === 'number' && hi !== undefined) yield hi + 1;
  if (inner.type === 'number' && lo !== undefined) yield lo - 1;
  if (inner.type === 'array' && Array.isArray(v)) {
    const el = inner.element!;
    for (const bad of damage(el, v[0])) yield [v[0], bad];
    if (max !== undefined) yield Array.from({ length: max + 1 }, () => v[0]);
  }
  if (inner.type === 'object' && v && typeof v === 'object') {
    yield { ...v, strayKey: 1 };
    for (const [k, f] of Object.entries(inner.shape!)) {
      const { [k]: _drop, ...without } = v as Record<string, unknown>;
      yield without;
      for (const bad of damage(f, (v as Record<string, unknown>)[k])) yield { ...v, [k]: bad };
    }
  }
}

describe('the fast test of pulled rows', () => {
  for (const entity of SYNCED_ENTITIES) {
    it(`${entity}: is compiled, and agrees with zod on a good row and every damaged one`, () => {
      const schema = pulledRowSchema(entity) as unknown as z.ZodType;
      expect(hasFastPulledCheck(entity)).toBe(true);
      const fast = compileFastCheck(schema)!;
      const good = sample(schema);
      expect(schema.safeParse(good).success).toBe(true);
      expect(fast(good)).toBe(true);
      let refused = 0;
      let n = 0;
      for (const row of damage(schema, good)) {
        const zodSays = schema.safeParse(row).success;
        expect(fast(row), `${entity}: ${JSON.stringify(row)?.slice(0, 300)}`).toBe(zodSays);
        // What the app calls gives zod's verdict either way (and zod's message when refused).
        expect(checkPulledRow(entity, row).ok).toBe(zodSays);
        if (!zodSays) refused++;
        n++;
      }
      expect(n).toBeGreaterThan(50);
      expect(refused).toBeGreaterThan(n / 3);
    });
  }

  it('refuses to compile what it does not know, so those rows always go to zod', async () => {
    const { z } = await import('zod');
    expect(compileFastCheck(z.string().email())).toBeNull();
    expect(compileFastCheck(z.object({ a: z.string().refine((s) => s.length > 2) }))).toBeNull();
    expect(compileFastCheck(z.object({ a: z.string() }).catchall(z.number()))).toBeNull();
    expect(compileFastCheck(z.object({ a: z.string().max(3) }))?.({ a: 'abcd' })).toBe(false);
  });
});
