// 知识库 search in a city store: 300 articles among the 100,000 cases' search documents. The
// articles share the index with every case, applicant and project, so a query for a pair common in
// project names (项目, 工程) must not cost a scan of the cases' matches. Baseline: the same queries
// through the case search (search.query) in the same run.
import type { Store } from '../../src/main/db/store.js';
import type { Actor } from '../../src/main/db/store.js';
import * as t from '../../src/main/db/schema.js';
import { listKnowledge, publishKnowledge, saveKnowledge } from '../../src/main/features/knowledge/service.js';
import { searchAll } from '../../src/main/features/search/service.js';
import { knowledgeContract } from '../../src/shared/api/knowledge.js';
import { KNOWLEDGE_KINDS } from '../../src/shared/domain/enums.js';
import { mulberry32, pick } from '../../src/shared/domain/synthetic-ids.js';
import { stats, type BenchRow, time } from './report.js';

const ARTICLES = 300;
const QUERIES = ['项目', '工程', '审图', '刻章', '执照', '施工许可', '营业执照', '联合验收', '不存在的', '龘龘'];


/** Articles written from the store's own catalogue: titles, materials and departments as agents would. */
function seedArticles(store: Store, actor: Actor): void {
  const have = store.db.prepare('SELECT count(*) FROM knowledge_articles').pluck().get() as number;
  if (have >= ARTICLES) return;
  const rng = mulberry32(314);
  const items = store.orm.select().from(t.catalogItems).all();
  const ctx = { store, actor };
  for (let i = have; i < ARTICLES; i++) {
    const item = pick(rng, items);
    const other = pick(rng, items);
    const kind = pick(rng, KNOWLEDGE_KINDS.codes);
    const materials = item.materials.map((m, n) => `${n + 1}. ${m.name}（原件${m.originals}份）`).join('\n');
    const body = `## ${item.name}的办理要点\n\n由${item.department}受理，承诺${item.promisedLimitValue}个工作日办结。\n\n${materials}\n\n`
      + `常见问题：申请人常把${other.name}与本事项混淆，须先核对项目类别；材料不齐时请先通知企业经办人补正。\n\n> 经验：提前与${other.department}沟通，可并联办理。`;
    const { id } = saveKnowledge(ctx, knowledgeContract['knowledge.save'].input.parse({
      title: `${item.name}${kind === 'faq' ? '常见问题' : kind === 'standardFlow' ? '标准流程' : kind === 'lesson' ? '经验做法' : '政策解读'}（${i + 1}）`,
      kind, body, tags: [pick(rng, ['高频事项', '工程建设', '企业开办', '水电气', '容缺受理'])],
      catalogCodes: [item.code, other.code], templateCodes: [], public: rng() < 0.5,
    }));
    if (rng() < 0.8) publishKnowledge(ctx, { articleId: id });
  }
}

export function benchKnowledgeSearch(store: Store, actor: Actor): BenchRow[] {
  seedArticles(store, actor);
  const ctx = { store, actor };
  const list = (q: string) => listKnowledge(ctx, knowledgeContract['knowledge.list'].input.parse({ q, view: 'all' }));
  for (const q of QUERIES) list(q);
  const knowledge: number[] = [];
  const cases: number[] = [];
  for (let pass = 0; pass < 5; pass++) {
    for (const q of QUERIES) {
      knowledge.push(time(() => list(q)));
      cases.push(time(() => searchAll(ctx, { q, limit: 10 })));
    }
  }
  const k = stats(knowledge);
  const c = stats(cases);
  return [
    { name: `knowledge.list search, ${ARTICLES} articles in the city store (${QUERIES.length} queries, 2–4 characters)`, median_ms: k.median, p95_ms: k.p95, runs: knowledge.length, target_ms: 20, ok: k.p95 <= 20, note: `${(k.median / Math.max(c.median, 0.01)).toFixed(2)}× the case search's median on the same queries` },
    { name: 'baseline: search.query (cases) on the same queries', median_ms: c.median, p95_ms: c.p95, runs: cases.length, ok: true },
  ];
}
