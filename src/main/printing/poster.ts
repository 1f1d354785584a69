// 大厅二维码海报 — an A4 poster for the service hall: a big QR code to the guide index (/g/, every
// published guide and the 六张清单), the office's name, address, hours and phone, "全程免费" and
// "代办不包办、服务不揽责". One page; long office texts shrink to fit their line.
import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces';
import { z } from 'zod';
import { guideIndexUrl } from '../../shared/guide/card-link';
import { qrCanvas } from './card';
import { clean, COLORS, DISCLAIMER, printedDate } from './common';
import { fitText, MAIN_FONT } from './fonts';
import type { PrintOptions } from './types';
import { PrintError } from './types';

export const POSTER_TITLE = '代办帮办电子指引';
export const POSTER_SCAN_LINE = '微信扫一扫，查看代办服务工作指引、办事清单和项目办理进度';

const WIDTH = 595.28;
const MARGIN = 56;
const INNER = WIDTH - 2 * MARGIN;
const QR_SIZE = 290;

export const printablePosterSchema = z.object({
  office: z.object({ name: z.string().min(1).max(200), address: z.string().max(300).optional(), phone: z.string().max(40).optional(), hours: z.string().max(200).optional() }),
});
export type PrintablePoster = z.infer<typeof printablePosterSchema>;

export const NO_POSTER_ADDRESS = '打印大厅二维码海报需要电子指引地址：请在 系统设置 → 电子指引地址 中填写，或请中心在启动服务器时用 --public-url 公布地址';

function line(text: string, fontSize: number, opts: { bold?: boolean; color?: string; margin?: [number, number, number, number] } = {}): Content {
  const fitted = fitText(clean(text).replace(/\n+/g, ' ').trim(), { width: INNER, maxLines: 1, fontSize, minSize: Math.min(10, fontSize), bold: opts.bold });
  return { text: fitted.text, fontSize: fitted.fontSize, bold: opts.bold ?? false, color: opts.color ?? COLORS.ink, alignment: 'center', noWrap: true, margin: opts.margin ?? [0, 0, 0, 6] };
}

export function buildPoster(p: PrintablePoster, options: PrintOptions): TDocumentDefinitions {
  if (!options.guideBaseUrl) throw new PrintError(NO_POSTER_ADDRESS);
  const url = guideIndexUrl(options.guideBaseUrl);
  const o = p.office;
  const details = [o.address ? `地址：${o.address}` : '', o.hours ? `办公时间：${o.hours}` : '', o.phone ? `咨询电话：${o.phone}` : ''].filter(Boolean);
  return {
    pageSize: 'A4',
    pageMargins: [MARGIN, 64, MARGIN, 56],
    info: { title: `${POSTER_TITLE} · ${clean(o.name)}`, creator: 'Daiban Desk', producer: 'Daiban Desk', ...(printedDate(options.printedAt) ? { creationDate: printedDate(options.printedAt) } : {}) },
    defaultStyle: { font: MAIN_FONT, fontSize: 14, lineHeight: 1.2, color: COLORS.ink },
    content: [
      { text: POSTER_TITLE, fontSize: 44, bold: true, color: COLORS.red, alignment: 'center', characterSpacing: 4, noWrap: true, margin: [0, 0, 0, 8] },
      line(o.name, 22, { bold: true, margin: [0, 0, 0, 18] }),
      { columns: [{ text: '', width: '*' }, { width: QR_SIZE, canvas: qrCanvas(url, QR_SIZE) }, { text: '', width: '*' }], margin: [0, 0, 0, 10] },
      line(POSTER_SCAN_LINE, 15, { bold: true, margin: [0, 0, 0, 22] }),
      { text: '全程免费', fontSize: 30, bold: true, color: COLORS.red, alignment: 'center', characterSpacing: 6, noWrap: true, margin: [0, 0, 0, 4] },
      { text: DISCLAIMER, fontSize: 20, bold: true, color: COLORS.red, alignment: 'center', noWrap: true, margin: [0, 0, 0, 22] },
      ...details.map((d) => line(d, 14)),
    ],
  };
}
