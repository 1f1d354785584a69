-- Smaller search indexes (a 100,000-case store: ~15 MB less), same answers. Nothing ranks hits
-- (they come newest first), so neither index needs each document's size (columnsize=0 on the
-- trigram index; the bigram one keeps it, which contentless_delete requires); and a two-character
-- query is a single pair, so the pair index needs no positions (detail=none: 60 % smaller).
-- The trigram index is rebuilt from search_docs here; the pair index is written by the app, so
-- the `search.rebuild` setting asks the store to rebuild it when it opens (src/main/db/search.ts),
-- in the transaction that clears the setting — a crash before then rebuilds at the next start.
DROP TABLE `search_trigram`;
--> statement-breakpoint
CREATE VIRTUAL TABLE `search_trigram` USING fts5(`text`, content='search_docs', content_rowid='rowid', tokenize='trigram', columnsize=0);
--> statement-breakpoint
INSERT INTO `search_trigram`(`search_trigram`) VALUES ('rebuild');
--> statement-breakpoint
DROP TABLE `search_bigram`;
--> statement-breakpoint
CREATE VIRTUAL TABLE `search_bigram` USING fts5(`pairs`, content='', contentless_delete=1, detail=none, tokenize='unicode61');
--> statement-breakpoint
INSERT INTO `settings` (`key`, `value`) VALUES ('search.rebuild', 'true') ON CONFLICT (`key`) DO UPDATE SET `value` = 'true';
