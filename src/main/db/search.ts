// Instant search over cases, applicants and projects.
// - 3+ characters: FTS5 trigram index (search_trigram);
// - exactly 2 characters (most Chinese given names, short place names): an index of the text's
//   character pairs (search_bigram), because a LIKE scan of 300,000 documents takes ~50 ms;
// - 1 character: LIKE, newest first, stopping at the limit.
// The documents are written by the services in the same transaction as the row they describe.
import type Database from 'better-sqlite3';
import { CASE_NO_RE } from '../../shared/guide/card-link';

export type SearchKind = 'case' | 'applicant' | 'project' | 'knowledge' | 'contact';

export interface SearchDoc {
  kind: SearchKind;
  refId: string;
  title: string;
  subtitle: string;
  /** Every field to be found by: names, numbers, codes. */
  parts: Array<string | null | undefined>;
}
export interface SearchHit {
  kind: SearchKind;
  refId: string;
  title: string;
  subtitle: string;
}

/** What search compares: NFKC (full-width → half-width), lower case, no white space. */
export function normaliseForSearch(s: string): string {
  return s.normalize('NFKC').toLowerCase().replace(/\s+/g, '');
}

/** Overlapping character pairs (code points, so 𠮷 counts as one), letters and digits only. */
export function characterPairs(text: string): string {
  const chars = Array.from(text);
  const pairs = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) {
    const pair = chars[i]! + chars[i + 1]!;
    if (/^[\p{L}\p{N}]{2}$/u.test(pair)) pairs.add(pair);
  }
  return [...pairs].join(' ');
}

function docText(doc: SearchDoc): string {
  return doc.parts.filter((p): p is string => !!p).map(normaliseForSearch).join(' ');
}

export class SearchIndex {
  private readonly findRow: Database.Statement;
  private readonly insertDoc: Database.Statement;
  private readonly updateDoc: Database.Statement;
  private readonly insertPairs: Database.Statement;
  private readonly deletePairs: Database.Statement;
  private readonly queries = new Map<string, Database.Statement>();

  constructor(private readonly db: Database.Database) {
    this.findRow = db.prepare('SELECT rowid FROM search_docs WHERE ref_id = ?').pluck();
    this.insertDoc = db.prepare('INSERT INTO search_docs (kind, ref_id, title, subtitle, text) VALUES (?, ?, ?, ?, ?)');
    this.updateDoc = db.prepare('UPDATE search_docs SET title = ?, subtitle = ?, text = ? WHERE rowid = ?');
    this.insertPairs = db.prepare('INSERT INTO search_bigram (rowid, pairs) VALUES (?, ?)');
    this.deletePairs = db.prepare('DELETE FROM search_bigram WHERE rowid = ?');
  }

  /** Adds or replaces the document for doc.refId. Call inside the write's transaction. */
  put(doc: SearchDoc): void {
    const text = docText(doc);
    const rowid = this.findRow.get(doc.refId) as number | undefined;
    if (rowid === undefined) {
      const res = this.insertDoc.run(doc.kind, doc.refId, doc.title, doc.subtitle, text);
      this.insertPairs.run(res.lastInsertRowid, characterPairs(text));
    } else {
      this.updateDoc.run(doc.title, doc.subtitle, text, rowid);
      this.deletePairs.run(rowid);
      this.insertPairs.run(rowid, characterPairs(text));
    }
  }

  remove(refId: string): void {
    const rowid = this.findRow.get(refId) as number | undefined;
    if (rowid === undefined) return;
    this.deletePairs.run(rowid);
    this.db.prepare('DELETE FROM search_docs WHERE rowid = ?').run(rowid);
  }

  search(query: string, options: { limit?: number; kinds?: SearchKind[] } = {}): SearchHit[] {
    const q = normaliseForSearch(query);
    const chars = Array.from(q);
    const limit = Math.min(Math.max(options.limit ?? 30, 1), 200);
    if (chars.length === 0) return [];
    // A whole case number finds its case through the unique index: as a trigram phrase it would
    // intersect the long lists of "2026" and the office code that every case shares (~8× slower).
    const asCaseNo = q.toUpperCase();
    if (CASE_NO_RE.test(asCaseNo) && (!options.kinds?.length || options.kinds.includes('case'))) {
      const exact = this.prepared(`SELECT d.kind, d.ref_id AS refId, d.title, d.subtitle FROM cases c JOIN search_docs d ON d.ref_id = c.id WHERE c.case_no = ?`).all(asCaseNo) as SearchHit[];
      if (exact.length) return exact;
    }
    const kindFilter = options.kinds?.length ? `AND d.kind IN (${options.kinds.map(() => '?').join(',')})` : '';
    const kindArgs = options.kinds ?? [];
    let sql: string;
    let args: unknown[];
    if (chars.length >= 3) {
      sql = `SELECT d.kind, d.ref_id AS refId, d.title, d.subtitle FROM search_trigram f JOIN search_docs d ON d.rowid = f.rowid
             WHERE search_trigram MATCH ? ${kindFilter} ORDER BY f.rowid DESC LIMIT ?`;
      args = [ftsPhrase(q), ...kindArgs, limit];
    } else if (chars.length === 2) {
      if (!/^[\p{L}\p{N}]{2}$/u.test(q)) return this.likeSearch(q, kindFilter, kindArgs, limit);
      sql = `SELECT d.kind, d.ref_id AS refId, d.title, d.subtitle FROM search_bigram f JOIN search_docs d ON d.rowid = f.rowid
             WHERE search_bigram MATCH ? ${kindFilter} ORDER BY f.rowid DESC LIMIT ?`;
      args = [ftsPhrase(q), ...kindArgs, limit];
    } else {
      return this.likeSearch(q, kindFilter, kindArgs, limit);
    }
    return this.prepared(sql).all(...args) as SearchHit[];
  }

  /**
   * Runs one query of each kind once (trigram, pair index, LIKE, case number), so the clerk's
   * first search does not pay for preparing the statements and loading the indexes' roots.
   */
  warm(): void {
    for (const q of ['服务中心', '服务', '服', '350102-2026-00001']) this.search(q, { limit: 1 });
  }

  private prepared(sql: string): Database.Statement {
    let st = this.queries.get(sql);
    if (!st) this.queries.set(sql, (st = this.db.prepare(sql)));
    return st;
  }

  private likeSearch(q: string, kindFilter: string, kindArgs: string[], limit: number): SearchHit[] {
    const pattern = `%${q.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
    return this
      .prepared(`SELECT d.kind, d.ref_id AS refId, d.title, d.subtitle FROM search_docs d WHERE d.text LIKE ? ESCAPE '\\' ${kindFilter} ORDER BY d.rowid DESC LIMIT ?`)
      .all(pattern, ...kindArgs, limit) as SearchHit[];
  }

  /**
   * Replaces every document at once (inside the caller's transaction): the per-row index triggers
   * are off while `fill` writes the documents, then both indexes are built in one pass each.
   */
  replaceAll(fill: (put: (doc: SearchDoc) => void) => void): void {
    const triggers = this.db.prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name IN ('search_docs_ai', 'search_docs_ad')").pluck().all() as string[];
    this.db.exec('DROP TRIGGER IF EXISTS search_docs_ai; DROP TRIGGER IF EXISTS search_docs_ad; DELETE FROM search_docs;');
    try {
      fill((doc) => void this.insertDoc.run(doc.kind, doc.refId, doc.title, doc.subtitle, docText(doc)));
    } finally {
      for (const sql of triggers) this.db.exec(sql);
    }
    this.rebuild();
  }

  /** Rebuilds both indexes from search_docs (after a bulk load that skipped them). */
  rebuild(): void {
    this.db.exec(`INSERT INTO search_trigram(search_trigram) VALUES ('rebuild')`);
    this.db.exec('DELETE FROM search_bigram');
    // In pages: better-sqlite3 cannot write while a statement is still being iterated.
    const page = this.db.prepare('SELECT rowid, text FROM search_docs WHERE rowid > ? ORDER BY rowid LIMIT 5000');
    for (let after = 0; ; ) {
      const rows = page.all(after) as Array<{ rowid: number; text: string }>;
      for (const row of rows) this.insertPairs.run(row.rowid, characterPairs(row.text));
      const last = rows[rows.length - 1];
      if (!last) break;
      after = last.rowid;
    }
  }
}

const REBUILD_KEY = 'search.rebuild';

/**
 * A migration that reshaped the search indexes (0011) leaves the `search.rebuild` setting: the
 * indexes are rebuilt from search_docs in the transaction that clears it (so a crash part-way
 * rebuilds again at the next open). Called by the store after its migrations.
 */
export function rebuildSearchIfAsked(db: Database.Database): void {
  const asked = db.prepare('SELECT 1 FROM settings WHERE key = ? AND value = ?').get(REBUILD_KEY, 'true');
  if (!asked) return;
  db.transaction(() => {
    new SearchIndex(db).rebuild();
    db.prepare('DELETE FROM settings WHERE key = ?').run(REBUILD_KEY);
  })();
}

/** A user's query as one FTS5 phrase: quotes doubled, so nothing they type is FTS syntax. */
function ftsPhrase(q: string): string {
  return `"${q.replace(/"/g, '""')}"`;
}
