// 附件: content-addressed files on disk, rows in SQLite, verified on the way back.
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { appRoot } from '../../../src/main/platform/paths.js';
import {
  addAttachment, addAttachmentFromFile, attachmentAddSchema, attachmentPath, getAttachment, MAX_ATTACHMENT_BYTES, removeStaleTempFiles, sha256Hex, storeBytes,
} from '../../../src/main/features/attachments/service.js';
import { caseAction, getCaseFile } from '../../../src/main/features/cases/service.js';
import { makeWorld, registerProxyCase, type World } from '../../helpers/fixtures.js';
import { useTempDirs } from '../../helpers/temp-dir.js';

const tempDir = useTempDirs();

function counts(w: World) {
  const n = (sql: string) => w.store.db.prepare(sql).pluck().get() as number;
  return { attachments: n('SELECT count(*) FROM attachments'), audit: n('SELECT count(*) FROM audit_events'), outbox: n('SELECT count(*) FROM outbox') };
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).map((d) => join(d.parentPath, d.name));
}

const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64');

describe('adding attachments', () => {
  it('stores the bytes under their SHA-256 and the row with name, type, size and hash', () => {
    const w = makeWorld(tempDir());
    const { caseId } = registerProxyCase(w);
    const bytes = Buffer.from('%PDF-1.7 营业执照复印件');
    const dto = addAttachment(w.ctx('clerk'), { caseId, name: '营业执照.pdf', mime: 'application/pdf', dataBase64: b64(bytes), label: '营业执照复印件' });
    const sha = sha256Hex(bytes);
    expect(dto).toMatchObject({ name: '营业执照.pdf', mime: 'application/pdf', size: bytes.length, label: '营业执照复印件', addedByName: '林晓燕' });
    const path = attachmentPath(w.store, sha);
    expect(path).toBe(join(w.store.attachmentsDir(), sha.slice(0, 2), sha));
    expect(readFileSync(path).equals(bytes)).toBe(true);
    const row = w.store.db.prepare('SELECT sha256, size, file_name FROM attachments WHERE id = ?').get(dto.id);
    expect(row).toEqual({ sha256: sha, size: bytes.length, file_name: '营业执照.pdf' });
    expect(getCaseFile(w.ctx('agent'), caseId).attachments).toEqual([dto]);
    // No temporary file is left beside it.
    expect(filesUnder(w.store.attachmentsDir())).toEqual([path]);
  });

  it('writes identical content once, and reads it back verified', () => {
    const w = makeWorld(tempDir());
    const { caseId } = registerProxyCase(w);
    const data = b64('same scan');
    const a = addAttachment(w.ctx('clerk'), { caseId, name: 'a.png', mime: 'image/png', dataBase64: data });
    const before = readdirSync(join(w.store.attachmentsDir(), sha256Hex(Buffer.from('same scan')).slice(0, 2)));
    const again = storeBytes(w.store, Buffer.from('same scan'));
    expect(again.written).toBe(false);
    const b = addAttachment(w.ctx('agent'), { caseId, name: 'b.png', mime: 'image/png', dataBase64: data });
    expect(filesUnder(w.store.attachmentsDir())).toHaveLength(1);
    expect(readdirSync(join(w.store.attachmentsDir(), again.sha256.slice(0, 2)))).toEqual(before);
    expect(getAttachment(w.ctx('leader'), { attachmentId: b.id })).toEqual({ name: 'b.png', mime: 'image/png', dataBase64: data });
    expect(getAttachment(w.ctx('clerk'), { attachmentId: a.id }).name).toBe('a.png');
  });

  it('adds a file from a path for the CLI, guessing its type', () => {
    const w = makeWorld(tempDir());
    const { caseId } = registerProxyCase(w);
    const src = join(tempDir(), '授权委托书扫描.jpg');
    writeFileSync(src, Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]));
    const dto = addAttachmentFromFile(w.ctx('agent'), { caseId, path: src, label: '授权委托书' });
    expect(dto).toMatchObject({ name: '授权委托书扫描.jpg', mime: 'image/jpeg', size: 7, label: '授权委托书' });
    expect(() => addAttachmentFromFile(w.ctx('agent'), { caseId, path: join(src, 'nope') })).toThrow(/找不到文件/);
  });

  it('refuses empty, oversize and badly encoded files, wrong roles, other offices and closed cases — leaving no row, event or file', () => {
    const w = makeWorld(tempDir());
    const { caseId } = registerProxyCase(w);
    const before = counts(w);
    const ok = { caseId, name: 'x.pdf', mime: 'application/pdf', dataBase64: b64('x') };
    expect(() => addAttachment(w.ctx('clerk'), { ...ok, dataBase64: '!!!!' })).toThrow('文件内容编码不正确，请重新选择文件');
    expect(() => addAttachment(w.ctx('clerk'), { ...ok, dataBase64: '' })).toThrow('文件为空');
    const big = Buffer.alloc(MAX_ATTACHMENT_BYTES + 1, 7);
    expect(() => addAttachment(w.ctx('clerk'), { ...ok, dataBase64: big.toString('base64') })).toThrow(/20MB/);
    expect(() => addAttachment(w.ctx('leader'), ok)).toThrow(/角色无权/);
    expect(() => addAttachment(w.ctx('otherClerk'), ok)).toThrow('该案卷不属于您所在机构的办理范围');
    expect(() => addAttachment(w.ctx('clerk'), { ...ok, mime: 'not a type' })).toThrow('文件类型无效');
    expect(() => addAttachment(w.ctx('clerk'), { ...ok, ownerId: 'someone-else' } as never)).toThrow('附件所属的记录不属于本案卷');
    caseAction(w.ctx('clerk'), { caseId, action: 'withdraw', reason: '申请人撤回' });
    const closed = counts(w);
    expect(() => addAttachment(w.ctx('clerk'), ok)).toThrow('案卷已退件，不能再上传附件');
    expect(counts(w)).toEqual({ ...closed });
    expect(closed.attachments).toBe(before.attachments);
    expect(filesUnder(w.store.attachmentsDir())).toEqual([]);
    // The contract's boundary also stops a 20 MB+ text before it reaches the service.
    expect(attachmentAddSchema.safeParse({ ...ok, dataBase64: 'A'.repeat(28_000_001) }).success).toBe(false);
  });

  it('when the folder cannot be written says so in Chinese and leaves neither a half file nor a row', () => {
    const w = makeWorld(tempDir());
    const { caseId } = registerProxyCase(w);
    const bytes = Buffer.from('scan that cannot be written');
    const sha = sha256Hex(bytes);
    // A plain file where the hash's folder should be: mkdir/open fail even for root.
    mkdirSync(w.store.attachmentsDir(), { recursive: true });
    const blocker = join(w.store.attachmentsDir(), sha.slice(0, 2));
    writeFileSync(blocker, 'not a folder');
    const before = counts(w);
    expect(() => addAttachment(w.ctx('clerk'), { caseId, name: 'x.pdf', mime: 'application/pdf', dataBase64: b64(bytes) })).toThrow(/^附件保存失败/);
    expect(counts(w)).toEqual(before);
    expect(filesUnder(w.store.attachmentsDir())).toEqual([blocker]);
  });
});

describe('reading attachments back', () => {
  it('names a corrupted or missing file clearly instead of returning wrong bytes', () => {
    const w = makeWorld(tempDir());
    const { caseId } = registerProxyCase(w);
    const bytes = Buffer.from('approval document 闽发改备〔2026〕12号');
    const dto = addAttachment(w.ctx('clerk'), { caseId, name: '备案证明.pdf', mime: 'application/pdf', dataBase64: b64(bytes) });
    const path = attachmentPath(w.store, sha256Hex(bytes));
    chmodSync(path, 0o600);
    writeFileSync(path, Buffer.from('approval document 闽发改备〔2026〕13号'));
    expect(() => getAttachment(w.ctx('clerk'), { attachmentId: dto.id })).toThrow('附件“备案证明.pdf”的文件已损坏（校验值不符），请联系管理员从备份恢复或重新扫描上传');
    // Adding the same content again repairs the stored file.
    addAttachment(w.ctx('clerk'), { caseId, name: '备案证明-重扫.pdf', mime: 'application/pdf', dataBase64: b64(bytes) });
    expect(getAttachment(w.ctx('clerk'), { attachmentId: dto.id }).dataBase64).toBe(b64(bytes));

    unlinkSync(path);
    expect(() => getAttachment(w.ctx('clerk'), { attachmentId: dto.id })).toThrow(/文件不在本机/);
  });

  it('keeps other offices out', () => {
    const w = makeWorld(tempDir());
    const { caseId } = registerProxyCase(w);
    const dto = addAttachment(w.ctx('clerk'), { caseId, name: 'a.pdf', mime: 'application/pdf', dataBase64: b64('a') });
    expect(() => getAttachment(w.ctx('otherClerk'), { attachmentId: dto.id })).toThrow('该案卷不属于您所在机构的办理范围');
    expect(() => getAttachment(w.ctx('clerk'), { attachmentId: 'nope' })).toThrow('附件不存在或已删除');
  });
});

describe('a killed process', () => {
  it('never leaves a partial file under a final (hash) name', async () => {
    const dir = tempDir();
    const script = join(dir, 'writer.ts');
    const service = join(appRoot(), 'src/main/features/attachments/service.ts');
    // The child stores 4 MB files of different content as fast as it can, saying each one's hash.
    writeFileSync(
      script,
      `import { storeBytes } from ${JSON.stringify(service)};
       const store = { attachmentsDir: () => ${JSON.stringify(join(dir, 'attachments'))} } as never;
       for (let i = 0; ; i++) {
         const bytes = Buffer.alloc(4 * 1024 * 1024, i % 251);
         bytes.writeUInt32BE(i, 0);
         const r = storeBytes(store, bytes);
         process.stdout.write('stored ' + r.sha256 + '\\n');
       }`,
    );
    const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: appRoot(), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    // Kill it mid-stream once a few files are through (at a moment we do not choose).
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`writer did not start: ${err}`)), 60_000);
      child.stdout.on('data', () => {
        if ((out.match(/^stored /gm) ?? []).length >= 3) {
          clearTimeout(timer);
          setTimeout(() => {
            child.kill('SIGKILL');
            resolve();
          }, 7);
        }
      });
    });
    await new Promise((r) => child.once('exit', r));
    const acknowledged = [...out.matchAll(/^stored ([0-9a-f]{64})$/gm)].map((m) => m[1]!);
    expect(acknowledged.length).toBeGreaterThanOrEqual(3);
    const finals = filesUnder(join(dir, 'attachments')).filter((f) => !f.endsWith('.tmp'));
    // Every file under a hash name holds exactly that content, and every acknowledged write is there.
    for (const f of finals) expect(sha256Hex(readFileSync(f)), f).toBe(f.split('/').at(-1));
    const names = new Set(finals.map((f) => f.split('/').at(-1)));
    for (const sha of acknowledged) expect(names.has(sha)).toBe(true);
    // A leftover temporary file is swept once old enough; the final files stay.
    const store = { attachmentsDir: () => join(dir, 'attachments') } as never;
    const temps = filesUnder(join(dir, 'attachments')).filter((f) => f.endsWith('.tmp')).length;
    expect(removeStaleTempFiles(store, 60_000)).toBe(0);
    expect(removeStaleTempFiles(store, -1)).toBe(temps);
    expect(filesUnder(join(dir, 'attachments'))).toHaveLength(finals.length);
  }, 90_000);
});
