// The wire schemas of synced rows (src/shared/sync/entities.ts): held to the desktop's drizzle tables
// (same fields; NOT NULL without a default = required; nullable = may be null), and what they refuse.
import { getTableColumns } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { describe, expect, it } from 'vitest';
import * as t from '../../../src/main/db/schema';
import {
  MAX_ROW_BYTES, SYNCED_ENTITIES, checkEntityFields, checkEntityRow, checkPulledRow, entityFieldSchema, isSyncedEntity, jsonBytes,
} from '../../../src/shared/sync/entities';
import type { SyncedEntityName } from '../../../src/shared/sync/entities';
import { applicantRow, desktopCaseRow, planItemRow, progressRow } from '../../integration/sync/desktop-fixtures';

const ORG = '01950000-aaaa-7000-8000-000000000001';
const tables: Record<SyncedEntityName, object> = { ...t.SCHEMA_TABLES, calendarYears: t.calendarYears };

describe('entity schemas follow the desktop tables', () => {
  it('cover every synced table, and only those', () => {
    expect([...SYNCED_ENTITIES].sort()).toEqual(Object.keys(tables).sort());
    expect(isSyncedEntity('outbox')).toBe(false);
    expect(isSyncedEntity('auditEvents')).toBe(false);
    expect(isSyncedEntity('toString')).toBe(false);
  });

  for (const entity of SYNCED_ENTITIES) {
    it(`${entity}: same fields, required where the column is NOT NULL without a default`, () => {
      const cols = getTableColumns(tables[entity] as never) as Record<string, SQLiteColumn>;
      // Calendar years are keyed by year on the desktop; on the wire they carry the centre's id, may be
      // tombstoned like every record, and the desktop's own insert leaves updatedAt to the store.
      const wireOnly = entity === 'calendarYears' ? ['id', 'deletedAt'] : [];
      const relaxed = entity === 'calendarYears' ? ['updatedAt'] : [];
      for (const [key, col] of Object.entries(cols)) {
        const s = entityFieldSchema(entity, key);
        expect(s, `${entity}.${key}`).toBeDefined();
        const optional = s!.safeParse(undefined).success;
        const nullable = s!.safeParse(null).success;
        expect(optional, `${entity}.${key} optional`).toBe(!col.primary && (!col.notNull || col.hasDefault || relaxed.includes(key)));
        expect(nullable, `${entity}.${key} nullable`).toBe(!col.primary && !col.notNull);
      }
      const extra = ['id', 'createdAt', 'updatedAt', 'deletedAt', ...wireOnly];
      for (const key of extra) if (!(key in cols) && !wireOnly.includes(key)) expect(entityFieldSchema(entity, key), `${entity}.${key}`).toBeUndefined();
    });
  }
});

describe('what a row must be', () => {
  const good = { applicants: applicantRow(ORG), cases: desktopCaseRow(ORG, ORG), planItems: planItemRow(ORG, 1), progressEntries: progressRow(ORG, ORG, '电话联系') };

  it('accepts rows as the desktop store writes them', () => {
    for (const [entity, row] of Object.entries(good)) expect(checkEntityRow(entity as SyncedEntityName, row), entity).toMatchObject({ ok: true });
  });

  it('refuses wrong types, missing required fields, unknown fields and oversized values, in Chinese, naming the field', () => {
    const c = good.cases;
    const wrongType = checkEntityRow('cases', { ...c, subject: 42 });
    expect(wrongType).toEqual({ ok: false, message: '字段“subject”：应为文字' });
    const { subject: _s, ...noSubject } = c;
    expect(checkEntityRow('cases', noSubject)).toEqual({ ok: false, message: '缺少字段“subject”' });
    expect(checkEntityRow('cases', { ...c, evil: true })).toEqual({ ok: false, message: '不认识的字段“evil”' });
    expect(checkEntityRow('cases', { ...c, subject: '长'.repeat(501) })).toEqual({ ok: false, message: '字段“subject”：过长（最多 500 个字符）' });
    expect(checkEntityRow('cases', { ...c, acceptedDate: '明天' })).toEqual({ ok: false, message: '字段“acceptedDate”：日期格式不正确' });
    expect(checkEntityRow('cases', { ...c, applicantId: null })).toMatchObject({ ok: false, message: '字段“applicantId”：应为文字' });
    expect(checkEntityRow('attachments', { ...good.progressEntries, sha256: '../etc/passwd' })).toMatchObject({ ok: false });
    expect(checkEntityRow('users', { id: 'u', username: 'x', roles: 'admin' })).toMatchObject({ ok: false });
  });

  it('caps a row as a whole, before looking at its fields (a 10 MB string)', () => {
    const huge = checkEntityRow('progressEntries', { ...good.progressEntries, text: 'x'.repeat(10 * 1024 * 1024) });
    expect(huge.ok).toBe(false);
    expect((huge as { message: string }).message).toMatch(/^记录过大（\d+ KB，最多 256 KB）$/);
    // Within the cap, each field keeps its own bound.
    expect(checkEntityRow('progressEntries', { ...good.progressEntries, text: '进'.repeat(20_001) })).toMatchObject({ ok: false, message: '字段“text”：过长（最多 20000 个字符）' });
    expect(jsonBytes({ a: '进' })).toBe(JSON.stringify({ a: '' }).length + 3);
    expect(jsonBytes('😀')).toBe(6);
    expect(MAX_ROW_BYTES).toBe(256 * 1024);
  });

  it('checks changed fields one by one against the same field schemas', () => {
    expect(checkEntityFields('cases', { subject: '新标题', agentId: null })).toMatchObject({ ok: true });
    expect(checkEntityFields('cases', { subject: null })).toMatchObject({ ok: false, message: '字段“subject”：应为文字' });
    expect(checkEntityFields('cases', { role: 'admin' })).toEqual({ ok: false, message: '不认识的字段“role”' });
    expect(checkEntityFields('cases', { subject: undefined })).toEqual({ ok: false, message: '字段“subject”缺少修改后的值' });
    expect(checkEntityFields('progressEntries', { hours: 'many' })).toMatchObject({ ok: false });
  });

  it('a pulled row may carry fields this desktop does not store, but not bad values of those it does', () => {
    expect(checkPulledRow('cases', { ...good.cases, addedByANewerServer: 1 })).toMatchObject({ ok: true });
    expect(checkPulledRow('cases', { ...good.cases, status: 7 })).toEqual({ ok: false, message: '字段“status”：应为文字' });
  });
});
