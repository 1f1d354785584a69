// src/shared runs in the renderer, the backend and the server: tsconfig.shared.json checks it with
// neither DOM nor Node types (and `npm run typecheck` runs it), so a browser or Node global in
// shared code is a type error, while the web-platform APIs named in src/shared/runtime.ts pass.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../../..');
const configPath = join(root, 'tsconfig.shared.json');

/** Type-checks `code` as if it were the file src/shared/domain/probe.ts, with the shared config. */
function sharedDiagnostics(code: string): string[] {
  const { config, error } = ts.readConfigFile(configPath, ts.sys.readFile);
  expect(error).toBeUndefined();
  const parsed = ts.parseJsonConfigFileContent(config, ts.sys, root, undefined, configPath);
  const probe = join(root, 'src/shared/domain/probe.ts');
  const host = ts.createCompilerHost(parsed.options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, lang, ...rest) =>
    name === probe ? ts.createSourceFile(name, code, lang) : getSourceFile(name, lang, ...rest);
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => name === probe || fileExists(name);
  const program = ts.createProgram([probe], parsed.options, host);
  return ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.file?.fileName === probe)
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

describe('tsconfig.shared.json', () => {
  it('is part of npm run typecheck', () => {
    const scripts = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts as Record<string, string>;
    expect(scripts.typecheck).toContain('-p tsconfig.shared.json');
  });

  it.each([
    ['a DOM global', 'export const t = document.title;'],
    ['window', 'export const w = window.location;'],
    ['a Node global', 'export const e = process.env.HOME;'],
    ['Buffer', "export const b = Buffer.from('x');"],
    ['structuredClone', 'export const c = structuredClone({ a: 1 });'],
    ['TextEncoder', "export const bytes = new TextEncoder().encode('x');"],
    ['the bare crypto global', 'export const r = crypto.getRandomValues(new Uint8Array(4));'],
    ['console', "console.log('x');"],
  ])('refuses %s', (_what, code) => {
    expect(sharedDiagnostics(code).join('\n')).toMatch(/Cannot find name/);
  });

  it('accepts ES2022 and the runtime APIs every side has, named in src/shared/runtime.ts', () => {
    const code = [
      "import { canParseUrl, randomBytesInto } from '../runtime';",
      "import { uuidv7 } from '../ids';",
      "export const ok = canParseUrl('http://127.0.0.1:8787') && randomBytesInto(new Uint8Array(4)).length === 4;",
      'export const id: string = uuidv7();',
      'export const last = [1, 2, 3].at(-1);',
    ].join('\n');
    expect(sharedDiagnostics(code)).toEqual([]);
  });
});
