-- 知识库 (issue 14): articles synced as reference data; staff propose, the centre publishes.
-- Found through the app's search (search_docs kind 'knowledge', written with the row).
CREATE TABLE `knowledge_articles` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	`title` text NOT NULL,
	`kind` text NOT NULL,
	`body` text NOT NULL,
	`tags` text NOT NULL,
	`catalog_codes` text NOT NULL,
	`template_codes` text NOT NULL,
	`attachments` text DEFAULT '[]' NOT NULL,
	`public` integer DEFAULT false NOT NULL,
	`status` text NOT NULL,
	`author_id` text NOT NULL,
	`org_unit_id` text NOT NULL,
	`published_by` text,
	`published_at` text,
	`server_seq` integer
);
--> statement-breakpoint
CREATE INDEX `knowledge_articles_status` ON `knowledge_articles` (`status`,`updated_at`);
