// Which drives the 档案导出 dialog offers: drivelist's output as seen on Windows and Linux machines.
import type { Drive } from 'drivelist';
import { describe, expect, it } from 'vitest';
import { parseMounts } from '../../src/main/platform/bagit/filesystem.js';
import { listRemovableDrives, removableDrives, type DrivelistDrive } from '../../src/main/platform/drives.js';

// drivelist's own type fits the input (checked by the type checker).
export const fromDrivelist = (d: Drive): DrivelistDrive => d;

const base = { busVersion: null, devicePath: null, error: null, blockSize: 512, logicalBlockSize: 512, isUAS: null, partitionTableType: null };

const WINDOWS: DrivelistDrive[] = [
  {
    ...base,
    enumerator: 'SCSI',
    busType: 'NVME',
    device: '\\\\.\\PhysicalDrive0',
    raw: '\\\\.\\PhysicalDrive0',
    description: 'Samsung SSD 970 EVO Plus 500GB',
    size: 500107862016,
    mountpoints: [{ path: 'C:\\', label: null }, { path: 'D:\\', label: '数据' }],
    isReadOnly: false,
    isSystem: true,
    isVirtual: false,
    isRemovable: false,
    isCard: false,
    isSCSI: true,
    isUSB: false,
  } as DrivelistDrive,
  {
    ...base,
    enumerator: 'USBSTOR',
    busType: 'USB',
    device: '\\\\.\\PhysicalDrive1',
    raw: '\\\\.\\PhysicalDrive1',
    description: 'Kingston DataTraveler 3.0 USB Device',
    size: 15502147584,
    mountpoints: [{ path: 'E:\\', label: 'KINGSTON' }],
    isReadOnly: false,
    isSystem: false,
    isVirtual: false,
    isRemovable: true,
    isCard: false,
    isSCSI: false,
    isUSB: true,
  } as DrivelistDrive,
  {
    // A USB card reader with no card in it.
    ...base,
    enumerator: 'USBSTOR',
    busType: 'USB',
    device: '\\\\.\\PhysicalDrive2',
    raw: '\\\\.\\PhysicalDrive2',
    description: 'Generic- SD/MMC USB Device',
    size: null,
    mountpoints: [],
    isReadOnly: false,
    isSystem: false,
    isVirtual: false,
    isRemovable: true,
    isCard: false,
    isSCSI: false,
    isUSB: true,
  } as DrivelistDrive,
  {
    // The laptop's built-in SD slot, card without a label.
    ...base,
    enumerator: 'SD',
    busType: 'SD',
    device: '\\\\.\\PhysicalDrive3',
    raw: '\\\\.\\PhysicalDrive3',
    description: 'SDHC Card',
    size: 31914983424,
    mountpoints: [{ path: 'F:\\', label: null }],
    isReadOnly: true,
    isSystem: false,
    isVirtual: false,
    isRemovable: true,
    isCard: true,
    isSCSI: false,
    isUSB: false,
  } as DrivelistDrive,
  {
    // A mounted ISO image.
    ...base,
    enumerator: 'SCSI',
    busType: 'FILE BACKED VIRTUAL',
    device: '\\\\.\\PhysicalDrive4',
    raw: '\\\\.\\PhysicalDrive4',
    description: 'Microsoft Virtual DVD-ROM',
    size: 4700000000,
    mountpoints: [{ path: 'G:\\', label: 'INSTALL' }],
    isReadOnly: true,
    isSystem: false,
    isVirtual: true,
    isRemovable: true,
    isCard: false,
    isSCSI: false,
    isUSB: false,
  } as DrivelistDrive,
];

// What drivelist 12 makes of `lsblk --json` on Ubuntu with a USB stick, a USB disk and an SD card.
const LINUX: DrivelistDrive[] = [
  {
    ...base,
    enumerator: 'lsblk:json',
    busType: 'NVME',
    device: '/dev/nvme0n1',
    raw: '/dev/nvme0n1',
    description: 'Samsung SSD 980 (/boot/efi, /, [SWAP])',
    size: 1000204886016,
    mountpoints: [{ path: '/boot/efi', label: null }, { path: '/', label: null }, { path: '[SWAP]', label: null }],
    isReadOnly: false,
    isSystem: true,
    isVirtual: false,
    isRemovable: false,
    isCard: null,
    isSCSI: false,
    isUSB: false,
  } as DrivelistDrive,
  {
    ...base,
    enumerator: 'lsblk:json',
    busType: 'UNKNOWN',
    device: '/dev/zram0',
    raw: '/dev/zram0',
    description: '',
    size: null,
    mountpoints: [{ path: '[SWAP]', label: null }],
    isReadOnly: false,
    isSystem: false,
    isVirtual: true,
    isRemovable: true,
    isCard: null,
    isSCSI: null,
    isUSB: null,
  } as DrivelistDrive,
  {
    ...base,
    enumerator: 'lsblk:json',
    busType: 'USB',
    device: '/dev/sdb',
    raw: '/dev/sdb',
    description: 'SanDisk Cruzer Blade (U盘)',
    size: 32015679488,
    mountpoints: [{ path: '/media/user/U盘', label: 'U盘' }],
    isReadOnly: false,
    isSystem: false,
    isVirtual: false,
    isRemovable: true,
    isCard: null,
    isSCSI: false,
    isUSB: true,
  } as DrivelistDrive,
  {
    // A USB hard disk: not "removable" media (rm=0) but on USB, two partitions, one unmounted.
    ...base,
    enumerator: 'lsblk:json',
    busType: 'USB',
    device: '/dev/sdc',
    raw: '/dev/sdc',
    description: 'WD Elements 25A2 (Backup Disk)',
    size: 2000365289472,
    mountpoints: [{ path: '/media/user/Backup Disk', label: 'Backup Disk' }],
    isReadOnly: false,
    isSystem: false,
    isVirtual: false,
    isRemovable: true,
    isCard: null,
    isSCSI: false,
    isUSB: true,
  } as DrivelistDrive,
  {
    // The built-in card reader: no transport (isUSB null), rm=1.
    ...base,
    enumerator: 'lsblk:json',
    busType: 'UNKNOWN',
    device: '/dev/mmcblk0',
    raw: '/dev/mmcblk0',
    description: '(/media/user/3861-6231)',
    size: 31914983424,
    mountpoints: [{ path: '/media/user/3861-6231', label: null }],
    isReadOnly: false,
    isSystem: false,
    isVirtual: false,
    isRemovable: true,
    isCard: null,
    isSCSI: null,
    isUSB: null,
  } as DrivelistDrive,
  {
    // A stick plugged in but not mounted.
    ...base,
    enumerator: 'lsblk:json',
    busType: 'USB',
    device: '/dev/sdd',
    raw: '/dev/sdd',
    description: 'Generic Flash Disk',
    size: 8053063680,
    mountpoints: [],
    isReadOnly: false,
    isSystem: false,
    isVirtual: false,
    isRemovable: true,
    isCard: null,
    isSCSI: false,
    isUSB: true,
  } as DrivelistDrive,
];

const PROC_MOUNTS = [
  '/dev/nvme0n1p2 / ext4 rw,relatime,errors=remount-ro 0 0',
  '/dev/nvme0n1p1 /boot/efi vfat rw,relatime,fmask=0077,dmask=0077 0 0',
  '/dev/sdb1 /media/user/U盘 exfat rw,nosuid,nodev,relatime,uid=1000,gid=1000,fmask=0022,dmask=0022,iocharset=utf8,errors=remount-ro 0 0',
  '/dev/sdc1 /media/user/Backup\\040Disk ntfs3 rw,nosuid,nodev,relatime,uid=1000,gid=1000,iocharset=utf8 0 0',
  '/dev/mmcblk0p1 /media/user/3861-6231 vfat rw,nosuid,nodev,relatime,uid=1000,gid=1000,fmask=0022,dmask=0022,codepage=437,iocharset=iso8859-1,shortname=mixed,showexec,utf8,flush,errors=remount-ro 0 0',
  '',
].join('\n');

describe('removableDrives (pure mapping of drivelist output)', () => {
  it('Windows: the USB stick and the card, not the system disk, the empty reader or a mounted image', () => {
    expect(removableDrives(WINDOWS)).toEqual([
      { path: 'E:\\', label: 'KINGSTON', description: 'Kingston DataTraveler 3.0 USB Device', sizeBytes: 15502147584, freeBytes: null, fileSystem: null, readOnly: false },
      { path: 'F:\\', label: 'SDHC Card', description: 'SDHC Card', sizeBytes: 31914983424, freeBytes: null, fileSystem: null, readOnly: true },
    ]);
  });

  it('Linux: file systems from /proc/mounts (exFAT stick, NTFS disk with a space, FAT32 card)', () => {
    expect(removableDrives(LINUX, parseMounts(PROC_MOUNTS))).toEqual([
      { path: '/media/user/U盘', label: 'U盘', description: 'SanDisk Cruzer Blade (U盘)', sizeBytes: 32015679488, freeBytes: null, fileSystem: 'exfat', readOnly: false },
      { path: '/media/user/Backup Disk', label: 'Backup Disk', description: 'WD Elements 25A2 (Backup Disk)', sizeBytes: 2000365289472, freeBytes: null, fileSystem: 'ntfs', readOnly: false },
      { path: '/media/user/3861-6231', label: '(/media/user/3861-6231)', description: '(/media/user/3861-6231)', sizeBytes: 31914983424, freeBytes: null, fileSystem: 'fat32', readOnly: false },
    ]);
  });

  it('without a mount table (or a mount point missing from it) the file system is unknown', () => {
    expect(removableDrives(LINUX).map((d) => d.fileSystem)).toEqual([null, null, null]);
    const onlyRoot = parseMounts('/dev/nvme0n1p2 / ext4 rw 0 0\n');
    expect(removableDrives(LINUX, onlyRoot).map((d) => d.fileSystem)).toEqual([null, null, null]);
    const other = parseMounts('/dev/sdb1 /media/user/U盘 fuseblk rw 0 0\n');
    expect(removableDrives(LINUX, other)[0]!.fileSystem).toBe('other');
  });

  it('a drive with no description is named by its device; a mount point is listed once', () => {
    const stick = { ...LINUX[2]!, description: '  ', mountpoints: [{ path: '/media/user/STICK', label: null }, { path: '/media/user/STICK', label: null }] };
    expect(removableDrives([stick])).toEqual([
      { path: '/media/user/STICK', label: '/dev/sdb', description: '/dev/sdb', sizeBytes: 32015679488, freeBytes: null, fileSystem: null, readOnly: false },
    ]);
    expect(removableDrives([])).toEqual([]);
  });
});

describe('listRemovableDrives', () => {
  it('returns an array on this machine without throwing (real drivelist)', async () => {
    const drives = await listRemovableDrives();
    expect(Array.isArray(drives)).toBe(true);
    for (const d of drives) expect(typeof d.path).toBe('string');
  });

  it('fills in free space per volume, null where it cannot be read', async () => {
    const drives = await listRemovableDrives({
      list: () => Promise.resolve(LINUX),
      mountsText: () => Promise.resolve(PROC_MOUNTS),
      freeBytes: (dir) => (dir === '/media/user/U盘' ? Promise.resolve(12_345_678) : Promise.reject(new Error('EIO'))),
    });
    expect(drives.map((d) => [d.path, d.freeBytes, d.fileSystem])).toEqual([
      ['/media/user/U盘', 12_345_678, 'exfat'],
      ['/media/user/Backup Disk', null, 'ntfs'],
      ['/media/user/3861-6231', null, 'fat32'],
    ]);
  });

  it('gives an empty list when drivelist fails or cannot be loaded', async () => {
    expect(await listRemovableDrives({ list: () => Promise.reject(new Error('spawn lsblk ENOENT')) })).toEqual([]);
    expect(
      await listRemovableDrives({
        list: () => {
          throw new Error("Cannot find module 'drivelist'");
        },
      }),
    ).toEqual([]);
  });
});
