-- Catalogue items change from a date (issue 14): each change is an append-only version row, synced
-- as reference data from the centre (src/shared/domain/catalog-versions.ts).
CREATE TABLE `catalog_item_versions` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	`catalog_item_id` text NOT NULL,
	`effective_from` text NOT NULL,
	`fields` text NOT NULL,
	`author_id` text NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`server_seq` integer
);
--> statement-breakpoint
CREATE INDEX `catalog_item_versions_item` ON `catalog_item_versions` (`catalog_item_id`,`effective_from`);
