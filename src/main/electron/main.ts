// The Electron shell: app lifecycle, one hardened window, the app:// protocol serving the built
// renderer with a strict CSP, and the IPC bridge to the backend utility process. The policy
// (options, CSP, URL and sender checks) lives in policy.ts, tested under Node.
import { app, BrowserWindow, dialog, ipcMain, Menu, net, protocol, safeStorage, session, shell, utilityProcess } from 'electron';
import type { IpcMainInvokeEvent, MenuItemConstructorOptions, UtilityProcess, WebContents } from 'electron';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { defaultDataDir } from '../platform/paths';
import type { CredentialVault } from '../sync/device';
import { IPC, isBackendMessage, isCallPayload, isVaultRequest } from './channels';
import type { BackendRequest } from './channels';
import { answerVaultRequest, protectedVault } from './credential-vault';
import { menuTemplate } from './menu-template';
import type { MenuItemSpec } from './menu-template';
import {
  APP_ENTRY, APP_HOST, APP_SCHEME, contentSecurityPolicy, isTrustedSender, mainWindowOptions, mimeFor,
  downloadDecision, navigationDecision, permissionDecision, resolveAppAsset, securityHeaders, windowOpenDecision,
} from './policy';

const DEV = !app.isPackaged && process.env.DAIBAN_DEV === '1';
const here = __dirname; // dist/electron
const rendererDir = process.env.DAIBAN_RENDERER_DIR ?? join(here, '..', 'renderer');
const dataDir = process.env.DAIBAN_DATA_DIR ?? argValue('--data') ?? defaultDataDir();

function argValue(flag: string): string | undefined {
  const i = process.argv.indexOf(flag);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } }]);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    const w = mainWindow;
    if (w) {
      if (w.isMinimized()) w.restore();
      w.focus();
    }
  });
}

let mainWindow: BrowserWindow | null = null;
const trustedIds = new Set<number>();

// --- backend utility process -------------------------------------------------------------------
let backend: UtilityProcess | null = null;
let nextId = 1;
const pending = new Map<number, (result: unknown) => void>();
// The device token is encrypted with the OS secret store, which only main may use; made on the
// first request (after app ready, when safeStorage can tell whether a keyring exists).
let vault: CredentialVault | null = null;

function startBackend(): void {
  backend = utilityProcess.fork(join(here, 'backend.cjs'), ['--data', dataDir], { serviceName: 'daiban-backend', stdio: 'inherit' });
  backend.on('message', (msg: unknown) => {
    if (!isBackendMessage(msg)) return;
    if (isVaultRequest(msg)) {
      vault ??= protectedVault(dataDir, safeStorage);
      void answerVaultRequest(vault, msg).then(toBackend);
    } else if (msg.type === 'result') {
      pending.get(msg.id)?.(msg.result);
      pending.delete(msg.id);
    } else if (msg.type === 'event') {
      mainWindow?.webContents.send(IPC.event, { event: msg.event, payload: msg.payload });
    } else if (msg.type === 'fatal') {
      dialog.showErrorBox('代办帮办工作台', `数据文件无法打开：${msg.message}`);
      app.quit();
    }
  });
  backend.on('exit', (code) => {
    for (const resolve of pending.values()) resolve({ ok: false, error: { code: 'unavailable', message: '后台服务已停止，请重新启动程序' } });
    pending.clear();
    backend = null;
    if (code !== 0 && !quitting) startBackend();
  });
}

function toBackend(req: BackendRequest): void {
  backend?.postMessage(req);
}

function callBackend(connectionId: string, name: string, input: unknown): Promise<unknown> {
  if (!backend) return Promise.resolve({ ok: false, error: { code: 'unavailable', message: '后台服务未就绪' } });
  const id = nextId++;
  return new Promise((resolve) => {
    pending.set(id, resolve);
    toBackend({ type: 'call', id, connectionId, name, input });
  });
}

// --- IPC: every call checks its sender -----------------------------------------------------------
function senderOk(event: IpcMainInvokeEvent): boolean {
  const frame = event.senderFrame;
  return isTrustedSender({
    frameUrl: frame?.url,
    isMainFrame: !!frame && frame === event.sender.mainFrame,
    senderId: event.sender.id,
    trustedIds,
  });
}

ipcMain.handle(IPC.call, async (event, payload: unknown) => {
  if (!senderOk(event)) return { ok: false, error: { code: 'forbidden', message: '来源不可信，已拒绝' } };
  if (!isCallPayload(payload)) return { ok: false, error: { code: 'unknownRequest', message: '不支持的操作' } };
  return callBackend(`window-${event.sender.id}`, payload.name, payload.input);
});

// The folder dialog for an archive export: only the chosen path goes back (the backend parses it).
ipcMain.handle(IPC.pickFolder, async (event, title: unknown) => {
  if (!senderOk(event) || !mainWindow) return null;
  const r = await dialog.showOpenDialog(mainWindow, { title: typeof title === 'string' ? title.slice(0, 60) : '选择文件夹', properties: ['openDirectory', 'createDirectory'] });
  return r.canceled ? null : (r.filePaths[0] ?? null);
});

// --- window ------------------------------------------------------------------------------------
function hardenContents(contents: WebContents): void {
  contents.on('will-navigate', (e, url) => {
    if (navigationDecision(url) === 'deny') e.preventDefault();
  });
  contents.on('will-redirect', (e, url) => {
    if (navigationDecision(url) === 'deny') e.preventDefault();
  });
  contents.on('will-attach-webview', (e) => e.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    const d = windowOpenDecision(url);
    if (d.openExternal) void shell.openExternal(url);
    return { action: 'deny' };
  });
}

function createWindow(): void {
  const win = new BrowserWindow(mainWindowOptions(join(here, 'preload.cjs')));
  mainWindow = win;
  trustedIds.add(win.webContents.id);
  const id = win.webContents.id;
  win.on('closed', () => {
    trustedIds.delete(id);
    toBackend({ type: 'drop', connectionId: `window-${id}` });
    mainWindow = null;
  });
  win.once('ready-to-show', () => win.show());
  void win.loadURL(APP_ENTRY);
}

function buildMenu(): void {
  const toElectron = (items: MenuItemSpec[]): MenuItemConstructorOptions[] =>
    items.map((i) => {
      const o: MenuItemConstructorOptions = {};
      if (i.label) o.label = i.label;
      if (i.type) o.type = i.type;
      if (i.role) o.role = i.role;
      if (i.accelerator) o.accelerator = i.accelerator;
      if (i.submenu) o.submenu = toElectron(i.submenu);
      const action = i.action;
      if (action) o.click = () => mainWindow?.webContents.send(IPC.menu, action);
      return o;
    });
  Menu.setApplicationMenu(Menu.buildFromTemplate(toElectron(menuTemplate({ dev: DEV }))));
}

let quitting = false;
app.on('web-contents-created', (_e, contents) => hardenContents(contents));
app.on('before-quit', () => {
  quitting = true;
  toBackend({ type: 'shutdown' });
});
app.on('window-all-closed', () => app.quit());

void app.whenReady().then(() => {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_wc, permission, callback) => callback(permissionDecision(permission)));
  ses.setPermissionCheckHandler((_wc, permission) => permissionDecision(permission));
  ses.setDevicePermissionHandler(() => false);
  ses.on('will-download', (e, item) => {
    if (downloadDecision(item.getURL()) === 'cancel') e.preventDefault();
  });
  // Defence in depth: anything not served by our app:// handler (which sets its own per-page CSP
  // with a style nonce) gets the strictest policy through the session's response headers.
  ses.webRequest.onHeadersReceived((details, callback) => {
    if (details.url.startsWith(`${APP_SCHEME}:`)) return callback({});
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': ["default-src 'none'"] } });
  });

  protocol.handle(APP_SCHEME, async (request) => {
    const rel = resolveAppAsset(request.url);
    if (!rel) return new Response('Not found', { status: 404 });
    const nonce = randomBytes(16).toString('base64');
    const headers = { ...securityHeaders(contentSecurityPolicy({ origin: `${APP_SCHEME}://${APP_HOST}`, styleNonce: nonce })), 'Content-Type': mimeFor(rel) };
    try {
      if (rel === 'index.html') {
        const html = (await readFile(join(rendererDir, 'index.html'), 'utf8')).replaceAll('__CSP_NONCE__', nonce);
        return new Response(html, { headers });
      }
      const res = await net.fetch(pathToFileURL(join(rendererDir, rel)).href);
      return new Response(res.body, { status: res.status, headers });
    } catch {
      return new Response('Not found', { status: 404 });
    }
  });

  startBackend();
  buildMenu();
  createWindow();
});
