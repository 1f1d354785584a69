// A migrations folder holding every shipped desktop migration before `name`: a store opened with it
// is in the layout an older build left, for tests of the migration `name`.
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { appRoot } from '../../src/main/platform/paths.js';

export const DESKTOP_MIGRATIONS = join(appRoot(), 'migrations/desktop');

export function migrationsBefore(dir: string, name: string): string {
  mkdirSync(dir);
  for (const f of readdirSync(DESKTOP_MIGRATIONS).filter((f) => f.endsWith('.sql') && f < name)) copyFileSync(join(DESKTOP_MIGRATIONS, f), join(dir, f));
  return dir;
}
