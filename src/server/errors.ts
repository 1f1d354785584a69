// An HTTP error with a Chinese message for people and a stable code for programs.
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Turn a zod error into one Chinese sentence (first few issues). */
export function zodMessage(err: { issues: Array<{ path: PropertyKey[]; message: string }> }): string {
  return err.issues
    .slice(0, 3)
    .map((i) => (i.path.length ? `${i.path.map(String).join('.')}：${i.message}` : i.message))
    .join('；');
}

/** A request that does not match its schema: 400, one Chinese sentence naming what is wrong. */
export function badRequest(err: { issues: Array<{ path: PropertyKey[]; message: string }> }): HttpError {
  return new HttpError(400, 'bad_request', `请求内容不正确：${zodMessage(err)}`);
}
