// The preload: exposes only the contract (`window.daiban`), never ipcRenderer. Runs sandboxed, so
// it is bundled into one CommonJS file with nothing but `electron` left to require.
import { contextBridge, ipcRenderer } from 'electron';
import type { IpcRendererEvent } from 'electron';
import type { ApiResult } from '../../shared/api/errors';
import { EVENT_NAMES } from '../../shared/api/events';
import type { EventName } from '../../shared/api/events';
import type { DaibanBridge } from '../../shared/api/bridge';
import { IPC, isCallPayload } from './channels';
import type { MenuAction } from './menu-template';

const bridge = {
  kind: 'electron',
  call(name: string, input: unknown): Promise<ApiResult<unknown>> {
    // Only `namespace.verb` names pass; the backend registry refuses names not in the contract.
    if (!isCallPayload({ name, input })) return Promise.resolve({ ok: false, error: { code: 'unknownRequest', message: '不支持的操作' } });
    return ipcRenderer.invoke(IPC.call, { name, input }) as Promise<ApiResult<unknown>>;
  },
  on(event: EventName, listener: (payload: unknown) => void): () => void {
    if (!EVENT_NAMES.includes(event)) return () => undefined;
    const wrapped = (_e: IpcRendererEvent, msg: { event: string; payload: unknown }) => {
      if (msg && msg.event === event) listener(msg.payload);
    };
    ipcRenderer.on(IPC.event, wrapped);
    return () => void ipcRenderer.removeListener(IPC.event, wrapped);
  },
  onMenu(listener: (action: MenuAction) => void): () => void {
    const wrapped = (_e: IpcRendererEvent, action: MenuAction) => listener(action);
    ipcRenderer.on(IPC.menu, wrapped);
    return () => void ipcRenderer.removeListener(IPC.menu, wrapped);
  },
  pickFolder(title: string): Promise<string | null> {
    return ipcRenderer.invoke(IPC.pickFolder, String(title).slice(0, 60)) as Promise<string | null>;
  },
} satisfies DaibanBridge;

contextBridge.exposeInMainWorld('daiban', bridge);
