// The case's public progress at the head of its guide, and the plain pages a card can lead to.
import { html, type Html } from './html';
import { longDate, officeDateTime } from './format';
import { flowChart, officeCard, PROMISES } from './guide-view';
import type { PublicItem, PublicProgress } from './progress';
import type { Office } from './reference';

const STATUS_TAG: Record<string, string> = { approved: 'ok', correcting: 'warn', refused: 'bad', submitted: '', preparing: 'no', notStarted: 'no' };

function dueText(daysLeft: number): string {
  if (daysLeft > 0) return `还剩 ${daysLeft} 个工作日`;
  if (daysLeft === 0) return '今日到期';
  return `已超期 ${-daysLeft} 个工作日`;
}

function itemRow(i: PublicItem): Html {
  return html`<div class="item"><h3>${i.name}</h3><span class="tag ${STATUS_TAG[i.status] ?? ''}">${i.statusLabel}</span>
<dl class="kv">${i.department ? html`<dt>办理部门</dt><dd>${i.department}</dd>` : ''}${i.submittedDate ? html`<dt>申报</dt><dd>${i.submittedDate}</dd>` : ''}${i.correctionDates.length || i.status === 'correcting' ? html`<dt>补正</dt><dd>${i.correctionDates.join('、') || '补正中'}</dd>` : ''}${i.completedDate ? html`<dt>${i.status === 'refused' ? '办结（不予许可）' : '办结'}</dt><dd>${i.completedDate}${i.docNo ? html` · 文号 ${i.docNo}` : ''}</dd>` : ''}${i.dueDate && i.daysLeft !== null ? html`<dt>到期</dt><dd>${i.dueDate}（${dueText(i.daysLeft)}）</dd>` : ''}</dl></div>`;
}

/** An item of the flow chart, coloured by its status. */
function statusNode(i: PublicItem): Html {
  return html`<div class="node ${i.status}"><b>${i.name}</b><small>${i.statusLabel}${i.dueDate && i.daysLeft !== null ? html` · ${dueText(i.daysLeft)}` : ''}</small></div>`;
}

/** The card verified: its number (printed on the card anyway), when and where it was registered. */
export function verifiedNotice(issueDate: string, office: Office | null, caseNo: string): Html {
  return html`<section class="card notice ok"><p class="big">联络卡真实有效 · 登记于 ${longDate(issueDate)} · ${office?.officeName ?? '代办服务中心'}</p><p>代办编号 ${caseNo}</p></section>`;
}

export function progressBody(p: PublicProgress): Html {
  const phone = p.office?.phone || p.registeringOffice?.phone || '';
  return html`<section class="card"><h1>办理进度查询</h1><dl class="kv">
<dt>办件编号</dt><dd>${p.caseNo}</dd>${p.projectName ? html`<dt>项目名称</dt><dd>${p.projectName}</dd>` : ''}${p.applicantName ? html`<dt>申请人</dt><dd>${p.applicantName}</dd>` : ''}
<dt>办件状态</dt><dd>${p.statusLabel}</dd><dt>受理日期</dt><dd>${p.acceptedDate}</dd>${p.agentName ? html`<dt>代办员</dt><dd>${p.agentName}</dd>` : ''}
<dt>承办机构</dt><dd>${p.office?.officeName ?? p.registeringOffice?.officeName ?? '—'}</dd>${phone ? html`<dt>联系电话</dt><dd><a href="tel:${phone.replace(/[^0-9-]/g, '')}">${phone}</a></dd>` : ''}</dl>
${p.nextDue ? html`<p class="notice card">下一到期：${p.nextDue.itemName}，${p.nextDue.date}（${dueText(p.nextDue.daysLeft)}）</p>` : ''}
${p.openCorrections.length ? html`<p class="notice warn card">待补正：${p.openCorrections.map((c) => `${c.itemName}${c.since ? `（${c.since} 起）` : ''}`).join('；')}。请按代办员的通知补齐材料。</p>` : ''}
${p.openProblems ? html`<p class="muted">正在与相关部门协调的问题 ${p.openProblems} 项。</p>` : ''}
<p class="muted">数据更新于 ${p.updatedAt ? officeDateTime(p.updatedAt) : '—'}（以承办机构最近一次联网同步为准）</p></section>
${p.stages.length ? p.stages.map((s, i) => html`<section class="card stage"><h2>${s.stage === 0 ? s.label : `第${i + 1}阶段 · ${s.label}`}</h2>${flowChart(s.groups, statusNode)}${s.groups.map((g) => g.items.map(itemRow))}</section>`) : html`<section class="card"><p>代办服务计划书尚未制定，请联系代办员。</p></section>`}`;
}

export function closedBody(): Html {
  return html`<section class="card notice"><h1>已办结</h1><p>该办件已办结。公开查询期限已过，如需了解详情请联系承办机构。</p></section>${PROMISES}<p><a href="/g/">查看工作指引</a></p>`;
}

export function pendingNotice(): Html {
  return html`<section class="card notice warn"><p>办理进度将在该中心联网同步后显示。</p></section>`;
}

export function replacedBody(): Html {
  return html`<section class="card notice bad"><h1>此联络卡已作废，请使用新卡</h1><p>该办件的查询码已重新生成，旧联络卡不再显示办理进度。请向代办员索取新的联络卡。</p></section><p><a href="/g/">查看工作指引</a></p>`;
}

export function unverifiedBody(contact: Office | null): Html {
  return html`<section class="card notice bad"><h1>无法核验此联络卡</h1><p>这张联络卡的防伪码与登记信息不符，或签发终端已停用。请勿依据此卡办理业务，并请致电核实：</p></section>${officeCard(contact, '核实电话')}<p><a href="/g/">查看工作指引</a></p>`;
}

export function notFoundBody(what: string): Html {
  return html`<section class="card notice"><h1>${what}</h1><p>请核对链接，或到代办窗口咨询。</p></section><p><a href="/g/">查看全部工作指引</a></p>`;
}

export function messageBody(title: string, text: string): Html {
  return html`<section class="card notice warn"><h1>${title}</h1><p>${text}</p></section><p><a href="/g/">返回工作指引目录</a></p>`;
}
