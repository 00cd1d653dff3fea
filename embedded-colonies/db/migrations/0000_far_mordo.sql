CREATE TABLE `colonies` (
	`colonyid` text NOT NULL,
	`name` text PRIMARY KEY NOT NULL
);
--> statement-breakpoint
CREATE TABLE `executors` (
	`rowid` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`executorid` text NOT NULL,
	`executortype` text NOT NULL,
	`executorname` text NOT NULL,
	`colonyname` text NOT NULL,
	`state` integer NOT NULL,
	`requirefuncreg` integer NOT NULL,
	`commissiontime` integer NOT NULL,
	`lastheardfromtime` integer NOT NULL,
	`locationname` text NOT NULL,
	`extra` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `executors_colony_name` ON `executors` (`colonyname`,`executorname`);--> statement-breakpoint
CREATE INDEX `executors_id` ON `executors` (`executorid`);--> statement-breakpoint
CREATE TABLE `functions` (
	`functionid` text PRIMARY KEY NOT NULL,
	`executorname` text NOT NULL,
	`executortype` text NOT NULL,
	`colonyname` text NOT NULL,
	`funcname` text NOT NULL,
	`description` text NOT NULL,
	`args` text NOT NULL,
	`locationname` text NOT NULL,
	`counter` integer NOT NULL,
	`minwaittime` real NOT NULL,
	`maxwaittime` real NOT NULL,
	`minexectime` real NOT NULL,
	`maxexectime` real NOT NULL,
	`avgwaittime` real NOT NULL,
	`avgexectime` real NOT NULL
);
--> statement-breakpoint
CREATE INDEX `functions_colony_executor` ON `functions` (`colonyname`,`executorname`);--> statement-breakpoint
CREATE TABLE `generator_args` (
	`rowid` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`generatorid` text NOT NULL,
	`arg` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `generator_args_generator` ON `generator_args` (`generatorid`,`rowid`);--> statement-breakpoint
CREATE TABLE `generators` (
	`generatorid` text PRIMARY KEY NOT NULL,
	`colonyname` text NOT NULL,
	`name` text NOT NULL,
	`initiatorid` text NOT NULL,
	`initiatorname` text NOT NULL,
	`workflowspec` text NOT NULL,
	`trigger` integer NOT NULL,
	`timeout` integer NOT NULL,
	`firstpack` integer NOT NULL,
	`lastrun` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `generators_colony_name` ON `generators` (`colonyname`,`name`);--> statement-breakpoint
CREATE TABLE `logs` (
	`rowid` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`processid` text NOT NULL,
	`colonyname` text NOT NULL,
	`executorname` text NOT NULL,
	`message` text NOT NULL,
	`timestamp_us` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `logs_process` ON `logs` (`processid`,`timestamp_us`);--> statement-breakpoint
CREATE INDEX `logs_executor` ON `logs` (`executorname`,`timestamp_us`);--> statement-breakpoint
CREATE INDEX `logs_colony_time` ON `logs` (`colonyname`,`timestamp_us`);--> statement-breakpoint
CREATE TABLE `process_graphs` (
	`processgraphid` text PRIMARY KEY NOT NULL,
	`colonyname` text NOT NULL,
	`initiatorid` text NOT NULL,
	`initiatorname` text NOT NULL,
	`rootprocessids` text NOT NULL,
	`processids` text NOT NULL,
	`state` integer NOT NULL,
	`submissiontime` integer NOT NULL,
	`starttime` integer NOT NULL,
	`endtime` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `process_graphs_colony_state` ON `process_graphs` (`colonyname`,`state`);--> statement-breakpoint
CREATE TABLE `processes` (
	`processid` text PRIMARY KEY NOT NULL,
	`colonyname` text NOT NULL,
	`executortype` text NOT NULL,
	`label` text NOT NULL,
	`initiatorid` text NOT NULL,
	`initiatorname` text NOT NULL,
	`assignedexecutorid` text NOT NULL,
	`isassigned` integer NOT NULL,
	`state` integer NOT NULL,
	`prioritytime_us` integer NOT NULL,
	`submissiontime` integer NOT NULL,
	`starttime` integer NOT NULL,
	`endtime` integer NOT NULL,
	`waitdeadline` integer NOT NULL,
	`execdeadline` integer NOT NULL,
	`retries` integer NOT NULL,
	`maxretries` integer NOT NULL,
	`maxexectime` integer NOT NULL,
	`maxwaittime` integer NOT NULL,
	`waitforparents` integer NOT NULL,
	`parents` text NOT NULL,
	`children` text NOT NULL,
	`processgraphid` text NOT NULL,
	`spec` text NOT NULL,
	`input` text NOT NULL,
	`output` text NOT NULL,
	`errors` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `processes_queue` ON `processes` (`colonyname`,`executortype`,`state`,`prioritytime_us`);--> statement-breakpoint
CREATE INDEX `processes_state` ON `processes` (`state`,`colonyname`);--> statement-breakpoint
CREATE INDEX `processes_graph` ON `processes` (`processgraphid`);--> statement-breakpoint
CREATE TABLE `users` (
	`rowid` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`colonyname` text NOT NULL,
	`userid` text NOT NULL,
	`name` text NOT NULL,
	`email` text NOT NULL,
	`phone` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_colony_name` ON `users` (`colonyname`,`name`);--> statement-breakpoint
CREATE INDEX `users_id` ON `users` (`userid`);