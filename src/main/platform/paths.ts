// Where the app keeps its data and finds the files it ships (migrations, fonts).
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The default data folder: per-user, as desktop apps do on each OS. */
export function defaultDataDir(): string {
  if (process.env.DAIBAN_DATA_DIR) return resolve(process.env.DAIBAN_DATA_DIR);
  if (process.platform === 'win32') {
    return join(process.env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'DaibanDesk');
  }
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'DaibanDesk');
  return join(process.env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'daiban-desk');
}

let cachedRoot: string | undefined;

/**
 * The folder that holds `migrations/` and `assets/`: the repository in development, the unpacked
 * app in a package. Found by walking up from this module, so bundling does not break it.
 */
export function appRoot(): string {
  if (cachedRoot) return cachedRoot;
  if (process.env.DAIBAN_APP_ROOT) return (cachedRoot = resolve(process.env.DAIBAN_APP_ROOT));
  const here = typeof __filename === 'string' ? dirname(__filename) : dirname(fileURLToPath(import.meta.url));
  let dir = here;
  for (;;) {
    if (existsSync(join(dir, 'migrations', 'desktop'))) return (cachedRoot = dir);
    const up = dirname(dir);
    if (up === dir) throw new Error(`找不到程序文件夹（migrations/desktop），从 ${here} 向上查找失败`);
    dir = up;
  }
}
