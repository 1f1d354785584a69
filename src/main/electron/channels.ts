// IPC channel table (pure). The preload uses only these; main handles only these.
import type { DeviceCredentials } from '../sync/device';

export const IPC = {
  /** invoke: { name, input } → ApiResult */
  call: 'daiban:call',
  /** main → renderer push: { event, payload } */
  event: 'daiban:event',
  /** menu action → renderer: action id */
  menu: 'daiban:menu',
  /** invoke: dialog title → chosen folder or null (the archive export's target) */
  pickFolder: 'daiban:pickFolder',
} as const;
export type IpcChannel = (typeof IPC)[keyof typeof IPC];

/**
 * The backend's credential vault, answered by main (only main may use safeStorage). The utility
 * process numbers its requests; main answers each id once.
 */
export type VaultRequest =
  | { type: 'vault.load'; id: number }
  | { type: 'vault.save'; id: number; credentials: DeviceCredentials }
  | { type: 'vault.clear'; id: number };
export type VaultReply =
  | { type: 'vault.reply'; id: number; ok: true; credentials: DeviceCredentials | null }
  | { type: 'vault.reply'; id: number; ok: false; message: string };

/** Messages between main and the backend utility process. */
export type BackendRequest =
  | { type: 'call'; id: number; connectionId: string; name: string; input: unknown }
  | { type: 'drop'; connectionId: string }
  | { type: 'shutdown' }
  | VaultReply;
export type BackendMessage =
  | { type: 'ready'; missing: string[] }
  | { type: 'result'; id: number; result: unknown }
  | { type: 'event'; event: string; payload: unknown }
  | { type: 'fatal'; message: string }
  | VaultRequest;

const BACKEND_MESSAGE_TYPES: ReadonlySet<unknown> = new Set<BackendMessage['type']>(['ready', 'result', 'event', 'fatal', 'vault.load', 'vault.save', 'vault.clear']);

export function isBackendMessage(v: unknown): v is BackendMessage {
  if (typeof v !== 'object' || v === null) return false;
  return BACKEND_MESSAGE_TYPES.has((v as { type?: unknown }).type);
}

/** Shape check of a vault request (main parses the credentials of a save with their schema). */
export function isVaultRequest(v: BackendMessage): v is VaultRequest {
  return v.type.startsWith('vault.') && Number.isInteger((v as { id?: unknown }).id);
}

/** Shape check of what the renderer sends on IPC.call (the contract's zod schemas run later). */
export function isCallPayload(v: unknown): v is { name: string; input: unknown } {
  if (typeof v !== 'object' || v === null) return false;
  const name = (v as { name?: unknown }).name;
  return typeof name === 'string' && /^[a-zA-Z]{1,40}\.[a-zA-Z]{1,40}$/.test(name);
}
