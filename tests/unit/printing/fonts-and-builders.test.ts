// Font fallback runs, text fitting, the fallback walk over a document, and builder details.
import { describe, expect, it } from 'vitest';
import { buildDocument, cardUrl, documentKind, printableCaseSchema, printDocument, PrintError, printOptionsSchema, qrVersion } from '../../../src/main/printing';
import { countLines, FALLBACK_FONT, fitText, measureText, splitRuns } from '../../../src/main/printing/fonts';
import { countPages, renderPdf, withFontFallback } from '../../../src/main/printing/render';
import { balancedRows } from '../../../src/main/printing/plan';
import { qrCanvas } from '../../../src/main/printing/card';
import QRCode from 'qrcode';
import { scopeOf } from '../../../src/main/printing/entrustment';
import { summarizeWeek, weekAround } from '../../../src/main/printing/weekly';
import { KEY_CASE, LONG_CASE, OPTIONS } from '../../fixtures/printing/cases';

describe('per-character font fallback', () => {
  it('puts characters the main font lacks in the fallback font, the rest stays in the main font', () => {
    expect(splitRuns('张𠮷祥')).toEqual([{ text: '张' }, { text: '𠮷', font: FALLBACK_FONT }, { text: '祥' }]);
    expect(splitRuns('<b>王</b> & 1')).toEqual([{ text: '<b>王</b> & 1' }]);
    expect(splitRuns('')).toEqual([{ text: '' }]);
  });

  it('keeps a variation selector with the character before it', () => {
    const runs = splitRuns('𠮷\uFE00祥');
    expect(runs[0]).toEqual({ text: '𠮷\uFE00', font: FALLBACK_FONT });
    expect(runs[1]).toEqual({ text: '祥' });
  });

  it('walks strings, inline arrays, stacks, columns, tables and header/footer functions', () => {
    const doc = withFontFallback({
      content: [
        '𠮷一',
        { text: ['甲', '𠮷乙', { text: '𠮷丙', bold: true }] },
        { stack: ['𠮷丁'] },
        { columns: [{ text: '𠮷戊' }] },
        { table: { body: [['𠮷己', { text: '庚' }]] } },
      ],
      footer: () => ({ text: '𠮷辛' }),
    });
    const json = JSON.stringify(doc.content);
    for (const s of ['𠮷一', '𠮷乙', '𠮷丙', '𠮷丁', '𠮷戊', '𠮷己']) expect(json).not.toContain(`"${s}"`);
    expect(json.match(new RegExp(`"font":"${FALLBACK_FONT}"`, 'g'))?.length).toBe(6);
    expect(json).toContain('"bold":true');
    const footer = (doc.footer as (a: number, b: number, c: unknown) => unknown)(1, 1, {});
    expect(JSON.stringify(footer)).toContain(FALLBACK_FONT);
  });
});

describe('measuring and fitting text', () => {
  it('measures CJK as one em per character', () => {
    expect(measureText('代办服务', 10)).toBeCloseTo(40, 5);
    expect(measureText('代办', 10, true)).toBeCloseTo(20, 5);
    expect(measureText('abc', 10)).toBeLessThan(30);
  });

  it('counts lines like pdfmake wraps: CJK anywhere, Latin at spaces, endless words split', () => {
    const w = measureText('Manufacturing', 10);
    // Two words that do not fit together take two lines even if their characters would.
    expect(countLines('Manufacturing Manufacturing', w * 1.5, 10)).toBe(2);
    expect(countLines('代办'.repeat(10), measureText('代办'.repeat(5), 10), 10)).toBe(2);
    expect(countLines('A'.repeat(100), measureText('A'.repeat(30), 10) + 0.01, 10)).toBe(4);
    expect(countLines('第一行\n第二行', 1000, 10)).toBe(2);
  });

  it('keeps the size when the text fits, shrinks when it does not, cuts with … only below the minimum', () => {
    expect(fitText('福州市', { width: 100, maxLines: 1, fontSize: 8, minSize: 5 })).toEqual({ text: '福州市', fontSize: 8, truncated: false });
    const shrunk = fitText('福州市鼓楼区洪山镇工业园区三号地块', { width: 100, maxLines: 1, fontSize: 8, minSize: 4 });
    expect(shrunk.fontSize).toBeLessThan(8);
    expect(shrunk.truncated).toBe(false);
    expect(countLines(shrunk.text, 100 * 0.96, shrunk.fontSize)).toBe(1);
    const cut = fitText('很长的名字'.repeat(40), { width: 100, maxLines: 2, fontSize: 8, minSize: 5 });
    expect(cut.truncated).toBe(true);
    expect(cut.fontSize).toBe(5);
    expect(cut.text.endsWith('…')).toBe(true);
    expect(countLines(cut.text, 100 * 0.96, 5)).toBeLessThanOrEqual(2);
  });
});

describe('builders', () => {
  it('are pure: the same input gives the same document', () => {
    for (const kind of ['card', 'authorization', 'agreement', 'application', 'receipt', 'plan', 'weekly']) {
      const a = JSON.stringify(buildDocument(kind, KEY_CASE, OPTIONS));
      const b = JSON.stringify(buildDocument(kind, KEY_CASE, OPTIONS));
      expect(a).toBe(b);
    }
  });

  it('render the same definition twice, and several at once, to the same PDFs', async () => {
    const doc = buildDocument('plan', KEY_CASE, OPTIONS);
    const [a, b] = [await renderPdf(doc), await renderPdf(doc)];
    expect(countPages(a)).toBe(3);
    expect(countPages(b)).toBe(3);
    expect(b.length).toBe(a.length);
    const kinds = ['card', 'agreement', 'plan', 'receipt'];
    const together = await Promise.all(kinds.map((k) => renderPdf(buildDocument(k, KEY_CASE, OPTIONS))));
    const alone: Buffer[] = [];
    for (const k of kinds) alone.push(await renderPdf(buildDocument(k, KEY_CASE, OPTIONS)));
    expect(together.map((p) => countPages(p))).toEqual(alone.map((p) => countPages(p)));
    expect(together.map((p) => p.length)).toEqual(alone.map((p) => p.length));
  });

  it('shrink the card values of a very long case', () => {
    const doc = buildDocument('card', LONG_CASE, OPTIONS);
    const json = JSON.stringify(doc.content);
    expect(json).toMatch(/"fontSize":4\.5/);
  });

  it('resolve the entrusted scope from the entrustment or the plan', () => {
    const c = printableCaseSchema.parse(KEY_CASE);
    expect(scopeOf(c).items).toHaveLength(12);
    expect(scopeOf({ ...c, entrustment: { scope: 'stages', stages: [3] } }).items.map((i) => i.name)).toContain('建筑工程施工许可证');
    expect(scopeOf({ ...c, entrustment: { scope: 'stages', stages: [3] } }).items).toHaveLength(5);
    const listed = scopeOf({ ...c, entrustment: { scope: 'items', items: ['人防工程设计审查', '不在计划里的事项'] } }).items;
    expect(listed).toEqual([
      { stage: 2, name: '人防工程设计审查', department: '区人防办' },
      { name: '不在计划里的事项', department: '' },
    ]);
  });

  it('balance parallel rows', () => {
    expect(balancedRows([1, 2, 3, 4, 5]).map((r) => r.length)).toEqual([5]);
    expect(balancedRows([1, 2, 3, 4, 5, 6]).map((r) => r.length)).toEqual([3, 3]);
    expect(balancedRows([1, 2, 3, 4, 5, 6, 7, 8]).map((r) => r.length)).toEqual([4, 4]);
    expect(balancedRows(Array.from({ length: 11 }, (_, i) => i)).map((r) => r.length)).toEqual([4, 4, 3]);
  });

  it('summarize a week: progress in the period, unfinished items past due, open problems', () => {
    expect(weekAround('2026-11-20T10:30:00+08:00')).toEqual({ start: '2026-11-16', end: '2026-11-22' });
    expect(weekAround('2026-11-22')).toEqual({ start: '2026-11-16', end: '2026-11-22' });
    expect(weekAround('2026-11-23')).toEqual({ start: '2026-11-23', end: '2026-11-29' });
    const w = summarizeWeek(printableCaseSchema.parse(KEY_CASE), '2026-11-16', '2026-11-22');
    expect(w.moved.map((m) => m.date)).toEqual(['2026-11-16', '2026-11-18', '2026-11-19']);
    expect(w.hours).toBe(6);
    expect(w.overdue.map((o) => o.name)).toEqual(['环境影响评价审批', '建设工程规划许可证', '人防工程设计审查']);
    expect(w.openProblems).toHaveLength(1);
    expect(w.resolvedThisWeek).toHaveLength(1);
  });

  it('draw the QR so that exactly the dark modules are covered, quiet zone included', () => {
    const url = 'https://a.cn/g/ENG-1?c=tok_en-9abcdef';
    const size = 98;
    const rects = qrCanvas(url, size) as Array<{ x: number; y: number; w: number; h: number; color: string }>;
    const qr = QRCode.create(url, { errorCorrectionLevel: 'M' });
    const n = qr.modules.size;
    const unit = size / (n + 8);
    const black = rects.filter((r) => r.color === '#000000');
    const covered = (x: number, y: number) => black.some((r) => x >= r.x && x <= r.x + r.w && y >= r.y && y <= r.y + r.h);
    for (let r = -4; r < n + 4; r++) {
      for (let c = -4; c < n + 4; c++) {
        const dark = r >= 0 && c >= 0 && r < n && c < n && qr.modules.get(r, c) === 1;
        expect(covered((c + 4.5) * unit, (r + 4.5) * unit)).toBe(dark);
      }
    }
    expect(black.length).toBeLessThan(n * n / 2);
  });

  it('build the card URL: unsigned, or signed with number, date and signature; the base loses trailing slashes', () => {
    const c = printableCaseSchema.parse({ ...KEY_CASE, caseNumber: '350102001-2026-01-00042' });
    const opts = (o: Record<string, unknown>) => printOptionsSchema.parse({ ...OPTIONS, ...o });
    expect(cardUrl(c, opts({ guideBaseUrl: 'https://a.cn/x//' }))).toBe('https://a.cn/x/g/ENG-SOCIAL-IND?c=q7Xk2mPz9LwT4vNc');
    const signature = { keyId: 'AbCd-_12', mac: 'MMMMMMMMMMMMMMMM' };
    expect(cardUrl(c, opts({ guideBaseUrl: 'https://a.cn', cardSignature: signature })))
      .toBe('https://a.cn/g/ENG-SOCIAL-IND?c=q7Xk2mPz9LwT4vNc&n=350102001-2026-01-00042&d=20260901&s=AbCd-_12.MMMMMMMMMMMMMMMM');
    // A signed card needs a case number the server can read; a token must be the 16-character kind.
    expect(() => cardUrl(printableCaseSchema.parse(KEY_CASE), opts({ cardSignature: signature }))).toThrow(/代办编号/);
    expect(() => cardUrl(printableCaseSchema.parse({ ...KEY_CASE, progressToken: 'short-token' }), opts({}))).toThrow(/进度查询码格式/);
  });

  it('refuse an address whose card QR would pass version 8 at level M, naming the cause', () => {
    const c = printableCaseSchema.parse({ ...KEY_CASE, caseNumber: '350102001-2026-01-00042' });
    const signature = { keyId: 'AbCd-_12', mac: 'MMMMMMMMMMMMMMMM' };
    const long = `https://zwfw.fuzhou.gov.cn/${'daiban-guide/'.repeat(6)}`;
    const options = printOptionsSchema.parse({ ...OPTIONS, guideBaseUrl: long, cardSignature: signature });
    expect(qrVersion(`${long}/g/ENG-SOCIAL-IND?c=q7Xk2mPz9LwT4vNc&n=350102001-2026-01-00042&d=20260901&s=AbCd-_12.MMMMMMMMMMMMMMMM`)).toBeGreaterThan(8);
    expect(() => cardUrl(c, options)).toThrow(/电子指引地址过长/);
  });

  it('name kinds and reject unknown ones in Chinese', () => {
    expect(documentKind('handoverReceipt')).toBe('receipt');
    expect(documentKind('plan')).toBe('plan');
    expect(() => documentKind('caseSummary')).toThrow(PrintError);
  });

  it('treat null fields from the store as absent', () => {
    const withNulls = { ...KEY_CASE, leader: null, contact: { name: '王丽华', phone: null, idNumber: null }, project: { ...KEY_CASE.project, code: null } };
    const doc = JSON.stringify(buildDocument('authorization', withNulls as never, OPTIONS));
    expect(doc).toContain('王丽华');
  });

  it('title a return of materials 材料退还凭证 with the right roles', () => {
    const returned = {
      ...KEY_CASE,
      handovers: [{ id: 'r1', direction: 'returned' as const, at: '2026-11-21 10:00', from: '郑志强', by: '王丽华', materials: [{ name: '土地出让合同', originals: 1, copies: 0 }] }],
    };
    const json = JSON.stringify(buildDocument('receipt', returned, OPTIONS));
    expect(json).toContain('材料退还凭证');
    expect(json).toContain('退还人');
    expect(json).toContain('领回人');
    expect(json).not.toContain('材料接收凭证');
  });

  it('name the PDF file safely', async () => {
    const doc = await printDocument('card', { ...KEY_CASE, caseNumber: 'A/B:C*D' }, OPTIONS);
    expect(doc.fileName).toBe('联络卡-A_B_C_D.pdf');
    expect(doc.pages).toBe(2);
  });

  it('reject over-long text with a Chinese message', () => {
    expect(() => buildDocument('card', { ...KEY_CASE, project: { ...KEY_CASE.project, name: '长'.repeat(201) } }, OPTIONS)).toThrow(/项目 › 名称：过长（上限 200）/);
  });
});
