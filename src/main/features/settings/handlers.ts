import { defineHandlers } from '../../api/registry';
import type { BackendDeps } from '../../api/backend';
import { svc } from '../../api/context';
import { readDesktopSettings, readIdleLock, saveDesktopSettings } from './desktop';

export const settingsHandlers = defineHandlers<BackendDeps>()({
  'settings.idleLock': (_input, ctx) => readIdleLock(svc(ctx)),
  'settings.desktop': (_input, ctx) => readDesktopSettings(svc(ctx)),
  'settings.saveDesktop': (input, ctx) => saveDesktopSettings(svc(ctx), input),
});
