// A finished bag inside an AES-256 encrypted ZIP, written as safely as the bag itself: the zip
// goes to "<zip>.partial", is fsynced, read back and compared with the hash taken while writing,
// and only then renamed. An archivist opens it with 7-Zip and the password shown once.
//
// Note: ZIP encryption (WinZip AE-1) protects file contents only. Entry names, sizes and dates
// stay readable without the password, so the bag name and its file names are visible.
// Beyond 4 GiB (ZIP64) 7-Zip extracts and checks every entry (exit code 0) but warns "Headers
// Error": the ZIP writer (compress-commons) puts no ZIP64 field in the local headers of streamed
// entries (archiver-zip-encrypted issue #30). FAT32 sticks never get there (refused first).
import { createCipheriv, createHash, randomInt, type Cipher } from 'node:crypto';
import { createReadStream, type Stats } from 'node:fs';
import { lstat, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { endianness } from 'node:os';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { BagError, notLeft, writeFailure } from './errors.js';
import { FAT_MAX_FILE, freeBytes, fsyncDir, gib, isFatFilesystem, mib } from './filesystem.js';

/** No 0/O/o, 1/l/I: the password is read off a screen and typed into 7-Zip. */
export const PASSWORD_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789';
const PASSWORD_GROUPS = 6;
const PASSWORD_GROUP_LENGTH = 4;

/**
 * A fresh password for one archive: 24 characters from a 56-letter alphabet (about 139 bits),
 * in groups of four joined by "-", e.g. "hT4k-Wq9z-…". Drawn with crypto.randomInt (no modulo bias).
 */
export function generateArchivePassword(): string {
  const groups: string[] = [];
  for (let g = 0; g < PASSWORD_GROUPS; g++) {
    let group = '';
    for (let i = 0; i < PASSWORD_GROUP_LENGTH; i++) group += PASSWORD_ALPHABET[randomInt(PASSWORD_ALPHABET.length)];
    groups.push(group);
  }
  return groups.join('-');
}

export interface ZipProgress {
  /** Bytes of the zip written so far. */
  bytesDone: number;
  /** The expected size of the zip (exact up to a few header bytes; contents are stored, not compressed). */
  bytesTotal: number;
}

export interface ZipBagOptions {
  password: string;
  signal?: AbortSignal;
  onProgress?: (p: ZipProgress) => void;
  /** Free bytes on the drive; defaults to check-disk-space. */
  freeBytes?: (dir: string) => Promise<number>;
  /** The drive's file-system check; tests pass a fake here. */
  isFat?: (dir: string) => Promise<boolean | null>;
}

export interface WrittenZip {
  path: string;
  size: number;
  sha256: string;
}

/** The parts of archiver 7 used here (@types/archiver describes the class API of archiver 8). */
interface ZipArchiver extends NodeJS.ReadableStream {
  file(path: string, data: { name: string; stats: Stats }): this;
  append(source: Buffer | null, data: { name: string; type?: 'directory'; date?: Date; stats?: Stats }): this;
  finalize(): Promise<void>;
  abort(): this;
  destroy(error?: Error): this;
  on(event: 'error' | 'warning', listener: (error: Error & { code?: string }) => void): this;
  on(event: string, listener: (...args: unknown[]) => void): this;
}
interface ArchiverModule {
  create(format: string, options: Record<string, unknown>): ZipArchiver;
  registerFormat(format: string, plugin: unknown): void;
  isRegisteredFormat(format: string): boolean;
}

/**
 * archiver and its encryption plugin are CommonJS; loaded at run time (not bundled) and the
 * format registered once per process. __filename in the Electron CJS bundle, import.meta.url under ESM.
 */
let archiverModule: ArchiverModule | undefined;
function loadArchiver(): ArchiverModule {
  if (archiverModule) return archiverModule;
  const url: string | undefined = typeof __filename === 'string' ? pathToFileURL(__filename).href : import.meta.url;
  const require = createRequire(url ?? pathToFileURL(join(process.cwd(), 'index.js')).href);
  const mod = require('archiver') as ArchiverModule;
  if (!mod.isRegisteredFormat('zip-encrypted')) {
    mod.registerFormat('zip-encrypted', require('archiver-zip-encrypted'));
    useNativeAes(require('archiver-zip-encrypted/lib/aes/aes-hmac-etm-stream') as { prototype: Partial<EtmStream> });
  }
  archiverModule = mod;
  return mod;
}

/**
 * The counter mode of WinZip AES (AE-1/AE-2): a 128-bit little-endian block counter starting at 1,
 * each keystream block the AES encryption of the counter. Node's aes-256-ctr counts big-endian, so
 * the keystream is made with AES-ECB over the counter blocks (OpenSSL, hardware AES).
 */
export class WinZipAesCtr {
  private readonly ecb: Cipher;
  private counter = 1;
  private spare: Buffer = Buffer.alloc(0);

  constructor(key: Buffer | Uint8Array) {
    this.ecb = createCipheriv(`aes-${key.length * 8}-ecb`, key, null);
    this.ecb.setAutoPadding(false);
  }

  /** Encrypts (or decrypts: it is symmetric) the next bytes of the stream. */
  update(data: Buffer | Uint8Array): Buffer {
    const out = Buffer.alloc(data.length);
    const fromSpare = Math.min(this.spare.length, data.length);
    xor(out, 0, data, 0, this.spare, 0, fromSpare);
    this.spare = this.spare.subarray(fromSpare);
    const rest = data.length - fromSpare;
    if (rest > 0) {
      const blocks = Math.ceil(rest / 16);
      const counters = Buffer.alloc(blocks * 16);
      if (LITTLE_ENDIAN) {
        const words = new Uint32Array(counters.buffer, counters.byteOffset, blocks * 4);
        for (let b = 0; b < blocks; b++, this.counter++) {
          words[b * 4] = this.counter % 2 ** 32;
          words[b * 4 + 1] = Math.floor(this.counter / 2 ** 32);
        }
      } else {
        for (let b = 0; b < blocks; b++, this.counter++) {
          counters.writeUInt32LE(this.counter % 2 ** 32, b * 16);
          counters.writeUInt32LE(Math.floor(this.counter / 2 ** 32), b * 16 + 4);
        }
      }
      const keystream = this.ecb.update(counters);
      if (keystream.length !== counters.length) throw new Error('AES-ECB returned a partial keystream');
      xor(out, fromSpare, data, fromSpare, keystream, 0, rest);
      this.spare = keystream.subarray(rest);
    }
    return out;
  }
}

const LITTLE_ENDIAN = endianness() === 'LE';

/** out[o…] = a[ao…] ^ b[bo…] for `n` bytes; four bytes at a time when all three are aligned. */
function xor(out: Uint8Array, o: number, a: Uint8Array, ao: number, b: Uint8Array, bo: number, n: number): void {
  let i = 0;
  if ((out.byteOffset + o) % 4 === 0 && (a.byteOffset + ao) % 4 === 0 && (b.byteOffset + bo) % 4 === 0) {
    const words = n >>> 2;
    const ow = new Uint32Array(out.buffer, out.byteOffset + o, words);
    const aw = new Uint32Array(a.buffer, a.byteOffset + ao, words);
    const bw = new Uint32Array(b.buffer, b.byteOffset + bo, words);
    for (let w = 0; w < words; w++) ow[w] = aw[w]! ^ bw[w]!;
    i = words * 4;
  }
  for (; i < n; i++) out[o + i] = a[ao + i]! ^ b[bo + i]!;
}

/** The fields of archiver-zip-encrypted's AesHmacEtmStream (encrypt-then-MAC of one entry) used here. */
interface EtmStream {
  key: { aesKey: Buffer };
  hmac: { update(b: Buffer): void };
  totalSize: number;
  ensureHeaderSent(): void;
  push(b: Buffer): boolean;
  _transform(data: Buffer, encoding: string, cb: (e?: Error | null) => void): void;
  nativeCtr?: WinZipAesCtr;
}

/**
 * archiver-zip-encrypted encrypts with aes-js, pure JavaScript: about 10 MB/s here, minutes for a
 * large bag. Its stream keeps key derivation (PBKDF2), salt, verifier and HMAC; only the
 * encryption of each chunk is replaced by WinZipAesCtr. If the stream does not look as expected
 * (another version), it is left alone: slower, still correct.
 */
function useNativeAes(etm: { prototype: Partial<EtmStream> }): void {
  const proto = etm.prototype;
  if (typeof proto.ensureHeaderSent !== 'function' || typeof proto._transform !== 'function' || proto._transform.length !== 3) return;
  proto._transform = function (this: EtmStream, data: Buffer, _encoding: string, cb: (e?: Error | null) => void) {
    try {
      this.ensureHeaderSent();
      this.nativeCtr ??= new WinZipAesCtr(this.key.aesKey);
      const encoded = this.nativeCtr.update(data);
      if (encoded.length > 0) {
        this.hmac.update(encoded);
        this.push(encoded);
        this.totalSize += encoded.length;
      }
      cb();
    } catch (e) {
      cb(e as Error);
    }
  };
}

/** Space kept free beyond the zip itself. */
const MARGIN_BYTES = 1 << 20;
const CHUNK = 1 << 20;
/**
 * Upper bound of one entry's bytes besides its contents: local header (30) + central header (46),
 * AES extra field in both (2 × 11), AES salt, verifier and MAC (28), data descriptor (≤ 24),
 * ZIP64 extra in the central header (28); the name is counted twice on top.
 */
const ENTRY_OVERHEAD = 30 + 46 + 22 + 28 + 24 + 28;
/** End of central directory (22), ZIP64 end record and locator (56 + 20). */
const ARCHIVE_OVERHEAD = 22 + 56 + 20;

interface ZipEntry {
  abs: string;
  /** The name in the zip: "<bag name>/…", with a trailing "/" for a folder. */
  name: string;
  stats: Stats;
}

/**
 * Writes `bagDir` (the bag folder itself, so unzipping gives the bag) into an AES-256 encrypted
 * ZIP at `zipPath`. Entries are stored, not compressed: attachments are PDFs and JPEGs already.
 * An existing `zipPath` is refused; a leftover "<zipPath>.partial" from a killed run is removed.
 * Failures and cancellation remove the partial file and throw a BagError in Chinese.
 */
export async function zipBagEncrypted(bagDir: string, zipPath: string, opts: ZipBagOptions): Promise<WrittenZip> {
  if (typeof opts.password !== 'string' || opts.password.length === 0) throw new BagError('加密压缩包必须设置密码', 'bad-input');
  const bagStat = await stat(bagDir).catch(() => null);
  if (!bagStat?.isDirectory()) throw new BagError(`要加密打包的档案包文件夹不存在：${bagDir}`, 'bad-input');
  const finalPath = resolve(zipPath);
  const targetDir = dirname(finalPath);
  const partialPath = `${finalPath}.partial`;
  const targetStat = await stat(targetDir).catch(() => null);
  if (!targetStat?.isDirectory()) throw new BagError(`目标文件夹不存在：${targetDir}（U 盘是否已插好？）`, 'bad-input');
  if (await lstat(finalPath).catch(() => null)) throw new BagError(`目标位置已有同名文件：${finalPath}，不会覆盖。请换一个位置或先移走它。`, 'exists');
  const bagRoot = resolve(bagDir);
  const inside = relative(bagRoot, finalPath);
  if (inside === '' || (!inside.startsWith('..') && !isAbsolute(inside))) throw new BagError('加密压缩包不能保存在档案包文件夹里面，请换一个位置。', 'bad-input');
  if (basename(bagRoot) === '') throw new BagError(`不能把整个磁盘当作档案包打包：${bagDir}`, 'bad-input');

  const entries = await collect(bagRoot, basename(bagRoot));
  const expected = entries.reduce((n, e) => n + (e.stats.isFile() ? e.stats.size : 0) + ENTRY_OVERHEAD + 2 * Buffer.byteLength(e.name, 'utf8'), ARCHIVE_OVERHEAD);

  // A leftover from a killed run is garbage; removed first so its bytes count as free.
  await rm(partialPath, { force: true }).catch((e: unknown) => {
    throw writeFailure(e, partialPath);
  });
  const fat = await (opts.isFat ?? isFatFilesystem)(targetDir);
  if (fat && expected > FAT_MAX_FILE) {
    throw new BagError(`目标 U 盘是 FAT32 格式，单个文件不能达到 4 GB，而加密压缩包约有 ${gib(expected)}。请把 U 盘格式化为 exFAT 或 NTFS，或改为不加密导出（档案包文件夹）。未写入任何内容。`, 'too-large-for-fat');
  }
  const need = expected + MARGIN_BYTES;
  const free = await (opts.freeBytes ?? freeBytes)(targetDir).catch(() => null);
  if (free !== null && free < need) throw new BagError(`目标磁盘空间不足：需要约 ${mib(need)}，只剩 ${mib(free)}。未写入任何内容。`, 'no-space');

  const progress = (bytesDone: number, bytesTotal = expected) => opts.onProgress?.({ bytesDone, bytesTotal });
  let archive: ZipArchiver | undefined;
  // Stops the queue and ends the read loop at once, whatever archiver is waiting on.
  const onAbort = () => {
    archive?.abort();
    archive?.destroy();
  };
  try {
    opts.signal?.throwIfAborted();
    const archiver = loadArchiver();
    archive = archiver.create('zip-encrypted', { store: true, zlib: { level: 0 }, encryptionMethod: 'aes256', password: opts.password });
    const zip = archive;
    let failure: Error | undefined;
    // A file that vanished or could not be read is a failure, not a warning to skip.
    zip.on('warning', (e) => {
      failure ??= e;
      zip.destroy(e);
    });
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    for (const e of entries) {
      if (e.stats.isDirectory()) zip.append(null, { name: e.name, type: 'directory', date: e.stats.mtime });
      else zip.file(e.abs, { name: e.name, stats: e.stats });
    }
    const finalized = zip.finalize().catch((e: unknown) => {
      failure ??= e as Error;
    });

    const hash = createHash('sha256');
    let size = 0;
    const fh = await open(partialPath, 'wx');
    try {
      // archiver emits headers as many tiny chunks: gathered into writes of about 1 MiB.
      let pending: Buffer[] = [];
      let pendingBytes = 0;
      const flush = async () => {
        if (pendingBytes === 0) return;
        const chunk = pending.length === 1 ? pending[0]! : Buffer.concat(pending, pendingBytes);
        pending = [];
        pendingBytes = 0;
        if (fat && size + chunk.length > FAT_MAX_FILE) throw new BagError(`目标 U 盘是 FAT32 格式，加密压缩包超过 4 GB。${notLeft}。`, 'too-large-for-fat');
        hash.update(chunk);
        let off = 0;
        while (off < chunk.length) off += (await fh.write(chunk, off, chunk.length - off)).bytesWritten;
        size += chunk.length;
        progress(size, Math.max(expected, size));
      };
      for await (const raw of zip as unknown as Readable) {
        opts.signal?.throwIfAborted();
        pending.push(raw as Buffer);
        pendingBytes += (raw as Buffer).length;
        if (pendingBytes >= CHUNK) await flush();
      }
      await flush();
      // After an abort archiver ends its output but never settles finalize(): check first.
      opts.signal?.throwIfAborted();
      await finalized;
      if (failure) throw failure;
      await fh.sync();
    } finally {
      await fh.close().catch(() => undefined);
    }
    const sha256 = hash.digest('hex');

    // Read back what reached the disk: a bad block or a stick pulled mid-way shows here.
    const back = await hashFile(partialPath, opts.signal);
    if (back.size !== size || back.sha256 !== sha256) {
      throw new BagError(`加密压缩包写入后读回校验未通过（U 盘可能有坏块）：${finalPath}。${notLeft}。`, 'io');
    }
    opts.signal?.throwIfAborted();
    if (await lstat(finalPath).catch(() => null)) throw new BagError(`目标位置已有同名文件：${finalPath}，不会覆盖。${notLeft}。`, 'exists');
    await rename(partialPath, finalPath);
    await fsyncDir(targetDir);
    progress(size, size);
    return { path: finalPath, size, sha256 };
  } catch (e) {
    archive?.abort();
    archive?.destroy();
    // Best effort: on a pulled stick this fails too, and the next run removes the leftover.
    await rm(partialPath, { force: true }).catch(() => undefined);
    if (opts.signal?.aborted) throw new BagError(`导出已取消，${notLeft}。`, 'cancelled');
    // A file of the bag that could not be read is not a problem of the target drive.
    const path = (e as { path?: unknown }).path;
    if (!(e instanceof BagError) && typeof path === 'string' && !relative(bagRoot, path).startsWith('..')) {
      throw new BagError(`读取档案包里的文件时出错（${(e as Error).message}）：${path}。${notLeft}。`, 'io');
    }
    throw writeFailure(e, finalPath);
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
  }
}

/** Every folder and file under the bag, sorted, folders before their contents. Links and devices are refused. */
async function collect(root: string, name: string): Promise<ZipEntry[]> {
  const out: ZipEntry[] = [];
  const walk = async (abs: string, rel: string) => {
    const st = await lstat(abs);
    if (st.isDirectory()) {
      out.push({ abs, name: `${rel}/`, stats: st });
      const children = (await readdir(abs)).sort();
      for (const c of children) await walk(join(abs, c), `${rel}/${c}`);
    } else if (st.isFile()) {
      out.push({ abs, name: rel, stats: st });
    } else {
      throw new BagError(`档案包里有不能打包的项目（链接或设备文件）：${abs}`, 'bad-input');
    }
  };
  try {
    await walk(root, name);
  } catch (e) {
    if (e instanceof BagError) throw e;
    throw new BagError(`读取档案包时出错（${(e as Error).message}）：${root}`, 'io');
  }
  return out;
}

async function hashFile(path: string, signal: AbortSignal | undefined): Promise<{ size: number; sha256: string }> {
  const h = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: CHUNK })) {
    signal?.throwIfAborted();
    h.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { size, sha256: h.digest('hex') };
}

