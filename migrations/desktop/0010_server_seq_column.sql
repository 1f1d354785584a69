-- The server sequence of the version a desktop holds moves from the sync_rows table into a column
-- of each synced row (NULL: a row made here and not yet pulled back). A row's sequence is then
-- written with the row, in the same B-tree page, instead of in a second, 60-bytes-a-row index keyed
-- by (entity, id) that every pulled row touched at a random place (src/main/sync/held.ts).
-- The column is the sync client's, not the app's: it is not in the drizzle schema, so no feature
-- reads it or sends it to the server.
--
-- A first pull interrupted by the upgrade left its sequences in sync_rows_bulk: they are folded in
-- first (the highest sequence of a row pulled twice wins), and its checksums are rebuilt when it ends.
CREATE TABLE IF NOT EXISTS `sync_rows` (`entity` text NOT NULL, `id` text NOT NULL, `server_seq` integer NOT NULL, PRIMARY KEY (`entity`, `id`)) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS `sync_rows_bulk` (`entity` text NOT NULL, `id` text NOT NULL, `server_seq` integer NOT NULL);
--> statement-breakpoint
UPDATE `settings` SET `value` = json_set(`value`, '$.rebuildChecksums', json('true')) WHERE `key` = 'sync.bulkLoad' AND EXISTS (SELECT 1 FROM `sync_rows_bulk`);
--> statement-breakpoint
INSERT INTO `sync_rows` (`entity`, `id`, `server_seq`)
  SELECT `entity`, `id`, max(`server_seq`) FROM `sync_rows_bulk` WHERE true GROUP BY `entity`, `id`
  ON CONFLICT (`entity`, `id`) DO UPDATE SET `server_seq` = max(`server_seq`, excluded.`server_seq`);
--> statement-breakpoint
DROP TABLE `sync_rows_bulk`;
--> statement-breakpoint
ALTER TABLE `org_units` ADD `server_seq` integer;
--> statement-breakpoint
UPDATE `org_units` SET `server_seq` = (SELECT s.`server_seq` FROM `sync_rows` s WHERE s.`entity` = 'orgUnits' AND s.`id` = `org_units`.`id`);
--> statement-breakpoint
ALTER TABLE `users` ADD `server_seq` integer;
--> statement-breakpoint
UPDATE `users` SET `server_seq` = (SELECT s.`server_seq` FROM `sync_rows` s WHERE s.`entity` = 'users' AND s.`id` = `users`.`id`);
--> statement-breakpoint
ALTER TABLE `catalog_items` ADD `server_seq` integer;
--> statement-breakpoint
UPDATE `catalog_items` SET `server_seq` = (SELECT s.`server_seq` FROM `sync_rows` s WHERE s.`entity` = 'catalogItems' AND s.`id` = `catalog_items`.`id`);
--> statement-breakpoint
ALTER TABLE `plan_templates` ADD `server_seq` integer;
--> statement-breakpoint
UPDATE `plan_templates` SET `server_seq` = (SELECT s.`server_seq` FROM `sync_rows` s WHERE s.`entity` = 'planTemplates' AND s.`id` = `plan_templates`.`id`);
--> statement-breakpoint
ALTER TABLE `applicants` ADD `server_seq` integer;
--> statement-breakpoint
UPDATE `applicants` SET `server_seq` = (SELECT s.`server_seq` FROM `sync_rows` s WHERE s.`entity` = 'applicants' AND s.`id` = `applicants`.`id`);
--> statement-breakpoint
ALTER TABLE `projects` ADD `server_seq` integer;
--> statement-breakpoint
UPDATE `projects` SET `server_seq` = (SELECT s.`server_seq` FROM `sync_rows` s WHERE s.`entity` = 'projects' AND s.`id` = `projects`.`id`);
--> statement-breakpoint
ALTER TABLE `cases` ADD `server_seq` integer;
--> statement-breakpoint
UPDATE `cases` SET `server_seq` = (SELECT s.`server_seq` FROM `sync_rows` s WHERE s.`entity` = 'cases' AND s.`id` = `cases`.`id`);
--> statement-breakpoint
ALTER TABLE `entrustments` ADD `server_seq` integer;
--> statement-breakpoint
UPDATE `entrustments` SET `server_seq` = (SELECT s.`server_seq` FROM `sync_rows` s WHERE s.`entity` = 'entrustments' AND s.`id` = `entrustments`.`id`);
--> statement-breakpoint
ALTER TABLE `plan_items` ADD `server_seq` integer;
--> statement-breakpoint
UPDATE `plan_items` SET `server_seq` = (SELECT s.`server_seq` FROM `sync_rows` s WHERE s.`entity` = 'planItems' AND s.`id` = `plan_items`.`id`);
--> statement-breakpoint
ALTER TABLE `progress_entries` ADD `server_seq` integer;
--> statement-breakpoint
UPDATE `progress_entries` SET `server_seq` = (SELECT s.`server_seq` FROM `sync_rows` s WHERE s.`entity` = 'progressEntries' AND s.`id` = `progress_entries`.`id`);
--> statement-breakpoint
ALTER TABLE `problems` ADD `server_seq` integer;
--> statement-breakpoint
UPDATE `problems` SET `server_seq` = (SELECT s.`server_seq` FROM `sync_rows` s WHERE s.`entity` = 'problems' AND s.`id` = `problems`.`id`);
--> statement-breakpoint
ALTER TABLE `materials` ADD `server_seq` integer;
--> statement-breakpoint
UPDATE `materials` SET `server_seq` = (SELECT s.`server_seq` FROM `sync_rows` s WHERE s.`entity` = 'materials' AND s.`id` = `materials`.`id`);
--> statement-breakpoint
ALTER TABLE `handovers` ADD `server_seq` integer;
--> statement-breakpoint
UPDATE `handovers` SET `server_seq` = (SELECT s.`server_seq` FROM `sync_rows` s WHERE s.`entity` = 'handovers' AND s.`id` = `handovers`.`id`);
--> statement-breakpoint
ALTER TABLE `attachments` ADD `server_seq` integer;
--> statement-breakpoint
UPDATE `attachments` SET `server_seq` = (SELECT s.`server_seq` FROM `sync_rows` s WHERE s.`entity` = 'attachments' AND s.`id` = `attachments`.`id`);
--> statement-breakpoint
ALTER TABLE `transfers` ADD `server_seq` integer;
--> statement-breakpoint
UPDATE `transfers` SET `server_seq` = (SELECT s.`server_seq` FROM `sync_rows` s WHERE s.`entity` = 'transfers' AND s.`id` = `transfers`.`id`);
--> statement-breakpoint
ALTER TABLE `evaluations` ADD `server_seq` integer;
--> statement-breakpoint
UPDATE `evaluations` SET `server_seq` = (SELECT s.`server_seq` FROM `sync_rows` s WHERE s.`entity` = 'evaluations' AND s.`id` = `evaluations`.`id`);
--> statement-breakpoint
ALTER TABLE `callbacks` ADD `server_seq` integer;
--> statement-breakpoint
UPDATE `callbacks` SET `server_seq` = (SELECT s.`server_seq` FROM `sync_rows` s WHERE s.`entity` = 'callbacks' AND s.`id` = `callbacks`.`id`);
--> statement-breakpoint
ALTER TABLE `rectifications` ADD `server_seq` integer;
--> statement-breakpoint
UPDATE `rectifications` SET `server_seq` = (SELECT s.`server_seq` FROM `sync_rows` s WHERE s.`entity` = 'rectifications' AND s.`id` = `rectifications`.`id`);
--> statement-breakpoint
ALTER TABLE `interactions` ADD `server_seq` integer;
--> statement-breakpoint
UPDATE `interactions` SET `server_seq` = (SELECT s.`server_seq` FROM `sync_rows` s WHERE s.`entity` = 'interactions' AND s.`id` = `interactions`.`id`);
--> statement-breakpoint
ALTER TABLE `conflicts` ADD `server_seq` integer;
--> statement-breakpoint
UPDATE `conflicts` SET `server_seq` = (SELECT s.`server_seq` FROM `sync_rows` s WHERE s.`entity` = 'conflicts' AND s.`id` = `conflicts`.`id`);
--> statement-breakpoint
DROP TABLE `sync_rows`;
