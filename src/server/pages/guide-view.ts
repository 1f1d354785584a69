// The 电子版代办服务工作指引 of a template: a flow chart of its stages (parallel items side by side,
// groups one after another), then every item's department, limits, materials, fee and channel, and
// the office to ask. Pure: reference data in, Html out.
import { STAGES } from '../../shared/domain/enums';
import { html, urlPart, type Html } from './html';
import { limitText, materialCounts } from './format';
import { articleLinks } from './knowledge-view';
import type { GuideItem, GuideTemplate, Office, Reference } from './reference';

export interface StageView {
  stage: number;
  label: string;
  groups: Array<{ group: number; items: GuideItem[] }>;
}

export function stageLabel(stage: number): string {
  return (STAGES.labels as Record<string, string>)[String(stage)] ?? `第${stage}阶段`;
}

/** The template's active items by stage and parallel group, in order (missing or inactive items left out). */
export function templateStages(ref: Reference, t: GuideTemplate): StageView[] {
  const out: StageView[] = [];
  for (const ti of t.items) {
    const item = ref.items.get(ti.catalogCode);
    if (!item) continue;
    let stage = out.find((s) => s.stage === ti.stage);
    if (!stage) out.push((stage = { stage: ti.stage, label: stageLabel(ti.stage), groups: [] }));
    let group = stage.groups.find((g) => g.group === ti.group);
    if (!group) stage.groups.push((group = { group: ti.group, items: [] }));
    group.items.push(item);
  }
  out.sort((a, b) => a.stage - b.stage);
  for (const s of out) s.groups.sort((a, b) => a.group - b.group);
  return out;
}

const anchor = (code: string) => `i-${code.replace(/[^A-Za-z0-9_-]/g, '')}`;

function stageTitle(s: StageView, index: number): Html {
  return s.stage === 0 ? html`${s.label}` : html`第${index + 1}阶段 · ${s.label}`;
}

/** One stage's flow: groups top to bottom, the items of a group side by side. `node` draws an item. */
export function flowChart<T>(groups: ReadonlyArray<{ items: T[] }>, node: (item: T) => Html): Html {
  return html`<div class="flow">${groups.map(
    (g, gi) => html`${gi > 0 ? html`<div class="arrow">↓</div>` : ''}<div class="grp">${g.items.length > 1 ? html`<div class="lbl">以下 ${g.items.length} 项并联办理</div>` : ''}${g.items.map(node)}</div>`,
  )}</div>`;
}

function itemDetail(item: GuideItem, related: Reference['articlesByCode']): Html {
  return html`<div class="item" id="${anchor(item.code)}"><h3>${item.name}</h3>
<span class="tag">${item.online ? '网上办理' : '窗口办理'}</span><span class="tag ${item.proxyAllowed ? 'ok' : 'no'}">${item.proxyAllowed ? '可代办' : '不可代办（须本人办理）'}</span>
<dl class="kv"><dt>办理部门</dt><dd>${item.department || '—'}</dd><dt>法定时限</dt><dd>${limitText(item.statutoryLimit)}</dd><dt>承诺时限</dt><dd>${limitText(item.promisedLimit)}</dd><dt>收费</dt><dd>${item.fee || '不收费'}</dd></dl>
${item.materials.length ? html`<div class="muted">申报材料</div><ul class="mat">${item.materials.map((m) => html`<li>${m.name}（${materialCounts(m)}）${m.note ? html`<span class="muted"> ${m.note}</span>` : ''}${m.sampleSha256 ? html` <a href="/g/s/${m.sampleSha256}">样表</a>` : ''}</li>`)}</ul>` : ''}${articleLinks(related.get(item.code))}</div>`;
}

export function officeCard(office: Office | null, title = '咨询与代办'): Html {
  if (!office) return html`<section class="card"><h2>${title}</h2><p>请到当地行政服务中心代办窗口咨询。</p></section>`;
  return html`<section class="card"><h2>${title}</h2><p class="big">${office.officeName}</p><dl class="kv">
${office.address ? html`<dt>地址</dt><dd>${office.address}</dd>` : ''}${office.officeHours ? html`<dt>办公时间</dt><dd>${office.officeHours}</dd>` : ''}${office.phone ? html`<dt>电话</dt><dd><a href="tel:${office.phone.replace(/[^0-9-]/g, '')}">${office.phone}</a></dd>` : ''}</dl></section>`;
}

export const PROMISES = html`<div class="promise"><span>全程免费</span><span class="alt">代办不包办、服务不揽责</span></div>`;

/** The guide itself (without the page shell): intro, the flow of each stage with its items, the office. */
export function guideBody(ref: Reference, t: GuideTemplate, office: Office | null, opts: { heading?: boolean } = {}): Html {
  const stages = templateStages(ref, t);
  return html`${opts.heading === false ? '' : html`<h1>${t.name} · 电子版代办服务工作指引</h1>`}
${PROMISES}
<section class="card"><p>${t.description}</p>${t.suitableFor ? html`<p class="muted">适用：${t.suitableFor}</p>` : ''}<p class="muted">代办员免费帮您准备材料、申报和跟踪办理；申请人仍是法律上的申请主体，对材料的真实性负责。</p></section>
${stages.map(
  (s, i) => html`<section class="card stage"><h2>${stageTitle(s, i)}</h2>${flowChart(s.groups, (item) => html`<a class="node" href="#${anchor(item.code)}"><b>${item.name}</b><small>${item.department} · 承诺${limitText(item.promisedLimit)}</small></a>`)}
${s.groups.map((g) => g.items.map((item) => itemDetail(item, ref.articlesByCode)))}</section>`,
)}
${officeCard(office)}
<p class="muted"><a href="/g/">全部工作指引与六张清单</a></p>`;
}

export function guideLink(code: string): string {
  return `/g/${urlPart(code)}`;
}
