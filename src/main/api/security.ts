// The content security policy and response headers both hosts (Electron's app:// protocol and the
// browser host) send with every page and asset, and the MIME types they serve. Pure.

/**
 * Strict CSP: scripts and styles only from the app itself, no inline script, no eval. antd (CSS-in-JS)
 * injects <style> elements, which a nonce-less policy must allow through `style-src 'self'` plus the
 * hashes emitted at build time; we keep 'unsafe-inline' out and let cssinjs use a nonce instead.
 */
export function contentSecurityPolicy(opts: { origin: string; styleNonce?: string; connect?: string[] }): string {
  const style = ["'self'", ...(opts.styleNonce ? [`'nonce-${opts.styleNonce}'`] : [])];
  const directives: Array<[string, string[]]> = [
    ['default-src', ["'none'"]],
    ['script-src', ["'self'"]],
    ['style-src', style],
    ['img-src', ["'self'", 'data:', 'blob:']],
    ['font-src', ["'self'", 'data:']],
    ['connect-src', ["'self'", ...(opts.connect ?? [])]],
    ['frame-src', ["'self'", 'blob:']],
    ['object-src', ["'self'", 'blob:']],
    ['worker-src', ["'self'", 'blob:']],
    ['media-src', ["'self'", 'blob:']],
    ['base-uri', ["'none'"]],
    ['form-action', ["'none'"]],
    ['frame-ancestors', ["'self'"]],
  ];
  void opts.origin;
  return directives.map(([k, v]) => `${k} ${v.join(' ')}`).join('; ');
}

/** Extra response headers for every page and asset the shell or the browser host serves. */
export function securityHeaders(csp: string): Record<string, string> {
  return {
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=()',
  };
}

export const MIME_TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8', js: 'text/javascript; charset=utf-8', mjs: 'text/javascript; charset=utf-8', css: 'text/css; charset=utf-8',
  json: 'application/json', svg: 'image/svg+xml', png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', ico: 'image/x-icon',
  woff: 'font/woff', woff2: 'font/woff2', ttf: 'font/ttf', otf: 'font/otf', pdf: 'application/pdf', map: 'application/json', txt: 'text/plain; charset=utf-8',
};
export function mimeFor(file: string): string {
  const ext = file.slice(file.lastIndexOf('.') + 1).toLowerCase();
  return MIME_TYPES[ext] ?? 'application/octet-stream';
}
