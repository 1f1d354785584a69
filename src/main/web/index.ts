// `npm run web -- --data DIR [--port P]`: starts the browser host on 127.0.0.1 and prints the URL.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { createBackend } from '../api/backend';
import { appRoot, defaultDataDir } from '../platform/paths';
import { startWebHost } from './host';

function arg(flag: string): string | undefined {
  const i = process.argv.indexOf(flag);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const dataDir = resolve(arg('--data') ?? defaultDataDir());
  const portArg = arg('--port');
  const port = portArg ? Number(portArg) : 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`端口无效：${portArg}`);
    process.exit(2);
  }
  const rendererDir = resolve(arg('--renderer') ?? process.env.DAIBAN_RENDERER_DIR ?? `${appRoot()}/dist/renderer`);
  if (!existsSync(`${rendererDir}/index.html`)) console.warn(`界面尚未构建（缺少 ${rendererDir}/index.html），请先运行 npm run build`);
  const backend = createBackend({ dataDir, demo: true });
  const host = await startWebHost({ backend, rendererDir, port });
  console.log(`代办帮办工作台（浏览器版）已启动，数据目录：${dataDir}`);
  console.log(`请在浏览器中打开：${host.launchUrl}`);
  const stop = () => {
    void host.close().then(() => {
      backend.close();
      process.exit(0);
    });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main().catch((e: unknown) => {
  console.error(`启动失败：${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
