ALTER TABLE `progress_entries` ADD `withdrawn_at` text;--> statement-breakpoint
ALTER TABLE `progress_entries` ADD `withdrawn_by` text;--> statement-breakpoint
ALTER TABLE `progress_entries` ADD `withdraw_reason` text;--> statement-breakpoint
ALTER TABLE `handovers` ADD `withdrawn_at` text;--> statement-breakpoint
ALTER TABLE `handovers` ADD `withdrawn_by` text;--> statement-breakpoint
ALTER TABLE `handovers` ADD `withdraw_reason` text;--> statement-breakpoint
ALTER TABLE `problems` ADD `withdrawn_at` text;--> statement-breakpoint
ALTER TABLE `problems` ADD `withdrawn_by` text;--> statement-breakpoint
ALTER TABLE `problems` ADD `withdraw_reason` text;--> statement-breakpoint
ALTER TABLE `interactions` ADD `withdrawn_at` text;--> statement-breakpoint
ALTER TABLE `interactions` ADD `withdrawn_by` text;--> statement-breakpoint
ALTER TABLE `interactions` ADD `withdraw_reason` text;
