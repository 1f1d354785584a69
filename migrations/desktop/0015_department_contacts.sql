-- 部门联络表 (issue 15, Meizhou annex 1): one row per person (分管领导, 业务负责人, 审批骨干) of a
-- department in one office's directory, synced as reference data; admins of the office's subtree
-- edit it. Found through the app's search (search_docs kind 'contact', written with the row).
-- drizzle-kit's snapshots stopped at 0009, so `npm run db:generate` also re-made the tables of
-- 0012–0014; only this table is kept here, and meta/0015_snapshot.json is the whole schema now.
CREATE TABLE `department_contacts` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	`org_unit_id` text NOT NULL,
	`department` text NOT NULL,
	`role` text NOT NULL,
	`name` text NOT NULL,
	`post` text DEFAULT '' NOT NULL,
	`mobile` text DEFAULT '' NOT NULL,
	`office_phone` text DEFAULT '' NOT NULL,
	`business` text DEFAULT '' NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`server_seq` integer
);
--> statement-breakpoint
CREATE INDEX `department_contacts_office` ON `department_contacts` (`org_unit_id`,`department`);
