// `npm start`: builds what is missing, then launches the Electron app. Where the Electron binary
// is not installed it tries its installer once (needs internet); if Electron is still not there it
// says so in one line and serves the same app through the browser host on 127.0.0.1.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rendererIsFresh } from './renderer-fresh.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const forceWeb = args.includes('--web');
const electronDir = join(root, 'node_modules', 'electron');

function run(cmd, argv, opts = {}) {
  const r = spawnSync(cmd, argv, { cwd: root, stdio: 'inherit', ...opts });
  return r.status === 0;
}

function ensureRenderer() {
  if (!rendererIsFresh(root)) {
    console.log('正在构建界面…');
    if (!run(process.execPath, [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'])) process.exit(1);
  }
}

function electronBinary() {
  const pathFile = join(electronDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const bin = join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(bin) ? bin : null;
}

/** better-sqlite3 built for Node does not load in Electron: keep an Electron build beside the bundle. */
function ensureNativeForElectron() {
  const target = join(root, 'dist', 'electron', 'node_modules', 'better-sqlite3');
  if (existsSync(join(target, 'build', 'Release', 'better_sqlite3.node'))) return true;
  mkdirSync(dirname(target), { recursive: true });
  cpSync(join(root, 'node_modules', 'better-sqlite3'), target, { recursive: true });
  const version = JSON.parse(readFileSync(join(electronDir, 'package.json'), 'utf8')).version;
  console.log(`正在为 Electron ${version} 准备 SQLite 本地模块…`);
  return run(process.execPath, [join(root, 'node_modules', '@electron', 'rebuild', 'lib', 'cli.js'), '--version', version, '--module-dir', join(root, 'dist', 'electron'), '--only', 'better-sqlite3', '--force'], { stdio: 'inherit' });
}

async function startWeb() {
  const tsx = join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');
  const rest = args.filter((a) => a !== '--web');
  const child = spawn(process.execPath, [tsx, join(root, 'src', 'main', 'web', 'index.ts'), ...rest], { cwd: root, stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
}

ensureRenderer();
let bin = forceWeb ? null : electronBinary();
if (!bin && !forceWeb && existsSync(join(electronDir, 'install.js'))) {
  // One attempt, quietly: works on a user's machine with internet; fails fast offline.
  spawnSync(process.execPath, [join(electronDir, 'install.js')], { cwd: electronDir, stdio: 'ignore', timeout: 180_000 });
  bin = electronBinary();
}
if (!bin) {
  if (!forceWeb) console.log('Electron 不可用（未安装其程序文件），改为通过本机浏览器版提供同一个应用：');
  await startWeb();
} else {
  if (!run(process.execPath, [join(root, 'scripts', 'build-electron.mjs')])) process.exit(1);
  if (!ensureNativeForElectron()) console.log('SQLite 本地模块未能为 Electron 重新编译，程序可能无法打开数据文件。');
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE;
  const child = spawn(bin, [root, ...args], { cwd: root, stdio: 'inherit', env });
  child.on('exit', (code) => process.exit(code ?? 0));
}
