-- Plan templates change from a date (issue 14): each change is an append-only version row holding
-- the template's whole editable content, synced as reference data from the centre
-- (src/shared/domain/template-versions.ts).
CREATE TABLE `plan_template_versions` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	`plan_template_id` text NOT NULL,
	`effective_from` text NOT NULL,
	`content` text NOT NULL,
	`author_id` text NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`server_seq` integer
);
--> statement-breakpoint
CREATE INDEX `plan_template_versions_template` ON `plan_template_versions` (`plan_template_id`,`effective_from`);
