// The one error type services throw for anything a user should read: a stable code for programs
// and a Chinese message for people. Hosts (IPC, browser host, CLI) pass the message through as is.

export type ErrorCode =
  | 'invalid_input'
  | 'not_found'
  | 'forbidden'
  | 'unauthenticated'
  | 'locked'
  | 'conflict'
  | 'invalid_transition'
  | 'duplicate'
  | 'store_newer'
  | 'storage';

export class DomainError extends Error {
  override readonly name = 'DomainError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fieldErrors?: Record<string, string>,
  ) {
    super(message);
  }
}

export function isDomainError(e: unknown): e is DomainError {
  return e instanceof DomainError || (typeof e === 'object' && e !== null && (e as { name?: unknown }).name === 'DomainError');
}
