// 可用性 and 安全性 of one archived file (DA/T 70): does it open, and is it free of executable
// content and of a type the archive accepts. A PDF is parsed (pdf-lib) and must have pages; an image
// is walked segment by segment (JPEG markers to EOI, PNG chunks with their CRCs and the inflated
// image data), which finds truncated and corrupted scans without decoding every pixel.
import { extname } from 'node:path';
import { crc32, inflateSync } from 'node:zlib';
import { ParseSpeeds, PDFArray, PDFDict, PDFDocument, PDFName, PDFStream } from 'pdf-lib';

export interface FileCheck {
  /** 可用性: opens, and for a PDF how many pages. */
  usable: boolean;
  pages: number | null;
  usabilityNote: string;
  /** 安全性: allowed type, no executable content. */
  safe: boolean;
  safetyNote: string;
}

/** Types an archive accepts (GB/T 18894 lists PDF/OFD and common image formats; office files as received). */
const ALLOWED = new Set(['.pdf', '.ofd', '.jpg', '.jpeg', '.png', '.tif', '.tiff', '.bmp', '.gif', '.webp', '.txt', '.json', '.jsonl', '.doc', '.docx', '.xls', '.xlsx']);

const EXECUTABLE_MAGIC: Array<[string, Buffer]> = [
  ['Windows 可执行程序', Buffer.from('MZ')],
  ['Linux 可执行程序', Buffer.from([0x7f, 0x45, 0x4c, 0x46])],
  ['脚本', Buffer.from('#!')],
  ['Mach-O 程序', Buffer.from([0xcf, 0xfa, 0xed, 0xfe])],
];

/**
 * PDF names that run code or carry other files (a scan has none of them), looked for as keys and
 * values of the document's dictionaries — never in image data, where any byte sequence occurs.
 */
const PDF_ACTIVE = new Map([
  ['/JavaScript', '含 JavaScript 脚本'],
  ['/JS', '含 JavaScript 脚本'],
  ['/Launch', '含启动外部程序的动作'],
  ['/EmbeddedFile', '内嵌其他文件'],
  ['/EmbeddedFiles', '内嵌其他文件'],
  ['/RichMedia', '含多媒体/Flash 内容'],
]);

export async function checkFile(name: string, bytes: Buffer): Promise<FileCheck> {
  const ext = extname(name).toLowerCase();
  const { pdf, ...usability } = await usabilityOf(ext, bytes);
  return { ...usability, ...safetyOf(ext, bytes, pdf) };
}

function safetyOf(ext: string, bytes: Buffer, pdf: PDFDocument | null): Pick<FileCheck, 'safe' | 'safetyNote'> {
  for (const [what, magic] of EXECUTABLE_MAGIC) {
    if (bytes.subarray(0, magic.length).equals(magic)) return { safe: false, safetyNote: `文件内容是${what}` };
  }
  if (!ALLOWED.has(ext)) return { safe: false, safetyNote: `文件类型 ${ext || '（无扩展名）'} 不在归档允许的类型之内` };
  if (pdf) {
    const found = activePdfContent(pdf);
    if (found.length) return { safe: false, safetyNote: `PDF ${found.join('、')}` };
  }
  if ((ext === '.docx' || ext === '.xlsx') && bytes.includes('vbaProject.bin')) return { safe: false, safetyNote: 'Office 文件含宏' };
  return { safe: true, safetyNote: '类型允许，无可执行内容' };
}

function activePdfContent(pdf: PDFDocument): string[] {
  const found = new Set<string>();
  // Direct dictionaries and arrays nest (an /OpenAction inside the catalogue): walked, not followed by reference.
  const visit = (obj: unknown, depth: number): void => {
    if (depth > 32) return;
    if (obj instanceof PDFName) {
      const v = PDF_ACTIVE.get(obj.asString());
      if (v) found.add(v);
    } else if (obj instanceof PDFDict || obj instanceof PDFStream) {
      for (const [key, value] of (obj instanceof PDFStream ? obj.dict : obj).entries()) {
        const k = PDF_ACTIVE.get(key.asString());
        if (k) found.add(k);
        visit(value, depth + 1);
      }
    } else if (obj instanceof PDFArray) {
      for (const v of obj.asArray()) visit(v, depth + 1);
    }
  };
  for (const [, obj] of pdf.context.enumerateIndirectObjects()) visit(obj, 0);
  return [...found];
}

type Usability = Pick<FileCheck, 'usable' | 'pages' | 'usabilityNote'> & { pdf: PDFDocument | null };

async function usabilityOf(ext: string, bytes: Buffer): Promise<Usability> {
  const none = { pdf: null };
  if (bytes.length === 0) return { usable: false, pages: null, usabilityNote: '文件为空', ...none };
  try {
    switch (ext) {
      case '.pdf': {
        if (!bytes.subarray(0, 1024).includes('%PDF-')) return { usable: false, pages: null, usabilityNote: '不是 PDF 文件（缺少 %PDF 文件头）', ...none };
        if (!bytes.subarray(-1024).includes('%%EOF')) return { usable: false, pages: null, usabilityNote: 'PDF 文件不完整（缺少文件尾，可能被截断）', ...none };
        const pdf = await PDFDocument.load(bytes, { ignoreEncryption: true, updateMetadata: false, throwOnInvalidObject: true, parseSpeed: ParseSpeeds.Fastest });
        const pages = pdf.getPageCount();
        if (pages < 1) return { usable: false, pages: 0, usabilityNote: 'PDF 没有页面', pdf };
        return { usable: true, pages, usabilityNote: pdf.isEncrypted ? `可打开，共 ${pages} 页（文件已加密）` : `可打开，共 ${pages} 页`, pdf };
      }
      case '.jpg':
      case '.jpeg':
        return imageResult(walkJpeg(bytes));
      case '.png':
        return imageResult(walkPng(bytes));
      case '.json':
        JSON.parse(bytes.toString('utf8'));
        return { usable: true, pages: null, usabilityNote: 'JSON 可解析', ...none };
      case '.jsonl':
        for (const line of bytes.toString('utf8').split('\n')) if (line.trim()) JSON.parse(line);
        return { usable: true, pages: null, usabilityNote: '每行 JSON 均可解析', ...none };
      default:
        return { usable: true, pages: null, usabilityNote: '非 PDF/图像文件，仅检查文件非空', ...none };
    }
  } catch (e) {
    return { usable: false, pages: null, usabilityNote: `无法打开：${(e as Error).message.slice(0, 120)}`, ...none };
  }
}

function imageResult(r: { width: number; height: number } | string): Usability {
  if (typeof r === 'string') return { usable: false, pages: null, usabilityNote: r, pdf: null };
  return { usable: true, pages: 1, usabilityNote: `图像可读，${r.width} × ${r.height} 像素`, pdf: null };
}

/** JPEG: SOI, marker segments with their lengths, a frame header, scan data, EOI. */
function walkJpeg(b: Buffer): { width: number; height: number } | string {
  if (b[0] !== 0xff || b[1] !== 0xd8) return '不是 JPEG 图像（文件头不符）';
  let off = 2;
  let size: { width: number; height: number } | null = null;
  while (off + 4 <= b.length) {
    if (b[off] !== 0xff) return `JPEG 结构损坏（第 ${off} 字节）`;
    const marker = b[off + 1]!;
    if (marker === 0xff) { off++; continue; }
    if (marker === 0xd9) break;
    if (marker >= 0xd0 && marker <= 0xd7) { off += 2; continue; }
    const len = b.readUInt16BE(off + 2);
    if (len < 2 || off + 2 + len > b.length) return 'JPEG 文件不完整（可能被截断）';
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      size = { height: b.readUInt16BE(off + 5), width: b.readUInt16BE(off + 7) };
    }
    off += 2 + len;
    if (marker === 0xda) {
      // Entropy-coded data runs to the next marker that is not a stuffed byte or a restart.
      for (;;) {
        off = b.indexOf(0xff, off);
        if (off < 0 || off + 1 >= b.length) return 'JPEG 文件不完整（缺少结束标记，可能被截断）';
        const next = b[off + 1]!;
        if (next !== 0x00 && !(next >= 0xd0 && next <= 0xd7)) break;
        off += 2;
      }
    }
  }
  if (!(b[b.length - 2] === 0xff && b[b.length - 1] === 0xd9) && !(b[off] === 0xff && b[off + 1] === 0xd9)) return 'JPEG 文件不完整（缺少结束标记，可能被截断）';
  if (!size || size.width === 0 || size.height === 0) return 'JPEG 缺少图像尺寸信息';
  return size;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** PNG: signature, chunks with valid CRCs, IHDR first, IDAT data that inflates, IEND last. */
function walkPng(b: Buffer): { width: number; height: number } | string {
  if (!b.subarray(0, 8).equals(PNG_SIGNATURE)) return '不是 PNG 图像（文件头不符）';
  let off = 8;
  let size: { width: number; height: number } | null = null;
  const idat: Buffer[] = [];
  while (off + 12 <= b.length) {
    const len = b.readUInt32BE(off);
    const type = b.toString('latin1', off + 4, off + 8);
    if (off + 12 + len > b.length) return 'PNG 文件不完整（可能被截断）';
    if (crc32(b.subarray(off + 4, off + 8 + len)) !== b.readUInt32BE(off + 8 + len)) return `PNG 数据块 ${type} 校验失败（文件已损坏）`;
    if (type === 'IHDR') size = { width: b.readUInt32BE(off + 8), height: b.readUInt32BE(off + 12) };
    if (type === 'IDAT') idat.push(b.subarray(off + 8, off + 8 + len));
    off += 12 + len;
    if (type === 'IEND') {
      if (!size) return 'PNG 缺少 IHDR';
      if (!idat.length) return 'PNG 没有图像数据';
      inflateSync(Buffer.concat(idat));
      return size;
    }
  }
  return 'PNG 文件不完整（缺少 IEND，可能被截断）';
}
