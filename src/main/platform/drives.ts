// Removable drives (USB sticks, card readers) the 档案导出 dialog offers as targets. drivelist is
// native and loaded only when asked: a missing or broken build gives an empty list, and the
// dialog falls back to choosing a folder.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { freeBytes as diskFreeBytes, mountOf, parseMounts, type MountEntry } from './bagit/filesystem.js';

export type DriveFileSystem = 'fat32' | 'exfat' | 'ntfs' | 'other';

export interface ExportDrive {
  /** The mount point: "E:\\" on Windows, "/media/user/U盘" on Linux. */
  path: string;
  /** The volume label, else the device description. */
  label: string;
  /** The device, e.g. "SanDisk Cruzer Blade USB Device". */
  description: string;
  /** Size of the whole device in bytes, when known. */
  sizeBytes: number | null;
  /** Free bytes on this volume; null when it could not be read. */
  freeBytes: number | null;
  /** From /proc/mounts on Linux; null where unknown (Windows). */
  fileSystem: DriveFileSystem | null;
  readOnly: boolean;
}

/** The fields of a drivelist `Drive` used here (its d.ts types some of them as null only). */
export interface DrivelistDrive {
  description: string;
  device: string;
  size: number | null;
  mountpoints: Array<{ path: string; label?: string | null }>;
  isReadOnly: boolean;
  isRemovable: boolean;
  isSystem: boolean;
  isUSB: boolean | null;
  isCard?: boolean | null;
  isVirtual: boolean | null;
}

const FS_TYPES: Record<string, DriveFileSystem> = {
  vfat: 'fat32',
  msdos: 'fat32',
  fat: 'fat32',
  exfat: 'exfat',
  ntfs: 'ntfs',
  ntfs3: 'ntfs',
};

/** "E:\\", "E:" or an absolute POSIX path; lsblk also reports "[SWAP]" as a mount point. */
const isMountPath = (p: string) => /^[A-Za-z]:\\?$/.test(p) || p.startsWith('/');

/**
 * The export targets in drivelist's output: every mount point of a removable, USB or card drive
 * that is not the system disk. Virtual drives (zram, mounted images) are left out unless on USB.
 * `mounts` (Linux /proc/mounts) gives the file system; without it the file system is null.
 * Pure: `freeBytes` is null here and filled in by listRemovableDrives.
 */
export function removableDrives(drives: readonly DrivelistDrive[], mounts?: readonly MountEntry[]): ExportDrive[] {
  const out: ExportDrive[] = [];
  const seen = new Set<string>();
  for (const d of drives) {
    if (d.isSystem) continue;
    if (!(d.isRemovable || d.isUSB === true || d.isCard === true)) continue;
    if (d.isVirtual === true && d.isUSB !== true) continue;
    for (const mp of d.mountpoints) {
      if (!isMountPath(mp.path) || seen.has(mp.path)) continue;
      seen.add(mp.path);
      const description = d.description.trim() || d.device;
      let fileSystem: DriveFileSystem | null = null;
      if (mounts) {
        const m = mountOf(mp.path, mounts);
        fileSystem = m && m.mountPoint === mp.path ? (FS_TYPES[m.fsType.toLowerCase()] ?? 'other') : null;
      }
      out.push({
        path: mp.path,
        label: mp.label?.trim() || description,
        description,
        sizeBytes: d.size,
        freeBytes: null,
        fileSystem,
        readOnly: d.isReadOnly,
      });
    }
  }
  return out;
}

export interface ListDrivesDeps {
  /** drivelist's list(); defaults to the native module, loaded on first use. */
  list?: () => Promise<DrivelistDrive[]>;
  freeBytes?: (dir: string) => Promise<number>;
  /** /proc/mounts text; defaults to reading it on Linux. */
  mountsText?: () => Promise<string | undefined>;
}

/**
 * The removable drives on this machine for the export dialog. Never throws: when drivelist
 * cannot be loaded or fails, the list is empty and the dialog asks for a folder instead.
 */
export async function listRemovableDrives(deps: ListDrivesDeps = {}): Promise<ExportDrive[]> {
  try {
    const drives = await (deps.list ?? nativeList)();
    const text = await (deps.mountsText ?? procMounts)().catch(() => undefined);
    const found = removableDrives(drives, text === undefined ? undefined : parseMounts(text));
    const free = deps.freeBytes ?? diskFreeBytes;
    return await Promise.all(found.map(async (d) => ({ ...d, freeBytes: await free(d.path).catch(() => null) })));
  } catch {
    return [];
  }
}

async function procMounts(): Promise<string | undefined> {
  if (process.platform !== 'linux') return undefined;
  return readFile('/proc/mounts', 'utf8').catch(() => undefined);
}

/**
 * drivelist through createRequire: not bundled (it loads its .node file at run time), and a
 * failure to load stays inside the call. __filename in the Electron CJS bundle, import.meta.url under ESM.
 */
function nativeList(): Promise<DrivelistDrive[]> {
  const url: string | undefined = typeof __filename === 'string' ? pathToFileURL(__filename).href : import.meta.url;
  const require = createRequire(url ?? pathToFileURL(join(process.cwd(), 'index.js')).href);
  const drivelist = require('drivelist') as { list(): Promise<DrivelistDrive[]> };
  return drivelist.list();
}
