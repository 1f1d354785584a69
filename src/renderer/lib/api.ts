// The typed client and small hooks over it. Screens call named use cases only.
import { useCallback, useEffect, useRef, useState } from 'react';
import { createApiClient, ApiCallError } from '../../shared/api/index';
import type { ApiInput, ApiName, ApiOutput } from '../../shared/api/index';
import { bridge } from './bridge';

export const api = createApiClient((name, input) => bridge.call(name, input));

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

type Listener = () => void;
const listeners = new Set<Listener>();
/** After a write, screens showing data refresh. */
export function notifyChanged(): void {
  for (const l of listeners) l();
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

/** Calls `name` with `input` on mount and whenever `key` changes or data is written. */
export function useApi<N extends ApiName>(name: N, input: ApiInput<N> | null, key: unknown[] = []): Query<ApiOutput<N>> {
  const [data, setData] = useState<ApiOutput<N> | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(input !== null);
  const [tick, setTick] = useState(0);
  const seq = useRef(0);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  useEffect(() => {
    listeners.add(reload);
    return () => void listeners.delete(reload);
  }, [reload]);
  const inputKey = JSON.stringify(input);
  useEffect(() => {
    if (input === null) return;
    const my = ++seq.current;
    setLoading(true);
    (tick === 0 ? callOnce<ApiOutput<N>>(name, input) : (api.call as (n: string, i: unknown) => Promise<ApiOutput<N>>)(name, input))
      .then((d) => {
        if (my !== seq.current) return;
        setData(d);
        setError(null);
      })
      .catch((e: unknown) => {
        if (my === seq.current) setError(errorMessage(e));
      })
      .finally(() => {
        if (my === seq.current) setLoading(false);
      });
  }, [name, inputKey, tick, ...key]);
  return { data, error, loading, reload };
}
