// The encrypted archive: a bag inside an AES-256 ZIP that 7-Zip opens with the password shown once,
// written like the bag itself (partial file, read back, rename) and never left half-done.
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync, ftruncateSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateArchivePassword, PASSWORD_ALPHABET, verifyBag, writeBag, zipBagEncrypted, type BagError } from '../../../src/main/platform/bagit/index.js';
import { WinZipAesCtr } from '../../../src/main/platform/bagit/encrypted-zip.js';
import { useTempDirs } from '../../helpers/temp-dir.js';
import { CLOCK, sampleFiles } from './bag-helpers.js';

const tempDir = useTempDirs();
const NAME = '专属档案-350102-2026-0007';
const MARKER = '这段文字只应在解密后可见-7f3a9c';

const sevenZip = spawnSync('7z', ['i'], { stdio: 'ignore' }).status === 0;

/** A bag with Chinese names, nested folders and a few binary files. */
async function makeBag(extra: Array<{ path: string; source: Buffer }> = []) {
  const target = tempDir();
  const bag = await writeBag(
    target,
    NAME,
    {
      files: [
        ...sampleFiles(tempDir()),
        { path: '文书/现场照片.jpg', source: randomBytes(200_000) },
        { path: '文书/营业执照 副本.pdf', source: randomBytes(70_001) },
        { path: '说明.txt', source: Buffer.from(MARKER, 'utf8') },
        ...extra,
      ],
      info: { 'Source-Organization': '福州市鼓楼区代办服务中心' },
    },
    { clock: CLOCK },
  );
  return bag.dir;
}

function run7z(args: string[]) {
  return spawnSync('7z', args, { encoding: 'utf8', input: '', timeout: 60_000 });
}

describe.skipIf(!sevenZip)('encrypted bag ZIP opened with 7-Zip (skipped: 7z is not installed)', () => {
  it('7z x with the password gives back the bag, which verifies with no findings', async () => {
    const bagDir = await makeBag();
    const out = tempDir();
    const zipPath = join(out, `${NAME}.zip`);
    writeFileSync(`${zipPath}.partial`, 'leftover of a killed run');
    const password = generateArchivePassword();
    const seen: number[] = [];
    const zip = await zipBagEncrypted(bagDir, zipPath, { password, onProgress: (p) => seen.push(p.bytesDone) });

    expect(readdirSync(out)).toEqual([`${NAME}.zip`]);
    const bytes = readFileSync(zipPath);
    expect(zip).toEqual({ path: zipPath, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') });
    expect(seen.at(-1)).toBe(bytes.length);
    // Contents are encrypted: no plaintext in the file (names are not: ZIP AES leaves them readable).
    expect(bytes.includes(Buffer.from(MARKER, 'utf8'))).toBe(false);
    expect(bytes.includes(Buffer.from('BagIt-Version', 'utf8'))).toBe(false);

    const listing = run7z(['l', '-slt', `-p${password}`, zipPath]);
    expect(listing.status).toBe(0);
    const methods = [...listing.stdout.matchAll(/^Method = (.*)$/gm)].map((m) => m[1]);
    expect(methods.length).toBeGreaterThan(5);
    expect(new Set(methods)).toEqual(new Set(['AES-256 Store']));

    const extracted = tempDir();
    const x = run7z(['x', `-p${password}`, `-o${extracted}`, '-y', zipPath]);
    expect(x.status, x.stdout + x.stderr).toBe(0);
    expect(readdirSync(extracted)).toEqual([NAME]);
    expect(await verifyBag(join(extracted, NAME))).toEqual([]);
    expect(readFileSync(join(extracted, NAME, 'data', '说明.txt'), 'utf8')).toBe(MARKER);
    expect(readFileSync(join(extracted, NAME, 'data', '文书', '附件', '身份证 复印件.jpg'), 'utf8')).toBe('第一段第二段');
  });

  it('a wrong password (or none) does not open it', async () => {
    const bagDir = await makeBag();
    const zipPath = join(tempDir(), 'archive.zip');
    const password = generateArchivePassword();
    await zipBagEncrypted(bagDir, zipPath, { password });

    for (const wrong of [generateArchivePassword(), password.toLowerCase(), 'x']) {
      const extracted = tempDir();
      const x = run7z(['x', `-p${wrong}`, `-o${extracted}`, '-y', zipPath]);
      expect(x.status).not.toBe(0);
      expect(x.stdout + x.stderr).toMatch(/Wrong password|Data Error/i);
      expect(existsSync(join(extracted, NAME, 'data', '说明.txt')) && readFileSync(join(extracted, NAME, 'data', '说明.txt'), 'utf8') === MARKER).toBe(false);
    }
    const t = run7z(['t', '-pnot-the-password', zipPath]);
    expect(t.status).not.toBe(0);
  });
});

describe('zipBagEncrypted writes safely', () => {
  it('a cancelled zip (AbortSignal mid-way) leaves neither the zip nor the .partial', async () => {
    const bagDir = await makeBag([{ path: '大文件.bin', source: Buffer.alloc(40 << 20, 0x5a) }]);
    const out = tempDir();
    const controller = new AbortController();
    let lastProgress = 0;
    const err = await zipBagEncrypted(bagDir, join(out, 'archive.zip'), {
      password: generateArchivePassword(),
      signal: controller.signal,
      onProgress: (p) => {
        lastProgress = p.bytesDone;
        if (p.bytesDone >= 4 << 20) controller.abort();
      },
    }).catch((e: unknown) => e);
    expect((err as BagError).code).toBe('cancelled');
    expect((err as BagError).message).toContain('未留下完整的档案包');
    expect(lastProgress).toBeLessThan(40 << 20);
    expect(readdirSync(out)).toEqual([]);
    expect(await verifyBag(bagDir)).toEqual([]);
  });

  it('a bag file that vanishes while zipping fails with a read error and leaves nothing', async () => {
    const bagDir = await makeBag([{ path: '大文件.bin', source: Buffer.alloc(8 << 20, 0x5a) }]);
    const out = tempDir();
    const err = await zipBagEncrypted(bagDir, join(out, 'archive.zip'), {
      password: generateArchivePassword(),
      // Entries go in sorted order: data/大文件.bin is zipped before data/说明.txt.
      onProgress: () => rmSync(join(bagDir, 'data', '说明.txt'), { force: true }),
    }).catch((e: unknown) => e);
    expect((err as BagError).code).toBe('io');
    expect((err as BagError).message).toMatch(/读取档案包里的文件时出错.*说明\.txt.*未留下完整的档案包/s);
    expect(readdirSync(out)).toEqual([]);
  });

  it('an existing target is refused and left as it was', async () => {
    const bagDir = await makeBag();
    const out = tempDir();
    const zipPath = join(out, 'archive.zip');
    writeFileSync(zipPath, '别人的文件');
    const err = await zipBagEncrypted(bagDir, zipPath, { password: generateArchivePassword() }).catch((e: unknown) => e);
    expect((err as BagError).code).toBe('exists');
    expect((err as BagError).message).toContain('不会覆盖');
    expect(readFileSync(zipPath, 'utf8')).toBe('别人的文件');
    expect(readdirSync(out)).toEqual(['archive.zip']);
  });

  it('refuses before writing when the drive is too small, or FAT32 and the zip would reach 4 GiB', async () => {
    const bagDir = await makeBag();
    const out = tempDir();
    const zipPath = join(out, 'archive.zip');
    const full = await zipBagEncrypted(bagDir, zipPath, { password: 'p', freeBytes: () => Promise.resolve(100_000) }).catch((e: unknown) => e);
    expect((full as BagError).code).toBe('no-space');
    expect((full as BagError).message).toMatch(/空间不足.*未写入任何内容/);

    // A sparse 4 GiB file: the size counts, no bytes are read before the refusal.
    const big = tempDir();
    mkdirSync(join(big, '大档案'));
    const fd = openSync(join(big, '大档案', 'huge.bin'), 'w');
    ftruncateSync(fd, 2 ** 32);
    closeSync(fd);
    const fat = await zipBagEncrypted(join(big, '大档案'), zipPath, { password: 'p', isFat: () => Promise.resolve(true) }).catch((e: unknown) => e);
    expect((fat as BagError).code).toBe('too-large-for-fat');
    expect((fat as BagError).message).toContain('FAT32');
    expect(readdirSync(out)).toEqual([]);
  });

  it('refuses a missing bag folder, an empty password and a zip inside the bag', async () => {
    const bagDir = await makeBag();
    const out = tempDir();
    const codes = await Promise.all([
      zipBagEncrypted(join(out, '不存在'), join(out, 'a.zip'), { password: 'p' }).catch((e: BagError) => e.code),
      zipBagEncrypted(bagDir, join(out, 'a.zip'), { password: '' }).catch((e: BagError) => e.code),
      zipBagEncrypted(bagDir, join(bagDir, 'a.zip'), { password: 'p' }).catch((e: BagError) => e.code),
      zipBagEncrypted(bagDir, join(out, '没有这个文件夹', 'a.zip'), { password: 'p' }).catch((e: BagError) => e.code),
    ]);
    expect(codes).toEqual(['bad-input', 'bad-input', 'bad-input', 'bad-input']);
    expect(readdirSync(out)).toEqual([]);
    expect(await verifyBag(bagDir)).toEqual([]);
  });
});

describe('generateArchivePassword', () => {
  it('is 24 characters in groups of 4 from an unambiguous alphabet, at least 128 bits', () => {
    for (const c of '0O1lIo') expect(PASSWORD_ALPHABET).not.toContain(c);
    expect(new Set(PASSWORD_ALPHABET).size).toBe(PASSWORD_ALPHABET.length);
    expect(24 * Math.log2(PASSWORD_ALPHABET.length)).toBeGreaterThanOrEqual(128);
    const allowed = new Set(PASSWORD_ALPHABET);
    for (let i = 0; i < 200; i++) {
      const p = generateArchivePassword();
      expect(p).toMatch(/^[^-]{4}(-[^-]{4}){5}$/);
      for (const c of p.replaceAll('-', '')) expect(allowed.has(c), c).toBe(true);
    }
  });

  it('never repeats and uses the whole alphabet', () => {
    const made = Array.from({ length: 2000 }, () => generateArchivePassword());
    expect(new Set(made).size).toBe(made.length);
    expect(new Set(made.join('').replaceAll('-', ''))).toEqual(new Set(PASSWORD_ALPHABET));
  });
});

describe('WinZipAesCtr (native AES for the encryption plugin)', () => {
  it('gives the same bytes as the plugin\'s own aes-js counter mode, however the stream is cut', () => {
    // aes-js with the plugin's little-endian counter, as lib/aes/aes-hmac-etm-stream.js sets it up.
    const pluginRequire = createRequire(createRequire(import.meta.url).resolve('archiver-zip-encrypted'));
    const aes = pluginRequire('aes-js') as {
      Counter: new (init: Uint8Array) => { _counter: Uint8Array; increment(): void };
      ModeOfOperation: { ctr: new (key: Uint8Array, counter: unknown) => { encrypt(b: Uint8Array): Uint8Array } };
    };
    pluginRequire('archiver-zip-encrypted/lib/aes/aes-hmac-etm-stream');
    for (const total of [0, 1, 15, 16, 17, 4099, 70_001]) {
      const key = randomBytes(32);
      const data = randomBytes(total);
      const reference = new aes.ModeOfOperation.ctr(new Uint8Array(key), new aes.Counter(new Uint8Array(Buffer.from('01000000000000000000000000000000', 'hex'))));
      const expected = Buffer.from(reference.encrypt(new Uint8Array(data)));
      const ctr = new WinZipAesCtr(key);
      const parts: Buffer[] = [];
      // Cut at odd places (and once unaligned in memory) so the keystream carries over partial blocks.
      for (let off = 0, step = 1; off < total; off += step, step = (step * 7 + 3) % 5000 || 1) {
        const piece = data.subarray(off, Math.min(total, off + step));
        parts.push(ctr.update(off % 3 === 1 ? Buffer.concat([Buffer.alloc(1), piece]).subarray(1) : piece));
      }
      expect(Buffer.concat(parts).equals(expected), `${total} bytes`).toBe(true);
      expect(new WinZipAesCtr(key).update(expected).equals(data)).toBe(true);
    }
  });
});
