// The contract machinery: one map of request name → { input schema, output type }. Who may call
// each name is the permission policy's (src/shared/policy), keyed by the same names.
// Feature files (auth.ts, cases.ts, …) export their entries through `defineContract`; index.ts
// merges them into the one `contract` that the handler registry, the preload and the client use.
import type { z } from 'zod';

export interface Endpoint<I extends z.ZodType = z.ZodType, O = unknown> {
  readonly input: I;
  /** Phantom: carries the output type only; its runtime value is never read. */
  readonly output: O;
  /** One line in English for the reader; the UI never shows it. */
  readonly doc?: string;
}

export type ContractMap = Record<string, Endpoint>;

/** The output marker: `output: out<CaseFileDto>()`. */
export function out<T>(): T {
  return undefined as unknown as T;
}

/** Identity with a precise type: keeps the literal names and schemas of a feature's entries. */
export function defineContract<const C extends ContractMap>(entries: C): C {
  return entries;
}

/** Merges feature contracts; a name defined twice throws (at module load, i.e. at start-up). */
export function mergeContracts<const Parts extends readonly ContractMap[]>(...parts: Parts): UnionToIntersection<Parts[number]> {
  const merged: Record<string, Endpoint> = {};
  for (const part of parts) {
    for (const [name, entry] of Object.entries(part)) {
      if (Object.prototype.hasOwnProperty.call(merged, name)) throw new Error(`Contract entry "${name}" is defined twice`);
      merged[name] = entry;
    }
  }
  return merged as UnionToIntersection<Parts[number]>;
}

type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;

export type InputOf<E> = E extends Endpoint<infer I, unknown> ? z.input<I> : never;
export type ParsedInputOf<E> = E extends Endpoint<infer I, unknown> ? z.output<I> : never;
export type OutputOf<E> = E extends Endpoint<z.ZodType, infer O> ? O : never;

