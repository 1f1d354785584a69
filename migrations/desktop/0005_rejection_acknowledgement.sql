ALTER TABLE `outbox` ADD `acknowledged_at` text;--> statement-breakpoint
ALTER TABLE `outbox` ADD `acknowledged_by` text;--> statement-breakpoint
CREATE INDEX `outbox_rejected_open` ON `outbox` (`seq`) WHERE push_status = 'rejected' AND acknowledged_at IS NULL;