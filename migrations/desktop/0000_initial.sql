CREATE TABLE `applicants` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	`org_unit_id` text NOT NULL,
	`kind` text NOT NULL,
	`name` text NOT NULL,
	`uscc` text,
	`resident_id` text,
	`legal_representative` text DEFAULT '' NOT NULL,
	`contact_name` text DEFAULT '' NOT NULL,
	`contact_resident_id` text,
	`contact_phone` text DEFAULT '' NOT NULL,
	`address` text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE INDEX `applicants_uscc` ON `applicants` (`uscc`);--> statement-breakpoint
CREATE INDEX `applicants_resident_id` ON `applicants` (`resident_id`);--> statement-breakpoint
CREATE INDEX `applicants_org` ON `applicants` (`org_unit_id`);--> statement-breakpoint
CREATE TABLE `attachments` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	`case_id` text NOT NULL,
	`owner_id` text,
	`kind` text NOT NULL,
	`file_name` text NOT NULL,
	`mime` text NOT NULL,
	`size` integer NOT NULL,
	`sha256` text NOT NULL,
	`added_by` text NOT NULL,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `attachments_case` ON `attachments` (`case_id`);--> statement-breakpoint
CREATE INDEX `attachments_sha` ON `attachments` (`sha256`);--> statement-breakpoint
CREATE TABLE `audit_events` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`id` text NOT NULL,
	`at` text NOT NULL,
	`actor_id` text,
	`action` text NOT NULL,
	`entity` text,
	`entity_id` text,
	`detail` text NOT NULL,
	`prev_hash` text NOT NULL,
	`hash` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `audit_entity` ON `audit_events` (`entity_id`);--> statement-breakpoint
CREATE TABLE `calendar_years` (
	`year` integer PRIMARY KEY NOT NULL,
	`data` text NOT NULL,
	`source` text NOT NULL,
	`updated_at` text NOT NULL,
	`updated_by` text
);
--> statement-breakpoint
CREATE TABLE `callbacks` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	`case_id` text NOT NULL,
	`evaluation_id` text NOT NULL,
	`called_by` text NOT NULL,
	`called_date` text NOT NULL,
	`result` text NOT NULL,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`evaluation_id`) REFERENCES `evaluations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `callbacks_evaluation` ON `callbacks` (`evaluation_id`);--> statement-breakpoint
CREATE TABLE `case_counters` (
	`org_unit_id` text NOT NULL,
	`year` integer NOT NULL,
	`next` integer NOT NULL,
	PRIMARY KEY(`org_unit_id`, `year`)
);
--> statement-breakpoint
CREATE TABLE `cases` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	`case_no` text NOT NULL,
	`org_unit_id` text NOT NULL,
	`handling_org_unit_id` text NOT NULL,
	`applicant_id` text NOT NULL,
	`project_id` text,
	`channel` text NOT NULL,
	`mode` text NOT NULL,
	`help_kind` text,
	`status` text NOT NULL,
	`subject` text NOT NULL,
	`agent_id` text,
	`leader_id` text,
	`template_code` text,
	`public_token` text NOT NULL,
	`accepted_date` text NOT NULL,
	`registered_by` text NOT NULL,
	`closed_at` text,
	`close_reason` text,
	FOREIGN KEY (`applicant_id`) REFERENCES `applicants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `cases_case_no` ON `cases` (`case_no`);--> statement-breakpoint
CREATE UNIQUE INDEX `cases_public_token` ON `cases` (`public_token`);--> statement-breakpoint
CREATE INDEX `cases_status` ON `cases` (`status`);--> statement-breakpoint
CREATE INDEX `cases_agent` ON `cases` (`agent_id`,`status`);--> statement-breakpoint
CREATE INDEX `cases_handling_org` ON `cases` (`handling_org_unit_id`,`status`);--> statement-breakpoint
CREATE INDEX `cases_applicant` ON `cases` (`applicant_id`);--> statement-breakpoint
CREATE INDEX `cases_project` ON `cases` (`project_id`);--> statement-breakpoint
CREATE TABLE `catalog_items` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`department` text NOT NULL,
	`level` text NOT NULL,
	`plan_kind` text NOT NULL,
	`stage` integer NOT NULL,
	`statutory_limit_value` integer,
	`statutory_limit_unit` text,
	`promised_limit_value` integer NOT NULL,
	`promised_limit_unit` text NOT NULL,
	`materials` text NOT NULL,
	`fee` text DEFAULT '不收费' NOT NULL,
	`proxy_allowed` integer DEFAULT true NOT NULL,
	`online` integer DEFAULT false NOT NULL,
	`active` integer DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `catalog_items_code` ON `catalog_items` (`code`);--> statement-breakpoint
CREATE TABLE `conflicts` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	`case_id` text,
	`entity` text NOT NULL,
	`entity_id` text NOT NULL,
	`field` text NOT NULL,
	`local_value` text,
	`server_value` text,
	`status` text NOT NULL,
	`resolved_by` text
);
--> statement-breakpoint
CREATE INDEX `conflicts_status` ON `conflicts` (`status`);--> statement-breakpoint
CREATE TABLE `entrustments` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	`case_id` text NOT NULL,
	`kind` text NOT NULL,
	`status` text NOT NULL,
	`scope` text NOT NULL,
	`term_start` text,
	`term_end` text,
	`authorized_name` text,
	`authorized_resident_id` text,
	`authorized_phone` text,
	`signed_at` text,
	`attachment_id` text,
	`revoked_at` text,
	`revoke_reason` text,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `entrustments_case` ON `entrustments` (`case_id`);--> statement-breakpoint
CREATE TABLE `evaluations` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	`case_id` text NOT NULL,
	`level` integer NOT NULL,
	`source` text NOT NULL,
	`comment` text DEFAULT '' NOT NULL,
	`evaluated_date` text NOT NULL,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `evaluations_case` ON `evaluations` (`case_id`);--> statement-breakpoint
CREATE TABLE `handovers` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	`case_id` text NOT NULL,
	`receipt_no` text NOT NULL,
	`direction` text NOT NULL,
	`counterpart_name` text NOT NULL,
	`staff_id` text NOT NULL,
	`handed_at` text NOT NULL,
	`items` text NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `handovers_case` ON `handovers` (`case_id`);--> statement-breakpoint
CREATE TABLE `interactions` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	`org_unit_id` text NOT NULL,
	`held_date` text NOT NULL,
	`place` text NOT NULL,
	`enterprises` text NOT NULL,
	`content` text NOT NULL,
	`recorded_by` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `interactions_org` ON `interactions` (`org_unit_id`,`held_date`);--> statement-breakpoint
CREATE TABLE `materials` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	`case_id` text NOT NULL,
	`plan_item_id` text,
	`name` text NOT NULL,
	`originals_required` integer DEFAULT 0 NOT NULL,
	`copies_required` integer DEFAULT 0 NOT NULL,
	`originals_held` integer DEFAULT 0 NOT NULL,
	`copies_held` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `materials_case` ON `materials` (`case_id`);--> statement-breakpoint
CREATE TABLE `org_units` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`level` text NOT NULL,
	`parent_id` text,
	`office_name` text NOT NULL,
	`address` text DEFAULT '' NOT NULL,
	`phone` text DEFAULT '' NOT NULL,
	`office_hours` text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `org_units_code` ON `org_units` (`code`);--> statement-breakpoint
CREATE INDEX `org_units_parent` ON `org_units` (`parent_id`);--> statement-breakpoint
CREATE TABLE `outbox` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`op_id` text NOT NULL,
	`entity` text NOT NULL,
	`entity_id` text NOT NULL,
	`kind` text NOT NULL,
	`intent` text,
	`payload` text NOT NULL,
	`user_id` text,
	`org_unit_id` text,
	`created_at` text NOT NULL,
	`pushed_at` text,
	`push_status` text,
	`push_error` text
);
--> statement-breakpoint
CREATE INDEX `outbox_pending` ON `outbox` (`pushed_at`,`seq`);--> statement-breakpoint
CREATE TABLE `plan_items` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	`case_id` text NOT NULL,
	`catalog_code` text NOT NULL,
	`name` text NOT NULL,
	`department` text NOT NULL,
	`stage` integer NOT NULL,
	`parallel_group` integer NOT NULL,
	`sort_order` integer NOT NULL,
	`limit_value` integer NOT NULL,
	`limit_unit` text NOT NULL,
	`start_date` text,
	`due_date` text,
	`status` text NOT NULL,
	`doc_no` text,
	`status_reason` text,
	`completed_date` text,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `plan_items_case` ON `plan_items` (`case_id`,`sort_order`);--> statement-breakpoint
CREATE INDEX `plan_items_due` ON `plan_items` (`due_date`,`status`);--> statement-breakpoint
CREATE TABLE `plan_templates` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`plan_kind` text NOT NULL,
	`project_category` text,
	`description` text DEFAULT '' NOT NULL,
	`items` text NOT NULL,
	`active` integer DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `plan_templates_code` ON `plan_templates` (`code`);--> statement-breakpoint
CREATE TABLE `problems` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	`case_id` text NOT NULL,
	`plan_item_id` text,
	`department` text NOT NULL,
	`description` text NOT NULL,
	`status` text NOT NULL,
	`raised_by` text NOT NULL,
	`raised_date` text NOT NULL,
	`resolution` text,
	`resolved_date` text,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `problems_case` ON `problems` (`case_id`);--> statement-breakpoint
CREATE INDEX `problems_status` ON `problems` (`status`);--> statement-breakpoint
CREATE TABLE `progress_entries` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	`case_id` text NOT NULL,
	`plan_item_id` text,
	`kind` text NOT NULL,
	`text` text NOT NULL,
	`hours` real DEFAULT 0 NOT NULL,
	`occurred_date` text NOT NULL,
	`author_id` text NOT NULL,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `progress_case` ON `progress_entries` (`case_id`,`occurred_date`);--> statement-breakpoint
CREATE INDEX `progress_author` ON `progress_entries` (`author_id`,`occurred_date`);--> statement-breakpoint
CREATE TABLE `projects` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	`org_unit_id` text NOT NULL,
	`applicant_id` text NOT NULL,
	`name` text NOT NULL,
	`project_code` text,
	`category` text NOT NULL,
	`location` text DEFAULT '' NOT NULL,
	`investment` real,
	`admission_status` text DEFAULT 'pending' NOT NULL,
	`admission_reason` text,
	`admission_by` text,
	`admission_at` text,
	`admission_review_by` text,
	`admission_review_at` text,
	FOREIGN KEY (`applicant_id`) REFERENCES `applicants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `projects_applicant` ON `projects` (`applicant_id`);--> statement-breakpoint
CREATE INDEX `projects_code` ON `projects` (`project_code`);--> statement-breakpoint
CREATE TABLE `rectifications` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	`case_id` text NOT NULL,
	`evaluation_id` text NOT NULL,
	`problem` text NOT NULL,
	`measure` text NOT NULL,
	`responsible_id` text NOT NULL,
	`due_date` text NOT NULL,
	`status` text NOT NULL,
	`done_date` text,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`evaluation_id`) REFERENCES `evaluations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `rectifications_evaluation` ON `rectifications` (`evaluation_id`);--> statement-breakpoint
CREATE TABLE `settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `transfers` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	`case_id` text NOT NULL,
	`kind` text NOT NULL,
	`from_org_unit_id` text NOT NULL,
	`to_org_unit_id` text NOT NULL,
	`status` text NOT NULL,
	`reason` text NOT NULL,
	`sent_by` text NOT NULL,
	`sent_at` text NOT NULL,
	`responded_by` text,
	`responded_at` text,
	`response_note` text,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `transfers_case` ON `transfers` (`case_id`);--> statement-breakpoint
CREATE INDEX `transfers_to` ON `transfers` (`to_org_unit_id`,`status`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	`username` text NOT NULL,
	`display_name` text NOT NULL,
	`phone` text DEFAULT '' NOT NULL,
	`org_unit_id` text NOT NULL,
	`roles` text NOT NULL,
	`agent_kind` text,
	`password_hash` text NOT NULL,
	`failed_logins` integer DEFAULT 0 NOT NULL,
	`locked_until` text,
	`active` integer DEFAULT true NOT NULL,
	`last_login_at` text,
	FOREIGN KEY (`org_unit_id`) REFERENCES `org_units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_username` ON `users` (`username`);--> statement-breakpoint
CREATE INDEX `users_org` ON `users` (`org_unit_id`);