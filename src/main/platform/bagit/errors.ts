// Errors of the bag engine, in words for the person holding the USB stick.

export interface BagFinding {
  kind: 'not-a-bag' | 'bad-declaration' | 'bad-manifest' | 'missing' | 'extra' | 'altered' | 'bad-tag' | 'oxum' | 'unreadable' | 'unsupported';
  /** Path inside the bag ("data/…", "bag-info.txt"), or "" for the bag itself. */
  path: string;
  message: string;
}

export class BagError extends Error {
  constructor(
    message: string,
    readonly code: 'exists' | 'no-space' | 'too-large-for-fat' | 'io' | 'cancelled' | 'bad-input' | 'invalid-bag',
    readonly findings: BagFinding[] = [],
  ) {
    super(message);
    this.name = 'BagError';
  }
}

const NOT_LEFT = '未留下完整的档案包';

/** Turns a file-system error while writing into a Chinese message that says nothing finished was left. */
export function writeFailure(e: unknown, target: string): BagError {
  if (e instanceof BagError) return e;
  const code = (e as { code?: string }).code;
  const what: Record<string, string> = {
    ENOSPC: '目标磁盘空间已满',
    EDQUOT: '目标磁盘的配额已用完',
    EFBIG: '文件超出目标磁盘允许的大小（FAT32 格式的 U 盘单个文件不能达到 4 GB）',
    EIO: '读写目标磁盘时出错（U 盘可能已损坏或被拔出）',
    EROFS: '目标磁盘是只读的（U 盘可能有写保护开关）',
    ENOENT: '目标文件夹不见了（U 盘可能已被拔出）',
    ENODEV: '目标磁盘不见了（U 盘可能已被拔出）',
    ENXIO: '目标磁盘不见了（U 盘可能已被拔出）',
    EACCES: '没有写入目标文件夹的权限',
    EPERM: '没有写入目标文件夹的权限',
  };
  const message = (code && what[code]) ?? `写入时出错（${(e as Error).message ?? String(e)}）`;
  return new BagError(`${message}：${target}。${NOT_LEFT}。`, code === 'ENOSPC' || code === 'EDQUOT' ? 'no-space' : 'io');
}

export const notLeft = NOT_LEFT;
