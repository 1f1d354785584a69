// The drive cannot take the bag: full disk, too little space up front, FAT32's 4 GiB limit.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { BagError, FAT_MAX_FILE, isFatFilesystem, writeBag } from '../../../src/main/platform/bagit/index.js';
import { useTempDirs } from '../../helpers/temp-dir.js';

const tempDir = useTempDirs();

/** Whether this process may mount a tmpfs (root on Linux). */
function canMountTmpfs(): boolean {
  if (process.platform !== 'linux') return false;
  const probe = tempDir();
  const ok = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', probe]).status === 0;
  if (ok) spawnSync('umount', [probe]);
  return ok;
}
const tmpfsWorks = canMountTmpfs();

async function onSmallTmpfs(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = tempDir();
  expect(spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', dir]).status).toBe(0);
  try {
    await fn(dir);
  } finally {
    spawnSync('umount', [dir]);
  }
}

async function* bytes(total: number): AsyncGenerator<Buffer> {
  for (let done = 0; done < total; done += 64 << 10) yield Buffer.alloc(Math.min(64 << 10, total - done), 3);
}

describe('a drive that cannot take the bag', () => {
  // Needs `mount -t tmpfs` (root); elsewhere these two are skipped rather than faked.
  it.skipIf(!tmpfsWorks)('ENOSPC while writing: a clear Chinese message, no final-named bag, .partial cleaned', async () => {
    await onSmallTmpfs(async (stick) => {
      // A stream of unknown size passes the up-front check and fills the disk while writing.
      const err = await writeBag(stick, '专属档案', { files: [{ path: '大.bin', source: Readable.from(bytes(3 << 20)) }] }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(BagError);
      expect((err as BagError).code).toBe('no-space');
      expect((err as BagError).message).toMatch(/目标磁盘空间已满.*未留下完整的档案包/);
      expect(readdirSync(stick)).toEqual([]);
    });
  });

  it.skipIf(!tmpfsWorks)('too little free space is refused before anything is written', async () => {
    await onSmallTmpfs(async (stick) => {
      const err = await writeBag(stick, '专属档案', { files: [{ path: '大.bin', source: Buffer.alloc(3 << 20) }] }).catch((e: unknown) => e);
      expect((err as BagError).code).toBe('no-space');
      expect((err as BagError).message).toMatch(/空间不足.*未写入任何内容/);
      expect(readdirSync(stick)).toEqual([]);
    });
  });

  it.skipIf(!tmpfsWorks)('a leftover .partial filling the stick is removed before free space is counted', async () => {
    await onSmallTmpfs(async (stick) => {
      mkdirSync(join(stick, '专属档案.partial', 'data'), { recursive: true });
      writeFileSync(join(stick, '专属档案.partial', 'data', 'old.bin'), Buffer.alloc(1536 << 10));
      const bag = await writeBag(stick, '专属档案', { files: [{ path: 'new.bin', source: Buffer.alloc(256 << 10) }] });
      expect(readdirSync(stick)).toEqual(['专属档案']);
      expect(bag.payloadBytes).toBe(256 << 10);
    });
  });

  it.skipIf(!tmpfsWorks)('a read-only drive (write-protect switch) is named as such', async () => {
    const stick = tempDir();
    expect(spawnSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=2m', 'tmpfs', stick]).status).toBe(0);
    try {
      const err = await writeBag(stick, '专属档案', { files: [{ path: 'a.txt', source: Buffer.from('a') }] }).catch((e: unknown) => e);
      expect((err as BagError).message).toMatch(/只读.*未留下完整的档案包/);
      expect(readdirSync(stick)).toEqual([]);
    } finally {
      spawnSync('umount', [stick]);
    }
  });

  it('a stick pulled mid-way (target folder gone) is named as such and leaves no bag', async () => {
    const parent = tempDir();
    const stick = join(parent, 'stick');
    mkdirSync(stick);
    let pulled = false;
    const err = await writeBag(stick, '专属档案', { files: [{ path: 'a.bin', source: Readable.from(bytes(1 << 20)) }, { path: 'b.txt', source: Buffer.from('b') }] }, {
      onProgress: () => {
        if (!pulled) rmSync(stick, { recursive: true, force: true });
        pulled = true;
      },
    }).catch((e: unknown) => e);
    expect((err as BagError).message).toMatch(/目标文件夹不见了.*未留下完整的档案包/);
    expect(existsSync(join(stick, '专属档案'))).toBe(false);
  });

  it('detects FAT from the mount table, by the longest mount point holding the folder', async () => {
    const dir = realpathSync(tempDir());
    const stick = join(dir, 'U 盘');
    mkdirSync(stick);
    const escaped = stick.replace(/ /g, '\\040');
    const table = `/dev/vda / ext4 rw 0 0\n/dev/sdb1 ${escaped} vfat rw,uid=1000 0 0\n`;
    expect(await isFatFilesystem(stick, table)).toBe(true);
    expect(await isFatFilesystem(dir, table)).toBe(false);
    expect(await isFatFilesystem(stick, `/dev/vda / ext4 rw 0 0\n/dev/sdb1 ${escaped} exfat rw 0 0\n`)).toBe(false);
    expect(await isFatFilesystem(stick, '')).toBe(null);
  });

  it('refuses a file over 4 GiB up front when the target is FAT32, writing nothing', async () => {
    const target = realpathSync(tempDir());
    const work = tempDir();
    const sparse = join(work, 'big.bin');
    expect(spawnSync('truncate', ['-s', String(FAT_MAX_FILE + 1), sparse]).status).toBe(0);
    const table = `/dev/vda / ext4 rw 0 0\n/dev/sdb1 ${target} vfat rw 0 0\n`;
    const err = await writeBag(target, '专属档案', { files: [{ path: '录像.mp4', source: sparse }] }, { isFat: (d) => isFatFilesystem(d, table) }).catch((e: unknown) => e);
    expect((err as BagError).code).toBe('too-large-for-fat');
    expect((err as BagError).message).toContain('FAT32');
    expect((err as BagError).message).toContain('录像.mp4');
    expect(readdirSync(target)).toEqual([]);
  });
});
