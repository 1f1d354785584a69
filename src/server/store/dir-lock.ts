// One server per data folder. Embedded PGlite takes no lock of its own (its postmaster.pid always
// says -42 and is never checked), so two servers on one folder would both write and ruin it
// (electric-sql/pglite#1106). We hold `server.lock` in the folder: it appears atomically and complete
// (a hard link of a finished temp file), names this process, and goes away on close or exit. A lock
// whose process is gone (kill -9, a crash, a reboot) is taken over; a live holder is never touched.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';

export const LOCK_FILE = 'server.lock';

export interface DirLock {
  file: string;
  release(): void;
}

interface LockInfo {
  pid: number;
  hostname: string;
  token: string;
  startedAt: string;
  /** Linux only: the boot and the process start tick, so a reused pid is not taken for the holder. */
  bootId?: string;
  procStart?: string;
}

/** Folders (real paths) locked by this process, with their token, released on exit. */
const held = new Map<string, { file: string; token: string }>();
let exitHookInstalled = false;

export function acquireDirLock(dir: string): DirLock {
  const real = fs.realpathSync(dir);
  const file = path.join(dir, LOCK_FILE);
  if (held.has(real)) throw new Error(`数据目录 ${dir} 已被本进程中的另一个服务器打开，同一数据目录只能由一个服务器使用`);
  const mine: LockInfo = {
    pid: process.pid,
    hostname: os.hostname(),
    token: crypto.randomBytes(12).toString('hex'),
    startedAt: new Date().toISOString(),
    bootId: bootId(),
    procStart: procStart(process.pid),
  };
  const tmp = `${file}.${mine.token}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(mine));
  try {
    for (let attempt = 0; attempt < 5; attempt++) {
      if (createFrom(tmp, file)) {
        held.set(real, { file, token: mine.token });
        installExitHook();
        return {
          file,
          release: () => {
            if (held.get(real)?.token !== mine.token) return;
            held.delete(real);
            removeIfOurs(file, mine.token);
          },
        };
      }
      const raw = readOrNull(file);
      if (raw === null) continue; // released meanwhile: try again
      const holder = parseLock(raw);
      if (!holder) {
        // Unreadable: only a lock written by the non-link fallback can be caught half-written.
        if (ageMs(file) < 10_000) throw busy(dir, file, '另一个服务器正在启动');
      } else {
        const state = holderState(holder);
        if (state === 'elsewhere') {
          throw new Error(
            `数据目录 ${dir} 正被计算机 ${holder.hostname} 上的服务器使用（进程号 ${holder.pid}，${holder.startedAt} 启动）。` +
              `同一数据目录只能由一个服务器打开；如确认那台计算机上的服务器已经停止，请删除 ${file} 后再启动。`,
          );
        }
        if (state === 'alive') throw busy(dir, file, `进程号 ${holder.pid}，${holder.startedAt} 启动`);
      }
      takeOver(dir, file, raw);
    }
    throw busy(dir, file, '多次尝试仍未取得数据目录锁');
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

function busy(dir: string, file: string, detail: string): Error {
  return new Error(
    `数据目录 ${dir} 正被另一个服务器使用（${detail}）。同一数据目录只能由一个服务器打开：请先停止那个服务器；` +
      `如确认没有服务器在运行，请删除 ${file} 后再启动。`,
  );
}

/** Atomic create: the lock appears complete or not at all. Falls back to an exclusive write where hard links are not supported. */
function createFrom(tmp: string, file: string): boolean {
  try {
    fs.linkSync(tmp, file);
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw err;
  }
  try {
    fs.writeFileSync(file, fs.readFileSync(tmp), { flag: 'wx' });
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
}

/**
 * Move a dead holder's lock aside. If two servers start on one crashed folder at once, the slower
 * one may move the faster one's fresh lock instead: it notices (the content differs), puts it back
 * and refuses.
 */
function takeOver(dir: string, file: string, staleRaw: string): void {
  const aside = `${file}.stale-${process.pid}-${crypto.randomBytes(4).toString('hex')}`;
  try {
    fs.renameSync(file, aside);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  const moved = readOrNull(aside);
  if (moved !== staleRaw) {
    try {
      fs.linkSync(aside, file);
    } catch {
      /* a third starter got in; it holds the folder now */
    }
    fs.rmSync(aside, { force: true });
    throw busy(dir, file, '另一个服务器正在同时启动');
  }
  fs.rmSync(aside, { force: true });
}

function holderState(h: LockInfo): 'alive' | 'dead' | 'elsewhere' {
  if (h.hostname !== os.hostname()) return 'elsewhere';
  const boot = bootId();
  if (h.bootId && boot && h.bootId !== boot) return 'dead';
  // Our own pid on a lock this process does not hold: a previous run (a container's pid 1, say).
  if (h.pid === process.pid) return 'dead';
  if (!processAlive(h.pid)) return 'dead';
  const start = procStart(h.pid);
  if (h.procStart && start && h.procStart !== start) return 'dead'; // the pid was reused
  return 'alive';
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function bootId(): string | undefined {
  try {
    return fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

/** Field 22 of /proc/PID/stat (start time in clock ticks since boot); undefined off Linux. */
function procStart(pid: number): string | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

function parseLock(raw: string): LockInfo | null {
  try {
    const v = JSON.parse(raw) as Partial<LockInfo>;
    if (typeof v.pid === 'number' && Number.isInteger(v.pid) && v.pid > 0 && typeof v.hostname === 'string' && typeof v.token === 'string') {
      return { startedAt: '', ...v } as LockInfo;
    }
  } catch {
    /* unreadable */
  }
  return null;
}

function readOrNull(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

function ageMs(file: string): number {
  try {
    return Date.now() - fs.statSync(file).mtimeMs;
  } catch {
    return Infinity;
  }
}

function removeIfOurs(file: string, token: string): void {
  const raw = readOrNull(file);
  if (raw !== null && parseLock(raw)?.token === token) fs.rmSync(file, { force: true });
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // A process that exits without closing its store (process.exit after a failure) leaves no lock behind.
  process.on('exit', () => {
    for (const { file, token } of held.values()) removeIfOurs(file, token);
    held.clear();
  });
}
