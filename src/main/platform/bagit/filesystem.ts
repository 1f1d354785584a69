// What the target drive can take: free space, and whether it is FAT (no file of 4 GiB or more).
import checkDiskSpace from 'check-disk-space';
import { open, readFile, realpath } from 'node:fs/promises';
import { resolve } from 'node:path';

/** FAT32 stores a file's size in 32 bits: the largest file is 4 GiB − 1 byte. */
export const FAT_MAX_FILE = 2 ** 32 - 1;

export interface MountEntry {
  mountPoint: string;
  fsType: string;
}

/** Parses /proc/mounts (space-separated, with octal escapes such as \040 for a space). */
export function parseMounts(text: string): MountEntry[] {
  const unescape = (s: string) => s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));
  return text
    .split('\n')
    .map((l) => l.split(' '))
    .filter((f) => f.length >= 3)
    .map((f) => ({ mountPoint: unescape(f[1]!), fsType: f[2]! }));
}

/** The mount that holds `path` (the longest mount point that is a prefix of it). */
export function mountOf(path: string, mounts: readonly MountEntry[]): MountEntry | undefined {
  let best: MountEntry | undefined;
  for (const m of mounts) {
    const mp = m.mountPoint.endsWith('/') ? m.mountPoint : `${m.mountPoint}/`;
    if ((path === m.mountPoint || `${path}/`.startsWith(mp)) && (!best || m.mountPoint.length >= best.mountPoint.length)) best = m;
  }
  return best;
}

const FAT_TYPES = new Set(['vfat', 'msdos', 'fat', 'umsdos']);

/**
 * Whether `dir` lies on a FAT file system. Linux: its mount in /proc/mounts (`mountsText` lets a
 * test pass a fake table). Other systems: unknown (null) — Windows tells the type only through
 * tools we do not want to spawn (fsutil needs admin, wmic is gone); there a too-large file fails
 * while writing (EFBIG/ENOSPC) and the error message names the FAT limit.
 */
export async function isFatFilesystem(dir: string, mountsText?: string): Promise<boolean | null> {
  let text = mountsText;
  if (text === undefined) {
    if (process.platform !== 'linux') return null;
    text = await readFile('/proc/mounts', 'utf8').catch(() => undefined);
    if (text === undefined) return null;
  }
  const real = await realpath(resolve(dir)).catch(() => resolve(dir));
  const m = mountOf(real, parseMounts(text));
  return m ? FAT_TYPES.has(m.fsType) : null;
}

export async function freeBytes(dir: string): Promise<number> {
  return (await checkDiskSpace(resolve(dir))).free;
}

/** fsync on a directory makes its entries durable (Linux/macOS); Windows cannot open a directory for it. */
export async function fsyncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** Sizes in the messages people read. */
export const mib = (n: number) => `${(n / 2 ** 20).toFixed(1)} MB`;
export const gib = (n: number) => `${(n / 2 ** 30).toFixed(2)} GB`;
