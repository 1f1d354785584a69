// What a knowledge article is found by: its title, tags, plain-text body and linked codes. Every
// status is indexed; knowledge.list shows only what the caller may see.
import { KNOWLEDGE_KINDS } from '../../../shared/domain/enums.js';
import { knowledgePlainText } from '../../../shared/knowledge/article.js';
import type * as t from '../../db/schema.js';
import type { SearchDoc } from '../../db/search.js';

type Article = Pick<typeof t.knowledgeArticles.$inferSelect, 'id' | 'title' | 'kind' | 'body' | 'tags' | 'catalogCodes' | 'templateCodes'>;

export function articleSearchDoc(a: Article): SearchDoc {
  return {
    kind: 'knowledge',
    refId: a.id,
    title: a.title,
    subtitle: [(KNOWLEDGE_KINDS.labels as Record<string, string>)[a.kind] ?? a.kind, ...a.tags].join(' · '),
    parts: [a.title, a.tags.join(' '), knowledgePlainText(a.body), a.catalogCodes.join(' '), a.templateCodes.join(' ')],
  };
}
