// Every feature's handlers, by origin name (for the duplicate-name message at start-up).
import type { BackendDeps } from './backend';
import type { HandlerMap } from './registry';

type AnyHandlers = Partial<HandlerMap<BackendDeps>>;

export const FEATURE_HANDLERS: Array<[string, AnyHandlers]> = [];
