// Bundles the Electron shell: main, preload (sandboxed: one file, only `electron` required) and
// the backend utility process, to dist/electron/*.cjs. better-sqlite3 stays external (native;
// electron-builder rebuilds it for Electron's ABI and unpacks it from the asar).
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist', 'electron');

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node22',
  sourcemap: true,
  logLevel: 'warning',
  external: ['electron', 'better-sqlite3'],
  // Silences import.meta in CJS; paths.ts prefers __filename when present.
  define: { 'import.meta.url': 'undefined' },
};

export async function buildElectron() {
  await Promise.all([
    build({ ...common, entryPoints: [join(root, 'src/main/electron/main.ts')], outfile: join(out, 'main.cjs') }),
    build({ ...common, entryPoints: [join(root, 'src/main/electron/backend-process.ts')], outfile: join(out, 'backend.cjs') }),
    build({ ...common, entryPoints: [join(root, 'src/main/electron/preload.ts')], outfile: join(out, 'preload.cjs'), platform: 'browser', format: 'cjs', external: ['electron'] }),
  ]);
  return out;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const dir = await buildElectron();
  console.log(`已构建 Electron 主进程、预加载脚本和后台进程：${dir}`);
}
