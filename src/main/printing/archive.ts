// The archive bag's own documents: 卷内文件目录 (the file catalogue of the case's volume) and the
// 四性检测报告 (authenticity, integrity, usability, security per DA/T 70). Pure: data → docDefinition.
import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces';
import { a4Document, COLORS, dataTable, infoTable, titleBlock } from './common';
import type { PrintOptions } from './types';

export interface CatalogueEntry {
  /** 件号: 1, 2, … in the order of the volume. */
  no: number;
  /** 题名. */
  title: string;
  /** 日期 (YYYY-MM-DD). */
  date: string;
  /** 页数; null for data files (JSON) that have no pages. */
  pages: number | null;
  /** 责任者: the office (or department) responsible. */
  responsible: string;
  /** The file in the bag (data/…), for the reader who wants to open it. */
  file: string;
  note: string;
}

export interface ArchiveCatalogue {
  caseNo: string;
  projectName: string;
  applicantName: string;
  office: string;
  entries: CatalogueEntry[];
}

export type CheckOutcome = 'pass' | 'fail';

export interface FourCheckItem {
  item: string;
  outcome: CheckOutcome;
  detail: string;
}

export interface FourCheckSection {
  /** 真实性 / 完整性 / 可用性 / 安全性. */
  heading: string;
  outcome: CheckOutcome;
  items: FourCheckItem[];
}

export interface FourCheckReport {
  caseNo: string;
  projectName: string;
  office: string;
  checkedAt: string;
  outcome: CheckOutcome;
  sections: FourCheckSection[];
}

const OUTCOME_LABEL: Record<CheckOutcome, string> = { pass: '通过', fail: '不通过' };

export function buildCatalogue(c: ArchiveCatalogue, options: PrintOptions): TDocumentDefinitions {
  const content: Content[] = [
    ...titleBlock('卷内文件目录', c.caseNo),
    infoTable([
      ['项目名称', c.projectName],
      ['申请人', c.applicantName, '立卷单位', c.office],
    ]),
    { text: '', margin: [0, 6, 0, 0] },
    dataTable(
      ['件号', '题名', '日期', '页数', '责任者', '备注'],
      [26, '*', 62, 30, 118, 56],
      c.entries.map((e) => [String(e.no), e.title, e.date, e.pages === null ? '—' : String(e.pages), e.responsible, e.note]),
    ),
    { text: `共 ${c.entries.length} 件，${c.entries.reduce((n, e) => n + (e.pages ?? 0), 0)} 页。各件对应的电子文件见 卷内文件目录.json。`, margin: [0, 6, 0, 0], color: COLORS.grey, fontSize: 9 },
  ];
  return a4Document({ title: '卷内文件目录', caseNumber: c.caseNo, officeName: c.office, options, content });
}

export function buildFourCheckReport(r: FourCheckReport, options: PrintOptions): TDocumentDefinitions {
  const content: Content[] = [
    ...titleBlock('电子档案四性检测报告', r.caseNo, `检测结论：${OUTCOME_LABEL[r.outcome]}`),
    infoTable([
      ['项目名称', r.projectName],
      ['立卷单位', r.office, '检测时间', r.checkedAt],
      ['检测依据', 'DA/T 70《文书类电子档案检测一般要求》：真实性、完整性、可用性、安全性'],
    ]),
  ];
  r.sections.forEach((s, i) => {
    content.push({ text: `${i + 1}. ${s.heading}：${OUTCOME_LABEL[s.outcome]}`, style: 'h2', color: s.outcome === 'pass' ? COLORS.ink : COLORS.red });
    content.push(dataTable(['检测项', '结果', '说明'], [120, 40, '*'], s.items.map((it) => [it.item, OUTCOME_LABEL[it.outcome], it.detail])));
  });
  return a4Document({ title: '电子档案四性检测报告', caseNumber: r.caseNo, officeName: r.office, options, content });
}
