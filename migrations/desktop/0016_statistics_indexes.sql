CREATE INDEX `cases_received` ON `cases` (`accepted_date`,`org_unit_id`,`channel`,`mode`,`help_kind`,`project_id`,`agent_id`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `cases_deleted` ON `cases` (`id`) WHERE deleted_at IS NOT NULL;--> statement-breakpoint
CREATE INDEX `cases_closed` ON `cases` (`status`,`closed_at`,`handling_org_unit_id`,`accepted_date`,`agent_id`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `cases_agent_period` ON `cases` (`agent_id`,`accepted_date`,`closed_at`,`handling_org_unit_id`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `evaluations_date` ON `evaluations` (`evaluated_date`,`case_id`,`level`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `plan_items_done` ON `plan_items` (`completed_date`,`stage`,`catalog_code`,`start_date`,`due_date`,`case_id`) WHERE status = 'approved' AND deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `plan_items_correcting` ON `plan_items` (`case_id`) WHERE status = 'correcting' AND deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `plan_items_late` ON `plan_items` (`case_id`) WHERE status IN ('approved', 'refused') AND deleted_at IS NULL AND completed_date > due_date;--> statement-breakpoint
CREATE INDEX `progress_hours` ON `progress_entries` (`occurred_date`,`author_id`,`hours`,`case_id`) WHERE deleted_at IS NULL AND withdrawn_at IS NULL;--> statement-breakpoint
CREATE INDEX `projects_category` ON `projects` (`id`,`category`);