// A fast "valid" for rows a zod schema accepts, compiled once from that same schema, so the rules
// stay where they are written (entities.ts). A first pull checks 900,000 rows: zod's general path
// costs several microseconds a row, plain type and bound tests well under one. The compiled test
// only ever says "valid"; a row it cannot prove valid goes to zod, which names the problem in
// Chinese. A schema part it does not know (a refinement, a transform, another format) makes the
// whole schema uncompilable: then every row goes to zod (tests/unit/sync/fast-check.test.ts holds
// each synced entity to being compiled, and to agreeing with zod).
import type { z } from 'zod';

export type FastCheck = (value: unknown) => boolean;

interface Def {
  type: string;
  checks?: Array<{ _zod: { def: CheckDef } }>;
  innerType?: z.ZodType;
  element?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  catchall?: z.ZodType;
  items?: z.ZodType[];
  rest?: z.ZodType | null;
}

interface CheckDef {
  check: string;
  format?: string;
  pattern?: RegExp;
  maximum?: number;
  minimum?: number;
  value?: number;
  inclusive?: boolean;
}

const defOf = (s: z.ZodType) => (s as unknown as { _zod: { def: Def } })._zod.def;

class Unsupported extends Error {}

/** The compiled test, or null when the schema holds a part this compiler does not know. */
export function compileFastCheck(schema: z.ZodType): FastCheck | null {
  try {
    return compile(schema);
  } catch (e) {
    if (e instanceof Unsupported) return null;
    throw e;
  }
}

function lengthBounds(checks: CheckDef[]): { min: number; max: number; rest: CheckDef[] } {
  let min = 0;
  let max = Infinity;
  const rest: CheckDef[] = [];
  for (const c of checks) {
    if (c.check === 'max_length' && typeof c.maximum === 'number') max = Math.min(max, c.maximum);
    else if (c.check === 'min_length' && typeof c.minimum === 'number') min = Math.max(min, c.minimum);
    else rest.push(c);
  }
  return { min, max, rest };
}

/** The checks of a schema part (a kind other than those handled below, e.g. a refinement: Unsupported). */
function checksOf(def: Def): CheckDef[] {
  return (def.checks ?? []).map((c) => c._zod.def);
}

function compile(schema: z.ZodType): FastCheck {
  const def = defOf(schema);
  switch (def.type) {
    case 'string': {
      const { min, max, rest } = lengthBounds(checksOf(def));
      const patterns = rest.map((c) => {
        if (c.check !== 'string_format' || c.format !== 'regex' || !(c.pattern instanceof RegExp) || c.pattern.global || c.pattern.sticky) throw new Unsupported();
        return c.pattern;
      });
      return (v) => typeof v === 'string' && v.length <= max && v.length >= min && patterns.every((p) => p.test(v));
    }
    case 'number': {
      let int = false;
      let lo = -Infinity;
      let hi = Infinity;
      let loIn = true;
      let hiIn = true;
      for (const c of checksOf(def)) {
        if (c.check === 'number_format' && c.format === 'safeint') int = true;
        else if (c.check === 'greater_than' && typeof c.value === 'number') [lo, loIn] = [c.value, c.inclusive === true];
        else if (c.check === 'less_than' && typeof c.value === 'number') [hi, hiIn] = [c.value, c.inclusive === true];
        else throw new Unsupported();
      }
      return (v) => typeof v === 'number' && Number.isFinite(v) && (!int || Number.isSafeInteger(v)) && (loIn ? v >= lo : v > lo) && (hiIn ? v <= hi : v < hi);
    }
    case 'boolean':
      if (checksOf(def).length) throw new Unsupported();
      return (v) => typeof v === 'boolean';
    case 'unknown':
    case 'any':
      return () => true;
    case 'optional': {
      const inner = compile(def.innerType as z.ZodType);
      return (v) => v === undefined || inner(v);
    }
    case 'nullable': {
      const inner = compile(def.innerType as z.ZodType);
      return (v) => v === null || inner(v);
    }
    case 'array': {
      const { min, max, rest } = lengthBounds(checksOf(def));
      if (rest.length) throw new Unsupported();
      const item = compile(def.element as z.ZodType);
      return (v) => Array.isArray(v) && v.length <= max && v.length >= min && v.every(item);
    }
    case 'tuple': {
      if (def.rest || checksOf(def).length) throw new Unsupported();
      const items = (def.items ?? []).map(compile);
      return (v) => Array.isArray(v) && v.length === items.length && items.every((f, i) => f(v[i]));
    }
    case 'object': {
      if (checksOf(def).length) throw new Unsupported();
      // No catchall: unknown keys are dropped; `never`: refused (a strict object).
      const strict = def.catchall !== undefined && defOf(def.catchall).type === 'never';
      if (def.catchall !== undefined && !strict) throw new Unsupported();
      // A key may be left out only where zod says so (optional); z.unknown() is a required key.
      const fields = Object.entries(def.shape ?? {}).map(([k, s]) => [k, compile(s), (s as unknown as { _zod: { optin?: string } })._zod.optin === 'optional'] as const);
      const known = new Set(fields.map(([k]) => k));
      return (v) => {
        if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
        const o = v as Record<string, unknown>;
        for (const [k, f, mayLack] of fields) {
          if (o[k] === undefined && !mayLack && !Object.hasOwn(o, k)) return false;
          if (!f(o[k])) return false;
        }
        if (strict) for (const k of Object.keys(o)) if (!known.has(k)) return false;
        return true;
      };
    }
    default:
      throw new Unsupported();
  }
}
