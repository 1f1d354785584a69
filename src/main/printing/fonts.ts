// Font setup for printing: the embedded Chinese fonts, the per-character fallback chain,
// and text measurement used by builders to shrink text that must fit a fixed box.
//
// Fonts (all SIL OFL 1.1, see assets/fonts/README.md):
//   NotoSansSC  — the main face (regular + real bold), from @expo-google-fonts/noto-sans-sc;
//   NotoSansJP  — shipped fallback for CJK characters the SC subset of Google Fonts lacks,
//                 notably supplementary-plane name characters such as 𠮷 (U+20BB7);
//   SystemCJK   — Debian's Noto Sans CJK collection when present (fonts-noto-cjk), the last resort
//                 (covers ~2,300 supplementary-plane ideographs).
// pdfmake subsets every face it uses, so only the glyphs printed end up in the PDF.

import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { appRoot } from '../platform/paths';

/**
 * This module's location: __filename in a CJS bundle (the Electron build defines import.meta.url
 * as undefined there), import.meta.url under ESM (tsx, vitest).
 */
const moduleUrl: string | undefined = typeof __filename === 'string' ? pathToFileURL(__filename).href : import.meta.url;
const require = createRequire(moduleUrl ?? pathToFileURL(path.join(process.cwd(), 'index.js')).href);

/** The subset of fontkit's Font we use. */
interface FontkitGlyph {
  advanceWidth: number;
}
interface FontkitFont {
  unitsPerEm: number;
  hasGlyphForCodePoint(cp: number): boolean;
  glyphForCodePoint(cp: number): FontkitGlyph;
}
interface FontkitModule {
  create(buf: Uint8Array, postscriptName?: string): FontkitFont;
}

/** pdfmake 0.3's server singleton (the parts we use; @types/pdfmake describes 0.2). */
export interface PdfMakeServer {
  virtualfs: { writeFileSync(name: string, data: Buffer): void; existsSync(name: string): boolean };
  setFonts(fonts: Record<string, FontFaces>): void;
  setUrlAccessPolicy(cb: (url: string) => boolean): void;
  setLocalAccessPolicy(cb: (p: string) => boolean): void;
  createPdf(doc: unknown, options?: Record<string, unknown>): { getBuffer(): Promise<Buffer> };
}
type FontSource = string | [string, string];
interface FontFaces {
  normal: FontSource;
  bold: FontSource;
  italics: FontSource;
  bolditalics: FontSource;
}

export const MAIN_FONT = 'NotoSansSC';
export const FALLBACK_FONT = 'NotoSansJP';
export const SYSTEM_FONT = 'SystemCJK';
/**
 * The main font for text inside SVG graphics (charts): pdfmake hands an SVG's font straight to
 * pdfkit, which opens it by path — not through pdfmake's virtual files — so this family names the
 * font files by their absolute paths. Only SVG text uses it.
 */
export const SVG_FONT = 'NotoSansSCFile';

const SYSTEM_CJK_REGULAR = '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc';
const SYSTEM_CJK_BOLD = '/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc';
const SYSTEM_CJK_FACE = 'NotoSansCJKsc-Regular';
const SYSTEM_CJK_BOLD_FACE = 'NotoSansCJKsc-Bold';

const FILES = {
  mainRegular: 'NotoSansSC-Regular.ttf',
  mainBold: 'NotoSansSC-Bold.ttf',
  fallbackRegular: 'NotoSansJP-Regular.ttf',
  fallbackBold: 'NotoSansJP-Bold.ttf',
} as const;

let fontDirOverride: string | undefined;

/** Point printing at another fonts folder (e.g. the packaged app's resources). Call before the first render. */
export function configureFonts(opts: { fontDir?: string }): void {
  if (state) throw new Error('打印字体已加载，无法再更改字体目录');
  fontDirOverride = opts.fontDir;
}

/** Where the fonts are: explicit setting, DAIBAN_FONT_DIR, the app root's assets/fonts (platform/paths), or resources. */
export function resolveFontDir(): string {
  const here = moduleUrl ? path.dirname(fileURLToPath(moduleUrl)) : undefined;
  const resources = (process as NodeJS.Process & { resourcesPath?: string }).resourcesPath;
  let root: string | undefined;
  try {
    root = appRoot();
  } catch {
    root = undefined;
  }
  const candidates = [
    fontDirOverride,
    process.env.DAIBAN_FONT_DIR,
    root ? path.join(root, 'assets/fonts') : undefined,
    here ? path.resolve(here, '../../../assets/fonts') : undefined,
    path.resolve(process.cwd(), 'assets/fonts'),
    resources ? path.join(resources, 'assets/fonts') : undefined,
  ].filter((c): c is string => typeof c === 'string' && c.length > 0);
  for (const dir of candidates) {
    if (existsSync(path.join(dir, FILES.mainRegular))) return dir;
  }
  throw new Error(`找不到打印字体文件 ${FILES.mainRegular}（已查找：${candidates.join('；')}）`);
}

interface FontState {
  pdfmake: PdfMakeServer;
  main: { regular: FontkitFont; bold: FontkitFont };
  /** Loaded on the first character the main font lacks (keeps the first document fast). */
  readonly fallback: { regular: FontkitFont; bold: FontkitFont } | undefined;
  readonly system: FontkitFont | undefined;
  fonts: Record<string, FontFaces>;
  fontDir: string;
}

let state: FontState | undefined;

/**
 * fontkit parses a 10 MB font on every `doc.font(buffer)`, i.e. on every document. We hand pdfkit a
 * fontkit whose `create` memoizes by buffer identity for the buffers we registered, which halves
 * warm generation time. Must run before pdfkit is first loaded; if it cannot, printing still works.
 */
function installFontkitCache(cachedBuffers: WeakMap<Uint8Array, FontkitFont>): FontkitModule {
  const pdfkitRequire = createRequire(require.resolve('pdfkit'));
  const fontkitPath = pdfkitRequire.resolve('fontkit');
  const original = pdfkitRequire('fontkit') as FontkitModule;
  const cachedCreate = (buf: Uint8Array, postscriptName?: string): FontkitFont => {
    if (!postscriptName) {
      const hit = cachedBuffers.get(buf);
      if (hit) return hit;
    }
    return original.create(buf, postscriptName);
  };
  const entry = require.cache[fontkitPath];
  const pdfkitLoaded = Object.keys(require.cache).some((k) => /[\\/]pdfkit[\\/]js[\\/]pdfkit\.js$/.test(k));
  if (entry && !pdfkitLoaded) {
    entry.exports = { ...(original as unknown as Record<string, unknown>), create: cachedCreate };
  }
  return original;
}

interface LayoutRun {
  advanceWidth: number;
}
interface EmbeddedFontLike {
  font: FontkitFont;
  layoutCache?: Record<string, LayoutRun>;
  layoutRun(text: string): LayoutRun;
  layoutCached(text: string): LayoutRun;
}

/**
 * pdfkit shapes every word of every document with fontkit and caches the result per document
 * only. Layout of a word in a font never changes, so we keep one cache per fontkit font across
 * documents (the fonts are shared thanks to installFontkitCache). Bounded; cleared when full.
 */
function installSharedLayoutCache(pdfkitRequire: NodeJS.Require, sampleFont: Buffer): void {
  const PDFKit = pdfkitRequire('pdfkit') as new (opts: object) => { font(src: Buffer): { _font: EmbeddedFontLike } };
  const probe = new PDFKit({ autoFirstPage: false });
  const proto = Object.getPrototypeOf(probe.font(sampleFont)._font) as EmbeddedFontLike & { __daibanShared?: boolean };
  if (proto.__daibanShared || typeof proto.layoutCached !== 'function' || typeof proto.layoutRun !== 'function') return;
  const caches = new WeakMap<FontkitFont, Map<string, LayoutRun>>();
  const MAX_ENTRIES = 50_000;
  proto.layoutCached = function layoutCached(this: EmbeddedFontLike, text: string): LayoutRun {
    if (!this.layoutCache) return this.layoutRun(text);
    let cache = caches.get(this.font);
    if (!cache) caches.set(this.font, (cache = new Map()));
    let run = cache.get(text);
    if (!run) {
      run = this.layoutRun(text);
      if (cache.size >= MAX_ENTRIES) cache.clear();
      cache.set(text, run);
    }
    return run;
  };
  proto.__daibanShared = true;
}

function loadFonts(): FontState {
  const fontDir = resolveFontDir();
  const cached = new WeakMap<Uint8Array, FontkitFont>();
  const fontkit = installFontkitCache(cached);
  const pdfmake = require('pdfmake') as PdfMakeServer;
  // No document of ours loads anything from the network or from files we did not name.
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy((p) => p === SYSTEM_CJK_REGULAR || p === SYSTEM_CJK_BOLD);

  const buffers = new Map<string, Buffer>();
  const load = (file: string): FontkitFont => {
    const buf = readFileSync(path.join(fontDir, file));
    buffers.set(file, buf);
    pdfmake.virtualfs.writeFileSync(file, buf);
    // pdfmake reads the same Buffer back from its virtual fs, so the identity cache hits.
    const font = fontkit.create(buf);
    cached.set(buf, font);
    return font;
  };
  const main = { regular: load(FILES.mainRegular), bold: load(FILES.mainBold) };
  try {
    installSharedLayoutCache(createRequire(require.resolve('pdfkit')), buffers.get(FILES.mainRegular) ?? readFileSync(path.join(fontDir, FILES.mainRegular)));
  } catch {
    // An optimisation only: pdfkit's own per-document cache still works.
  }
  const fonts: Record<string, FontFaces> = {
    [MAIN_FONT]: { normal: FILES.mainRegular, bold: FILES.mainBold, italics: FILES.mainRegular, bolditalics: FILES.mainBold },
    [SVG_FONT]: {
      normal: path.join(fontDir, FILES.mainRegular),
      bold: path.join(fontDir, FILES.mainBold),
      italics: path.join(fontDir, FILES.mainRegular),
      bolditalics: path.join(fontDir, FILES.mainBold),
    },
  };
  let fallback: FontState['fallback'] | null = null;
  let system: FontkitFont | undefined | null = null;
  const loadFallback = (): FontState['fallback'] => {
    if (fallback !== null) return fallback;
    fallback = undefined;
    if (existsSync(path.join(fontDir, FILES.fallbackRegular)) && existsSync(path.join(fontDir, FILES.fallbackBold))) {
      fallback = { regular: load(FILES.fallbackRegular), bold: load(FILES.fallbackBold) };
      fonts[FALLBACK_FONT] = {
        normal: FILES.fallbackRegular,
        bold: FILES.fallbackBold,
        italics: FILES.fallbackRegular,
        bolditalics: FILES.fallbackBold,
      };
    }
    return fallback;
  };
  const loadSystem = (): FontkitFont | undefined => {
    if (system !== null) return system;
    system = undefined;
    if (existsSync(SYSTEM_CJK_REGULAR) && process.env.DAIBAN_NO_SYSTEM_FONTS !== '1') {
      try {
        // Only the cmap is consulted here; pdfkit reads the collection itself when a glyph is needed.
        system = fontkit.create(readFileSync(SYSTEM_CJK_REGULAR), SYSTEM_CJK_FACE);
        const bold: FontSource = existsSync(SYSTEM_CJK_BOLD) ? [SYSTEM_CJK_BOLD, SYSTEM_CJK_BOLD_FACE] : [SYSTEM_CJK_REGULAR, SYSTEM_CJK_FACE];
        fonts[SYSTEM_FONT] = { normal: [SYSTEM_CJK_REGULAR, SYSTEM_CJK_FACE], bold, italics: [SYSTEM_CJK_REGULAR, SYSTEM_CJK_FACE], bolditalics: bold };
      } catch {
        system = undefined;
      }
    }
    return system;
  };
  return {
    pdfmake,
    main,
    get fallback() {
      return loadFallback();
    },
    get system() {
      return loadSystem();
    },
    fonts,
    fontDir,
  };
}

/** Loads the fonts once per process and returns pdfmake ready to render. */
export function fontState(): FontState {
  state ??= loadFonts();
  return state;
}

/** A fresh copy of the font table: pdfmake mutates the table it is given during a render. */
export function fontTable(): Record<string, FontFaces> {
  const fonts = fontState().fonts;
  const copy: Record<string, FontFaces> = {};
  for (const [name, faces] of Object.entries(fonts)) {
    const dup = (s: FontSource): FontSource => (Array.isArray(s) ? [s[0], s[1]] : s);
    copy[name] = { normal: dup(faces.normal), bold: dup(faces.bold), italics: dup(faces.italics), bolditalics: dup(faces.bolditalics) };
  }
  return copy;
}

// ---------------------------------------------------------------------------------------------
// Per-character fallback

const fontForCache = new Map<number, string | null>();

/** Which font family prints this code point: null means the main font (or nothing has it). */
export function fallbackFontFor(cp: number): string | null {
  const hit = fontForCache.get(cp);
  if (hit !== undefined) return hit;
  const s = fontState();
  let result: string | null = null;
  if (!s.main.regular.hasGlyphForCodePoint(cp) && !isJoiner(cp)) {
    if (s.fallback?.regular.hasGlyphForCodePoint(cp)) result = FALLBACK_FONT;
    else if (s.system?.hasGlyphForCodePoint(cp)) result = SYSTEM_FONT;
  }
  fontForCache.set(cp, result);
  return result;
}

/** Variation selectors and joiners stay with the character before them. */
function isJoiner(cp: number): boolean {
  return (cp >= 0xfe00 && cp <= 0xfe0f) || (cp >= 0xe0100 && cp <= 0xe01ef) || cp === 0x200d || cp === 0x200c;
}

export interface TextRun {
  text: string;
  font?: string;
}

/** Splits text into runs by the font that has each character; one run when the main font has them all. */
export function splitRuns(text: string): TextRun[] {
  const runs: TextRun[] = [];
  let current = '';
  let currentFont: string | null = null;
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    const font: string | null = isJoiner(cp) ? currentFont : fallbackFontFor(cp);
    if (font !== currentFont && current.length > 0) {
      runs.push(currentFont ? { text: current, font: currentFont } : { text: current });
      current = '';
    }
    currentFont = font;
    current += ch;
  }
  if (current.length > 0 || runs.length === 0) runs.push(currentFont ? { text: current, font: currentFont } : { text: current });
  return runs;
}

/** True when some character of the text needs a fallback font. */
export function needsFallback(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    // Fast path: ASCII and the common CJK block are all in the main font, except what the cache says.
    if (code < 0x80) continue;
    const cp = text.codePointAt(i) ?? code;
    if (cp > 0xffff) i++;
    if (fallbackFontFor(cp) !== null) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Measurement

const widthCache = new Map<number, number>();
const boldWidthCache = new Map<number, number>();

/** Advance width of one code point in em units (1 = the font size). */
function charWidthEm(cp: number, bold: boolean): number {
  const cache = bold ? boldWidthCache : widthCache;
  const hit = cache.get(cp);
  if (hit !== undefined) return hit;
  const s = fontState();
  const main = bold ? s.main.bold : s.main.regular;
  let font: FontkitFont = main;
  if (!main.hasGlyphForCodePoint(cp)) {
    const fb = bold ? s.fallback?.bold : s.fallback?.regular;
    if (fb?.hasGlyphForCodePoint(cp)) font = fb;
    else if (s.system?.hasGlyphForCodePoint(cp)) font = s.system;
  }
  const w = isJoiner(cp) ? 0 : font.glyphForCodePoint(cp).advanceWidth / font.unitsPerEm;
  cache.set(cp, w);
  return w;
}

/** Width in points of text set on one line at the given size (no kerning; CJK is monospaced anyway). */
export function measureText(text: string, fontSize: number, bold = false): number {
  let em = 0;
  for (const ch of text) em += charWidthEm(ch.codePointAt(0) ?? 0, bold);
  return em * fontSize;
}

/**
 * Lines the text takes in a box of the given width, wrapping like pdfmake: CJK breaks between any
 * two characters, Latin words and numbers break at spaces (a word longer than the line is split).
 */
export function countLines(text: string, width: number, fontSize: number, bold = false): number {
  let lines = 0;
  for (const para of text.split('\n')) {
    lines += 1;
    let x = 0;
    // Tokens: a run of non-space, non-CJK characters with its trailing spaces, or one other character.
    const tokens = para.match(/[^\s\u2E80-\u9FFF\uF900-\uFAFF\uFF00-\uFFEF\u{20000}-\u{3FFFF}]+\s*|[\s\S]/gu) ?? [];
    for (const token of tokens) {
      const w = measureText(token.trimEnd(), fontSize, bold);
      const full = measureText(token, fontSize, bold);
      if (x > 0 && x + w > width) {
        lines += 1;
        x = 0;
      }
      if (w > width) {
        // A word wider than the line: pdfmake splits it character by character.
        for (const ch of token) {
          const cw = charWidthEm(ch.codePointAt(0) ?? 0, bold) * fontSize;
          if (x > 0 && x + cw > width) {
            lines += 1;
            x = 0;
          }
          x += cw;
        }
      } else {
        x += full;
      }
    }
  }
  return lines;
}

export interface FitOptions {
  /** Box width in points. */
  width: number;
  maxLines: number;
  /** Preferred font size; the text shrinks from here down to minSize. */
  fontSize: number;
  minSize: number;
  bold?: boolean;
}

/**
 * Chooses the largest font size (step 0.25 pt) at which the text fits the box. If it does not fit
 * even at minSize, the text is cut with "…" so that it does (and `truncated` is true).
 */
export function fitText(text: string, opts: FitOptions): { text: string; fontSize: number; truncated: boolean } {
  const width = opts.width * 0.96; // margin for word-wise breaking and rounding
  for (let size = opts.fontSize; size >= opts.minSize - 1e-9; size -= 0.25) {
    if (countLines(text, width, size, opts.bold) <= opts.maxLines) return { text, fontSize: size, truncated: false };
  }
  const chars = Array.from(text);
  let lo = 0;
  let hi = chars.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    const candidate = chars.slice(0, mid).join('') + '…';
    if (countLines(candidate, width, opts.minSize, opts.bold) <= opts.maxLines) lo = mid;
    else hi = mid - 1;
  }
  return { text: chars.slice(0, lo).join('') + '…', fontSize: opts.minSize, truncated: true };
}
