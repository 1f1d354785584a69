// Which version of a catalogue item is in force on a date, and what each version changed.
import { describe, expect, it } from 'vitest';
import { catalogFieldsSchema } from '../../../src/shared/domain/catalog-fields';
import { baseFields, fieldsOn, versionHistory, type CatalogBaseRow, type CatalogVersionRecord } from '../../../src/shared/domain/catalog-versions';

const row: CatalogBaseRow = {
  name: '建设工程规划许可证核发', department: '自然资源和规划局', level: 'county', stage: 2,
  statutoryLimitValue: 20, statutoryLimitUnit: 'workdays', promisedLimitValue: 10, promisedLimitUnit: 'workdays',
  materials: [{ name: '建设工程规划许可申请表', originals: 1, copies: 0 }], fee: '不收费', proxyAllowed: true, online: true,
};
const v = (id: string, effectiveFrom: string, createdAt: string, promised: number, extra: Partial<CatalogVersionRecord> = {}): CatalogVersionRecord => ({
  id, catalogItemId: 'item', effectiveFrom, createdAt, authorId: 'u1', note: '', fields: { ...baseFields(row), promisedLimitValue: promised }, ...extra,
});

describe('catalogue versions', () => {
  // Saved out of date order, as admins do; one day with two changes; one tombstoned.
  const versions = [
    v('c', '2026-09-01', '2026-07-01T02:00:00Z', 5),
    v('a', '2026-03-01', '2026-02-01T02:00:00Z', 8),
    v('b', '2026-09-01', '2026-08-15T02:00:00Z', 6),
    v('d', '2026-06-01', '2026-05-01T02:00:00Z', 1, { deletedAt: '2026-05-02T00:00:00Z' }),
  ];

  it('gives the fields in force on a date: the row before any version, then the latest version up to that day', () => {
    expect(fieldsOn(row, versions, '2026-02-28')).toMatchObject({ versionId: null, fields: { promisedLimitValue: 10, instant: false, basis: '' } });
    expect(fieldsOn(row, versions, '2026-03-01')).toMatchObject({ versionId: 'a', effectiveFrom: '2026-03-01', fields: { promisedLimitValue: 8 } });
    // the tombstoned June version never applies
    expect(fieldsOn(row, versions, '2026-06-15').versionId).toBe('a');
    // two versions for one day: the one saved later wins
    expect(fieldsOn(row, versions, '2026-09-01').versionId).toBe('b');
    expect(fieldsOn(row, [...versions].reverse(), '2027-01-01').fields.promisedLimitValue).toBe(6);
  });

  it('lists every version in date order with what it changed against the one before', () => {
    const h = versionHistory(row, versions);
    expect(h.map((e) => e.versionId)).toEqual(['a', 'c', 'b']);
    expect(h.map((e) => e.changes)).toEqual([
      [{ field: 'promisedLimitValue', label: '承诺时限', before: 10, after: 8 }],
      [{ field: 'promisedLimitValue', label: '承诺时限', before: 8, after: 5 }],
      [{ field: 'promisedLimitValue', label: '承诺时限', before: 5, after: 6 }],
    ]);
  });

  it('refuses, in Chinese, a limit written as words, a promise beyond the statutory limit, and half a statutory limit', () => {
    const f = baseFields(row);
    const issues = (over: Record<string, unknown>) => {
      const r = catalogFieldsSchema.safeParse({ ...f, ...over });
      return r.success ? [] : r.error.issues.map((i) => i.message);
    };
    expect(issues({})).toEqual([]);
    expect(issues({ promisedLimitValue: '十天' })[0]).toMatch(/承诺时限应为.*整数.*十天/);
    expect(issues({ promisedLimitValue: 30 })).toEqual(['承诺时限不能长于法定时限']);
    expect(issues({ statutoryLimitUnit: null })).toEqual(['法定时限和它的单位应同时填写或同时留空']);
    expect(issues({ level: 'province' })[0]).toMatch(/实施层级/);
  });
});
