// The layering rules of ARCHITECTURE.md are lint rules: each forbidden import is reported.
import { ESLint } from 'eslint';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../../..');
const eslint = new ESLint({ cwd: root });

async function importErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, filePath) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layering lint rules', () => {
  it('keeps src/shared pure', async () => {
    expect(await importErrors('src/shared/domain/x.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n")).toHaveLength(1);
    expect(await importErrors('src/shared/domain/x.ts', "import { openStore } from '../../main/db/store.js';\nexport const x = openStore;\n")).toHaveLength(1);
    expect(await importErrors('src/shared/domain/x.ts', "import { z } from 'zod';\nexport const x = z;\n")).toHaveLength(0);
  });

  it('allows electron only in src/main/electron', async () => {
    const code = "import { app } from 'electron';\nexport const x = app;\n";
    expect(await importErrors('src/main/features/x/service.ts', code)).toHaveLength(1);
    expect(await importErrors('src/main/electron/x.ts', code)).toHaveLength(0);
  });

  it('keeps the renderer on the contract and the server off the desktop code', async () => {
    expect(await importErrors('src/renderer/x.ts', "import { openStore } from '../main/db/store.js';\nexport const x = openStore;\n")).toHaveLength(1);
    expect(await importErrors('src/renderer/x.ts', "import Database from 'better-sqlite3';\nexport const x = Database;\n")).toHaveLength(1);
    expect(await importErrors('src/server/x.ts', "import { openStore } from '../main/db/store.js';\nexport const x = openStore;\n")).toHaveLength(1);
  });
});
