// A bag written, read back and checked by independent tools (coreutils, the Python reference).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readBag, verifyBag, writeBag, BagError, parseTags } from '../../../src/main/platform/bagit/index.js';
import { useTempDirs } from '../../helpers/temp-dir.js';
import { sampleFiles, writeSample } from './bag-helpers.js';

const tempDir = useTempDirs();
const hasPythonBagit = spawnSync('python3', ['-c', 'import bagit'], { encoding: 'utf8' }).status === 0;

describe('bag round trip', () => {
  it('writes a valid bag with Chinese names and nested folders, and reads it back', async () => {
    const target = tempDir();
    const work = tempDir();
    const bag = await writeSample(target, work);
    expect(readdirSync(target)).toEqual(['专属档案-350102-2026-0001']);
    expect(await verifyBag(bag.dir)).toEqual([]);

    const read = await readBag(bag.dir);
    const inputs = sampleFiles(tempDir());
    expect(read.files.map((f) => f.path).sort()).toEqual(inputs.map((f) => `data/${f.path}`).sort());
    for (const f of bag.files) {
      expect(readFileSync(join(bag.dir, f.path)).length).toBe(f.size);
      expect(read.files.find((r) => r.path === f.path)?.digests).toEqual({ sha256: f.sha256, sha512: f.sha512 });
    }
    const info = Object.fromEntries(read.info.map((t) => [t.name, t.value]));
    expect(info['Payload-Oxum']).toBe(`${bag.payloadBytes}.${bag.files.length}`);
    expect(info['Bagging-Date']).toBe('2026-03-01');
    expect(info['Source-Organization']).toBe('福州市鼓楼区代办服务中心');
    // The long field was folded and unfolds to the same value.
    const infoText = readFileSync(join(bag.dir, 'bag-info.txt'), 'utf8');
    expect(infoText.split('\n').some((l) => l.startsWith(' '))).toBe(true);
    expect(info['External-Description']).toBe('专属档案 '.repeat(30).trim());
    expect(readFileSync(join(bag.dir, 'bagit.txt'), 'utf8')).toBe('BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n');
    expect(parseTags(infoText).bad).toEqual([]);
  });

  it('reports progress while writing and while reading back, ending at the payload size', async () => {
    const phases: Array<{ phase: string; bytesDone: number }> = [];
    const bag = await writeBag(tempDir(), 'bag', { files: sampleFiles(tempDir()) }, { onProgress: (p) => phases.push({ phase: p.phase, bytesDone: p.bytesDone }) });
    const last = (phase: string) => phases.filter((p) => p.phase === phase).at(-1)?.bytesDone;
    expect(last('writing')).toBe(bag.payloadBytes);
    expect(last('verifying')).toBe(bag.payloadBytes);
    expect(phases.at(-1)).toEqual({ phase: 'done', bytesDone: bag.payloadBytes });
  });

  it('passes sha256sum -c and sha512sum -c from inside the bag (payload and tag manifests)', async () => {
    const bag = await writeSample(tempDir(), tempDir());
    for (const file of ['manifest-sha256.txt', 'manifest-sha512.txt', 'tagmanifest-sha256.txt', 'tagmanifest-sha512.txt']) {
      const tool = file.includes('512') ? 'sha512sum' : 'sha256sum';
      const res = spawnSync(tool, ['-c', '--strict', file], { cwd: bag.dir, encoding: 'utf8' });
      expect(res.stderr).toBe('');
      expect(res.status).toBe(0);
    }
  });

  it.skipIf(!hasPythonBagit)('is valid for the Python reference (bagit-python)', async () => {
    // Skipped when `python3 -c "import bagit"` fails: the module is not installed here and the
    // brief forbids pip install.
    const bag = await writeSample(tempDir(), tempDir());
    const res = spawnSync('python3', ['-c', 'import bagit,sys; bagit.Bag(sys.argv[1]).validate(); print("ok")', bag.dir], { encoding: 'utf8' });
    expect(res.stderr).toBe('');
    expect(res.stdout.trim()).toBe('ok');
  });

  it('renames unsafe and clashing names and says so in the result', async () => {
    const bag = await writeBag(tempDir(), 'bag', {
      files: [
        { path: 'a/CON.txt', source: Buffer.from('1') },
        { path: 'a/con.TXT', source: Buffer.from('2') },
        { path: 'b/问:题?.txt ', source: Buffer.from('3') },
      ],
    });
    expect(bag.files.map((f) => f.path)).toEqual(['data/a/_CON.txt', 'data/a/_con (2).TXT', 'data/b/问_题_.txt']);
    expect(await verifyBag(bag.dir)).toEqual([]);
  });

  it('percent-encodes % in manifest paths (RFC 8493) and reads them back', async () => {
    const bag = await writeBag(tempDir(), 'bag', { files: [{ path: '完成率100%.txt', source: Buffer.from('x') }] });
    expect(readFileSync(join(bag.dir, 'manifest-sha256.txt'), 'utf8')).toMatch(/^[0-9a-f]{64} {2}data\/完成率100%25\.txt\n$/);
    expect(await verifyBag(bag.dir)).toEqual([]);
    expect((await readBag(bag.dir)).files.map((f) => f.path)).toEqual(['data/完成率100%.txt']);
  });

  it('refuses a target that already has a bag of that name, changing nothing', async () => {
    const target = tempDir();
    const first = await writeSample(target, tempDir());
    const before = readFileSync(join(first.dir, 'manifest-sha256.txt'), 'utf8');
    const err = await writeSample(target, tempDir()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BagError);
    expect((err as BagError).code).toBe('exists');
    expect((err as BagError).message).toContain('已有同名档案包');
    expect(readFileSync(join(first.dir, 'manifest-sha256.txt'), 'utf8')).toBe(before);
    expect(existsSync(`${first.dir}.partial`)).toBe(false);
  });

  it('refuses bag-info fields the engine owns and values with line breaks, writing nothing', async () => {
    const target = tempDir();
    for (const info of [{ 'Payload-Oxum': '1.1' }, { Note: '第一行\n第二行' }] as Array<Record<string, string>>) {
      const err = await writeBag(target, 'bag', { files: [], info }).catch((e: unknown) => e);
      expect((err as BagError).code).toBe('bad-input');
    }
    expect(readdirSync(target)).toEqual([]);
  });
});
