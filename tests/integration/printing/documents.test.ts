// Every document rendered to a real PDF from the fixtures and read back with poppler and zbarimg.
import { existsSync, statSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { buildDocument, printDocument, PrintError, renderPdf } from '../../../src/main/printing';
import type { PrintableCaseInput } from '../../../src/main/printing';
import { BIG_PLAN_CASE, KEY_CASE, LATIN_CASE, LONG_CASE, OPTIONS, RARE_CASE, WEEKLY_OFFICE } from '../../fixtures/printing/cases';
import { cleanUp, decodeQr, flat, pdfFonts, pdfInfo, pdfText, renderPages, savePdf, wordBoxes } from './pdf-tools';

afterAll(cleanUp);

const EXPECTED_URL = 'https://zwfw.fuzhou.example.cn/daiban/g/ENG-SOCIAL-IND?c=q7Xk2mPz9LwT4vNc';
const A4 = { width: 595.28, height: 841.89 };

async function render(kind: string, data: unknown, name: string, options = OPTIONS) {
  const doc = await printDocument(kind, data as PrintableCaseInput, options);
  const file = savePdf(doc.pdf, name);
  return { ...doc, file, info: pdfInfo(file), text: flat(pdfText(file)) };
}

/** Every A4 page carries the case number, "第 N 页 共 M 页" and the disclaimer; every page renders. */
function expectA4Frame(file: string, caseNumber: string | null, pages: number): void {
  const info = pdfInfo(file);
  expect(info.pages).toBe(pages);
  expect(info.width).toBeCloseTo(A4.width, 1);
  expect(info.height).toBeCloseTo(A4.height, 1);
  expect(info.creationDate).toMatch(/Nov 20 02:30:00 2026/);
  for (let p = 1; p <= pages; p++) {
    const t = flat(pdfText(file, p));
    expect(t).toContain(`第${p}页共${pages}页`);
    if (caseNumber) expect(t).toContain(`代办编号：${caseNumber}`);
    expect(t).toContain('代办不包办、服务不揽责');
  }
  const pngs = renderPages(file, 100);
  expect(pngs).toHaveLength(pages);
  for (const png of pngs) expect(statSync(png).size).toBeGreaterThan(5000);
}

describe('liaison card (联络卡)', () => {
  it('is 90 × 54 mm, two pages, with the fields on the front and a QR of exactly the guide URL on the back', async () => {
    const r = await render('card', KEY_CASE, 'card');
    expect(r.info.pages).toBe(2);
    expect(r.info.width).toBeCloseTo(255.12, 1);
    expect(r.info.height).toBeCloseTo(153.07, 1);
    expect(r.pdf.length).toBeLessThanOrEqual(40 * 1024);
    // The metadata date is the injected print time (10:30 +08:00), not the machine's clock.
    expect(r.info.creationDate).toMatch(/Nov 20 02:30:00 2026/);

    const front = flat(pdfText(r.file, 1));
    for (const s of [
      '重点项目审批代办服务联络卡',
      '闽江智造新建智能装备生产厂房项目',
      'FZGL-2026-000123',
      '郑志强13805910002',
      '黄明辉13705910003',
      '福州市鼓楼区政务服务中心代办服务窗口',
      '电话0591-87530000',
      '福州市鼓楼区乌山路96号政务服务中心二楼18号窗口',
      '工作日8:30–12:00，14:30–17:30',
      '代办不包办、服务不揽责',
    ]) {
      expect(front).toContain(s);
    }
    const back = flat(pdfText(r.file, 2));
    expect(back).toContain('扫描二维码，查看代办服务工作指引和本项目办理进度');
    expect(back).toContain('代办不包办、服务不揽责');
    // The token and the URL reveal nothing personal: no name, phone or ID on the back's QR.
    const pngs = renderPages(r.file, 100);
    expect(pngs).toHaveLength(2);
    expect(decodeQr(pngs[0]!)).toEqual([]);
    expect(decodeQr(pngs[1]!)).toEqual([EXPECTED_URL]);
    expect(EXPECTED_URL).not.toMatch(/13\d{9}|3501\d{14}|郑|王/);
  });

  it('prints 𠮷 and literal markup exactly as written, 𠮷 from the fallback font', async () => {
    const r = await render('card', RARE_CASE, 'card-rare');
    expect(r.info.pages).toBe(2);
    expect(r.text).toContain('𠮷安<b>新建</b>厂房&<i>test</i>项目');
    expect(r.text).toContain('陈<b>粗体</b>');
    expect(pdfFonts(r.file)).toMatch(/NotoSansJP/);
    expect(pdfFonts(r.file)).toMatch(/NotoSansSC-Bold/);
  });

  it.runIf(existsSync('/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc'))(
    'sets a character neither shipped font has (𠀤) in the system Noto CJK collection',
    async () => {
      const r = await render('card', { ...KEY_CASE, agent: { name: '𠀤明', phone: '13805910002' } }, 'card-system-font');
      expect(r.info.pages).toBe(2);
      expect(r.text).toContain('𠀤明13805910002');
      expect(pdfFonts(r.file)).toMatch(/NotoSansCJKsc/);
      // The collection is CFF: its subset carries the global subroutines, so such a card is larger.
      expect(r.pdf.length).toBeLessThanOrEqual(120 * 1024);
    },
  );

  it('shrinks very long values to fit: still two pages, nothing spills', async () => {
    const r = await render('card', LONG_CASE, 'card-long');
    expect(r.info.pages).toBe(2);
    const front = flat(pdfText(r.file, 1));
    // The project name is cut with … only at the smallest size; its beginning is there.
    expect(front).toContain('福州市鼓楼区洪山镇工业园区智能装备制造产业链延伸');
    expect(front).toContain('…');
    expect(front).toContain('欧阳诸葛司马上官皇甫令狐端木慕容长孙宇文');
    expect(front).toContain('FZGL-2026-000125-ABCDEFGHIJKLMNOPQRSTUVWXYZ-0123456789');
    expect(decodeQr(renderPages(r.file, 100)[1]!)).toEqual([EXPECTED_URL]);
  });

  it('fits Latin words (broken only at spaces) and an endless word: still two pages', async () => {
    const r = await render('card', LATIN_CASE, 'card-latin');
    expect(r.info.pages).toBe(2);
    expect(flat(pdfText(r.file, 1))).toContain('InternationalAdvancedManufacturing');
    expect(decodeQr(renderPages(r.file, 100)[1]!)).toEqual([EXPECTED_URL]);
  });

  it('refuses without guide URL, template or token, and a token carrying personal data', () => {
    const { guideBaseUrl: _omit, ...noUrl } = OPTIONS;
    expect(() => buildDocument('card', KEY_CASE, noUrl)).toThrow(/电子指引地址/);
    expect(() => buildDocument('card', { ...KEY_CASE, templateCode: undefined }, OPTIONS)).toThrow(/模板编码/);
    expect(() => buildDocument('card', { ...KEY_CASE, progressToken: undefined }, OPTIONS)).toThrow(/进度查询码/);
    expect(() => buildDocument('card', { ...KEY_CASE, progressToken: 'x13905910001y' }, OPTIONS)).toThrow(/个人信息/);
    expect(() => buildDocument('card', { ...KEY_CASE, progressToken: '王丽华的码12345' }, OPTIONS)).toThrow(PrintError);
  });
});

describe('A4 forms', () => {
  it('授权委托书: the enterprise authorizes the named person for the listed items', async () => {
    const r = await render('authorization', KEY_CASE, 'authorization');
    expectA4Frame(r.file, 'FZGL-2026-000123', r.pages);
    for (const s of ['授权委托书', '福建闽江智造科技有限公司', '91350102MA2XYZ1234', '陈建国', '王丽华', '350102199001011234', '13905910001', '企业投资项目备案', '联合竣工验收', '区住房和城乡建设局', '委托单位（盖章）', '被委托人（签字）', '自2026年9月1日起至2027年8月31日止']) {
      expect(r.text).toContain(s);
    }
  });

  it('授权委托书 with 𠮷 and markup in names', async () => {
    const r = await render('authorization', RARE_CASE, 'authorization-rare');
    expect(r.text).toContain('𠮷野家<b>餐饮</b>管理有限公司');
    expect(r.text).toContain('兹授权𠮷祥为我单位');
  });

  it('授权委托书 for a person (not an enterprise) names the principal as 委托人 and needs no seal', async () => {
    const person = {
      ...KEY_CASE,
      applicant: { kind: 'person' as const, name: '林美玲', idNumber: '350102198001012345', phone: '13905910077' },
    };
    const r = await render('authorization', person, 'authorization-person');
    expect(r.text).toContain('委托人林美玲');
    expect(r.text).toContain('居民身份证号码350102198001012345');
    expect(r.text).toContain('为本人的项目报批经办人');
    expect(r.text).not.toContain('委托单位（盖章）');
  });

  it('代办委托协议: parties, scope, term, duties, free of charge, the applicant stays the applicant', async () => {
    const r = await render('agreement', { ...KEY_CASE, entrustment: { scope: 'stages', stages: [1, 2], termStart: '2026-09-01', termEnd: '2027-03-31' } }, 'agreement');
    expectA4Frame(r.file, 'FZGL-2026-000123', r.pages);
    for (const s of [
      '甲方（委托方）福建闽江智造科技有限公司',
      '乙方（受托方）福州市鼓楼区政务服务中心代办服务窗口',
      '第1阶段立项用地规划许可；第2阶段工程建设许可',
      '建设用地规划许可证',
      '人防工程设计审查',
      '自2026年9月1日起至2027年3月31日止',
      '甲方的权利和义务',
      '乙方的权利和义务',
      '代办服务全程免费，不向申请人收取任何服务费用',
      '代办不包办、服务不揽责。代办服务不改变申请人与审批部门之间的法律关系',
      '法定申请人',
      '甲方（盖章）',
      '乙方（盖章）',
    ]) {
      expect(r.text).toContain(s);
    }
    // Items of stages 3 and 4 are outside the scope.
    expect(r.text).not.toContain('联合竣工验收');
  });

  it('代办服务申请表: a one-page table with the request and the acceptance', async () => {
    const r = await render('application', KEY_CASE, 'application');
    expectA4Frame(r.file, 'FZGL-2026-000123', 1);
    for (const s of ['代办服务申请表', '申请单位（人）福建闽江智造科技有限公司', '2026-350102-34-01-012345', '重点项目', '■代办', '□帮办', '■全程代办', '共12项', '申请全程代办新建厂房项目', '申请人承诺', '受理意见', '指派代办员：郑志强']) {
      expect(r.text).toContain(s);
    }
  });

  it('材料接收凭证: the latest handover by default, or the one asked for; counts and totals', async () => {
    const latest = await render('receipt', KEY_CASE, 'receipt');
    expectA4Frame(latest.file, 'FZGL-2026-000123', 1);
    for (const s of ['材料接收凭证', '交件人王丽华', '接收人郑志强', '2026年11月18日15:05', '建设工程规划许可申请表', '土地出让合同', '核对原件后退还', '合计3129共3种']) {
      expect(latest.text).toContain(s);
    }
    const first = await render('receipt', KEY_CASE, 'receipt-h1', { ...OPTIONS, handoverId: 'h1' });
    expect(first.text).toContain('项目可行性研究报告');
    expect(first.text).toContain('合计1488共3种');
    expect(() => buildDocument('receipt', KEY_CASE, { ...OPTIONS, handoverId: 'nope' })).toThrow(/找不到/);
    expect(() => buildDocument('receipt', { ...KEY_CASE, handovers: [] }, OPTIONS)).toThrow(/还没有材料交接记录/);
  });

  it('代办服务计划书: the flow chart shows every stage and item with department, limit and due date', async () => {
    const r = await render('plan', KEY_CASE, 'plan');
    expectA4Frame(r.file, 'FZGL-2026-000123', r.pages);
    for (const s of [
      '项目审批申报流程图',
      '第一阶段立项用地规划许可',
      '第二阶段工程建设许可',
      '第三阶段施工许可',
      '第四阶段竣工验收',
      '并联办理（3项同时办理）',
      '建设项目用地预审与选址意见书',
      '时限：7工作日',
      '截止：2026年9月14日',
      '时限：8工作小时',
      '项目审批完成',
      '审批事项明细',
      '闽发改备〔2026〕A01234号',
    ]) {
      expect(r.text).toContain(s);
    }
    const big = await render('plan', BIG_PLAN_CASE, 'plan-big');
    expect(big.text).toContain('联合报装（8项同时办理）');
    for (const s of ['供水报装', '绿地占用许可', '不予许可']) expect(big.text).toContain(s);
    expect(() => buildDocument('plan', { ...KEY_CASE, plan: undefined }, OPTIONS)).toThrow(/还没有代办服务计划/);
  });

  it('周进展报告 for a key project: this week\'s progress, overdue items, open problems', async () => {
    const r = await render('weekly', KEY_CASE, 'weekly');
    expectA4Frame(r.file, 'FZGL-2026-000123', r.pages);
    expect(r.text).toContain('报告期：2026年11月16日—2026年11月22日');
    expect(r.text).toContain('本周进展（3条，6小时）');
    expect(r.text).toContain('组织规划、住建、人防联审会办');
    // 11-12 is last week.
    expect(r.text).not.toContain('电话提醒企业补充环评报告修改稿');
    expect(r.text).toContain('逾期事项（3项）');
    expect(r.text).toContain('环境影响评价审批');
    expect(r.text).toContain('待协调问题（1个）');
    expect(r.text).toContain('环评报告噪声评价等级与园区规划环评不一致');
    expect(r.text).toContain('本周解决的问题（1个）');
  });

  it('周进展报告 for an office over several cases', async () => {
    const r = await render('weekly', WEEKLY_OFFICE, 'weekly-office');
    expectA4Frame(r.file, null, r.pages);
    expect(r.text).toContain('本周共跟踪项目2个');
    expect(r.text).toContain('FZGL-2026-000124');
    expect(r.text).toContain('𠮷安<b>新建</b>厂房&<i>test</i>项目');
    expect(r.text).toContain('本周无进展记录');
  });
});

describe('input validation', () => {
  it('bad data gets a Chinese error naming the field, and nothing is rendered', () => {
    expect(() => buildDocument('card', { ...KEY_CASE, caseNumber: '' }, OPTIONS)).toThrow(/代办编号：不能为空/);
    expect(() => buildDocument('plan', { ...KEY_CASE, agent: { name: 42 as unknown as string } }, OPTIONS)).toThrow(/代办员 › 名称：类型不正确/);
    expect(() => buildDocument('plan', KEY_CASE, { ...OPTIONS, printedAt: 'yesterday' })).toThrow(/打印日期：格式不正确/);
    expect(() => buildDocument('card', KEY_CASE, { ...OPTIONS, guideBaseUrl: 'javascript:alert(1)' })).toThrow(/电子指引地址/);
    expect(() => buildDocument('leaflet', KEY_CASE, OPTIONS)).toThrow(/不支持的文书类型/);
  });

  it('accepts the contract\'s kind names', async () => {
    const doc = buildDocument('liaisonCard', KEY_CASE, OPTIONS);
    const pdf = await renderPdf(doc);
    expect(pdfInfo(savePdf(pdf, 'alias')).pages).toBe(2);
  });
});

describe('nothing leaves the printable area', () => {
  // Every word of every page stays inside the page margins (A4: 56 pt left and right; card: 11 pt).
  const cases: Array<[string, string, unknown]> = [];
  for (const kind of ['card', 'authorization', 'agreement', 'application', 'receipt', 'plan', 'weekly']) {
    cases.push([kind, 'long', LONG_CASE], [kind, 'latin', LATIN_CASE], [kind, 'rare', RARE_CASE]);
  }
  cases.push(['plan', 'big', BIG_PLAN_CASE], ['weekly', 'office', WEEKLY_OFFICE]);
  it.each(cases)('%s (%s)', async (kind, variant, data) => {
    const r = await render(kind, data, `bounds-${kind}-${variant}`);
    const margin = kind === 'card' ? 11 : 56;
    const words = wordBoxes(r.file);
    expect(words.length).toBeGreaterThan(20);
    const outside = words.filter((w) => w.xMin < margin - 1 || w.xMax > r.info.width - margin + 1 || w.yMin < 0 || w.yMax > r.info.height);
    expect(outside.map((w) => `p${w.page} ${w.text} [${w.xMin.toFixed(1)}–${w.xMax.toFixed(1)}]`)).toEqual([]);
    if (kind === 'card') expect(r.info.pages).toBe(2);
  });
});
