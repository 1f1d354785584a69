// 可用性 and 安全性 of archived files: PDFs that open with their pages, images that are whole, and
// what an archive must not take (programs, scripts, PDF actions, embedded files) — without taking
// image data that happens to hold such bytes for a script.
import { PDFDocument, PDFName, PDFString } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { checkFile } from '../../../src/main/features/archive/file-checks.js';
import { pngBytes, samplePdf, scanJpeg } from './case-fixture.js';

const rand = (() => {
  let x = 7;
  return () => ((x = (x * 48271) % 2147483647) / 2147483647);
})();

async function pdfWith(edit: (doc: PDFDocument) => void | Promise<void>): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.addPage([595, 842]);
  await edit(doc);
  return Buffer.from(await doc.save());
}

describe('archived file checks', () => {
  it('a printed PDF opens with its pages and is safe; a truncated one is named unusable', async () => {
    const pdf = await samplePdf();
    const ok = await checkFile('申请表.pdf', pdf);
    expect(ok).toMatchObject({ usable: true, safe: true });
    expect(ok.pages).toBeGreaterThan(0);
    const cut = await checkFile('申请表.pdf', pdf.subarray(0, pdf.length >> 1));
    expect(cut.usable).toBe(false);
    expect(cut.usabilityNote).toMatch(/不完整|无法打开/);
    expect((await checkFile('空.pdf', Buffer.alloc(0))).usable).toBe(false);
  });

  it('refuses PDF scripts, launch actions and embedded files, and programs under any name', async () => {
    const js = await pdfWith((doc) => {
      doc.catalog.set(PDFName.of('OpenAction'), doc.context.obj({ S: 'JavaScript', JS: PDFString.of('app.alert(1)') }));
    });
    expect(await checkFile('通知.pdf', js)).toMatchObject({ usable: true, safe: false, safetyNote: expect.stringContaining('JavaScript') });
    const launch = await pdfWith((doc) => {
      doc.catalog.set(PDFName.of('OpenAction'), doc.context.obj({ S: 'Launch', F: PDFString.of('cmd.exe') }));
    });
    expect((await checkFile('通知.pdf', launch)).safetyNote).toContain('启动外部程序');
    const embedded = await pdfWith(async (doc) => {
      await doc.attach(Buffer.from('MZ payload'), '说明.exe', { mimeType: 'application/octet-stream' });
    });
    expect((await checkFile('附件.pdf', embedded)).safetyNote).toContain('内嵌其他文件');
    expect(await checkFile('扫描件.pdf', Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200)]))).toMatchObject({ safe: false, safetyNote: expect.stringContaining('Windows 可执行程序') });
    expect(await checkFile('工具.exe', Buffer.from('hello'))).toMatchObject({ safe: false, safetyNote: expect.stringContaining('.exe') });
    expect(await checkFile('run.txt', Buffer.from('#!/bin/sh\nrm -rf /\n'))).toMatchObject({ safe: false, safetyNote: expect.stringContaining('脚本') });
  });

  it('a scan whose image data holds "/JavaScript" as bytes is not taken for a script', async () => {
    const jpeg = scanJpeg(200_000, 1654, 2339, rand);
    Buffer.from('/JavaScript /JS /Launch').copy(jpeg, 1000);
    const pdf = await pdfWith(async (doc) => {
      const img = await doc.embedJpg(jpeg);
      doc.getPage(0).drawImage(img, { x: 0, y: 0, width: 595, height: 842 });
    });
    expect(pdf.includes('/JavaScript')).toBe(true);
    expect(await checkFile('扫描件.pdf', pdf)).toMatchObject({ usable: true, safe: true, pages: 1 });
  });

  it('images: whole ones are read with their size; truncated or corrupted ones are named', async () => {
    const jpeg = scanJpeg(50_000, 4000, 3000, rand);
    expect(await checkFile('现场.jpg', jpeg)).toMatchObject({ usable: true, pages: 1, usabilityNote: expect.stringContaining('4000 × 3000') });
    expect((await checkFile('现场.jpg', jpeg.subarray(0, 30_000))).usable).toBe(false);
    const png = pngBytes(64, 48);
    expect(await checkFile('照片.png', png)).toMatchObject({ usable: true, usabilityNote: expect.stringContaining('64 × 48') });
    const bad = Buffer.from(png);
    bad[40] = bad[40]! ^ 0xff;
    expect(await checkFile('照片.png', bad)).toMatchObject({ usable: false, usabilityNote: expect.stringMatching(/校验失败|无法打开/) });
    expect((await checkFile('照片.png', Buffer.from('not a png'))).usable).toBe(false);
  });
});
