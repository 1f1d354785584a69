-- The contact who acts (经办人) moves from the shared applicant row to each case: every case gets the
-- contact its applicant row holds today (the only contact ever stored), then the applicant's copy goes.
ALTER TABLE `cases` ADD `contact_name` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `cases` ADD `contact_resident_id` text;--> statement-breakpoint
ALTER TABLE `cases` ADD `contact_phone` text DEFAULT '' NOT NULL;--> statement-breakpoint
UPDATE `cases` SET
  `contact_name` = (SELECT a.`contact_name` FROM `applicants` a WHERE a.`id` = `cases`.`applicant_id`),
  `contact_resident_id` = (SELECT a.`contact_resident_id` FROM `applicants` a WHERE a.`id` = `cases`.`applicant_id`),
  `contact_phone` = (SELECT a.`contact_phone` FROM `applicants` a WHERE a.`id` = `cases`.`applicant_id`)
WHERE EXISTS (SELECT 1 FROM `applicants` a WHERE a.`id` = `cases`.`applicant_id`);--> statement-breakpoint
ALTER TABLE `applicants` DROP COLUMN `contact_name`;--> statement-breakpoint
ALTER TABLE `applicants` DROP COLUMN `contact_resident_id`;--> statement-breakpoint
ALTER TABLE `applicants` DROP COLUMN `contact_phone`;
