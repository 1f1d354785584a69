// Reads PDFs back with poppler (pdftotext, pdfinfo, pdffonts, pdftoppm) and zbarimg.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const workDir = mkdtempSync(path.join(tmpdir(), 'daiban-print-'));

/** Removes the PDFs and PNGs, unless KEEP_PRINT_ARTIFACTS=1 (then prints where they are). */
export function cleanUp(): void {
  if (process.env.KEEP_PRINT_ARTIFACTS === '1') {
    console.log(`printing artifacts kept in ${workDir}`);
    return;
  }
  rmSync(workDir, { recursive: true, force: true });
}

let n = 0;
export function savePdf(pdf: Buffer, name: string): string {
  const file = path.join(workDir, `${++n}-${name}.pdf`);
  writeFileSync(file, pdf);
  return file;
}

/** Text of the whole PDF, or of one page. */
export function pdfText(file: string, page?: number): string {
  const args = ['-raw', '-enc', 'UTF-8', ...(page ? ['-f', String(page), '-l', String(page)] : []), file, '-'];
  return execFileSync('pdftotext', args, { encoding: 'utf8' });
}

/** Text without any whitespace: wrapped lines join up again. */
export function flat(text: string): string {
  return text.replace(/\s+/g, '');
}

export interface PdfInfo {
  pages: number;
  width: number;
  height: number;
  /** As pdfinfo prints it, in UTC (TZ=UTC). */
  creationDate: string;
}

export function pdfInfo(file: string): PdfInfo {
  const out = execFileSync('pdfinfo', [file], { encoding: 'utf8', env: { ...process.env, TZ: 'UTC' } });
  const pages = Number(/Pages:\s+(\d+)/.exec(out)?.[1]);
  const size = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(out);
  return { pages, width: Number(size?.[1]), height: Number(size?.[2]), creationDate: /CreationDate:\s+(.+)/.exec(out)?.[1]?.trim() ?? '' };
}

export function pdfFonts(file: string): string {
  return execFileSync('pdffonts', [file], { encoding: 'utf8' });
}

/** Renders every page to PNG; returns the files in page order. */
export function renderPages(file: string, dpi = 100): string[] {
  const prefix = file.replace(/\.pdf$/, `-r${dpi}`);
  execFileSync('pdftoppm', ['-r', String(dpi), '-png', file, prefix]);
  const base = path.basename(prefix);
  return readdirSync(path.dirname(file))
    .filter((f) => f.startsWith(`${base}-`) && f.endsWith('.png'))
    .sort((a, b) => Number(/-(\d+)\.png$/.exec(a)?.[1]) - Number(/-(\d+)\.png$/.exec(b)?.[1]))
    .map((f) => path.join(path.dirname(file), f));
}

/** Decodes QR codes in an image with zbarimg; returns the decoded strings. */
export function decodeQr(png: string): string[] {
  const r = spawnSync('zbarimg', ['--quiet', '--raw', '-Sdisable', '-Sqrcode.enable', png], { encoding: 'utf8' });
  // Exit status 4: the image holds no symbol.
  if (r.status === 4) return [];
  if (r.status !== 0) throw new Error(`zbarimg failed (${String(r.status)}): ${r.stderr}`);
  return r.stdout.split('\n').filter((l) => l.length > 0);
}

export interface WordBox {
  page: number;
  text: string;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

/** Every word with its box in points (pdftotext -bbox), to check that nothing leaves the page area. */
export function wordBoxes(file: string): WordBox[] {
  const html = execFileSync('pdftotext', ['-bbox', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const out: WordBox[] = [];
  let page = 0;
  const re = /<page [^>]*>|<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g;
  for (let m = re.exec(html); m; m = re.exec(html)) {
    if (m[0].startsWith('<page')) {
      page++;
      continue;
    }
    out.push({ page, xMin: Number(m[1]), yMin: Number(m[2]), xMax: Number(m[3]), yMax: Number(m[4]), text: m[5] ?? '' });
  }
  return out;
}
