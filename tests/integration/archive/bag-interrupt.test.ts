// A run killed mid-way never leaves a folder with the final name; the next run starts clean.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { verifyBag, writeBag, type BagError } from '../../../src/main/platform/bagit/index.js';
import { useTempDirs } from '../../helpers/temp-dir.js';
import { sampleFiles } from './bag-helpers.js';

const tempDir = useTempDirs();
const root = join(import.meta.dirname, '../../..');
const NAME = '专属档案-中断';

describe('interrupted writes', () => {
  it('SIGKILL mid-way leaves only <name>.partial, and the next run removes it and succeeds', async () => {
    const target = tempDir();
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'fixtures/write-big-bag.ts'), target, NAME], { cwd: root });
    let output = '';
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    // Kill once at least 32 MiB of the 4 GiB payload are written.
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        output += d.toString('utf8');
        const last = /progress writing (\d+)\n$/.exec(output);
        if (last && Number(last[1]) >= 32 << 20) resolve();
      });
      child.stderr.on('data', (d: Buffer) => (output += d.toString('utf8')));
      child.on('exit', () => reject(new Error(`child exited before it was killed: ${output}`)));
    });
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    expect(output).not.toContain('finished');
    expect(readdirSync(target)).toEqual([`${NAME}.partial`]);
    expect(existsSync(join(target, `${NAME}.partial`, 'data', '大文件.bin'))).toBe(true);

    const bag = await writeBag(target, NAME, { files: sampleFiles(tempDir()) });
    expect(readdirSync(target)).toEqual([NAME]);
    expect(await verifyBag(bag.dir)).toEqual([]);
  });

  it('a cancelled write (AbortSignal) leaves nothing behind', async () => {
    const target = tempDir();
    const controller = new AbortController();
    async function* endless(): AsyncGenerator<Buffer> {
      for (;;) yield Buffer.alloc(64 << 10, 1);
    }
    const err = await writeBag(target, NAME, { files: [{ path: 'x.bin', source: Readable.from(endless()) }] }, {
      signal: controller.signal,
      onProgress: (p) => {
        if (p.bytesDone >= 1 << 20) controller.abort();
      },
    }).catch((e: unknown) => e);
    expect((err as BagError).code).toBe('cancelled');
    expect((err as BagError).message).toContain('未留下完整的档案包');
    expect(readdirSync(target)).toEqual([]);
  });
});
