// The shared domain rules, imported by the desktop backend, the renderer and the server.
export * from './enums.js';
export * from './validators.js';
export * from './calendar.js';
export * from './case-status.js';
export * from './plan-item-status.js';
export * from './masking.js';
export * from './synthetic-ids.js';
