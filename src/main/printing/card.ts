// 重点项目审批代办服务联络卡 — the liaison card, 90 × 54 mm, front and back.
// Front: title, project, case number, agent and leader with phones, office, address, hours.
// Back: a QR code for the card link (src/shared/guide/card-link.ts: {base}/g/{template}?c={token},
// signed with &n=&d=&s= when the desktop holds a card key) and one line telling to scan it.
// Every value is fitted to its box (shrunk, and cut with "…" only when even the smallest size fails),
// so the card is always exactly two pages.
import QRCode from 'qrcode';
import type { CanvasElement, Content, TableCell, TDocumentDefinitions } from 'pdfmake/interfaces';
import { clean, COLORS, DISCLAIMER, printedDate } from './common';
import { fitText, MAIN_FONT } from './fonts';
import { CARD_QR_MAX_VERSION, CARD_TOKEN_RE, CASE_NO_RE, cardLinkUrl, TEMPLATE_CODE_RE } from '../../shared/guide/card-link';
import type { PrintableCase, PrintOptions } from './types';
import { PrintError } from './types';

const MM = 72 / 25.4;
export const CARD_WIDTH = 90 * MM; // 255.12 pt
export const CARD_HEIGHT = 54 * MM; // 153.07 pt
const MARGIN_X = 11;
const MARGIN_TOP = 9;
const MARGIN_BOTTOM = 16;
const INNER = CARD_WIDTH - 2 * MARGIN_X;
const LABEL_WIDTH = 36;
const VALUE_WIDTH = INNER - LABEL_WIDTH - 4;

export const CARD_TITLE = '重点项目审批代办服务联络卡';
export const SCAN_LINE = '扫描二维码，查看代办服务工作指引和本项目办理进度';

/** Why a card has no address, and how to give it one. */
export const NO_GUIDE_ADDRESS = '打印联络卡需要电子指引地址：请管理员在 系统设置 → 电子指引地址 中填写，或请中心在启动服务器时用 --public-url 公布地址';

/** The QR version a text needs at level M (the smallest that holds it). */
export function qrVersion(data: string): number {
  return QRCode.create(data, { errorCorrectionLevel: 'M' }).version;
}

/**
 * The address the card's QR encodes: the card link, signed when the caller gives a signature.
 * Refused (PrintError) when the server could not read it, or when its QR would be too dense for
 * the 90 × 54 mm card (version > CARD_QR_MAX_VERSION at level M).
 */
export function cardUrl(c: PrintableCase, options: PrintOptions): string {
  if (!options.guideBaseUrl) throw new PrintError(NO_GUIDE_ADDRESS);
  if (!c.templateCode || !TEMPLATE_CODE_RE.test(c.templateCode)) throw new PrintError('打印联络卡需要代办服务计划书模板编码，请先为本件制定计划');
  if (!c.progressToken || !CARD_TOKEN_RE.test(c.progressToken)) throw new PrintError('进度查询码格式不正确，请在案卷中重新生成查询码');
  const signature = options.cardSignature;
  if (signature && (!CASE_NO_RE.test(c.caseNumber) || !c.acceptedAt)) throw new PrintError('代办编号或登记日期不符合联络卡签名的要求，无法打印签名联络卡');
  const url = cardLinkUrl(options.guideBaseUrl, { token: c.progressToken, caseNo: c.caseNumber, templateCode: c.templateCode, issueDate: c.acceptedAt ?? '' }, signature);
  const version = qrVersion(url);
  if (version > CARD_QR_MAX_VERSION) {
    throw new PrintError(`电子指引地址过长：联络卡二维码需第 ${version} 版，超过卡片可靠识读的第 ${CARD_QR_MAX_VERSION} 版。请在 系统设置 → 电子指引地址 改用更短的地址（当前 ${options.guideBaseUrl.length} 个字符）`);
  }
  return url;
}

/** Personal data that must never appear in the public token. */
function assertTokenIsOpaque(c: PrintableCase, token: string): void {
  const secrets = [c.applicant.idNumber, c.applicant.phone, c.applicant.uscc, c.contact?.idNumber, c.contact?.phone, c.authorized?.idNumber, c.authorized?.phone, c.agent.phone, c.leader?.phone]
    .map((s) => (s ?? '').replace(/\s+/g, ''))
    .filter((s) => s.length >= 6);
  const t = token.toLowerCase();
  for (const s of secrets) {
    if (t.includes(s.toLowerCase())) throw new PrintError('进度查询码不能包含身份证号码、电话等个人信息，请重新生成');
  }
  const digits = c.caseNumber.replace(/[^0-9A-Za-z]/g, '');
  if (digits.length >= 6 && t.includes(digits.toLowerCase())) throw new PrintError('进度查询码不能包含代办编号，请重新生成');
}

/**
 * A QR code drawn as vector rectangles with its quiet zone. Dark modules are covered greedily by
 * rectangles (a run along the row, grown downwards while the rows below match), which keeps the
 * number of drawing operations — and the render time — low.
 */
export function qrCanvas(data: string, size: number): CanvasElement[] {
  const qr = QRCode.create(data, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const quiet = 4;
  const unit = size / (n + 2 * quiet);
  const used = new Uint8Array(n * n);
  const free = (r: number, c: number): boolean => qr.modules.get(r, c) === 1 && used[r * n + c] === 0;
  const rects: CanvasElement[] = [{ type: 'rect', x: 0, y: 0, w: size, h: size, color: '#FFFFFF' }];
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      if (!free(r, c)) continue;
      let w = 1;
      while (c + w < n && free(r, c + w)) w++;
      let h = 1;
      for (;;) {
        if (r + h >= n) break;
        let all = true;
        for (let k = 0; k < w && all; k++) all = free(r + h, c + k);
        if (!all) break;
        h++;
      }
      for (let dr = 0; dr < h; dr++) for (let k = 0; k < w; k++) used[(r + dr) * n + c + k] = 1;
      // A hair of overlap so no white seams appear between touching rectangles when rasterized.
      rects.push({ type: 'rect', x: (quiet + c) * unit, y: (quiet + r) * unit, w: w * unit + 0.02, h: h * unit + 0.02, color: '#000000' });
      c += w - 1;
    }
  }
  return rects;
}

/** Spreads a 2–4 character label over the width of four characters, like printed forms do. */
function spreadLabel(label: string, size: number): TableCell {
  const chars = Array.from(label);
  // 3 characters: an en space (½ em) in each gap; 2 characters: two ideographic spaces between.
  const gap = chars.length === 3 ? '\u2002' : chars.length === 2 ? '\u3000\u3000' : '';
  return { text: chars.join(gap), fontSize: size, color: COLORS.grey, noWrap: true };
}

function row(label: string, value: string, opts: { maxLines: number; fontSize: number; bold?: boolean }): TableCell[] {
  const fitted = fitText(clean(value).replace(/\n+/g, ' ').trim() || '—', {
    width: VALUE_WIDTH,
    maxLines: opts.maxLines,
    fontSize: opts.fontSize,
    minSize: 4.5,
    bold: opts.bold,
  });
  return [
    { ...(spreadLabel(label, 6.5) as object), margin: [0, Math.max(0, (fitted.fontSize - 6.5) * 0.9), 0, 0] } as TableCell,
    // noWrap when fitted to one line: pdfmake then handles the value as one piece, not per character.
    { text: fitted.text, fontSize: fitted.fontSize, bold: opts.bold ?? false, noWrap: opts.maxLines === 1 },
  ];
}

function personLine(p: { name: string; phone?: string | undefined } | undefined): string {
  if (!p) return '—';
  return [clean(p.name).trim(), clean(p.phone).trim()].filter(Boolean).join('\u3000');
}

export function buildCard(c: PrintableCase, options: PrintOptions): TDocumentDefinitions {
  if (!options.guideBaseUrl) throw new PrintError(NO_GUIDE_ADDRESS);
  if (!c.templateCode) throw new PrintError('打印联络卡需要代办服务计划书模板编码，请先为本件制定计划');
  if (!c.progressToken) throw new PrintError('打印联络卡需要进度查询码，请先生成');
  assertTokenIsOpaque(c, c.progressToken);
  const url = cardUrl(c, options);

  const rows: TableCell[][] = [
    row('项目名称', c.project.name, { maxLines: 2, fontSize: 8, bold: true }),
    row('代办编号', c.caseNumber, { maxLines: 1, fontSize: 7.5 }),
    row('代办员', personLine(c.agent), { maxLines: 1, fontSize: 7.5 }),
    row('责任领导', personLine(c.leader), { maxLines: 1, fontSize: 7.5 }),
    row('服务机构', [c.office.name, c.office.phone ? `电话 ${c.office.phone}` : ''].filter(Boolean).join('\u3000'), { maxLines: 1, fontSize: 7.5 }),
    row('地址', c.office.address ?? '', { maxLines: 1, fontSize: 7.5 }),
    row('办公时间', c.office.hours ?? '', { maxLines: 1, fontSize: 7.5 }),
  ];

  const qrSize = 98;
  const front: Content[] = [
    { text: CARD_TITLE, fontSize: 10.5, bold: true, color: COLORS.red, alignment: 'center', characterSpacing: 0.6, noWrap: true },
    {
      canvas: [
        { type: 'line', x1: 0, y1: 2, x2: INNER, y2: 2, lineWidth: 0.9, lineColor: COLORS.red },
        { type: 'line', x1: 0, y1: 3.6, x2: INNER, y2: 3.6, lineWidth: 0.3, lineColor: COLORS.red },
      ],
      margin: [0, 0, 0, 3],
    },
    {
      table: { widths: [LABEL_WIDTH, '*'], body: rows },
      layout: {
        hLineWidth: () => 0,
        vLineWidth: () => 0,
        paddingLeft: (i: number) => (i === 0 ? 0 : 4),
        paddingRight: () => 0,
        paddingTop: () => 1,
        paddingBottom: () => 1,
      },
    },
  ];
  const back: Content[] = [
    { text: '电子版代办服务工作指引', fontSize: 7.5, bold: true, color: COLORS.red, alignment: 'center', characterSpacing: 1, pageBreak: 'before', margin: [0, 0, 0, 1], noWrap: true },
    {
      columns: [{ text: '', width: '*' }, { width: qrSize, canvas: qrCanvas(url, qrSize) }, { text: '', width: '*' }],
      margin: [0, 0, 0, 2],
    },
    { text: SCAN_LINE, fontSize: 7, bold: true, alignment: 'center', noWrap: true },
  ];
  const officeLine = fitText(clean(c.office.name).replace(/\n+/g, ' '), { width: INNER / 2, maxLines: 1, fontSize: 6, minSize: 4 });

  return {
    pageSize: { width: CARD_WIDTH, height: CARD_HEIGHT },
    pageMargins: [MARGIN_X, MARGIN_TOP, MARGIN_X, MARGIN_BOTTOM],
    info: {
      title: CARD_TITLE,
      subject: clean(c.caseNumber),
      creator: 'Daiban Desk',
      producer: 'Daiban Desk',
      ...(printedDate(options.printedAt) ? { creationDate: printedDate(options.printedAt) } : {}),
    },
    defaultStyle: { font: MAIN_FONT, fontSize: 7.5, lineHeight: 1, color: COLORS.ink },
    footer: (currentPage: number) => ({
      margin: [MARGIN_X, 3, MARGIN_X, 0],
      columns:
        currentPage === 1
          ? [{ text: `${DISCLAIMER}\u3000·\u3000全程免费代办`, fontSize: 6, color: COLORS.red, alignment: 'center', noWrap: true }]
          : [
              { text: officeLine.text, fontSize: officeLine.fontSize, color: COLORS.grey, width: '*', noWrap: true },
              { text: DISCLAIMER, fontSize: 6, color: COLORS.red, alignment: 'right', width: 'auto', noWrap: true },
            ],
    }),
    content: [...front, ...back],
  };
}
