// The 六张清单 drawn from the catalogue, and the guides' index. Pure: reference data in, Html out.
import { html, type Html } from './html';
import { isImmediate, limitText } from './format';
import { guideLink } from './guide-view';
import { articleLinks } from './knowledge-view';
import type { FormEntry } from './forms';
import type { GuideItem, Reference } from './reference';

export const LIST_KINDS = {
  limits: '审批时限清单',
  fees: '收费清单',
  forms: '样表清单',
  immediate: '即办事项清单',
  certificates: '证明清单',
  proxy: '委托清单',
} as const;
export type ListKind = keyof typeof LIST_KINDS;
export const LIST_KIND_CODES = Object.keys(LIST_KINDS) as [ListKind, ...ListKind[]];

/**
 * Is a required material a certificate (证明清单)? Until the catalogue has a flag, the rule is its
 * name: it names a 证明, 证书, 许可证, 执照 or 证照 — documents another authority issues.
 */
export function isCertificateMaterial(name: string): boolean {
  return /证明|证书|许可证|执照|证照/.test(name);
}

function activeItems(ref: Reference): GuideItem[] {
  return [...ref.items.values()].sort((a, b) => a.stage - b.stage || a.code.localeCompare(b.code));
}

const table = (head: string[], body: Html[]) => html`<div class="scroll"><table><thead><tr>${head.map((h) => html`<th>${h}</th>`)}</tr></thead><tbody>${body}</tbody></table></div>`;

export function listBody(ref: Reference, kind: ListKind, forms: FormEntry[] | null): Html {
  const items = activeItems(ref);
  const title = LIST_KINDS[kind];
  let content: Html;
  switch (kind) {
    case 'limits':
      content = table(['事项', '办理部门', '法定时限', '承诺时限'], items.map((i) => html`<tr><td>${i.name}</td><td>${i.department}</td><td class="n">${limitText(i.statutoryLimit)}</td><td class="n">${limitText(i.promisedLimit)}</td></tr>`));
      break;
    case 'fees':
      content = table(['事项', '办理部门', '收费'], items.map((i) => html`<tr><td>${i.name}</td><td>${i.department}</td><td>${i.fee || '不收费'}</td></tr>`));
      break;
    case 'immediate': {
      const quick = items.filter((i) => isImmediate(i.promisedLimit));
      content = quick.length ? table(['事项', '办理部门', '承诺时限', '办理方式'], quick.map((i) => html`<tr><td>${i.name}</td><td>${i.department}</td><td class="n">${limitText(i.promisedLimit)}</td><td>${i.online ? '网上办理' : '窗口办理'}</td></tr>`)) : html`<p>暂无即办事项。</p>`;
      break;
    }
    case 'certificates': {
      const byName = new Map<string, string[]>();
      for (const i of items) for (const m of i.materials) if (isCertificateMaterial(m.name)) byName.set(m.name, [...(byName.get(m.name) ?? []), i.name]);
      content = table(['证明材料', '用于事项'], [...byName].map(([name, uses]) => html`<tr><td>${name}</td><td>${uses.join('；')}</td></tr>`));
      break;
    }
    case 'proxy':
      content = table(['可代办事项', '办理部门', '承诺时限'], items.filter((i) => i.proxyAllowed).map((i) => html`<tr><td>${i.name}</td><td>${i.department}</td><td class="n">${limitText(i.promisedLimit)}</td></tr>`));
      break;
    case 'forms':
      content = forms === null
        ? html`<p>样表正在准备，请到代办窗口领取。</p>`
        : forms.length === 0
          ? html`<p>暂无样表。</p>`
          : html`<ul class="links">${forms.map((f) => html`<li><a href="/g/forms/${f.file}">${f.title}</a> <span class="muted">PDF · ${f.pages} 页</span></li>`)}</ul>`;
      break;
  }
  const note = kind === 'certificates' ? html`<p class="muted">名称中含“证明、证书、许可证、执照、证照”的申报材料。</p>` : '';
  return html`<h1>${title}</h1><section class="card">${note}${content}</section>${ref.articles.size ? html`<section class="card"><h2>办事知识</h2>${articleLinks([...ref.articles.values()].slice(0, 30), '')}</section>` : ''}
${listNav()}`;
}

function listNav(): Html {
  return html`<section class="card"><h2>六张清单</h2><ul class="links">${LIST_KIND_CODES.map((k) => html`<li><a href="/g/lists/${k}">${LIST_KINDS[k]}</a></li>`)}</ul><p><a href="/g/">返回工作指引目录</a></p></section>`;
}

/** /g/: every published guide (filtered by `q` on its name), then the six lists. */
export function indexBody(ref: Reference, q: string): Html {
  const found = q ? ref.templates.filter((t) => t.name.toLowerCase().includes(q.toLowerCase())) : ref.templates;
  return html`<h1>电子版代办服务工作指引</h1>
<form class="search" method="get" action="/g/"><input type="search" name="q" maxlength="40" value="${q}" placeholder="按项目类型搜索，如：工业"><button type="submit">搜索</button></form>
<section class="card"><h2>${q ? html`“${q}”的搜索结果（${found.length}）` : '工作指引'}</h2>${found.length ? html`<ul class="links">${found.map((t) => html`<li><a href="${guideLink(t.code)}">${t.name}</a>${t.suitableFor ? html`<div class="muted">${t.suitableFor}</div>` : ''}</li>`)}</ul>` : html`<p>没有找到相关的工作指引。</p>`}</section>
${ref.articles.size ? html`<section class="card"><h2>办事知识</h2>${articleLinks([...ref.articles.values()].slice(0, 30), '')}</section>` : ''}
${listNav()}`;
}

