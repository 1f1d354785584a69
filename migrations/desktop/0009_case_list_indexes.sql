DROP INDEX `cases_handling_org`;--> statement-breakpoint
CREATE INDEX `cases_handling_org` ON `cases` (`handling_org_unit_id`,`status`,`deleted_at`);--> statement-breakpoint
CREATE INDEX `cases_passed_on` ON `cases` (`org_unit_id`,`handling_org_unit_id`,`status`,`deleted_at`) WHERE org_unit_id <> handling_org_unit_id;--> statement-breakpoint
CREATE INDEX `cases_accepted` ON `cases` (`accepted_date`,`id`);
