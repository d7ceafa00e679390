CREATE TABLE `roleplay_attempts` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`scenario_id` text NOT NULL,
	`scenario_version` integer NOT NULL,
	`mode` text NOT NULL,
	`seed` integer NOT NULL,
	`status` text NOT NULL,
	`outcome` text,
	`total` integer,
	`passed` integer,
	`skills` text,
	`event_count` integer DEFAULT 0 NOT NULL,
	`started_at` integer NOT NULL,
	`last_message_at` integer NOT NULL,
	`finished_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `roleplay_attempts_user_idx` ON `roleplay_attempts` (`user_id`,`scenario_id`);--> statement-breakpoint
CREATE TABLE `roleplay_events` (
	`attempt_id` text NOT NULL,
	`seq` integer NOT NULL,
	`client_id` text NOT NULL,
	`text` text,
	`choice` text,
	`latency_ms` integer NOT NULL,
	`at` integer NOT NULL,
	PRIMARY KEY(`attempt_id`, `seq`),
	FOREIGN KEY (`attempt_id`) REFERENCES `roleplay_attempts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `roleplay_events_client_idx` ON `roleplay_events` (`attempt_id`,`client_id`);--> statement-breakpoint
CREATE TABLE `scenario_versions` (
	`scenario_id` text NOT NULL,
	`version` integer NOT NULL,
	`definition` text NOT NULL,
	`checksum` text NOT NULL,
	`published_at` integer NOT NULL,
	PRIMARY KEY(`scenario_id`, `version`)
);
