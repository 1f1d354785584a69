// The centre's answers, read with their schemas (src/shared/sync/protocol.ts) before anything uses
// them: a reply that does not parse becomes one clear Chinese error — never a crash deep inside a
// round, and never a half-understood reply written into the store.
import type { z } from 'zod';
import { errorBodySchema } from '../../shared/sync/protocol.js';

export const BAD_REPLY = '服务器返回的数据格式不正确';

/** The body as JSON; undefined when it is not JSON at all. */
export async function replyJson(res: Response): Promise<unknown> {
  return parseJsonText(await res.text().catch(() => ''));
}

/** Text as JSON; undefined when it is not JSON at all. */
export function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** A 2xx reply's body, or null when it is not what `schema` says (the caller raises BAD_REPLY). */
export function parseReply<T>(schema: z.ZodType<T>, body: unknown): T | null {
  const r = schema.safeParse(body);
  return r.success ? r.data : null;
}

/** An error reply's code and message: the server's `{error, code}`, or the fallbacks when it sent something else. */
export function replyError(status: number, body: unknown, fallback: string, fallbackCode = String(status)): { code: string; message: string } {
  const r = errorBodySchema.safeParse(body);
  return r.success ? { code: r.data.code, message: r.data.error.slice(0, 500) } : { code: fallbackCode, message: fallback };
}

/** A sync request that failed: status 0 when the server was not reached or the link was cut. */
export class SyncHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}
