// The renderer: pdfmake docDefinition → PDF bytes, with the per-character font fallback applied
// to every text node first (characters the main font lacks are set in a fallback font).
import type { Content, DynamicContent, TDocumentDefinitions } from 'pdfmake/interfaces';
import { fontState, fontTable, needsFallback, splitRuns } from './fonts';

type Node = unknown;

/**
 * A run of 18+ characters with no line-break opportunity (a long Latin word, a code without
 * spaces). pdfmake sizes table columns to their longest word, so one such word can push a table
 * past the page edge; such texts break anywhere instead ('break-all').
 */
const LONG_TOKEN = /[^\s\u2E80-\u9FFF\uF900-\uFAFF\uFF00-\uFFEF\u{20000}-\u{3FFFF}\-/]{18,}/u;

function inlineText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(inlineText).join('');
  if (value !== null && typeof value === 'object' && 'text' in value) return inlineText((value as { text: unknown }).text);
  return '';
}

function fixInline(value: Node): Node {
  if (typeof value === 'string') return needsFallback(value) ? splitRuns(value) : value;
  if (typeof value === 'number') return value;
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (const part of value) {
      if (typeof part === 'string' && needsFallback(part)) out.push(...splitRuns(part));
      else out.push(fixContent(part));
    }
    return out;
  }
  return fixContent(value);
}

/** Walks the content tree and splits every text that needs a fallback font into font runs. */
export function fixContent(node: Node): Node {
  if (typeof node === 'string') {
    const long = LONG_TOKEN.test(node);
    if (!needsFallback(node)) return long ? { text: node, wordBreak: 'break-all' } : node;
    return long ? { text: splitRuns(node), wordBreak: 'break-all' } : { text: splitRuns(node) };
  }
  if (Array.isArray(node)) return node.map(fixContent);
  if (node === null || typeof node !== 'object') return node;
  const obj = node as Record<string, unknown>;
  const copy: Record<string, unknown> = { ...obj };
  if ('text' in obj) {
    copy.text = fixInline(obj.text);
    if (obj.noWrap !== true && obj.wordBreak === undefined && LONG_TOKEN.test(inlineText(obj.text))) copy.wordBreak = 'break-all';
  }
  for (const key of ['stack', 'columns', 'ul', 'ol']) {
    if (Array.isArray(obj[key])) copy[key] = (obj[key] as unknown[]).map(fixContent);
  }
  const table = obj.table as { body?: unknown[][] } | undefined;
  if (table && Array.isArray(table.body)) {
    copy.table = { ...table, body: table.body.map((row) => (Array.isArray(row) ? row.map(fixContent) : row)) };
  }
  return copy;
}

function fixDynamic(fn: TDocumentDefinitions['header']): TDocumentDefinitions['header'] {
  if (typeof fn !== 'function') return fn === undefined ? undefined : (fixContent(fn) as Content);
  const dyn = fn as DynamicContent;
  return ((currentPage, pageCount, pageSize) => fixContent(deepCopy(dyn(currentPage, pageCount, pageSize))) as Content) as DynamicContent;
}

/** Deep copy of plain objects and arrays (functions, dates and buffers are shared): pdfmake mutates what it lays out. */
export function deepCopy<T>(value: T): T {
  if (Array.isArray(value)) {
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) out[i] = deepCopy(value[i]);
    return out as T;
  }
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const src = value as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const k in src) {
      const v = src[k];
      // Canvas vectors are flat (polylines have points): a cheap copy is enough, and a QR has hundreds.
      out[k] = k === 'canvas' && Array.isArray(v) ? v.map(copyVector) : deepCopy(v);
    }
    return out as T;
  }
  return value;
}

function copyVector(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  const vec = v as { points?: Array<{ x: number; y: number }> };
  return vec.points ? { ...vec, points: vec.points.map((p) => ({ ...p })) } : { ...vec };
}

/**
 * Applies the font fallback to a whole document (content, header, footer) and returns a fresh
 * copy, so the same definition can be rendered again. Pure apart from font lookups.
 */
export function withFontFallback(doc: TDocumentDefinitions): TDocumentDefinitions {
  const copy = deepCopy(doc);
  return {
    ...copy,
    content: fixContent(copy.content) as Content,
    header: fixDynamic(copy.header),
    footer: fixDynamic(copy.footer),
  };
}

/** Renders a pdfmake document to a PDF. Fonts load once per process on the first call. */
export async function renderPdf(doc: TDocumentDefinitions): Promise<Buffer> {
  const { pdfmake } = fontState();
  // First the fallback (it may load fallback fonts into the table), then the table: pdfmake
  // mutates the font table during a render, so each render gets its own copy.
  const fixed = withFontFallback(doc);
  pdfmake.setFonts(fontTable());
  return pdfmake.createPdf(fixed).getBuffer();
}

/** Number of pages of a PDF made by renderPdf (pdfkit writes page objects uncompressed). */
export function countPages(pdf: Buffer): number {
  const m = /\/Type \/Pages\s*\n?\/Count (\d+)/.exec(pdf.toString('latin1'));
  if (m?.[1]) return Number(m[1]);
  return (pdf.toString('latin1').match(/\/Type \/Page\b(?!s)/g) ?? []).length;
}
