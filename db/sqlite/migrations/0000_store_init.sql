CREATE TABLE `series` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`ts_id` text NOT NULL,
	`process_id` text NOT NULL,
	`anomaly` integer NOT NULL,
	`kl_divergence` real,
	`point_count` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `series_ts_id_unique` ON `series` (`ts_id`);--> statement-breakpoint
CREATE INDEX `series_anomaly_seq` ON `series` (`anomaly`,`seq`);--> statement-breakpoint
CREATE TABLE `series_points` (
	`seq` integer PRIMARY KEY NOT NULL,
	`times` text NOT NULL,
	`values` blob NOT NULL,
	FOREIGN KEY (`seq`) REFERENCES `series`(`seq`) ON UPDATE no action ON DELETE cascade
);
