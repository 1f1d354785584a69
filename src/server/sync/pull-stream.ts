// POST /sync/pull/stream: a pull as NDJSON. The rows are read in chunks inside one read-only
// snapshot and written as they are read, with backpressure: the server never holds more than a
// chunk and the socket's buffer, however large the scope (a city's 900,000 rows), and the desktop
// writes rows while the next ones are still being read. See pullStreamRequestSchema for the lines.
import { PassThrough } from 'node:stream';
import type { Readable } from 'node:stream';
import { sql } from 'drizzle-orm';
import type { Ctx } from '../context';
import type { DeviceRow } from '../auth/devices';
import { rows } from '../store/db';
import { encodeCursor } from '../../shared/sync/protocol';
import type { PullStreamRequest, StreamEnd } from '../../shared/sync/protocol';
import { changeLines, changesAfter, changeText, checksums, finalCursor, pullStart, scopeCondition } from './pull';

/** Rows read per query: large enough that the per-query cost vanishes, small enough to hold. */
const CHUNK_ROWS = 2_000;

/** Waits until the stream takes more, or throws once the desktop has gone (the snapshot is let go). */
function drained(out: PassThrough): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = () => {
      out.off('drain', done);
      out.off('close', done);
      if (out.destroyed) reject(new Error('pull stream closed by the client'));
      else resolve();
    };
    out.on('drain', done);
    out.on('close', done);
  });
}

/**
 * Checks the request (a bad cursor, a gone office, a cursor ahead of the server are HTTP errors,
 * before any line), then returns the stream. A failure later cuts the stream: no end line.
 */
export async function pullStream(ctx: Ctx, device: DeviceRow, req: Required<PullStreamRequest>): Promise<Readable | string> {
  const { after, subtree } = await pullStart(ctx, device, req.cursor);
  const scope = scopeCondition(subtree);
  // An empty poll (the desktops' usual round): nothing committed after the cursor, no snapshot needed.
  if (!req.checksums && !req.total && after >= (await ctx.watermark.fresh(ctx.store))) {
    const end: StreamEnd = { cursor: encodeCursor(after), hasMore: false, serverTime: ctx.clock().toISOString() };
    // A string, not a stream: small enough to go out as it is, without gzip.
    return `${JSON.stringify({ end })}\n`;
  }
  // Up to 8 MB read ahead: the server goes on reading while the desktop commits a batch.
  const out = new PassThrough({ highWaterMark: 8 << 20 });
  const write = async (text: string) => {
    if (out.destroyed) throw new Error('pull stream closed by the client');
    if (!out.write(text)) await drained(out);
  };
  const count = async (q: Parameters<typeof rows>[0]) => {
    const n = await rows<{ n: number }>(q, sql`SELECT count(*)::int AS n FROM records r WHERE r.server_seq > ${after} AND ${scope}`);
    return `{"total":${Number(n[0]?.n ?? 0)}}\n`;
  };
  // On PostgreSQL the count (a second or two for a city) runs on another connection beside the
  // stream, so the first rows do not wait for it; it is written between two chunks once known.
  // PGlite has one connection: there it comes first, inside the stream's snapshot.
  const aside = req.total && ctx.store.kind === 'postgres';
  let totalLine: string | null = null;
  const counted = aside ? count(ctx.store.db).then((line) => (totalLine = line), () => null) : null;
  /** The count's line once, when known (`wait`: at the end, for a stream shorter than the count). */
  const writeTotal = async (wait: boolean) => {
    if (wait && counted) await counted;
    const line = totalLine;
    totalLine = null;
    if (line) await write(line);
  };
  void ctx.store.db
    .transaction(
      async (tx) => {
        if (req.total && !aside) await write(await count(tx));
        let last = after;
        let sent = 0;
        let hasMore = false;
        for (;;) {
          const want = Math.min(CHUNK_ROWS, req.limit - sent);
          const chunk = await changeText(tx, scope, last, want);
          if (chunk.n) {
            const text = chunk.special ? (await changeLines(tx, await changesAfter(tx, scope, last, want), subtree)).join('\n') : chunk.text;
            if (text) await write(`${text}\n`);
            await writeTotal(false);
            last = chunk.last;
            sent += chunk.n;
          }
          if (chunk.n < want) break;
          if (sent >= req.limit) {
            hasMore = (await changesAfter(tx, scope, last, 1)).length > 0;
            break;
          }
        }
        // A short stream may end before the count: it still says how many rows there were.
        await writeTotal(true);
        const cursor = hasMore ? last : await finalCursor(tx, after, sent ? last : null);
        const end: StreamEnd = { cursor: encodeCursor(cursor), hasMore, serverTime: ctx.clock().toISOString() };
        if (!hasMore && req.checksums) end.checksums = await checksums(tx, scope, cursor, sql``);
        await write(`${JSON.stringify({ end })}\n`);
      },
      { isolationLevel: 'repeatable read', accessMode: 'read only' },
    )
    .then(
      () => out.end(),
      (e: unknown) => out.destroy(e instanceof Error ? e : new Error(String(e))),
    );
  return out;
}
