ALTER TABLE `recording_segments` ADD `encoding` text DEFAULT 'float32' NOT NULL;--> statement-breakpoint
ALTER TABLE `recording_segments` ADD `scale` text;