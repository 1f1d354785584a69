// The entrustment forms: 授权委托书 (authorization letter), 代办委托协议 (entrustment agreement),
// 代办服务申请表 (service application form). Pure builders: PrintableCase → pdfmake document.
import type { Content, TableCell, TDocumentDefinitions } from 'pdfmake/interfaces';
import { CHANNELS, HELP_KINDS, PROJECT_CATEGORIES, STAGES } from '../../shared/domain/enums';
import {
  a4Document,
  BLANK_DATE,
  box,
  clauses,
  clean,
  COLORS,
  dataTable,
  DISCLAIMER,
  formatDate,
  FREE_CLAUSE,
  GRID_LAYOUT,
  HANDWRITTEN,
  infoTable,
  LEGAL_RELATION_CLAUSE,
  orDash,
  section,
  signatureBoxes,
  titleBlock,
} from './common';
import type { PrintableCase, PrintOptions } from './types';

const stageName = (n: number): string => STAGES.labels[String(n) as keyof typeof STAGES.labels] ?? `第${n}阶段`;

/** All plan items, in order, with their stage. */
export function planItems(c: PrintableCase): Array<{ stage: number; name: string; department: string }> {
  const out: Array<{ stage: number; name: string; department: string }> = [];
  for (const st of c.plan?.stages ?? []) {
    for (const g of st.groups) for (const it of g.items) out.push({ stage: st.stage, name: it.name, department: it.department ?? '' });
  }
  return out;
}

/** The entrusted scope as a sentence and as a list of items (from the entrustment, else the plan). */
export function scopeOf(c: PrintableCase): { sentence: string; items: Array<{ name: string; department: string; stage?: number }> } {
  const e = c.entrustment;
  const all = planItems(c);
  if (!e || e.scope === 'full') {
    return { sentence: '项目审批全过程（全程代办），具体事项以代办服务计划书为准', items: all };
  }
  if (e.scope === 'stages') {
    const stages = (e.stages ?? []).slice().sort((a, b) => a - b);
    const names = stages.map((s) => (s === 0 ? stageName(s) : `第${s}阶段 ${stageName(s)}`));
    return {
      sentence: names.length > 0 ? `以下阶段的审批事项（分阶段代办）：${names.join('；')}` : '（未列明阶段）',
      items: all.filter((i) => stages.includes(i.stage)),
    };
  }
  const listed = e.items ?? [];
  const byName = new Map(all.map((i) => [i.name, i]));
  return {
    sentence: '以下所列审批事项（分事项代办）',
    items: listed.map((n) => byName.get(n) ?? { name: n, department: '' }),
  };
}

function itemTable(items: Array<{ name: string; department: string; stage?: number }>): Content {
  return dataTable(
    ['序号', '事项名称', '审批部门', '阶段'],
    [30, '*', 150, 88],
    items.map((it, i) => [String(i + 1), it.name, it.department || '—', it.stage !== undefined ? stageName(it.stage) : '—']),
    '（按代办服务计划书确定）',
  );
}

function applicantIdLabel(c: PrintableCase): [string, string] {
  return c.applicant.kind === 'enterprise' ? ['统一社会信用代码', c.applicant.uscc ?? ''] : ['居民身份证号码', c.applicant.idNumber ?? ''];
}

function termText(c: PrintableCase): string {
  const e = c.entrustment;
  if (e?.termStart && e.termEnd) return `自 ${formatDate(e.termStart)} 起至 ${formatDate(e.termEnd)} 止`;
  if (e?.termStart) return `自 ${formatDate(e.termStart)} 起至委托事项办结之日止`;
  return `自 ${BLANK_DATE} 起至委托事项办结之日止`;
}

// ---------------------------------------------------------------------------------------------

/** 授权委托书: the enterprise (or person) authorizes a named person to handle the listed items. */
export function buildAuthorization(c: PrintableCase, options: PrintOptions): TDocumentDefinitions {
  const contact = c.authorized ?? c.contact;
  const enterprise = c.applicant.kind === 'enterprise';
  const principal = enterprise ? '委托单位' : '委托人';
  const [idLabel, idValue] = applicantIdLabel(c);
  const scope = scopeOf(c);
  const content: Content[] = [
    ...titleBlock('授权委托书', c.caseNumber),
    { text: `${clean(c.office.name)}：`, margin: [0, 4, 0, 8] },
    infoTable([
      [principal, c.applicant.name],
      [idLabel, idValue, '法定代表人', enterprise ? (c.applicant.legalRepresentative ?? '') : '—'],
      ['被委托人', contact?.name ?? '', '联系电话', contact?.phone ?? ''],
      ['居民身份证号码', contact?.idNumber ?? ''],
      ['项目名称', c.project.name],
      ['项目代码', c.project.code ?? ''],
    ], 92),
    {
      text: [
        `\u3000\u3000兹授权 `,
        { text: orDash(contact?.name), bold: true, decoration: 'underline' },
        ` 为${enterprise ? '我单位' : '本人'}的项目报批经办人，代表${enterprise ? '我单位' : '本人'}办理“`,
        { text: clean(c.project.name), bold: true },
        `”的审批申报事宜，包括咨询、申报材料递交、补正、签收及领取批文等相关手续，并配合代办员开展代办服务。委托范围：${scope.sentence}。`,
      ],
      style: 'clause',
      margin: [0, 12, 0, 4],
    },
    {
      text: `\u3000\u3000被委托人在上述权限内所签署的有关文件和办理的有关事项，${enterprise ? '我单位' : '本人'}均予以承认，并承担相应的法律责任。被委托人无转委托权。`,
      style: 'clause',
    },
    { text: `\u3000\u3000委托期限：${termText(c)}。`, style: 'clause' },
    { text: '委托办理事项：', bold: true, margin: [0, 10, 0, 4] },
    itemTable(scope.items),
    { text: `\u3000\u3000说明：${DISCLAIMER}。${LEGAL_RELATION_CLAUSE}`, style: 'small', margin: [0, 8, 0, 0] },
    signatureBoxes([
      { heading: `${principal}（盖章）`, lines: enterprise ? ['', '法定代表人（签字）：'] : ['委托人（签字）：'] },
      { heading: '被委托人（签字）', lines: ['', `身份证号码：${orDash(contact?.idNumber)}`] },
    ]),
    { text: `签署日期：${BLANK_DATE}`, alignment: 'right', margin: [0, 10, 0, 0] },
  ];
  return a4Document({ title: '授权委托书', caseNumber: c.caseNumber, officeName: c.office.name, options, content });
}

// ---------------------------------------------------------------------------------------------

/** 代办委托协议: both parties, scope, term, duties, free of charge, the applicant stays the applicant. */
export function buildAgreement(c: PrintableCase, options: PrintOptions): TDocumentDefinitions {
  const [idLabel, idValue] = applicantIdLabel(c);
  const scope = scopeOf(c);
  const content: Content[] = [
    ...titleBlock('代办委托协议', c.caseNumber),
    infoTable([
      ['甲方（委托方）', c.applicant.name],
      [idLabel, idValue, '法定代表人', c.applicant.legalRepresentative ?? ''],
      ['经办人', c.contact?.name ?? '', '联系电话', c.contact?.phone ?? c.applicant.phone ?? ''],
      ['地址', c.applicant.address ?? ''],
      ['乙方（受托方）', c.office.name],
      ['代办员', c.agent.name, '联系电话', c.agent.phone ?? ''],
      ['地址', c.office.address ?? '', '服务电话', c.office.phone ?? ''],
    ], 96),
    {
      text: '\u3000\u3000根据工程建设项目审批制度改革和政务服务代办帮办工作有关规定，甲方自愿委托乙方为其项目提供审批代办服务。经双方平等协商，订立本协议。',
      style: 'clause',
      margin: [0, 10, 0, 0],
    },
    section(0, '项目基本情况'),
    infoTable([
      ['项目名称', c.project.name],
      ['项目代码', c.project.code ?? '', '项目类别', c.project.category ? PROJECT_CATEGORIES.labels[c.project.category] : ''],
      ['建设地点', c.project.location ?? '', '总投资', c.project.investmentWan !== undefined ? `${c.project.investmentWan} 万元` : ''],
    ]),
    section(1, '委托代办范围'),
    { text: `\u3000\u3000甲方委托乙方代办${scope.sentence}：`, style: 'clause' },
    itemTable(scope.items),
    section(2, '委托期限'),
    { text: `\u3000\u3000${termText(c)}。委托事项提前全部办结的，本协议自然终止。`, style: 'clause' },
    section(3, '甲方的权利和义务'),
    ...clauses([
      '如实提供项目有关情况和申报材料，并对材料的真实性、合法性、有效性负责。',
      '指定经办人配合乙方工作，按时签署申报文书，按审批部门要求补正材料。',
      '依法应由申请人缴纳的行政事业性收费、税费及自主选择的中介服务费用，由甲方自行承担。',
      '有权随时了解代办进度，对代办服务进行评价和监督，有权随时书面撤销委托。',
    ]),
    section(4, '乙方的权利和义务'),
    ...clauses([
      '为甲方制定代办服务计划书，提供申报咨询和材料准备指导。',
      '在委托范围内代为递交申报材料、跟踪办理进度、协调解决办理中遇到的问题，并及时告知甲方办理情况。',
      '妥善保管甲方提供的材料，出具材料接收凭证，事项办结或委托终止后及时移交、退还。',
      '对工作中知悉的商业秘密和个人信息予以保密，不得用于代办以外的用途。',
      '不得以代办为名向甲方收取任何费用，不得指定或变相指定中介服务机构。',
    ]),
    section(5, '免费服务'),
    { text: `\u3000\u3000${FREE_CLAUSE}`, style: 'clause' },
    section(6, '法律关系'),
    { text: [{ text: `\u3000\u3000${DISCLAIMER}。`, style: 'disclaimer' }, LEGAL_RELATION_CLAUSE], style: 'clause' },
    section(7, '其他约定'),
    ...clauses([
      '本协议未尽事宜，双方协商解决。',
      '本协议一式两份，甲乙双方各执一份，自双方签字（盖章）之日起生效。',
    ]),
    signatureBoxes([
      { heading: '甲方（盖章）', lines: ['', '法定代表人或委托代理人（签字）：', `日期：${BLANK_DATE}`] },
      { heading: '乙方（盖章）', lines: ['', '代办员（签字）：', `日期：${BLANK_DATE}`] },
    ], 110),
  ];
  return a4Document({ title: '代办委托协议', caseNumber: c.caseNumber, officeName: c.office.name, options, content });
}

// ---------------------------------------------------------------------------------------------

/** 代办服务申请表: one A4 table with the applicant's request and the office's acceptance. */
export function buildApplication(c: PrintableCase, options: PrintOptions): TDocumentDefinitions {
  const [idLabel, idValue] = applicantIdLabel(c);
  const scope = scopeOf(c);
  const cell = (text: string, extra: Partial<Record<string, unknown>> = {}): TableCell => ({ text: orDash(text), ...extra }) as TableCell;
  const label = (text: string, extra: Partial<Record<string, unknown>> = {}): TableCell => ({ text, style: 'label', ...extra }) as TableCell;
  // A blank form (样表) ticks nothing: the applicant does.
  const tick = (checked: boolean, text: string) => box(!options.blankForm && checked, text);
  const modeLine = [
    tick(c.mode === 'proxy', '代办'),
    '\u3000',
    tick(c.mode === 'help', '帮办（'),
    ...HELP_KINDS.codes.map((k) => tick(c.mode === 'help' && c.helpKind === k, HELP_KINDS.labels[k]) + ' '),
    '）',
  ].join('');
  const scopeLine =
    c.mode === 'proxy'
      ? [
          tick(!c.entrustment || c.entrustment.scope === 'full', '全程代办'),
          tick(c.entrustment?.scope === 'stages', '分阶段代办'),
          tick(c.entrustment?.scope === 'items', '分事项代办'),
        ].join('\u3000')
      : '—';
  // Compact, so the form stays on one page: names joined with 、, the full list is in the plan.
  const itemsText = options.blankForm ? HANDWRITTEN(24) : scope.items.length > 0 ? `共 ${scope.items.length} 项：${scope.items.map((i) => i.name).join('、')}` : scope.sentence;
  // On a blank form the applicant ticks the category and channel and writes the rest by hand.
  const choices = (v: { codes: readonly string[]; labels: Record<string, string> }) => v.codes.map((k) => box(false, v.labels[k]!)).join(' ');
  const category = options.blankForm ? choices(PROJECT_CATEGORIES) : c.project.category ? PROJECT_CATEGORIES.labels[c.project.category] : '';
  const investment = options.blankForm ? HANDWRITTEN(6) : c.project.investmentWan !== undefined ? String(c.project.investmentWan) : '';
  const channel = options.blankForm ? choices(CHANNELS) : c.channel ? CHANNELS.labels[c.channel] : '';
  const applied = options.blankForm ? BLANK_DATE : formatDate(c.acceptedAt);
  const body: TableCell[][] = [
    [label('申请单位（人）'), cell(c.applicant.name, { colSpan: 3 }), {}, {}],
    [label(idLabel), cell(idValue), label('法定代表人'), cell(c.applicant.legalRepresentative ?? '')],
    [label('经办人'), cell(c.contact?.name ?? ''), label('联系电话'), cell(c.contact?.phone ?? c.applicant.phone ?? '')],
    [label('经办人身份证号码'), cell(c.contact?.idNumber ?? '', { colSpan: 3 }), {}, {}],
    [label('通讯地址'), cell(c.applicant.address ?? '', { colSpan: 3 }), {}, {}],
    [label('项目名称'), cell(c.project.name, { colSpan: 3 }), {}, {}],
    [label('项目代码'), cell(c.project.code ?? ''), label('项目类别'), cell(category, options.blankForm ? { fontSize: 7.5 } : {})],
    [label('建设地点'), cell(c.project.location ?? ''), label('总投资（万元）'), cell(investment)],
    [label('申请服务方式'), cell(modeLine, { colSpan: 3 }), {}, {}],
    [label('代办范围'), cell(scopeLine, { colSpan: 3 }), {}, {}],
    [label('申请代办事项'), cell(itemsText, { colSpan: 3, fontSize: 9.5 }), {}, {}],
    [label('服务需求说明'), cell(c.request ?? '', { colSpan: 3, minHeight: 40 }), {}, {}],
    [label('申请途径'), cell(channel, options.blankForm ? { fontSize: 7.5 } : {}), label('申请日期'), cell(applied)],
    [
      label('申请人承诺'),
      {
        colSpan: 3,
        stack: [
          { text: `本单位（人）自愿申请代办帮办服务，所填信息及提供的材料真实、合法、有效。已知悉：${FREE_CLAUSE}${DISCLAIMER}，${LEGAL_RELATION_CLAUSE}` },
          { columns: [{ text: '申请单位（盖章）/申请人（签字）：', margin: [0, 20, 0, 0] }, { text: BLANK_DATE, alignment: 'right', margin: [0, 20, 0, 0] }] },
        ],
      },
      {},
      {},
    ],
    [
      label('受理意见'),
      {
        colSpan: 3,
        stack: [
          { text: `受理机构：${clean(c.office.name)}` },
          { text: `指派代办员：${clean(c.agent.name)}${c.agent.phone ? `（${clean(c.agent.phone)}）` : ''}\u3000\u3000责任领导：${orDash(c.leader?.name)}` },
          { columns: [{ text: '受理人（签字）：', margin: [0, 18, 0, 0] }, { text: BLANK_DATE, alignment: 'right', margin: [0, 18, 0, 0] }] },
        ],
      },
      {},
      {},
    ],
  ];
  const content: Content[] = [
    ...titleBlock('代办服务申请表', c.caseNumber),
    { table: { widths: [96, '*', 84, '*'], body, dontBreakRows: true }, layout: { ...GRID_LAYOUT, paddingTop: () => 3, paddingBottom: () => 3 } },
    { text: '注：本表一式两份，申请人与受理机构各执一份。', style: 'small', margin: [0, 6, 0, 0], color: COLORS.grey },
  ];
  return a4Document({ title: '代办服务申请表', caseNumber: c.caseNumber, officeName: c.office.name, options, content });
}
