// `daiban archive verify PATH`: checks an archive bag (e.g. on a USB stick) without the app's data.
import { verifyBag } from '../platform/bagit/index.js';

export const ARCHIVE_USAGE = '用法: daiban archive verify 档案包文件夹 [--json]';

/** Exit codes: 0 valid, 1 findings, 2 usage error. */
export async function archiveCommand(sub: string | undefined, path: string | undefined, extra: readonly string[], opts: { json: boolean }): Promise<number> {
  if (sub !== 'verify' || !path || extra.length > 0) {
    process.stderr.write(`${ARCHIVE_USAGE}\n`);
    return 2;
  }
  const findings = await verifyBag(path);
  if (opts.json) {
    process.stdout.write(`${JSON.stringify({ path, valid: findings.length === 0, findings }, null, 2)}\n`);
  } else if (findings.length === 0) {
    process.stdout.write(`档案包完好：${path}（清单、校验值、Payload-Oxum 均一致）\n`);
  } else {
    process.stdout.write(`档案包校验未通过：${path}，共 ${findings.length} 处问题\n${findings.map((f) => `  - ${f.message}`).join('\n')}\n`);
  }
  return findings.length === 0 ? 0 : 1;
}
