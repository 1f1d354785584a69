// The handler registry. Features register handlers against the contract; a name registered twice
// or unknown to the contract fails at start-up. `dispatch` parses the input with the entry's zod
// schema, checks the session and role against the permission policy, runs the handler and maps
// any error to an ApiError.
import type { ZodType } from 'zod';
import { contract } from '../../shared/api/index';
import type { ApiName, ApiOutput, ApiParsedInput } from '../../shared/api/index';
import { refusalOf, useCaseVerdict, type UseCase } from '../../shared/policy/index';
import type { ApiResult } from '../../shared/api/errors';
import type { SessionUser } from '../../shared/api/dto';
import { parseOrError } from '../../shared/domain/validators';
import { HandlerError, toApiError } from './errors';
import type { ErrorLog } from './errors';

/** One window (Electron) or one browser cookie: who is signed in there. */
export interface Connection {
  session: SessionUser | null;
  /** ms since epoch of the last request; the host may expire idle sessions. */
  lastSeen: number;
  /** Backend-specific identity of the signed-in user (the services' Actor), set at login. */
  actor?: unknown;
}

export interface HandlerContext<Deps> {
  deps: Deps;
  connection: Connection;
  /** The signed-in user; throws `unauthenticated` when there is none. */
  user(): SessionUser;
  setSession(session: SessionUser | null, actor?: unknown): void;
}

export type Handler<N extends ApiName, Deps> = (input: ApiParsedInput<N>, ctx: HandlerContext<Deps>) => ApiOutput<N> | Promise<ApiOutput<N>>;
export type HandlerMap<Deps, K extends ApiName = ApiName> = { [N in K]: Handler<N, Deps> };

/** Typed helper for a feature's handlers.ts: `export const handlers = defineHandlers<Deps>()({...})`. */
export function defineHandlers<Deps>() {
  return <K extends ApiName>(map: HandlerMap<Deps, K>): HandlerMap<Deps, K> => map;
}

export interface Registry<Deps> {
  register(map: Partial<HandlerMap<Deps>>, origin?: string): void;
  dispatch(name: string, rawInput: unknown, connection: Connection): Promise<ApiResult<unknown>>;
  registered(): ApiName[];
  missing(): ApiName[];
}

/** The policy's verdict for this session: every role the user holds counts. */
export function allowed(name: string, session: SessionUser | null): 'ok' | 'unauthenticated' | 'forbidden' {
  return useCaseVerdict(name, session ? (session.roles?.length ? session.roles : [session.role]) : null);
}

export function createRegistry<Deps>(deps: Deps, opts: { log?: ErrorLog; now?: () => number } = {}): Registry<Deps> {
  const handlers = new Map<string, { fn: (input: unknown, ctx: HandlerContext<Deps>) => unknown; origin: string }>();
  const now = opts.now ?? Date.now;
  const entries = contract as unknown as Record<string, { input: ZodType }>;

  return {
    register(map, origin = 'unknown') {
      for (const [name, fn] of Object.entries(map)) {
        if (!Object.prototype.hasOwnProperty.call(entries, name)) throw new Error(`Handler "${name}" (${origin}) is not in the contract`);
        const prev = handlers.get(name);
        if (prev) throw new Error(`Handler "${name}" registered twice: by ${prev.origin} and by ${origin}`);
        if (typeof fn !== 'function') throw new Error(`Handler "${name}" (${origin}) is not a function`);
        handlers.set(name, { fn: fn as (input: unknown, ctx: HandlerContext<Deps>) => unknown, origin });
      }
    },
    registered: () => [...handlers.keys()] as ApiName[],
    missing: () => Object.keys(entries).filter((n) => !handlers.has(n)) as ApiName[],
    async dispatch(name, rawInput, connection) {
      if (typeof name !== 'string' || !Object.prototype.hasOwnProperty.call(entries, name)) {
        return { ok: false, error: { code: 'unknownRequest', message: '不支持的操作' } };
      }
      const entry = entries[name]!;
      const verdict = allowed(name, connection.session);
      if (verdict === 'unauthenticated') return { ok: false, error: { code: 'unauthenticated', message: '登录已失效，请重新登录' } };
      if (verdict === 'forbidden') return { ok: false, error: { code: 'forbidden', message: refusalOf(name as UseCase) } };
      connection.lastSeen = now();
      const parsed = parseOrError(entry.input, rawInput ?? {});
      if (!parsed.ok) return { ok: false, error: { code: 'validation', message: parsed.error, fieldErrors: parsed.fieldErrors } };
      const handler = handlers.get(name);
      if (!handler) return { ok: false, error: { code: 'unavailable', message: '此功能尚未就绪' } };
      const ctx: HandlerContext<Deps> = {
        deps,
        connection,
        user() {
          if (!connection.session) throw new HandlerError('unauthenticated', '登录已失效，请重新登录');
          return connection.session;
        },
        setSession(session, actor) {
          connection.session = session;
          connection.actor = session ? actor : undefined;
        },
      };
      try {
        const data = await handler.fn(parsed.value, ctx);
        return { ok: true, data: data === undefined ? null : data };
      } catch (error) {
        return { ok: false, error: toApiError(error, opts.log, name) };
      }
    },
  };
}
