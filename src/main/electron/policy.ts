// The shell's security policy as plain data and pure functions (no electron import), so it can be
// unit-tested under Node. main.ts applies it: window options, CSP, navigation, permissions and the
// check on every IPC sender.

/** The renderer is served from this privileged custom scheme, never from file://. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'daiban';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY = `${APP_ORIGIN}/index.html`;

// CSP, headers and MIME types are shared with the browser host (which may not import this folder).
export { contentSecurityPolicy, mimeFor, MIME_TYPES, securityHeaders } from '../api/security';

/** webPreferences + window size for the main window. `preload` is an absolute path. */
export function mainWindowOptions(preload: string) {
  return {
    width: 1366,
    height: 768,
    minWidth: 1024,
    minHeight: 640,
    show: false,
    title: '代办帮办工作台',
    backgroundColor: '#f5f6f8',
    autoHideMenuBar: false,
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      // Chromium's PDF viewer, for the print preview (blob: PDFs in an iframe); no other plugins exist.
      plugins: true,
      safeDialogs: true,
    },
  } as const;
}

/** Is `url` a page of the app itself (the only thing a window may show)? */
export function isAppUrl(url: string, origin = APP_ORIGIN): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  const o = new URL(origin);
  // app:// is a non-special scheme for WHATWG URL unless registered; compare protocol + host.
  return u.protocol === o.protocol && u.host === o.host && u.username === '' && u.password === '';
}

/** Navigation inside the window: only app pages; everything else is denied. */
export function navigationDecision(url: string, origin = APP_ORIGIN): 'allow' | 'deny' {
  return isAppUrl(url, origin) ? 'allow' : 'deny';
}

/** New windows are never opened; http(s) links may go to the system browser after a check. */
export function windowOpenDecision(url: string): { action: 'deny'; openExternal: boolean } {
  let external = false;
  try {
    const u = new URL(url);
    external = (u.protocol === 'https:' || u.protocol === 'http:') && u.username === '' && u.password === '';
  } catch {
    external = false;
  }
  return { action: 'deny', openExternal: external };
}

/**
 * Downloads: only a file the app itself made (a blob: URL of an app page — a saved PDF or
 * workbook), which Electron then offers in its save dialog. Anything else is cancelled.
 */
export function downloadDecision(url: string, origin = APP_ORIGIN): 'save' | 'cancel' {
  return url.startsWith('blob:') && isAppUrl(url.slice('blob:'.length), origin) ? 'save' : 'cancel';
}

/** Every permission request (camera, notifications, geolocation, …) is refused. */
export function permissionDecision(_permission: string): false {
  return false;
}

/** The IPC sender check: the frame must be the app's main frame at an app URL. */
export interface SenderInfo {
  frameUrl: string | null | undefined;
  isMainFrame: boolean;
  /** webContents id of the sender and of the window we created. */
  senderId: number;
  trustedIds: ReadonlySet<number>;
}
export function isTrustedSender(s: SenderInfo, origin = APP_ORIGIN): boolean {
  if (!s.frameUrl || !s.isMainFrame) return false;
  if (!s.trustedIds.has(s.senderId)) return false;
  return isAppUrl(s.frameUrl, origin);
}

/** Maps a request path under app://daiban/ to a file under the renderer folder, or null if it escapes. */
export function resolveAppAsset(url: string, origin = APP_ORIGIN): string | null {
  if (!isAppUrl(url, origin)) return null;
  let path = new URL(url).pathname;
  try {
    path = decodeURIComponent(path);
  } catch {
    return null;
  }
  if (path === '/' || path === '') path = '/index.html';
  const parts = path.split('/').filter((p) => p.length > 0);
  if (parts.some((p) => p === '..' || p === '.' || p.includes('\\') || p.includes('\0'))) return null;
  return parts.join('/');
}

