// Writing a bag so that a folder with the final name is always a complete, verified bag:
// everything goes to "<name>.partial", is fsynced and read back, and only then renamed.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { chinaDate, systemClock, type Clock } from '../clock.js';
import { BagError, notLeft, writeFailure } from './errors.js';
import { FAT_MAX_FILE, freeBytes, fsyncDir, gib, isFatFilesystem, mib } from './filesystem.js';
import { safeName, safeRelativePaths, MAX_RELATIVE_PATH, type SafePath } from './names.js';
import { ALGORITHMS, bagitDeclaration, manifestText, payloadOxum, tagLine, type Algorithm } from './tagfiles.js';
import { HashWorkers } from './parallel-hash.js';
import { verifyBag } from './verify.js';

export interface BagFile {
  /** Path under data/, "/"-separated; made safe for FAT/Windows by safeRelativePaths. */
  path: string;
  /**
   * The content: bytes, the path of a file to copy, a stream, or a loader called when the file's
   * turn comes (so a big payload is read once and never held in memory all at once; a loader may
   * also make a file from what was written before it, such as a report over the other files).
   */
  source: Buffer | string | Readable | (() => Promise<LoadedFile>);
  /** Size of a stream or loader source when known (counted in the free-space check). */
  size?: number;
  /**
   * The content's SHA-256 when the caller has it. Writing then hashes only SHA-512, and the read
   * back against the manifest proves the bytes on the drive are the ones the caller hashed.
   */
  sha256?: string;
  /**
   * A loader that must run only after every file before it is written (a report over their
   * digests). Other loaders run while the previous file is being written, so each may be called
   * before the previous file's bytes are released: a loader reusing buffers needs two.
   */
  afterPrevious?: boolean;
}

/** What a loader gives: the bytes, and their SHA-256 when the loader computed it anyway. */
export interface LoadedFile {
  bytes: Buffer;
  sha256?: string;
}

export interface BagProgress {
  phase: 'writing' | 'verifying' | 'done';
  file?: string;
  bytesDone: number;
  /** Known payload bytes (streams without `size` are not counted). */
  bytesTotal: number;
}

export interface WriteBagOptions {
  onProgress?: (p: BagProgress) => void;
  signal?: AbortSignal;
  clock?: Clock;
  /** Bag-Software-Agent. */
  agent?: string;
  /** The drive's file-system check; tests pass a fake mount table here. */
  isFat?: (dir: string) => Promise<boolean | null>;
  /** Free bytes on the drive; defaults to check-disk-space. */
  freeBytes?: (dir: string) => Promise<number>;
  /** Each payload file once it is written, with its digests (before the read back). */
  onFileWritten?: (f: WrittenBag['files'][number]) => void;
}

export interface WrittenBag {
  dir: string;
  /** Every payload file: the caller's path, the path in the bag ("data/…"), size and digests. */
  files: Array<{ from: string; path: string; size: number; sha256: string; sha512: string }>;
  payloadBytes: number;
}

/** Space kept free beyond payload and tag files: directory entries, FAT clusters, the file system's own needs. */
const MARGIN_BYTES = 1 << 20;
const CHUNK = 1 << 20;
export const DEFAULT_AGENT = 'Daiban Desk (代办帮办工作台)';

/** Fields the engine writes itself; a caller may not set them. */
const OWN_FIELDS = new Set(['bagging-date', 'payload-oxum', 'bag-software-agent']);

/**
 * Writes `<targetDir>/<bagName>` as a BagIt 1.0 bag (sha256 and sha512 manifests and tag
 * manifests). A leftover "<bagName>.partial" from a killed run is removed and the bag written
 * anew (sources are streams, so there is nothing safe to resume from); an existing bag is refused.
 */
export async function writeBag(
  targetDir: string,
  bagName: string,
  content: { files: AsyncIterable<BagFile> | Iterable<BagFile>; info?: Record<string, string> | (() => Record<string, string>) },
  options: WriteBagOptions = {},
): Promise<WrittenBag> {
  if (safeName(bagName) !== bagName || bagName.endsWith('.partial')) throw new BagError(`档案包名称不能用作 U 盘上的文件夹名：${bagName}`, 'bad-input');
  // Fields given as a function are read after the payload is written (they may describe it).
  const infoOf = typeof content.info === 'function' ? content.info : null;
  let infoLines = bagInfoLines(typeof content.info === 'function' ? {} : (content.info ?? {}));
  const targetStat = await stat(targetDir).catch(() => null);
  if (!targetStat?.isDirectory()) throw new BagError(`目标文件夹不存在：${targetDir}（U 盘是否已插好？）`, 'bad-input');
  const finalDir = join(targetDir, bagName);
  const partialDir = `${finalDir}.partial`;
  if (await stat(finalDir).catch(() => null)) throw new BagError(`目标位置已有同名档案包：${finalDir}，不会覆盖。请换一个位置或先移走它。`, 'exists');

  // The descriptors are small: collect them to know names and sizes before writing anything.
  const entries: BagFile[] = [];
  for await (const f of content.files) entries.push(f);
  const room = MAX_RELATIVE_PATH - bagName.length - '/data/'.length;
  let names: SafePath[];
  try {
    names = safeRelativePaths(entries.map((e) => e.path), room);
  } catch (e) {
    throw new BagError((e as Error).message, 'bad-input');
  }
  const sizes = await Promise.all(entries.map((e) => sizeOf(e)));
  const payloadKnown = sizes.reduce<number>((n, s) => n + (s ?? 0), 0);

  // A leftover from a killed run is garbage; removed first so its bytes count as free.
  await rm(partialDir, { recursive: true, force: true }).catch((e: unknown) => {
    throw writeFailure(e, partialDir);
  });
  const fat = await (options.isFat ?? isFatFilesystem)(targetDir);
  if (fat) {
    const big = entries.findIndex((_, i) => (sizes[i] ?? 0) > FAT_MAX_FILE);
    if (big >= 0) throw new BagError(`目标 U 盘是 FAT32 格式，单个文件不能达到 4 GB，而 ${entries[big]!.path} 有 ${gib(sizes[big]!)}。请把 U 盘格式化为 exFAT 或 NTFS 后再导出。未写入任何内容。`, 'too-large-for-fat');
  }
  // Tag files: two manifest lines per file (hex + path) plus fixed files; generous.
  const tagsEstimate = names.reduce((n, p) => n + 2 * (p.to.length * 3 + 200), 0) + infoLines.join('').length * 2 + 8192;
  const need = payloadKnown + tagsEstimate + MARGIN_BYTES;
  const free = await (options.freeBytes ?? freeBytes)(targetDir).catch(() => null);
  if (free !== null && free < need) {
    throw new BagError(`目标磁盘空间不足：需要约 ${mib(need)}，只剩 ${mib(free)}。未写入任何内容。`, 'no-space');
  }

  const clock = options.clock ?? systemClock;
  const progress = (p: BagProgress) => options.onProgress?.(p);
  const dirs = new Set<string>();
  const flushing = new FlushQueue();
  const hasher = new HashWorkers(1);
  try {
    // Never recursive above the bag: on a pulled stick that would recreate the mount point on the
    // system disk and write the archive there.
    await mkdir(partialDir);
    await mkdir(join(partialDir, 'data'));
    dirs.add(partialDir).add(join(partialDir, 'data'));
    const written: WrittenBag['files'] = [];
    let prefetched: Promise<LoadedFile> | null = null;
    let done = 0;
    for (const [i, entry] of entries.entries()) {
      const rel = `data/${names[i]!.to}`;
      const abs = join(partialDir, rel);
      const missing: string[] = [];
      for (let d = dirname(abs); !dirs.has(d); d = dirname(d)) missing.unshift(d);
      for (const d of missing) {
        await mkdir(d);
        dirs.add(d);
      }
      options.signal?.throwIfAborted();
      let source: Buffer | string | Readable;
      let known = entry.sha256;
      if (typeof entry.source === 'function') {
        const loaded = await (prefetched ?? entry.source());
        source = loaded.bytes;
        known ??= loaded.sha256;
      } else {
        source = entry.source;
      }
      prefetched = null;
      const writing = writePayload(abs, source, known, { signal: options.signal, flushing, hasher }, (n) => {
        done += n;
        progress({ phase: 'writing', file: rel, bytesDone: done, bytesTotal: payloadKnown });
      });
      // The next file loads while this one is written and hashed (its loader reads into another
      // buffer); one that describes what came before waits until that is written.
      const next = entries[i + 1];
      if (next && typeof next.source === 'function' && !next.afterPrevious) {
        prefetched = next.source();
        prefetched.catch(() => undefined);
      }
      const r = await writing;
      if (fat && r.size > FAT_MAX_FILE) throw new BagError(`目标 U 盘是 FAT32 格式，${entry.path} 超过 4 GB。${notLeft}。`, 'too-large-for-fat');
      const file = { from: entry.path, path: rel, size: r.size, sha256: r.sha256, sha512: r.sha512 };
      written.push(file);
      options.onFileWritten?.(file);
    }
    await flushing.drain();
    const payloadBytes = written.reduce((n, f) => n + f.size, 0);

    const tagDigests = new Map<string, Record<Algorithm, string>>();
    const writeTag = async (name: string, text: string) => {
      const buf = Buffer.from(text, 'utf8');
      await writeSynced(join(partialDir, name), buf);
      tagDigests.set(name, { sha256: digest('sha256', buf), sha512: digest('sha512', buf) });
    };
    await writeTag('bagit.txt', bagitDeclaration());
    for (const alg of ALGORITHMS) await writeTag(`manifest-${alg}.txt`, manifestText(written.map((f) => ({ path: f.path, digest: f[alg] }))));
    if (infoOf) infoLines = bagInfoLines(infoOf());
    await writeTag(
      'bag-info.txt',
      tagLine('Bagging-Date', chinaDate(clock.now())) +
        tagLine('Payload-Oxum', payloadOxum(payloadBytes, written.length)) +
        tagLine('Bag-Software-Agent', options.agent ?? DEFAULT_AGENT) +
        infoLines.join(''),
    );
    const tagNames = [...tagDigests.keys()];
    for (const alg of ALGORITHMS) {
      const text = manifestText(tagNames.map((n) => ({ path: n, digest: tagDigests.get(n)![alg] })));
      await writeSynced(join(partialDir, `tagmanifest-${alg}.txt`), Buffer.from(text, 'utf8'));
    }
    // Deepest first, so each directory's entry is durable in its parent.
    for (const d of [...dirs].sort((a, b) => b.length - a.length)) await fsyncDir(d);

    progress({ phase: 'verifying', bytesDone: 0, bytesTotal: payloadBytes });
    options.signal?.throwIfAborted();
    // Read back: SHA-256 of every payload file (each manifest came from the same bytes in one pass).
    const findings = await verifyBag(partialDir, { payloadAlgorithms: ['sha256'], onProgress: (bytesDone) => progress({ phase: 'verifying', bytesDone, bytesTotal: payloadBytes }) });
    if (findings.length > 0) {
      throw new BagError(`写入后读回校验未通过（U 盘可能有坏块）：\n${findings.map((f) => f.message).join('\n')}\n${notLeft}。`, 'io', findings);
    }
    await rename(partialDir, finalDir);
    await fsyncDir(targetDir);
    progress({ phase: 'done', bytesDone: payloadBytes, bytesTotal: payloadBytes });
    return { dir: finalDir, files: written, payloadBytes };
  } catch (e) {
    // Files still being flushed are closed first (Windows cannot remove an open file).
    await flushing.drain().catch(() => undefined);
    // Best effort: on a pulled stick this fails too, and the next run removes the leftover.
    await rm(partialDir, { recursive: true, force: true }).catch(() => undefined);
    if (options.signal?.aborted) throw new BagError(`导出已取消，${notLeft}。`, 'cancelled');
    throw writeFailure(e, finalDir);
  } finally {
    hasher.close();
  }
}

function bagInfoLines(fields: Record<string, string>): string[] {
  const info = Object.entries(fields);
  for (const [name] of info) if (OWN_FIELDS.has(name.toLowerCase())) throw new BagError(`bag-info 字段 ${name} 由程序自动填写，不能指定`, 'bad-input');
  return info.map(([n, v]) => {
    try {
      return tagLine(n, v);
    } catch (e) {
      throw new BagError((e as Error).message, 'bad-input');
    }
  });
}

async function sizeOf(f: BagFile): Promise<number | null> {
  if (Buffer.isBuffer(f.source)) return f.source.length;
  if (typeof f.source === 'function') return f.size ?? null;
  if (typeof f.source === 'string') {
    const st = await stat(f.source).catch(() => null);
    if (!st?.isFile()) throw new BagError(`要放入档案包的文件不存在：${f.source}`, 'bad-input');
    return st.size;
  }
  return f.size ?? null;
}

/**
 * fsyncs of written files, run in the background while the next files are written (the disk
 * flushes one file while the CPU hashes the next); a bounded number at a time, all awaited before
 * the manifests are written, so nothing counts as written before it is on the drive.
 */
class FlushQueue {
  private readonly pending = new Set<Promise<void>>();
  private failure: unknown = null;
  static readonly MAX = 8;

  async add(fh: FileHandle): Promise<void> {
    const p: Promise<void> = fh.sync().catch((e: unknown) => void (this.failure ??= e)).finally(() => {
      void fh.close().catch(() => undefined);
      this.pending.delete(p);
    });
    this.pending.add(p);
    if (this.pending.size >= FlushQueue.MAX) await Promise.race(this.pending);
    if (this.failure) throw this.failure;
  }

  async drain(): Promise<void> {
    await Promise.all(this.pending);
    if (this.failure) throw this.failure;
  }
}

/**
 * Writes one payload file, hashing what it writes. Bytes in memory are written in one call while
 * the hashes are computed (the write runs in libuv's pool, the hashing here: two cores at once);
 * a file or a stream is copied chunk by chunk. The fsync is queued, not awaited here.
 */
async function writePayload(
  path: string,
  source: Buffer | string | Readable,
  knownSha256: string | undefined,
  io: { signal: AbortSignal | undefined; flushing: FlushQueue; hasher: HashWorkers },
  onBytes: (n: number) => void,
) {
  const { signal, flushing } = io;
  const fh = await open(path, 'wx');
  let queued = false;
  try {
    if (Buffer.isBuffer(source)) {
      // Three at once: the pool writes, the worker computes SHA-512, this thread SHA-256.
      const writing = writeAll(fh, source);
      const hashing512 = io.hasher.sha512(source);
      const sha256 = knownSha256 ?? createHash('sha256').update(source).digest('hex');
      const [, sha512] = await Promise.all([writing, hashing512]);
      onBytes(source.length);
      queued = true;
      await flushing.add(fh);
      return { size: source.length, sha256, sha512 };
    }
    const h256 = createHash('sha256');
    const h512 = createHash('sha512');
    let size = 0;
    const chunks: AsyncIterable<Buffer> = typeof source === 'string' ? createReadStream(source, { highWaterMark: CHUNK }) : (source as AsyncIterable<Buffer>);
    for await (const raw of chunks) {
      signal?.throwIfAborted();
      const chunk = typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw;
      h256.update(chunk);
      h512.update(chunk);
      await writeAll(fh, chunk);
      size += chunk.length;
      onBytes(chunk.length);
    }
    queued = true;
    await flushing.add(fh);
    return { size, sha256: h256.digest('hex'), sha512: h512.digest('hex') };
  } finally {
    if (!queued) await fh.close().catch(() => undefined);
  }
}

async function writeAll(fh: FileHandle, b: Buffer): Promise<void> {
  let off = 0;
  while (off < b.length) off += (await fh.write(b, off, b.length - off)).bytesWritten;
}

async function writeSynced(path: string, data: Buffer): Promise<void> {
  const fh = await open(path, 'wx');
  try {
    await fh.writeFile(data);
    await fh.sync();
  } finally {
    await fh.close().catch(() => undefined);
  }
}

const digest = (alg: string, b: Buffer) => createHash(alg).update(b).digest('hex');
