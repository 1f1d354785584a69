// IPC channel table (pure). The preload uses only these; main handles only these.
export const IPC = {
  /** invoke: { name, input } → ApiResult */
  call: 'daiban:call',
  /** main → renderer push: { event, payload } */
  event: 'daiban:event',
  /** menu action → renderer: action id */
  menu: 'daiban:menu',
} as const;
export type IpcChannel = (typeof IPC)[keyof typeof IPC];

/** Messages between main and the backend utility process. */
export type BackendRequest = { type: 'call'; id: number; connectionId: string; name: string; input: unknown } | { type: 'drop'; connectionId: string } | { type: 'shutdown' };
export type BackendMessage =
  | { type: 'ready'; missing: string[] }
  | { type: 'result'; id: number; result: unknown }
  | { type: 'event'; event: string; payload: unknown }
  | { type: 'fatal'; message: string };

export function isBackendMessage(v: unknown): v is BackendMessage {
  if (typeof v !== 'object' || v === null) return false;
  const t = (v as { type?: unknown }).type;
  return t === 'ready' || t === 'result' || t === 'event' || t === 'fatal';
}

/** Shape check of what the renderer sends on IPC.call (the contract's zod schemas run later). */
export function isCallPayload(v: unknown): v is { name: string; input: unknown } {
  if (typeof v !== 'object' || v === null) return false;
  const name = (v as { name?: unknown }).name;
  return typeof name === 'string' && /^[a-zA-Z]{1,40}\.[a-zA-Z]{1,40}$/.test(name);
}
