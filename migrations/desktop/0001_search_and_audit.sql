-- Custom migration: what drizzle's schema cannot express.

-- The audit log is append-only: the store itself refuses to change or remove an event.
CREATE TRIGGER `audit_events_no_update` BEFORE UPDATE ON `audit_events`
BEGIN SELECT RAISE(ABORT, '审计日志只能追加，不能修改'); END;
--> statement-breakpoint
CREATE TRIGGER `audit_events_no_delete` BEFORE DELETE ON `audit_events`
BEGIN SELECT RAISE(ABORT, '审计日志只能追加，不能删除'); END;
--> statement-breakpoint
-- One search document per case, applicant and project: `text` is the normalised searchable text.
CREATE TABLE `search_docs` (
	`rowid` integer PRIMARY KEY,
	`kind` text NOT NULL,
	`ref_id` text NOT NULL,
	`title` text NOT NULL,
	`subtitle` text NOT NULL,
	`text` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `search_docs_ref` ON `search_docs` (`ref_id`);
--> statement-breakpoint
-- Queries of 3+ characters: FTS5 trigram over the text (external content, kept in step by triggers).
CREATE VIRTUAL TABLE `search_trigram` USING fts5(`text`, content='search_docs', content_rowid='rowid', tokenize='trigram');
--> statement-breakpoint
CREATE TRIGGER `search_docs_ai` AFTER INSERT ON `search_docs` BEGIN
  INSERT INTO `search_trigram`(rowid, `text`) VALUES (new.rowid, new.`text`);
END;
--> statement-breakpoint
CREATE TRIGGER `search_docs_ad` AFTER DELETE ON `search_docs` BEGIN
  INSERT INTO `search_trigram`(`search_trigram`, rowid, `text`) VALUES ('delete', old.rowid, old.`text`);
END;
--> statement-breakpoint
CREATE TRIGGER `search_docs_au` AFTER UPDATE ON `search_docs` BEGIN
  INSERT INTO `search_trigram`(`search_trigram`, rowid, `text`) VALUES ('delete', old.rowid, old.`text`);
  INSERT INTO `search_trigram`(rowid, `text`) VALUES (new.rowid, new.`text`);
END;
--> statement-breakpoint
-- Queries of 2 characters (Chinese names are often two): a LIKE scan takes ~50 ms on 300,000
-- documents, so two-character queries use an index of the text's character pairs instead,
-- written by the application (src/main/db/search.ts). Contentless: it stores only the index.
CREATE VIRTUAL TABLE `search_bigram` USING fts5(`pairs`, content='', contentless_delete=1, tokenize='unicode61');
