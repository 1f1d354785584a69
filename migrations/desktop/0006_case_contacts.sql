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
-- The server holds the cases this desktop registered without a contact: each gets a field patch (base:
-- empty) sent as the case's own insert was, so other desktops of the office receive the contact too.
INSERT INTO `outbox` (`op_id`, `entity`, `entity_id`, `kind`, `intent`, `payload`, `user_id`, `org_unit_id`, `created_at`)
SELECT lower(hex(randomblob(16))), 'cases', c.`id`, 'patch', NULL,
  json_object(
    'contactName', json_object('base', '', 'value', c.`contact_name`),
    'contactResidentId', json_object('base', NULL, 'value', c.`contact_resident_id`),
    'contactPhone', json_object('base', '', 'value', c.`contact_phone`)),
  o.`user_id`, o.`org_unit_id`, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
FROM `cases` c
JOIN `outbox` o ON o.`entity` = 'cases' AND o.`entity_id` = c.`id` AND o.`kind` = 'insert' AND COALESCE(o.`push_status`, '') <> 'rejected'
WHERE c.`deleted_at` IS NULL AND (c.`contact_name` <> '' OR c.`contact_phone` <> '' OR c.`contact_resident_id` IS NOT NULL)
ORDER BY o.`seq`;--> statement-breakpoint
ALTER TABLE `applicants` DROP COLUMN `contact_name`;--> statement-breakpoint
ALTER TABLE `applicants` DROP COLUMN `contact_resident_id`;--> statement-breakpoint
ALTER TABLE `applicants` DROP COLUMN `contact_phone`;
