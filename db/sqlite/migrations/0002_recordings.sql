CREATE TABLE `recording_segments` (
	`recording_seq` integer NOT NULL,
	`segment` integer NOT NULL,
	`start_sample` integer NOT NULL,
	`sample_count` integer NOT NULL,
	`samples` blob NOT NULL,
	PRIMARY KEY(`recording_seq`, `segment`),
	FOREIGN KEY (`recording_seq`) REFERENCES `recordings`(`seq`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `recordings` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`id` text NOT NULL,
	`source` text NOT NULL,
	`format` text NOT NULL,
	`channels` text NOT NULL,
	`sampling_rate` real NOT NULL,
	`start_time` text,
	`nominal_voltage` real NOT NULL,
	`frequency` real NOT NULL,
	`segment_seconds` real NOT NULL,
	`segment_samples` integer NOT NULL,
	`overlap_samples` integer NOT NULL,
	`total_samples` integer,
	`segment_count` integer,
	`complete` integer NOT NULL,
	`warnings` text NOT NULL,
	`events` text,
	`events_process_id` text,
	`event_count` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `recordings_id_unique` ON `recordings` (`id`);--> statement-breakpoint
CREATE TABLE `segment_results` (
	`recording_seq` integer NOT NULL,
	`segment` integer NOT NULL,
	`process_id` text NOT NULL,
	`events` text NOT NULL,
	`bucket_samples` integer NOT NULL,
	`envelope_start` integer NOT NULL,
	`bucket_count` integer NOT NULL,
	`envelope_min` blob NOT NULL,
	`envelope_max` blob NOT NULL,
	PRIMARY KEY(`recording_seq`, `segment`),
	FOREIGN KEY (`recording_seq`,`segment`) REFERENCES `recording_segments`(`recording_seq`,`segment`) ON UPDATE no action ON DELETE cascade
);
