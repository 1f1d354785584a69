// Each way a bag on a stick can be damaged or edited is found, naming the right file; and the CLI.
import { spawnSync } from 'node:child_process';
import { appendFileSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BagError, readBag, verifyBag, type BagFinding } from '../../../src/main/platform/bagit/index.js';
import { useTempDirs } from '../../helpers/temp-dir.js';
import { writeSample } from './bag-helpers.js';

const tempDir = useTempDirs();
const root = join(import.meta.dirname, '../../..');
const PDF = 'data/文书/申请书.pdf';

const tampers: Array<{ name: string; tamper: (dir: string) => void; expected: Array<Pick<BagFinding, 'kind' | 'path'>> }> = [
  {
    name: 'a flipped byte in a payload file',
    tamper: (dir) => {
      const buf = readFileSync(join(dir, PDF));
      buf[1234] = buf[1234]! ^ 0xff;
      writeFileSync(join(dir, PDF), buf);
    },
    expected: [{ kind: 'altered', path: PDF }],
  },
  { name: 'a deleted payload file', tamper: (dir) => rmSync(join(dir, PDF)), expected: [{ kind: 'missing', path: PDF }, { kind: 'oxum', path: 'bag-info.txt' }] },
  {
    name: 'an added payload file',
    tamper: (dir) => writeFileSync(join(dir, 'data/文书/多出来的.txt'), 'x'),
    expected: [{ kind: 'extra', path: 'data/文书/多出来的.txt' }, { kind: 'oxum', path: 'bag-info.txt' }],
  },
  {
    name: 'a renamed payload file',
    tamper: (dir) => renameSync(join(dir, PDF), join(dir, 'data/文书/申请书-改名.pdf')),
    expected: [{ kind: 'extra', path: 'data/文书/申请书-改名.pdf' }, { kind: 'missing', path: PDF }],
  },
  {
    name: 'an edited bag-info.txt',
    tamper: (dir) => appendFileSync(join(dir, 'bag-info.txt'), 'Contact-Name: 某人\n'),
    expected: [{ kind: 'bad-tag', path: 'bag-info.txt' }],
  },
  {
    name: 'an edited manifest line',
    tamper: (dir) => {
      const file = join(dir, 'manifest-sha256.txt');
      const text = readFileSync(file, 'utf8');
      const line = text.split('\n').find((l) => l.endsWith(`  ${PDF}`))!;
      writeFileSync(file, text.replace(line, `${'0'.repeat(64)}  ${PDF}`));
    },
    expected: [{ kind: 'altered', path: PDF }, { kind: 'bad-tag', path: 'manifest-sha256.txt' }],
  },
  {
    name: 'a changed Payload-Oxum with the tag manifests rewritten to match',
    tamper: (dir) => {
      const info = readFileSync(join(dir, 'bag-info.txt'), 'utf8').replace(/Payload-Oxum: \d+\.(\d+)/, 'Payload-Oxum: 1.$1');
      writeFileSync(join(dir, 'bag-info.txt'), info);
      rmSync(join(dir, 'tagmanifest-sha256.txt'));
      rmSync(join(dir, 'tagmanifest-sha512.txt'));
    },
    expected: [{ kind: 'oxum', path: 'bag-info.txt' }],
  },
  {
    name: 'a broken bagit.txt',
    tamper: (dir) => writeFileSync(join(dir, 'bagit.txt'), 'BagIt-Version: 1.0\n'),
    expected: [{ kind: 'bad-declaration', path: 'bagit.txt' }, { kind: 'bad-tag', path: 'bagit.txt' }],
  },
];

const byKindPath = (a: Pick<BagFinding, 'kind' | 'path'>, b: Pick<BagFinding, 'kind' | 'path'>) => `${a.kind}|${a.path}`.localeCompare(`${b.kind}|${b.path}`);

describe('tamper detection', () => {
  it.each(tampers)('finds $name', async ({ tamper, expected }) => {
    const bag = await writeSample(tempDir(), tempDir());
    expect(await verifyBag(bag.dir)).toEqual([]);
    tamper(bag.dir);
    const findings = await verifyBag(bag.dir);
    expect(findings.map((f) => ({ kind: f.kind, path: f.path })).sort(byKindPath)).toEqual([...expected].sort(byKindPath));
    // Each message is Chinese and names the file.
    for (const f of findings) {
      expect(f.message).toMatch(/[\u4e00-\u9fff]/);
      expect(f.message).toContain(f.path);
    }
    // Import refuses a bag with any finding.
    const err = await readBag(bag.dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BagError);
    expect((err as BagError).findings).toEqual(findings);
  });

  it('rejects manifest paths that leave the bag', async () => {
    const bag = await writeSample(tempDir(), tempDir());
    appendFileSync(join(bag.dir, 'manifest-sha256.txt'), `${'a'.repeat(64)}  data/../../etc/passwd\n`);
    const findings = await verifyBag(bag.dir);
    expect(findings.some((f) => f.kind === 'bad-manifest' && f.message.includes('data/../../etc/passwd'))).toBe(true);
  });

  it('reports a folder that is not a bag', async () => {
    const dir = tempDir();
    expect((await verifyBag(dir)).map((f) => f.kind)).toEqual(['not-a-bag']);
    expect((await verifyBag(join(dir, 'nowhere'))).map((f) => f.kind)).toEqual(['not-a-bag']);
  });
});

function cli(...args: string[]) {
  const res = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'src/main/cli/index.ts'), ...args], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

describe('daiban archive verify', () => {
  it('exits 0 on a valid bag, 1 naming each damaged file, 2 on usage errors', async () => {
    const bag = await writeSample(tempDir(), tempDir());
    const ok = cli('archive', 'verify', bag.dir);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('档案包完好');

    rmSync(join(bag.dir, PDF));
    writeFileSync(join(bag.dir, 'data/新增.txt'), 'x');
    const bad = cli('archive', 'verify', bag.dir);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain(`缺少文件（清单中有，档案包中没有）：${PDF}`);
    expect(bad.stdout).toContain('多出的文件（清单中没有）：data/新增.txt');

    const json = cli('archive', 'verify', bag.dir, '--json');
    expect(json.code).toBe(1);
    const parsed = JSON.parse(json.stdout) as { valid: boolean; findings: BagFinding[] };
    expect(parsed.valid).toBe(false);
    expect(parsed.findings).toEqual(await verifyBag(bag.dir));

    for (const args of [['archive'], ['archive', 'verify'], ['archive', 'check', bag.dir], ['archive', 'verify', bag.dir, 'more']]) {
      const usage = cli(...args);
      expect(usage.code).toBe(2);
      expect(usage.stderr).toContain('用法: daiban archive verify');
    }
  });
});
