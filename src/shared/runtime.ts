// The only globals shared code uses beyond ES2022: web-platform APIs that every runtime of this app
// has (Chromium in the renderer, Node >= 20 in the backend and the server). tsconfig.shared.json
// checks src/shared with neither DOM nor Node types, so they are named here, narrowly, once.

interface SharedRuntime {
  crypto: { getRandomValues<T extends Uint8Array>(array: T): T };
  URL: { canParse(url: string): boolean; new (url: string): { hostname: string } };
}

const runtime = globalThis as unknown as SharedRuntime;

/** Fills `array` with cryptographically strong random bytes (Web Crypto). */
export function randomBytesInto<T extends Uint8Array>(array: T): T {
  return runtime.crypto.getRandomValues(array);
}

/** WHATWG URL parsing, as `new URL()` would accept it. */
export function canParseUrl(url: string): boolean {
  return runtime.URL.canParse(url);
}

/** The host name of a URL that `canParseUrl` accepts (brackets kept around IPv6 addresses). */
export function urlHostname(url: string): string {
  return new runtime.URL(url).hostname;
}
