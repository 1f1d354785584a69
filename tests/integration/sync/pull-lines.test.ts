// The stream's lines built by the database (changeText, one text value per chunk) say exactly what
// the per-row lines (changeLines) say, for text that JSON must escape; a chunk holding a users row
// is handed back to the per-row rules.
import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '../../../src/server/store/db';
import { changeLines, changesAfter, changeText, scopeCondition } from '../../../src/server/sync/pull';
import { versionHeaders } from '../../../src/shared/sync/versions';
import { applicantRow } from './desktop-fixtures';
import { enrollDevice } from './harness';
import { useHarness } from './store-desktops';

const h = useHarness();

const TRICKY = ['引号"与\\反斜杠', '换行\n制表\t回车\r', '控制\u0001\u001f字符', '表情😀与\u2028分隔', '</script><b>&amp;', '闽A·12345 “中文引号”'];

describe('stream lines built by the database', () => {
  it('parse to the same rows as the per-row lines, and a users row takes the per-row way', async () => {
    const db = h().server.store.db;
    const before = Number((await rows<{ s: string }>(db, sql`SELECT coalesce(max(server_seq), 0)::text AS s FROM records`))[0]?.s);
    const dev = await enrollDevice(h(), h().org.townA);
    const ops = TRICKY.map((text, i) => {
      // Names refuse control characters; the address takes the text as typed.
      const name = `测试企业${i}${[...text].filter((c) => c >= ' ').join('')}`;
      const ap: Record<string, unknown> = { ...applicantRow(h().org.townA, name), legalRepresentative: '李四', address: text };
      return { clientSeq: i + 1, opId: `tricky-${i}`, kind: 'insert', entity: 'applicants', entityId: ap.id as string, payload: ap, userId: h().org.users.clerkA, orgUnitId: h().org.townA };
    });
    const res = await fetch(new URL('/sync/push', h().url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${dev.deviceToken}`, ...versionHeaders() },
      body: JSON.stringify({ ops }),
    });
    expect(res.status).toBe(200);
    const subtree = [h().org.townA];
    const scope = scopeCondition(subtree);
    await db.transaction(async (tx) => {
      const chunk = await changeText(tx, scope, before, 1000);
      const perRow = await changeLines(tx, await changesAfter(tx, scope, before, 1000), subtree);
      expect(chunk.special).toBe(false);
      expect(chunk.n).toBe(perRow.length);
      expect(chunk.n).toBeGreaterThanOrEqual(TRICKY.length);
      const lines = (chunk.text ?? '').split('\n');
      expect(lines.map((l) => JSON.parse(l) as unknown)).toEqual(perRow.map((l) => JSON.parse(l) as unknown));
      const addresses = lines.map((l) => (JSON.parse(l) as { data: { address?: string } }).data.address);
      for (const text of TRICKY) expect(addresses).toContain(text);
      expect(chunk.last).toBe(Math.max(...perRow.map((l) => (JSON.parse(l) as { serverSeq: number }).serverSeq)));

      // From the start the scope holds the office's users: their rows are cut per row, so no text.
      const first = await changeText(tx, scope, 0, 1000);
      expect(first.special).toBe(true);
      expect(first.text).toBeNull();
      expect(first.n).toBe((await changesAfter(tx, scope, 0, 1000)).length);
    });
  });
});
