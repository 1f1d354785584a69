// 材料接收凭证 (materials receipt) — or 材料退还凭证 when materials go back to the applicant:
// what changed hands, originals and copies with counts, from whom, by whom, when.
import type { Content, TableCell, TDocumentDefinitions } from 'pdfmake/interfaces';
import { a4Document, BLANK_DATE, clean, DISCLAIMER, formatDateTime, GRID_LAYOUT, infoTable, orDash, signatureBoxes, titleBlock } from './common';
import type { PrintableCase, PrintableHandover, PrintOptions } from './types';
import { PrintError } from './types';

/** The handover to print: the one with options.handoverId, else the latest by time. */
export function pickHandover(c: PrintableCase, options: PrintOptions): PrintableHandover {
  const list = c.handovers ?? [];
  if (options.handoverId) {
    const h = list.find((x) => x.id === options.handoverId);
    if (!h) throw new PrintError(`找不到要打印的材料交接记录（${options.handoverId}）`);
    return h;
  }
  const latest = list.slice().sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0)).at(-1);
  if (!latest) throw new PrintError('本件还没有材料交接记录，无法打印材料接收凭证');
  return latest;
}

export function buildReceipt(c: PrintableCase, options: PrintOptions): TDocumentDefinitions {
  const h = pickHandover(c, options);
  const returned = h.direction === 'returned';
  const title = returned ? '材料退还凭证' : '材料接收凭证';
  const [fromLabel, byLabel] = returned ? ['退还人', '领回人'] : ['交件人', '接收人'];
  const totals = h.materials.reduce((t, m) => ({ o: t.o + m.originals, c: t.c + m.copies, p: t.p + (m.pages ?? 0) }), { o: 0, c: 0, p: 0 });
  const hasPages = h.materials.some((m) => m.pages !== undefined);
  const rows: TableCell[][] = [
    ['序号', '材料名称', '原件（份）', '复印件（份）', '页数', '备注'].map((t) => ({ text: t, style: 'th' })),
    ...h.materials.map((m, i): TableCell[] => [
      { text: String(i + 1), alignment: 'center' },
      { text: clean(m.name) },
      { text: String(m.originals), alignment: 'center' },
      { text: String(m.copies), alignment: 'center' },
      { text: m.pages !== undefined ? String(m.pages) : '—', alignment: 'center' },
      { text: clean(m.note) },
    ]),
    [
      { text: '合计', colSpan: 2, alignment: 'center', bold: true },
      {},
      { text: String(totals.o), alignment: 'center', bold: true },
      { text: String(totals.c), alignment: 'center', bold: true },
      { text: hasPages ? String(totals.p) : '—', alignment: 'center', bold: true },
      { text: `共 ${h.materials.length} 种` },
    ],
  ];
  // `from` hands the materials over, `by` takes them: the applicant's side on receipt, the office's on return.
  const [giver, taker] = [h.from, h.by];
  const content: Content[] = [
    ...titleBlock(title, c.caseNumber, formatDateTime(h.at)),
    infoTable([
      ['申请人', c.applicant.name],
      ['项目名称', c.project.name],
      ['关联事项', h.item ?? ''],
      [fromLabel, giver, byLabel, taker],
      [returned ? '退还时间' : '接收时间', formatDateTime(h.at), '服务机构', c.office.name],
    ]),
    { text: returned ? '退还材料清单' : '接收材料清单', style: 'h2' },
    { table: { headerRows: 1, widths: [30, '*', 52, 58, 40, 110], body: rows, dontBreakRows: true }, layout: GRID_LAYOUT },
    h.note ? { text: `说明：${orDash(h.note)}`, margin: [0, 6, 0, 0] } : { text: '' },
    {
      text: returned
        ? '以上材料已如数退还，请当面核对。'
        : `以上材料已当面核对接收，仅用于本项目代办申报。事项办结或委托终止后，原件凭本凭证退还。${DISCLAIMER}。`,
      style: 'small',
      margin: [0, 6, 0, 0],
    },
    signatureBoxes(
      [
        { heading: `${fromLabel}（签字）`, lines: ['', `日期：${BLANK_DATE}`] },
        { heading: `${byLabel}（签字）`, lines: ['', `日期：${BLANK_DATE}`] },
      ],
      72,
    ),
    { text: '本凭证一式两联，双方各执一联。', style: 'small', margin: [0, 6, 0, 0] },
  ];
  return a4Document({ title, caseNumber: c.caseNumber, officeName: c.office.name, options, content });
}
