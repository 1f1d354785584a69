// Read by zod when it starts (before any schema is built): validate without generated code, since
// the app's Content-Security-Policy forbids eval and zod's probe for it would be reported.
globalThis.__zod_globalConfig = Object.assign(globalThis.__zod_globalConfig || {}, { jitless: true });
