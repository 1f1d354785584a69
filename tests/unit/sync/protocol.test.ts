// Pure rules shared by desktop and server: versions, cursors, intent field shapes, checksum arithmetic.
import { describe, expect, it } from 'vitest';
import crypto from 'node:crypto';
import { checkClientVersions, compareAppVersions, parseVersionHeaders, versionHeaders } from '../../../src/shared/sync/versions';
import { decodeCursor, encodeCursor, opSchema, pullRequestSchema } from '../../../src/shared/sync/protocol';
import { isControlledField, jsonEqual, normalizeIntentFields } from '../../../src/shared/sync/rules';
import { addRowHash, checksumInput, CHECKSUM_MODULUS, formatChecksumHash, rowHashFromMd5Hex } from '../../../src/shared/sync/checksum';
import { OrgTree } from '../../../src/server/context';

describe('versions', () => {
  it('compares dotted app versions numerically', () => {
    expect(compareAppVersions('0.10.0', '0.9.9')).toBeGreaterThan(0);
    expect(compareAppVersions('1.0.0', '1.0.0')).toBe(0);
    expect(compareAppVersions('0.1.0', '0.1.1')).toBeLessThan(0);
  });

  it('accepts the current and previous schema, asks older clients to upgrade, and round-trips headers', () => {
    const policy = { protocol: 2, minProtocol: 2, schema: 5, minApp: '1.2.0' };
    expect(checkClientVersions({ protocol: 2, schema: 5, app: '1.2.0' }, policy)).toEqual({ ok: true });
    expect(checkClientVersions({ protocol: 2, schema: 4, app: '1.3.0' }, policy)).toEqual({ ok: true });
    const old = checkClientVersions({ protocol: 2, schema: 3, app: '1.3.0' }, policy);
    expect(old).toMatchObject({ ok: false, status: 426 });
    expect(checkClientVersions({ protocol: 1, schema: 5, app: '1.3.0' }, policy)).toMatchObject({ status: 426 });
    expect(checkClientVersions({ protocol: 2, schema: 5, app: '1.1.9' }, policy)).toMatchObject({ status: 426 });
    expect(checkClientVersions({ protocol: 3, schema: 5, app: '1.3.0' }, policy)).toMatchObject({ status: 409 });
    expect(checkClientVersions(null, policy)).toMatchObject({ status: 400 });
    expect(parseVersionHeaders(versionHeaders({ protocol: 2, schema: 4, app: '1.2.3' }))).toEqual({ protocol: 2, schema: 4, app: '1.2.3' });
    expect(parseVersionHeaders({ 'x-daiban-protocol': 'x' })).toBeNull();
  });
});

describe('protocol shapes', () => {
  it('cursors are opaque strings of the server sequence', () => {
    expect(decodeCursor(encodeCursor(42))).toBe(42);
    expect(decodeCursor(null)).toBe(0);
    expect(decodeCursor('42')).toBeNull();
    expect(decodeCursor('s-1')).toBeNull();
  });

  it('parses outbox-shaped ops and refuses malformed ones', () => {
    const base = { clientSeq: 1, opId: 'o1', entity: 'cases', entityId: 'c1', userId: 'u1', orgUnitId: 'g1' };
    expect(opSchema.safeParse({ ...base, kind: 'patch', payload: { subject: { base: 'a', value: 'b' } } }).success).toBe(true);
    expect(opSchema.safeParse({ ...base, kind: 'patch', payload: {} }).success).toBe(false);
    expect(opSchema.safeParse({ ...base, kind: 'intent', intent: 'case.accept', payload: { args: {}, fields: {} } }).success).toBe(true);
    expect(opSchema.safeParse({ ...base, kind: 'delete', payload: {} }).success).toBe(false);
    expect(opSchema.safeParse({ ...base, entity: 'DROP TABLE', kind: 'insert', payload: {} }).success).toBe(false);
    expect(pullRequestSchema.parse({})).toMatchObject({ cursor: null, limit: 1000, checksums: false });
    expect(pullRequestSchema.safeParse({ limit: 10_000 }).success).toBe(false);
  });

  it('reads intent fields in both the {base, value} and the plain shape', () => {
    expect(normalizeIntentFields({ status: { base: 'a', value: 'b' } })).toEqual({ status: { base: 'a', value: 'b', hasBase: true } });
    expect(normalizeIntentFields({ status: 'b', note: { x: 1 } })).toEqual({ status: { base: null, value: 'b', hasBase: false }, note: { base: null, value: { x: 1 }, hasBase: false } });
  });

  it('treats null and missing alike and compares JSON structurally', () => {
    expect(jsonEqual(null, undefined)).toBe(true);
    expect(jsonEqual({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })).toBe(true);
    expect(jsonEqual({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(isControlledField('cases', 'status')).toBe(true);
    expect(isControlledField('cases', 'subject')).toBe(false);
  });
});

describe('checksums', () => {
  it('are order independent and match a sum computed another way', () => {
    const rows = Array.from({ length: 50 }, (_, i) => ['cases', `id-${i}`, i * 7 + 1] as const);
    const h = (r: readonly [string, string, number]) => rowHashFromMd5Hex(crypto.createHash('md5').update(checksumInput(...r)).digest('hex'));
    const forward = rows.reduce((acc, r) => addRowHash(acc, h(r)), 0);
    const backward = [...rows].reverse().reduce((acc, r) => addRowHash(acc, h(r)), 0);
    expect(forward).toBe(backward);
    const big = rows.reduce((acc, r) => acc + BigInt(h(r)), 0n) % BigInt(CHECKSUM_MODULUS);
    expect(BigInt(forward)).toBe(big);
    expect(formatChecksumHash(forward)).toMatch(/^[0-9a-f]{12}$/);
  });
});

describe('org tree scope', () => {
  it('finds subtrees and containment and survives cycles', () => {
    const t = new OrgTree();
    (t as unknown as { parents: Map<string, string | null>; children: Map<string, string[]>; loaded: boolean }).parents = new Map([
      ['city', null], ['county', 'city'], ['a', 'county'], ['b', 'county'], ['x', 'y'], ['y', 'x'],
    ]);
    (t as unknown as { children: Map<string, string[]> }).children = new Map([['city', ['county']], ['county', ['a', 'b']], ['x', ['y']], ['y', ['x']]]);
    expect(t.subtree('county').sort()).toEqual(['a', 'b', 'county']);
    expect(t.contains('city', 'a')).toBe(true);
    expect(t.contains('a', 'b')).toBe(false);
    expect(t.contains('city', 'x')).toBe(false);
    expect(t.subtree('x').sort()).toEqual(['x', 'y']);
    expect(t.subtree('nowhere')).toEqual([]);
  });
});
