// A public 知识库 article on the guide: its body rendered by the shared safe renderer (raw HTML
// off), the items it is about, the office to ask. Pure: reference data in, Html out.
import { KNOWLEDGE_KINDS } from '../../shared/domain/enums';
import { renderKnowledgeBody } from '../../shared/knowledge/article';
import { Html, html, urlPart } from './html';
import { officeCard } from './guide-view';
import type { GuideArticle, Reference } from './reference';

export function articleLink(a: Pick<GuideArticle, 'id'>): string {
  return `/g/k/${urlPart(a.id)}`;
}

const kindLabel = (kind: string) => (KNOWLEDGE_KINDS.labels as Record<string, string>)[kind] ?? '';

/** Links to the articles beside an item or in a list. */
export function articleLinks(articles: readonly GuideArticle[] | undefined, title = '相关知识'): Html {
  if (!articles?.length) return html``;
  return html`<div class="muted">${title}</div><ul class="links">${articles.map((a) => html`<li><a href="${articleLink(a)}">${a.title}</a> <span class="tag">${kindLabel(a.kind)}</span></li>`)}</ul>`;
}

export function articleBody(ref: Reference, a: GuideArticle): Html {
  const items = a.catalogCodes.map((c) => ref.items.get(c)).filter((i) => i !== undefined);
  return html`<h1>${a.title}</h1>
<section class="card"><span class="tag">${kindLabel(a.kind)}</span>${a.tags.map((t) => html`<span class="tag">${t}</span>`)}
<div class="article">${new Html(renderKnowledgeBody(a.body))}</div>
${items.length ? html`<div class="muted">相关事项</div><ul class="links">${items.map((i) => html`<li>${i.name}<div class="muted">${i.department}</div></li>`)}</ul>` : ''}</section>
${officeCard(ref.rootOffice)}
<p class="muted"><a href="/g/">全部工作指引与六张清单</a></p>`;
}
