// POST /sync/pull: pages of changes after a cursor, in server sequence order, limited to what the
// device's office subtree may see (its own data, cases transferred/joined to it, all reference data).
// The last page carries per-entity checksums computed in the same snapshot as the page.
import { sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import type { Ctx } from '../context';
import { HttpError } from '../errors';
import { rows } from '../store/db';
import type { DeviceRow } from '../auth/devices';
import { decodeCursor, encodeCursor } from '../../shared/sync/protocol';
import type { PullResponse, ScopeChecksum } from '../../shared/sync/protocol';
import { CHECKSUM_MODULUS, formatChecksumHash } from '../../shared/sync/checksum';
import { SCOPE_EXIT_ENTITY } from '../../shared/sync/rules';
import { usersRowFor } from './credentials';

export function scopeCondition(subtree: string[]): SQL {
  const list = sql.join(subtree.map((o) => sql`${o}`), sql`, `);
  // Case rows carry their case's owner office in org_unit_id, and the owner is always in the case's
  // scope, so the cheap owner test comes first; the scope table is consulted only for transferred cases.
  return sql`(r.is_ref
    OR r.org_unit_id IN (${list})
    OR (r.case_id IS NOT NULL AND r.case_id IN (SELECT cs.case_id FROM case_scope cs WHERE cs.org_unit_id IN (${list})))
    OR (r.case_id IS NULL AND EXISTS (SELECT 1 FROM record_shares s WHERE s.entity = r.entity AND s.record_id = r.id AND s.org_unit_id IN (${list}))))`;
}

export interface ChangeRow {
  entity: string;
  id: string;
  org_unit_id: string | null;
  case_id: string | null;
  deleted: boolean;
  /** jsonb as text: passed through to the response without parsing and re-serialising. */
  data: string;
  server_seq: string | number;
}

/** A pull answer whose changes are kept as ready-made JSON text (large pages cost no parse/stringify). */
export interface RawPull {
  changesJson: string[];
  lastSeq: number | null;
  meta: Omit<PullResponse, 'changes'>;
}

export function serializePull(p: RawPull): string {
  return `{"changes":[${p.changesJson.join(',')}],${JSON.stringify(p.meta).slice(1)}`;
}

export function parsePull(p: RawPull): PullResponse {
  return JSON.parse(serializePull(p)) as PullResponse;
}

/** What every pull checks before reading: a well-formed cursor, the device's office, a cursor the server knows. */
export async function pullStart(ctx: Ctx, device: DeviceRow, cursor: string | null): Promise<{ after: number; subtree: string[] }> {
  const after = decodeCursor(cursor);
  if (after === null) throw new HttpError(400, 'bad_cursor', '同步游标格式不正确');
  await ctx.orgTree.ensure(ctx.store);
  const subtree = ctx.orgTree.subtree(device.orgUnitId);
  if (!subtree.length) throw new HttpError(403, 'device_office_gone', '本终端所属机构已不存在，请联系管理员');
  // A cursor past everything this server ever committed: the server was restored from a backup
  // (or the desktop talks to another server). The desktop must start over.
  if (after > (await ctx.watermark.fresh(ctx.store)) && after > (await ctx.watermark.fresh(ctx.store, 0))) {
    throw new HttpError(409, 'cursor_ahead', '本机同步进度超前于服务器（服务器可能已从备份恢复），需要重新完整同步');
  }
  return { after, subtree };
}

type Tx = Parameters<typeof rows>[0];

/** Up to `limit` rows in scope after `after`, in server order (one more is asked, to tell hasMore). */
export async function changesAfter(tx: Tx, scope: SQL, after: number, limit: number, entityCond: SQL = sql``): Promise<ChangeRow[]> {
  return rows<ChangeRow>(
    tx,
    sql`SELECT r.entity, r.id, r.org_unit_id, r.case_id, r.deleted, r.data::text AS data, r.server_seq FROM records r
        WHERE r.server_seq > ${after}${entityCond} AND ${scope}
        ORDER BY r.server_seq LIMIT ${limit}`,
  );
}

/**
 * The next `limit` rows in scope as the stream's lines, built by the database in one text value:
 * on a city's first pull the server then handles one string per chunk instead of a row object and
 * a line per row (the same JSON as changeLines writes). A chunk holding a users row or a scope exit
 * (rare: those need the per-row rules of changeLines) comes back as `special`, without text.
 */
export async function changeText(tx: Tx, scope: SQL, after: number, limit: number): Promise<{ n: number; last: number; special: boolean; text: string | null }> {
  const found = await rows<{ n: number; last: string | null; special: boolean | null; text: string | null }>(
    tx,
    sql`SELECT count(*)::int AS n, max(c.server_seq)::text AS last, bool_or(c.entity IN ('users', ${SCOPE_EXIT_ENTITY})) AS special,
          CASE WHEN bool_or(c.entity IN ('users', ${SCOPE_EXIT_ENTITY})) THEN NULL ELSE
          string_agg('{"entity":' || to_json(c.entity)::text || ',"id":' || to_json(c.id)::text || ',"serverSeq":' || c.server_seq::text
            || ',"orgUnitId":' || coalesce(to_json(c.org_unit_id)::text, 'null') || ',"caseId":' || coalesce(to_json(c.case_id)::text, 'null')
            || ',"deleted":' || CASE WHEN c.deleted THEN 'true' ELSE 'false' END || ',"data":' || c.data::text || '}', E'\n' ORDER BY c.server_seq) END AS text
        FROM (SELECT r.entity, r.id, r.org_unit_id, r.case_id, r.deleted, r.data, r.server_seq FROM records r
          WHERE r.server_seq > ${after} AND ${scope} ORDER BY r.server_seq LIMIT ${limit}) c`,
  );
  const f = found[0];
  return { n: Number(f?.n ?? 0), last: Number(f?.last ?? after), special: Boolean(f?.special), text: f?.text ?? null };
}

/** The rows as the desktop receives them: JSON text, the users row cut to what the office may see. */
export async function changeLines(tx: Tx, page: ChangeRow[], subtree: string[]): Promise<string[]> {
  const visible = await withoutVisibleExits(tx, page, subtree);
  const q = JSON.stringify;
  const mine = new Set(subtree);
  return visible.map((r) => {
    const data = r.entity === 'users' ? usersRowFor(r.data, r.org_unit_id !== null && mine.has(r.org_unit_id)) : r.data;
    return `{"entity":${q(r.entity)},"id":${q(r.id)},"serverSeq":${Number(r.server_seq)},"orgUnitId":${q(r.org_unit_id)},"caseId":${q(r.case_id)},"deleted":${r.deleted ? 'true' : 'false'},"data":${data}}`;
  });
}

/** The cursor after the last page: nothing more in scope up to everything committed in this snapshot. */
export async function finalCursor(tx: Tx, after: number, lastSeq: number | null): Promise<number> {
  const wm = await rows<{ last_seq: string | number }>(tx, sql`SELECT last_seq FROM sync_state WHERE id = 1`);
  return Math.max(after, Number(wm[0]?.last_seq ?? 0), lastSeq ?? 0);
}

export async function pullPage(ctx: Ctx, device: DeviceRow, req: { cursor: string | null; limit: number; checksums: boolean; entities?: string[] | undefined; ids?: string[] | undefined }): Promise<RawPull> {
  const { after, subtree } = await pullStart(ctx, device, req.cursor);
  // An empty poll: nothing committed after the cursor, so no transaction is needed.
  if (!req.checksums && !req.entities?.length && after >= (await ctx.watermark.fresh(ctx.store))) {
    return { changesJson: [], lastSeq: null, meta: { cursor: encodeCursor(after), hasMore: false, serverTime: ctx.clock().toISOString() } };
  }
  const scope = scopeCondition(subtree);
  const idCond = req.ids?.length ? sql` AND r.id IN (${sql.join(req.ids.map((i) => sql`${i}`), sql`, `)})` : sql``;
  const entityCond = req.entities?.length ? sql` AND r.entity IN (${sql.join(req.entities.map((e) => sql`${e}`), sql`, `)})${idCond}` : sql``;

  return ctx.store.db.transaction(
    async (tx) => {
      const found = await changesAfter(tx, scope, after, req.limit + 1, entityCond);
      const hasMore = found.length > req.limit;
      const changesJson = await changeLines(tx, hasMore ? found.slice(0, req.limit) : found, subtree);
      const lastSeq = found.length ? Number(found[Math.min(found.length, req.limit) - 1]?.server_seq) : null;
      const cursor = hasMore ? (lastSeq ?? after) : await finalCursor(tx, after, lastSeq);
      const meta: RawPull['meta'] = { cursor: encodeCursor(cursor), hasMore, serverTime: ctx.clock().toISOString() };
      if (!hasMore && req.checksums) meta.checksums = await checksums(tx, scope, cursor, entityCond);
      return { changesJson, lastSeq, meta };
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
}

/**
 * A scope exit reaches the leaving office's whole subtree by its org_unit_id, but a parent office
 * may still see the case (as its owner): there the exit is dropped. Exits are rare, so this costs
 * one small query on the pages that hold any, and nothing per row elsewhere.
 */
async function withoutVisibleExits(tx: Tx, page: ChangeRow[], subtree: string[]): Promise<ChangeRow[]> {
  const exits = page.filter((r) => r.entity === SCOPE_EXIT_ENTITY && !r.deleted);
  if (!exits.length) return page;
  const caseOf = (r: ChangeRow) => (JSON.parse(r.data) as { caseId?: string }).caseId ?? '';
  const list = sql.join(subtree.map((o) => sql`${o}`), sql`, `);
  const ids = sql.join(exits.map((r) => sql`${caseOf(r)}`), sql`, `);
  const visible = new Set(
    (await rows<{ id: string }>(tx, sql`SELECT c.id FROM records c WHERE c.entity = 'cases' AND c.id IN (${ids})
        AND (c.org_unit_id IN (${list}) OR c.id IN (SELECT cs.case_id FROM case_scope cs WHERE cs.org_unit_id IN (${list})))`)).map((r) => r.id),
  );
  return page.filter((r) => r.entity !== SCOPE_EXIT_ENTITY || r.deleted || !visible.has(caseOf(r)));
}

export async function checksums(tx: Tx, scope: SQL, upTo: number, entityCond: SQL): Promise<Record<string, ScopeChecksum>> {
  const sums = await rows<{ entity: string; n: number; h: string }>(
    tx,
    sql`SELECT r.entity, count(*)::int AS n,
          (coalesce(sum(('x' || substr(md5(r.entity || ':' || r.id || ':' || r.server_seq::text), 1, 12))::bit(48)::bigint), 0) % ${CHECKSUM_MODULUS}::numeric)::text AS h
        FROM records r WHERE r.server_seq <= ${upTo}${entityCond} AND r.entity <> ${SCOPE_EXIT_ENTITY} AND ${scope} GROUP BY r.entity`,
  );
  const out: Record<string, ScopeChecksum> = {};
  for (const s of sums) out[s.entity] = { count: s.n, hash: formatChecksumHash(Number(s.h)) };
  return out;
}
