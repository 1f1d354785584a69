-- Sync bookkeeping kept by the sync client (src/main/sync): the server sequence each row was last
-- seen at, and per-entity checksums over (entity, id, server sequence) compared after each pull.
CREATE TABLE IF NOT EXISTS `sync_rows` (
	`entity` text NOT NULL,
	`id` text NOT NULL,
	`server_seq` integer NOT NULL,
	PRIMARY KEY (`entity`, `id`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS `sync_checksums` (
	`entity` text PRIMARY KEY NOT NULL,
	`count` integer NOT NULL,
	`sum` integer NOT NULL
);
