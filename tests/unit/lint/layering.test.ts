// The layering of ARCHITECTURE.md is a lint rule (local/layering, allow-list in eslint.config.js):
// each forbidden edge is linted as a small source placed in its layer and must be reported, and
// an allowed edge beside it must pass.
import { ESLint } from 'eslint';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../../..');
const eslint = new ESLint({ cwd: root, overrideConfigFile: join(root, 'eslint.config.js') });

/** The layering errors (and the renderer's Node-global errors) of `code` placed at `filePath`. */
async function layeringErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, filePath) });
  const fatal = result?.messages.filter((m) => m.fatal) ?? [];
  expect(fatal, 'the probe source must parse').toEqual([]);
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'local/layering' || m.ruleId === 'no-restricted-globals')
    .map((m) => m.message);
}

/** One forbidden edge: exactly one error for the one module the probe names. */
async function expectForbidden(filePath: string, code: string): Promise<void> {
  expect(await layeringErrors(filePath, code), `${filePath}: ${code}`).toHaveLength(1);
}

async function expectAllowed(filePath: string, code: string): Promise<void> {
  expect(await layeringErrors(filePath, code), `${filePath}: ${code}`).toEqual([]);
}

// The ways a module can be named; each must be caught, not only `import … from`.
const forms = {
  static: (m: string) => `import x from '${m}';\nexport const y = x;\n`,
  typeOnly: (m: string) => `import type { X } from '${m}';\nexport type Y = X;\n`,
  reExport: (m: string) => `export * from '${m}';\n`,
  dynamic: (m: string) => `export const load = () => import('${m}');\n`,
  dynamicTemplate: (m: string) => `export const load = () => import(\`${m}\`);\n`,
  require: (m: string) => `declare const require: (m: string) => unknown;\nexport const y = require('${m}');\n`,
  requireResolve: (m: string) => `declare const require: { resolve(m: string): string };\nexport const y = require.resolve('${m}');\n`,
  typeofImport: (m: string) => `export type Y = typeof import('${m}');\n`,
};

describe('layering: every way of naming a module is checked', () => {
  it.each(Object.entries(forms))('%s', async (_name, form) => {
    await expectForbidden('src/renderer/features/x/probe.ts', form('node:fs'));
    await expectForbidden('src/main/db/probe.ts', form('../features/cases/service.js'));
    await expectAllowed('src/main/features/x/probe.ts', form('../../db/store.js'));
  });

  it('refuses a module named by a computed expression, which cannot be checked', async () => {
    await expectForbidden('src/renderer/probe.ts', 'export const load = (name: string) => import(name);\n');
    await expectForbidden('src/shared/probe.ts', 'export const load = (name: string) => import(`./x/${name}`);\n');
    await expectForbidden('src/main/features/x/probe.ts', 'declare const require: (m: string) => unknown;\nexport const load = (name: string) => require(name);\n');
  });
});

describe('layering: the renderer is a sandboxed browser that reaches data through the contract', () => {
  const file = 'src/renderer/features/x/probe.tsx';
  it.each([
    'node:fs', 'node:path', 'fs', 'fs/promises', 'path', 'crypto', 'child_process', 'os', 'url', 'events', 'stream',
    'better-sqlite3', 'drizzle-orm', 'drizzle-orm/better-sqlite3', 'drizzle-orm/sqlite-core',
    'fastify', '@fastify/cors', 'pg', '@electric-sql/pglite', 'electron',
    '../../../main/db/store.js', '../../../main/api/backend.js', '../../../server/app.js',
  ])('refuses %s', async (m) => {
    await expectForbidden(file, forms.static(m));
    await expectForbidden(file, forms.dynamic(m));
  });

  it('refuses Node globals', async () => {
    await expectForbidden(file, 'export const env = process.env.NODE_ENV;\n');
    await expectForbidden(file, 'export const b = Buffer.from("x");\n');
  });

  it('allows its own files, src/shared and browser packages', async () => {
    for (const m of ['../../../shared/ids.js', '../../lib/api.js', './Other.js', 'antd', 'react', 'dayjs', 'zustand']) {
      await expectAllowed(file, forms.static(m));
    }
    await expectAllowed(file, forms.dynamic('../cases/CaseList'));
  });
});

describe('layering: src/shared is pure TypeScript for every side', () => {
  const file = 'src/shared/domain/probe.ts';
  it.each([
    'node:crypto', 'crypto', 'fs', 'util', 'electron', 'react', 'antd', 'dayjs', 'better-sqlite3', 'drizzle-orm', 'fastify',
    '../../main/db/store.js', '../../renderer/lib/api.js', '../../server/app.js',
  ])('refuses %s', async (m) => {
    await expectForbidden(file, forms.static(m));
    await expectForbidden(file, forms.dynamic(m));
  });

  it('allows itself and zod', async () => {
    await expectAllowed(file, forms.static('zod'));
    await expectAllowed(file, forms.static('../ids.js'));
    await expectAllowed(file, forms.static('./validators.js'));
  });
});

describe('layering: electron only in the shell', () => {
  it.each(['src/main/features/x/service.ts', 'src/main/db/probe.ts', 'src/main/web/probe.ts', 'src/main/cli/probe.ts', 'src/server/probe.ts'])(
    'refuses electron in %s',
    async (file) => {
      await expectForbidden(file, forms.static('electron'));
      await expectForbidden(file, forms.require('electron'));
    },
  );

  it('allows it in src/main/electron', async () => {
    await expectAllowed('src/main/electron/probe.ts', forms.static('electron'));
  });
});

describe('layering: the server and the desktop backend never import each other', () => {
  it('refuses src/main and the SQLite driver in the server', async () => {
    await expectForbidden('src/server/sync/probe.ts', forms.static('../../main/db/store.js'));
    await expectForbidden('src/server/sync/probe.ts', forms.dynamic('../../main/features/cases/service.js'));
    await expectForbidden('src/server/probe.ts', forms.static('better-sqlite3'));
    await expectForbidden('src/server/probe.ts', forms.static('drizzle-orm/better-sqlite3'));
  });

  it('refuses src/server and server packages in every part of src/main, the CLI included', async () => {
    // `daiban server` spawns src/server/index.ts as a child process: no import, so no exception.
    for (const [file, up] of [['src/main/cli/probe.ts', '../..'], ['src/main/features/sync/probe.ts', '../../..'], ['src/main/sync/probe.ts', '../..'], ['src/main/web/probe.ts', '../..']] as const) {
      await expectForbidden(file, forms.static(`${up}/server/index.js`));
      await expectForbidden(file, forms.dynamic(`${up}/server/app.js`));
    }
    for (const m of ['fastify', 'pg', '@electric-sql/pglite', 'drizzle-orm/pg-core']) {
      await expectForbidden('src/main/sync/probe.ts', forms.static(m));
    }
  });

  it('allows each its own packages and src/shared', async () => {
    for (const m of ['fastify', 'pg', '@electric-sql/pglite', 'drizzle-orm', 'drizzle-orm/pg-core', 'node:fs', '../shared/ids.js', './app.js']) {
      await expectAllowed('src/server/probe.ts', forms.static(m));
    }
    for (const m of ['better-sqlite3', 'drizzle-orm', 'drizzle-orm/sqlite-core', 'node:fs', '../../shared/ids.js']) {
      await expectAllowed('src/main/db/probe.ts', forms.static(m));
    }
  });
});

describe('layering: inside src/main, the inner layers do not reach outwards', () => {
  it.each([
    ['src/main/db/probe.ts', '../features/cases/service.js'],
    ['src/main/db/probe.ts', '../sync/client.js'],
    ['src/main/db/probe.ts', '../api/context.js'],
    ['src/main/db/probe.ts', '../printing/index.js'],
    ['src/main/printing/probe.ts', '../features/cases/service.js'],
    ['src/main/printing/probe.ts', '../db/store.js'],
    ['src/main/sync/probe.ts', '../features/search/documents.js'],
    ['src/main/sync/probe.ts', '../api/backend.js'],
    ['src/main/platform/probe.ts', '../db/store.js'],
    ['src/main/features/x/probe.ts', '../../electron/main.js'],
    ['src/main/features/x/probe.ts', '../../web/host.js'],
    ['src/main/features/x/probe.ts', '../../cli/index.js'],
    ['src/main/api/probe.ts', '../electron/main.js'],
    ['src/main/electron/probe.ts', '../db/store.js'],
    ['src/main/web/probe.ts', '../features/cases/service.js'],
  ])('%s may not import %s', async (file, m) => {
    await expectForbidden(file, forms.static(m));
    await expectForbidden(file, forms.dynamic(m));
  });

  it.each([
    ['src/main/sync/probe.ts', '../db/schema.js'],
    ['src/main/db/probe.ts', '../platform/clock.js'],
    ['src/main/features/x/probe.ts', '../../api/context.js'],
    ['src/main/features/x/probe.ts', '../cases/service.js'],
    ['src/main/features/x/probe.ts', '../../printing/index.js'],
    ['src/main/api/probe.ts', '../features/cases/handlers.js'],
    ['src/main/electron/probe.ts', '../api/backend.js'],
    ['src/main/cli/probe.ts', '../features/cases/service.js'],
  ])('%s may import %s', async (file, m) => {
    await expectAllowed(file, forms.static(m));
  });

  it('puts every file under src/ in a layer: a new folder must be added to the allow-list', async () => {
    await expectForbidden('src/main/archive/probe.ts', 'export const x = 1;\n');
    await expectAllowed('scripts/probe.ts', forms.static('node:fs'));
  });
});
