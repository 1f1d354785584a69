// Reading POST /sync/pull/stream: NDJSON lines parsed one by one as the bytes arrive (gzip is
// undone by fetch), each checked with its protocol schema. Memory stays at one network chunk and
// one line, however many rows the stream carries.
import { changeSchema, NDJSON_TYPE, streamEndSchema, streamTotalSchema } from '../../shared/sync/protocol.js';
import type { Change, PullStreamRequest, StreamEnd } from '../../shared/sync/protocol.js';
import http from 'node:http';
import https from 'node:https';
import type { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { BAD_REPLY, parseJsonText, replyError, SyncHttpError } from './reply.js';
import { versionHeaders } from '../../shared/sync/versions.js';
import type { ClientVersions } from '../../shared/sync/versions.js';

export type StreamEvent =
  | { kind: 'total'; rows: number }
  /** `bytes`: the line's length as it came over the wire (before gzip is undone: after). */
  | { kind: 'row'; change: Change; bytes: number }
  | { kind: 'end'; end: StreamEnd };

export interface StreamTarget {
  serverUrl: string;
  deviceToken: string;
  versions?: ClientVersions;
  timeoutMs?: number;
  /** Ask for gzip (default): the rows shrink ~6×, which a township's slow uplink feels most. */
  compress?: boolean;
}

const MAX_LINE_BYTES = 2 << 20;

function parseLine(line: string): StreamEvent {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    throw new SyncHttpError(200, 'bad_reply', `${BAD_REPLY}（同步数据流中有一行不是 JSON）`);
  }
  if (json && typeof json === 'object') {
    if ('end' in json) {
      const e = streamEndSchema.safeParse(json);
      if (e.success) return { kind: 'end', end: e.data.end };
    } else if ('total' in json) {
      const t = streamTotalSchema.safeParse(json);
      if (t.success) return { kind: 'total', rows: t.data.total };
    } else {
      const c = changeSchema.safeParse(json);
      if (c.success) return { kind: 'row', change: c.data, bytes: 0 };
    }
  }
  throw new SyncHttpError(200, 'bad_reply', `${BAD_REPLY}（同步数据流中有一行不符合协议）`);
}

/**
 * The stream's events (`onSent`: called once the request has been handed to the OS, or has
 * failed). Ends after the end line; a stream that stops without one (a cut link, a server that
 * failed half-way) throws SyncHttpError 'cut' after the rows that did arrive whole.
 */
export async function* pullStreamEvents(target: StreamTarget, body: PullStreamRequest, onSent?: () => void): AsyncGenerator<StreamEvent> {
  const controller = new AbortController();
  // No overall timeout (a city's first pull takes minutes): a stream that is silent this long is dead.
  const idleMs = target.timeoutMs ?? 60_000;
  let idle = setTimeout(() => controller.abort(), idleMs);
  const touch = () => {
    clearTimeout(idle);
    idle = setTimeout(() => controller.abort(), idleMs);
  };
  let res: http.IncomingMessage;
  try {
    res = await streamRequest(target, body, controller.signal, onSent);
  } catch (e) {
    clearTimeout(idle);
    onSent?.();
    throw new SyncHttpError(0, 'offline', `无法连接同步服务器：${(e as Error).message}`);
  }
  try {
    // node:http and zlib straight, not fetch: its web streams cost ~2 s of a 180,000-row pull.
    const rows: Readable = res.headers['content-encoding'] === 'gzip' ? res.pipe(zlib.createGunzip({ chunkSize: 256 * 1024 })) : res;
    res.on('error', (e) => rows.destroy(e));
    const status = res.statusCode ?? 0;
    if (status < 200 || status >= 300) {
      const err = replyError(status, parseJsonText(await readAll(rows).catch(() => '')), `同步服务器返回错误 ${status}`);
      throw new SyncHttpError(status, err.code, err.message);
    }
    if (!(res.headers['content-type'] ?? '').startsWith(NDJSON_TYPE)) {
      res.destroy();
      throw new SyncHttpError(status, 'bad_reply', `${BAD_REPLY}（/sync/pull/stream），本次未写入任何数据，请联系管理员检查同步服务器`);
    }
    // Lines are cut from the bytes (a newline byte never occurs inside a UTF-8 character), so each
    // line is decoded once and its size is known without measuring the string.
    let rest: Buffer | null = null;
    let ended = false;
    try {
      for await (const received of rows as AsyncIterable<Buffer>) {
        touch();
        if (ended) continue;
        const chunk: Buffer = rest ? Buffer.concat([rest, received]) : received;
        let from = 0;
        for (let nl = chunk.indexOf(10); nl !== -1; nl = chunk.indexOf(10, from)) {
          const start = from;
          from = nl + 1;
          if (nl === start) continue;
          const ev = parseLine(chunk.toString('utf8', start, nl));
          if (ev.kind === 'row') ev.bytes = nl + 1 - start;
          yield ev;
          if (ev.kind === 'end') ended = true;
        }
        rest = from < chunk.length ? chunk.subarray(from) : null;
        // A row is at most 256 KB (entities.ts): a "line" far longer is a server gone wrong.
        if (rest && rest.length > MAX_LINE_BYTES) throw new SyncHttpError(200, 'bad_reply', `${BAD_REPLY}（同步数据流中有一行过长）`);
      }
    } catch (e) {
      if (e instanceof SyncHttpError) throw e;
      throw new SyncHttpError(0, 'cut', `与同步服务器的连接中断：${(e as Error).message}`);
    }
    if (!ended) throw new SyncHttpError(0, 'cut', '与同步服务器的连接中断：数据流不完整');
  } finally {
    clearTimeout(idle);
    controller.abort();
  }
}

function streamRequest(target: StreamTarget, body: PullStreamRequest, signal: AbortSignal, onSent?: () => void): Promise<http.IncomingMessage> {
  const url = new URL('/sync/pull/stream', target.serverUrl);
  const payload = Buffer.from(JSON.stringify(body));
  const headers = {
    'content-type': 'application/json',
    'content-length': String(payload.length),
    accept: NDJSON_TYPE,
    'accept-encoding': target.compress === false ? 'identity' : 'gzip',
    authorization: `Bearer ${target.deviceToken}`,
    ...versionHeaders(target.versions),
  };
  return new Promise((resolve, reject) => {
    const req = (url.protocol === 'https:' ? https : http).request(url, { method: 'POST', headers, signal }, resolve);
    req.on('error', reject);
    req.end(payload, onSent);
  });
}

/** An error reply's body: its first 64 KB are all a {error, code} needs. */
async function readAll(res: Readable): Promise<string> {
  const parts: Buffer[] = [];
  let n = 0;
  for await (const c of res as AsyncIterable<Buffer>) {
    parts.push(c);
    n += c.length;
    if (n > 64 * 1024) break;
  }
  return Buffer.concat(parts).toString('utf8');
}
