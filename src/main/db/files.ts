// The files a store's rows reference, by SHA-256 (content-addressed under attachments/ab/…): a
// case's attachments, a knowledge article's, and the catalogue's sample forms (样表). The one list file sync uploads and downloads and a
// backup copies.
import type Database from 'better-sqlite3';

const SHA = /^[0-9a-f]{64}$/;

const hasTable = (db: Database.Database, name: string) => Boolean(db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(name));

/** Every referenced hash, sorted; `live` leaves out deleted rows (a backup keeps them all). */
export function referencedFileHashes(db: Database.Database, opts: { live: boolean }): string[] {
  const parts: string[] = [];
  const live = opts.live ? 'WHERE deleted_at IS NULL' : '';
  if (hasTable(db, 'attachments')) parts.push(`SELECT sha256 AS sha FROM attachments ${live}`);
  if (hasTable(db, 'knowledge_articles')) {
    parts.push(`SELECT json_extract(e.value, '$.sha256') AS sha FROM knowledge_articles k, json_each(k.attachments) e ${opts.live ? 'WHERE k.deleted_at IS NULL' : ''}`);
  }
  if (hasTable(db, 'catalog_item_versions')) {
    parts.push(`SELECT json_extract(m.value, '$.sampleForm.sha256') AS sha FROM catalog_item_versions v, json_each(json_extract(v.fields, '$.materials')) m ${opts.live ? 'WHERE v.deleted_at IS NULL' : ''}`);
  }
  if (!parts.length) return [];
  const shas = db.prepare(`SELECT DISTINCT sha FROM (${parts.join(' UNION ALL ')}) ORDER BY sha`).pluck().all() as unknown[];
  return shas.filter((h): h is string => typeof h === 'string' && SHA.test(h));
}
