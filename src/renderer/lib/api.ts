// The typed client and the data layer over it. Screens call named use cases only; reads go through
// TanStack Query, keyed by [contract name, input], and refetch when the backend says a commit
// touched what they read (`data.changed`: this window's writes, other windows', sync pages).
import { keepPreviousData, QueryClient, useQuery } from '@tanstack/react-query';
import { createApiClient, ApiCallError, queryReads } from '../../shared/api/index';
import type { ApiInput, ApiName, ApiOutput, DataChangedEvent } from '../../shared/api/index';
import { bridge } from './bridge';
import { useSession } from './session';

export const api = createApiClient((name, input) => bridge.call(name, input));

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // Fresh until the backend says otherwise: events, not timers, make data stale.
      staleTime: Infinity,
      retry: false,
      refetchOnWindowFocus: false,
      refetchOnReconnect: false,
    },
  },
});

/** Refetches the queries that read what a commit changed; the rest keep their data. */
export function applyDataChanged(ev: DataChangedEvent): void {
  void queryClient.invalidateQueries({
    predicate: (q) => {
      const [name, input] = q.queryKey as [string, unknown];
      return queryReads(name, input, ev);
    },
  });
}
bridge.on('data.changed', (payload) => applyDataChanged(payload as DataChangedEvent));

// Another user's answers are not this user's: a sign-in or sign-out starts from an empty cache.
useSession.subscribe((s, prev) => {
  if (s.user?.userId !== prev.user?.userId) queryClient.clear();
});

// Requests started before React renders (boot), handed to the first screen that asks for them.
const prefetched = new Map<string, Promise<unknown>>();
export function prefetch<N extends ApiName>(name: N, input: ApiInput<N>): void {
  const p = (api.call as (n: string, i: unknown) => Promise<unknown>)(name, input);
  p.catch(() => undefined);
  prefetched.set(`${name} ${JSON.stringify(input)}`, p);
}
function takePrefetched<T>(name: string, input: unknown): Promise<T> | undefined {
  const key = `${name} ${JSON.stringify(input)}`;
  const p = prefetched.get(key);
  prefetched.delete(key);
  return p as Promise<T> | undefined;
}
export function callOnce<T>(name: string, input: unknown): Promise<T> {
  const fresh = () => (api.call as (n: string, i: unknown) => Promise<T>)(name, input);
  const p = takePrefetched<T>(name, input);
  return p ? p.catch(fresh) : fresh();
}

export function errorMessage(e: unknown): string {
  if (e instanceof ApiCallError) return e.message;
  if (e instanceof Error) return e.message;
  return String(e);
}

export interface Query<T> {
  data: T | undefined;
  error: string | null;
  loading: boolean;
  reload: () => void;
}

/**
 * Calls `name` with `input` (null: not yet) and keeps the answer current: it refetches when a
 * commit touches what the query reads. While a new input loads, the last answer stays on screen.
 */
export function useApi<N extends ApiName>(name: N, input: ApiInput<N> | null): Query<ApiOutput<N>> {
  const q = useQuery({
    queryKey: [name, input],
    queryFn: () => callOnce<ApiOutput<N>>(name, input),
    enabled: input !== null,
    placeholderData: keepPreviousData,
  });
  return {
    data: q.data,
    error: q.error ? errorMessage(q.error) : null,
    loading: q.isFetching,
    reload: () => void q.refetch(),
  };
}
