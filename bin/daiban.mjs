#!/usr/bin/env node
// The `daiban` admin CLI: runs the TypeScript entry through tsx's loader.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const res = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'src/main/cli/index.ts'), ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(res.status ?? 1);
