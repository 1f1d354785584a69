DROP INDEX `cases_status`;--> statement-breakpoint
CREATE INDEX `cases_org` ON `cases` (`org_unit_id`,`status`);--> statement-breakpoint
CREATE INDEX `cases_status` ON `cases` (`status`,`closed_at`,`deleted_at`);--> statement-breakpoint
CREATE INDEX `plan_items_open_due` ON `plan_items` (`due_date`,`case_id`) WHERE status NOT IN ('approved', 'refused') AND deleted_at IS NULL;