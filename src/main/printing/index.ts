// Printing: case data → PDF, in the backend, with pdfmake 0.3 and the qrcode package.
//
// API (what `daiban print`, the UI preview and the contract handler call):
//
//   import { buildDocument, renderPdf, printDocument } from '../printing';
//
//   const doc = buildDocument(kind, data, options);   // pure: validates, returns a pdfmake docDefinition
//   const pdf: Buffer = await renderPdf(doc);          // fonts load once per process; then a card takes
//                                                      // ~10–20 ms, an A4 form ~20–60 ms (scripts/bench/printing.ts)
//   // or in one step, with a file name and page count:
//   const { pdf, fileName, pages, title } = await printDocument(kind, data, options);
//
//   kind     'card' | 'authorization' | 'agreement' | 'application' | 'receipt' | 'plan' | 'weekly' | 'poster'
//            (aliases from the contract: liaisonCard → card, serviceApplication → application,
//             handoverReceipt → receipt)
//   data     PrintableCase (types.ts) for every kind; for 'weekly' either a PrintableCase (a key
//            project's week) or a PrintableWeekly (an office's week over several cases).
//            The caller flattens its store rows into this shape: features/documents/service.ts
//            (printableCase) does it for the app and the CLI; null fields count as absent.
//            For 'poster' (the hall's A4 QR to the guide index): PrintablePoster, the office.
//   options  PrintOptions: printedAt (from the injected clock, required), printedBy, guideBaseUrl
//            (required for the card and the poster: the admin's override or the server's announced
//            address), cardSignature (the card link's MAC, made by the caller), handoverId (receipt: which handover,
//            default the latest), periodStart/periodEnd (weekly of one case, default the calendar
//            week around printedAt).
//
//   await warmUpPrinting();   // optional, at app start in the background: loads fonts and modules so the
//                             // first real print is as fast as the next ones
//
// Errors: bad or missing data throws PrintError with a Chinese message naming the field; nothing is
// printed. Audit logging of "who printed what" is the caller's job (it owns the transaction).
//
// Documents: 联络卡 90 × 54 mm, two pages (front, back with the QR of the card link, version ≤ 8);
// the A4 forms carry the case number and "第 N 页 共 M 页" in the footer and "代办不包办、服务不揽责" in
// the header. Text is printed exactly as typed (pdfmake never interprets markup); characters the
// main font lacks (e.g. 𠮷) are set in a fallback font per run; fixed boxes shrink long text to fit.
import type { TDocumentDefinitions } from 'pdfmake/interfaces';
import { buildCard } from './card';
import { buildAgreement, buildApplication, buildAuthorization } from './entrustment';
import { buildPlan } from './plan';
import { buildPoster, printablePosterSchema } from './poster';
import type { PrintablePoster } from './poster';
import { buildReceipt } from './receipt';
import { clean } from './common';
import { countPages, renderPdf } from './render';
import type { DocumentKind, PrintableCase, PrintableCaseInput, PrintableWeekly, PrintableWeeklyInput, PrintOptions, PrintOptionsInput } from './types';
import { DOCUMENT_KINDS, DOCUMENT_LABELS, parseOrThrow, printableCaseSchema, printableWeeklySchema, printOptionsSchema, PrintError } from './types';
import { buildWeekly, weekAround } from './weekly';

export { renderPdf, countPages } from './render';
export { configureFonts } from './fonts';
export { cardUrl, qrVersion, NO_GUIDE_ADDRESS, CARD_WIDTH, CARD_HEIGHT } from './card';
export * from './types';
export { printablePosterSchema, POSTER_TITLE } from './poster';
export type { PrintablePoster } from './poster';

const ALIASES: Record<string, DocumentKind> = {
  liaisonCard: 'card',
  serviceApplication: 'application',
  handoverReceipt: 'receipt',
};

/** Normalizes a kind (or a contract alias); throws PrintError for an unknown kind. */
export function documentKind(kind: string): DocumentKind {
  const k = ALIASES[kind] ?? kind;
  if ((DOCUMENT_KINDS as readonly string[]).includes(k)) return k as DocumentKind;
  throw new PrintError(`不支持的文书类型：${kind}（可选：${DOCUMENT_KINDS.map((d) => `${d} ${DOCUMENT_LABELS[d]}`).join('、')}）`);
}

function weeklyData(data: unknown, options: PrintOptions): PrintableWeekly {
  if (data !== null && typeof data === 'object' && 'cases' in data) {
    return parseOrThrow(printableWeeklySchema, data, '周进展报告数据');
  }
  const c = parseOrThrow(printableCaseSchema, data, '打印数据');
  const week = weekAround(options.printedAt);
  return {
    scope: 'project',
    office: c.office,
    periodStart: options.periodStart ?? week.start,
    periodEnd: options.periodEnd ?? week.end,
    cases: [c],
  };
}

/**
 * Builds the pdfmake document for a kind from printable data. Pure (apart from reading font
 * metrics to fit text): same input, same document. Throws PrintError on bad input.
 */
export function buildDocument(
  kind: DocumentKind | string,
  data: PrintableCaseInput | PrintableWeeklyInput | PrintableCase | PrintableWeekly | PrintablePoster,
  options: PrintOptionsInput,
): TDocumentDefinitions {
  const k = documentKind(kind);
  const opts = parseOrThrow(printOptionsSchema, options, '打印选项');
  if (k === 'weekly') return buildWeekly(weeklyData(data, opts), opts);
  if (k === 'poster') return buildPoster(parseOrThrow(printablePosterSchema, data, '海报数据'), opts);
  const c = parseOrThrow(printableCaseSchema, data, '打印数据');
  switch (k) {
    case 'card':
      return buildCard(c, opts);
    case 'authorization':
      return buildAuthorization(c, opts);
    case 'agreement':
      return buildAgreement(c, opts);
    case 'application':
      return buildApplication(c, opts);
    case 'receipt':
      return buildReceipt(c, opts);
    case 'plan':
      return buildPlan(c, opts);
  }
}

/** Loads fonts and compiles the layout path with a tiny document; call once in the background at start. */
export async function warmUpPrinting(): Promise<void> {
  await renderPdf({ pageSize: 'A6', content: [{ text: '代办帮办 预热', bold: true }, '代办不包办、服务不揽责'], defaultStyle: { font: 'NotoSansSC' } });
}

export interface PrintedDocument {
  kind: DocumentKind;
  title: string;
  /** A safe file name like "联络卡-FZGL-2026-000123.pdf". */
  fileName: string;
  pdf: Buffer;
  pages: number;
}

/** Builds and renders in one step. */
export async function printDocument(
  kind: DocumentKind | string,
  data: PrintableCaseInput | PrintableWeeklyInput | PrintableCase | PrintableWeekly | PrintablePoster,
  options: PrintOptionsInput,
): Promise<PrintedDocument> {
  const k = documentKind(kind);
  const doc = buildDocument(k, data, options);
  const pdf = await renderPdf(doc);
  const ref =
    data !== null && typeof data === 'object' && 'caseNumber' in data && typeof data.caseNumber === 'string'
      ? data.caseNumber
      : data !== null && typeof data === 'object' && 'periodStart' in data && typeof data.periodStart === 'string'
        ? data.periodStart
        : k === 'poster' && data !== null && typeof data === 'object' && 'office' in data
          ? clean(String((data.office as { name?: unknown }).name ?? ''))
          : '';
  const label = k === 'card' ? '联络卡' : k === 'poster' ? '电子指引海报' : DOCUMENT_LABELS[k];
  // eslint-disable-next-line no-control-regex
  const safe = `${label}-${ref}`.replace(/[\\/:*?"<>|\u0000-\u001f]+/g, '_').slice(0, 120);
  return { kind: k, title: DOCUMENT_LABELS[k], fileName: `${safe}.pdf`, pdf, pages: countPages(pdf) };
}
