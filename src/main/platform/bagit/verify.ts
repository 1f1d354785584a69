// Checking a bag the way RFC 8493 §3 defines "valid": declaration, every manifest, tag manifests,
// Payload-Oxum, and payload files neither missing nor extra.
import { createHash, getHashes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { BagError, type BagFinding } from './errors.js';
import { HashWorkers } from './parallel-hash.js';
import { parseManifest, parseTags, type TagField } from './tagfiles.js';

/** Hashes one file with several algorithms in one read. */
export async function hashFile(path: string, algorithms: readonly string[], onBytes?: (n: number) => void): Promise<{ size: number; digests: Record<string, string> }> {
  const hashes = algorithms.map((a) => createHash(a));
  let size = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    size += chunk.length;
    for (const h of hashes) h.update(chunk);
    onBytes?.(chunk.length);
  }
  return { size, digests: Object.fromEntries(algorithms.map((a, i) => [a, hashes[i]!.digest('hex')])) };
}

/** Payloads this big are hashed by worker threads, several files at once. */
const PARALLEL_MIN_PAYLOAD = 16 << 20;

/** Hashes every payload file; small bags here, big ones on the other cores (results in order). */
async function hashAll(dir: string, jobs: Array<{ p: string; algs: string[] }>, onBytes: (n: number) => void): Promise<Array<{ size: number; digests: Record<string, string> } | Error>> {
  const sizes = await Promise.all(jobs.map((j) => stat(join(dir, j.p)).then((s) => s.size, () => 0)));
  const total = sizes.reduce((a, b) => a + b, 0);
  const results: Array<{ size: number; digests: Record<string, string> } | Error> = new Array(jobs.length);
  if (total < PARALLEL_MIN_PAYLOAD) {
    for (const [i, j] of jobs.entries()) results[i] = await hashFile(join(dir, j.p), j.algs, onBytes).catch((e: unknown) => e as Error);
    return results;
  }
  const workers = new HashWorkers();
  try {
    let next = 0;
    const lane = async () => {
      for (let i = next++; i < jobs.length; i = next++) {
        const j = jobs[i]!;
        results[i] = await workers.file(join(dir, j.p), j.algs).catch((e: unknown) => e as Error);
        const r = results[i]!;
        if (!(r instanceof Error)) onBytes(r.size);
      }
    };
    await Promise.all(Array.from({ length: workers.size }, lane));
  } finally {
    workers.close();
  }
  return results;
}

/** Every regular file under `dir`, as "/"-separated paths relative to `base`; other entries in `odd`. */
async function walk(base: string, rel: string, files: string[], odd: string[]): Promise<void> {
  for (const e of await readdir(join(base, rel), { withFileTypes: true })) {
    const p = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) await walk(base, p, files, odd);
    else if (e.isFile()) files.push(p);
    else odd.push(p);
  }
}

/** A manifest path that stays inside the bag (no "..", not absolute). */
const safeInside = (p: string) => !p.startsWith('/') && !/^[a-zA-Z]:/.test(p) && !p.split(/[\\/]/).some((c) => c === '..');

const KNOWN = new Set(getHashes());

/** The algorithm of a (tag)manifest file name, e.g. manifest-sha256.txt → sha256. */
function algorithmOf(name: string, prefix: string): string | null {
  const m = new RegExp(`^${prefix}-([a-z0-9]+)\\.txt$`).exec(name);
  return m ? m[1]! : null;
}

export interface BagContents {
  info: TagField[];
  /** Payload files: path inside the bag ("data/…"), size and the digests of every manifest. */
  files: Array<{ path: string; absolutePath: string; size: number; digests: Record<string, string> }>;
}

/**
 * Checks a bag and lists what is wrong with it (empty: the bag is valid). Each finding names the
 * file and says in Chinese what happened. Reads every payload file once.
 */
export async function verifyBag(dir: string, options: VerifyOptions = {}): Promise<BagFinding[]> {
  return (await inspect(dir, options)).findings;
}

export interface VerifyOptions {
  /** Payload bytes read so far (a big bag on a slow stick takes minutes). */
  onProgress?: (bytesRead: number) => void;
  /**
   * Check payload files against these manifests only (tag files are always checked in full). The
   * read-back after writing uses one: every manifest was computed from the same bytes in one pass.
   */
  payloadAlgorithms?: readonly string[];
}

/** Verifies and reads a bag for import; any finding refuses it. */
export async function readBag(dir: string, options: VerifyOptions = {}): Promise<BagContents> {
  const { findings, contents } = await inspect(dir, options);
  if (findings.length > 0 || !contents) {
    throw new BagError(`档案包 ${dir} 校验未通过（${findings.length} 处问题），不能导入：\n${findings.map((f) => f.message).join('\n')}`, 'invalid-bag', findings);
  }
  return contents;
}

async function inspect(dir: string, options: VerifyOptions): Promise<{ findings: BagFinding[]; contents?: BagContents }> {
  const findings: BagFinding[] = [];
  const add = (kind: BagFinding['kind'], path: string, message: string) => findings.push({ kind, path, message });

  const st = await stat(dir).catch(() => null);
  if (!st?.isDirectory()) {
    add('not-a-bag', '', `${dir} 不存在或不是文件夹`);
    return { findings };
  }

  // bagit.txt: exactly the two declaration fields, in order.
  const declaration = await readFile(join(dir, 'bagit.txt'), 'utf8').catch(() => null);
  if (declaration === null) {
    add('not-a-bag', 'bagit.txt', `缺少 bagit.txt：${dir} 不是 BagIt 档案包`);
    return { findings };
  }
  const decl = parseTags(declaration).fields;
  if (decl.length !== 2 || decl[0]?.name !== 'BagIt-Version' || !/^\d+\.\d+$/.test(decl[0].value) || decl[1]?.name !== 'Tag-File-Character-Encoding') {
    add('bad-declaration', 'bagit.txt', 'bagit.txt 内容不符合规范（应为 BagIt-Version 与 Tag-File-Character-Encoding 两行）');
  } else if (!/^utf-?8$/i.test(decl[1].value)) {
    add('unsupported', 'bagit.txt', `bagit.txt 声明的字符编码 ${decl[1].value} 不受支持（只支持 UTF-8）`);
  }
  const rootNames = await readdir(dir);
  if (rootNames.includes('fetch.txt')) add('unsupported', 'fetch.txt', '档案包含 fetch.txt（需从网络下载的文件），不受支持');
  const dataStat = await lstat(join(dir, 'data')).catch(() => null);
  if (!dataStat?.isDirectory()) {
    add('not-a-bag', 'data', '缺少 data 文件夹');
    return { findings };
  }

  // Manifests: which algorithms, what they list.
  const manifests = rootNames.map((n) => ({ name: n, alg: algorithmOf(n, 'manifest') })).filter((m): m is { name: string; alg: string } => m.alg !== null);
  if (manifests.length === 0) add('bad-manifest', '', '档案包没有任何清单文件（manifest-*.txt）');
  const expected = new Map<string, Map<string, string>>(); // path → alg → digest
  const usable: string[] = [];
  for (const m of manifests) {
    if (!KNOWN.has(m.alg)) {
      add('unsupported', m.name, `清单 ${m.name} 使用的算法 ${m.alg} 不受支持`);
      continue;
    }
    usable.push(m.alg);
    const parsed = parseManifest(await readFile(join(dir, m.name), 'utf8'));
    for (const b of parsed.bad) add('bad-manifest', m.name, `清单 ${m.name} 第 ${b.line} 行格式不对：${b.text}`);
    for (const e of parsed.entries) {
      if (!e.path.startsWith('data/') || !safeInside(e.path)) {
        add('bad-manifest', m.name, `清单 ${m.name} 第 ${e.line} 行的路径不在 data 文件夹内：${e.path}`);
        continue;
      }
      const byAlg = expected.get(e.path) ?? new Map<string, string>();
      byAlg.set(m.alg, e.digest);
      expected.set(e.path, byAlg);
    }
  }

  // Payload on disk against the manifests.
  const onDisk: string[] = [];
  const odd: string[] = [];
  await walk(dir, 'data', onDisk, odd);
  for (const p of odd) add('extra', p, `data 中有不是普通文件的项目（链接或设备）：${p}`);
  const files: BagContents['files'] = [];
  let bytes = 0;
  let read = 0;
  const onBytes = (n: number) => options.onProgress?.((read += n));
  const toHash: Array<{ p: string; want: Map<string, string>; algs: string[] }> = [];
  for (const p of onDisk) {
    const want = expected.get(p);
    if (!want) {
      add('extra', p, `多出的文件（清单中没有）：${p}`);
      continue;
    }
    const missingFrom = usable.filter((a) => !want.has(a));
    for (const a of missingFrom) add('bad-manifest', `manifest-${a}.txt`, `清单 manifest-${a}.txt 未列出文件：${p}`);
    toHash.push({ p, want, algs: [...want.keys()].filter((a) => !options.payloadAlgorithms || options.payloadAlgorithms.includes(a)) });
  }
  const hashed = await hashAll(dir, toHash, onBytes);
  for (const [i, { p, want, algs }] of toHash.entries()) {
    const got = hashed[i]!;
    if (got instanceof Error) {
      add('unreadable', p, `无法读取文件 ${p}：${got.message}`);
      continue;
    }
    bytes += got.size;
    const altered = algs.filter((a) => got.digests[a] !== want.get(a));
    if (altered.length > 0) add('altered', p, `文件内容已被改动（${altered.join('、')} 校验值不符）：${p}`);
    files.push({ path: p, absolutePath: join(dir, p), size: got.size, digests: got.digests });
  }
  const present = new Set(onDisk);
  for (const p of expected.keys()) if (!present.has(p)) add('missing', p, `缺少文件（清单中有，档案包中没有）：${p}`);

  // Tag manifests: every tag file they list must match (one finding per file, all algorithms).
  const tagExpected = new Map<string, Map<string, string>>();
  for (const name of rootNames) {
    const alg = algorithmOf(name, 'tagmanifest');
    if (alg === null) continue;
    if (!KNOWN.has(alg)) {
      add('unsupported', name, `标签清单 ${name} 使用的算法 ${alg} 不受支持`);
      continue;
    }
    const parsed = parseManifest(await readFile(join(dir, name), 'utf8'));
    for (const b of parsed.bad) add('bad-manifest', name, `标签清单 ${name} 第 ${b.line} 行格式不对：${b.text}`);
    for (const e of parsed.entries) {
      if (!safeInside(e.path) || e.path.startsWith('data/')) {
        add('bad-manifest', name, `标签清单 ${name} 第 ${e.line} 行的路径无效：${e.path}`);
        continue;
      }
      const byAlg = tagExpected.get(e.path) ?? new Map<string, string>();
      byAlg.set(alg, e.digest);
      tagExpected.set(e.path, byAlg);
    }
  }
  for (const [path, want] of tagExpected) {
    const got = await hashFile(join(dir, path), [...want.keys()]).catch(() => null);
    if (!got) {
      add('missing', path, `缺少标签文件（标签清单中有）：${path}`);
      continue;
    }
    const altered = [...want].filter(([a, d]) => got.digests[a] !== d).map(([a]) => a);
    if (altered.length > 0) add('bad-tag', path, `标签文件已被改动（${altered.join('、')} 校验值不符）：${path}`);
  }

  // bag-info.txt: well-formed, and its Payload-Oxum matches what is there.
  let info: TagField[] = [];
  const infoText = await readFile(join(dir, 'bag-info.txt'), 'utf8').catch(() => null);
  if (infoText !== null) {
    const parsed = parseTags(infoText);
    info = parsed.fields;
    for (const b of parsed.bad) add('bad-tag', 'bag-info.txt', `bag-info.txt 第 ${b.line} 行格式不对：${b.text}`);
    const oxum = info.find((f) => f.name === 'Payload-Oxum')?.value;
    if (oxum !== undefined) {
      const m = /^(\d+)\.(\d+)$/.exec(oxum);
      const actual = `${bytes + (await extraBytes(dir, onDisk, expected))}.${onDisk.length}`;
      if (!m) add('oxum', 'bag-info.txt', `bag-info.txt 中的 Payload-Oxum 格式不对：${oxum}`);
      else if (`${m[1]}.${m[2]}` !== actual) add('oxum', 'bag-info.txt', `Payload-Oxum 不符：bag-info.txt 记载 ${m[1]} 字节 ${m[2]} 个文件，实际 ${actual.split('.')[0]} 字节 ${onDisk.length} 个文件`);
    }
  }
  return { findings, contents: { info, files } };
}

/** Sizes of payload files not in any manifest (they count in Payload-Oxum too). */
async function extraBytes(dir: string, onDisk: string[], expected: Map<string, unknown>): Promise<number> {
  let n = 0;
  for (const p of onDisk) if (!expected.has(p)) n += (await stat(join(dir, p)).catch(() => ({ size: 0 }))).size;
  return n;
}
