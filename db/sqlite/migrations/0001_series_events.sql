ALTER TABLE `series` ADD `events` text;--> statement-breakpoint
ALTER TABLE `series` ADD `event_kinds` text;