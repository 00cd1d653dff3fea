DROP INDEX `processes_graph`;--> statement-breakpoint
CREATE INDEX `processes_graph` ON `processes` (`processgraphid`,`state`);