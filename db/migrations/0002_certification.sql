CREATE TABLE `certificates` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`certification_id` text NOT NULL,
	`key` text NOT NULL,
	`code` text NOT NULL,
	`issued_at` integer NOT NULL,
	`issued_date` text NOT NULL,
	`cycle_start` text NOT NULL,
	`valid_until` text NOT NULL,
	`module_versions` text NOT NULL,
	`ended_at` integer,
	`end_reason` text,
	`revoked_at` integer,
	`revoked_by` text,
	`revoke_reason` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`revoked_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `certificates_code_unique` ON `certificates` (`code`);--> statement-breakpoint
CREATE UNIQUE INDEX `certificates_period_unique` ON `certificates` (`user_id`,`certification_id`,`key`);--> statement-breakpoint
CREATE TABLE `certification_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` text NOT NULL,
	`certification_id` text NOT NULL,
	`at` integer NOT NULL,
	`from_status` text NOT NULL,
	`to_status` text NOT NULL,
	`cause` text NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `certification_events_user_idx` ON `certification_events` (`user_id`,`certification_id`,`at`);--> statement-breakpoint
CREATE TABLE `certification_standings` (
	`user_id` text NOT NULL,
	`certification_id` text NOT NULL,
	`status` text NOT NULL,
	`as_of` integer NOT NULL,
	PRIMARY KEY(`user_id`, `certification_id`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `drill_attempts` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`refresher_id` text NOT NULL,
	`seed` integer NOT NULL,
	`answers` text,
	`score` real,
	`passed` integer,
	`started_at` integer NOT NULL,
	`submitted_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`refresher_id`) REFERENCES `refreshers`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `drill_attempts_refresher_idx` ON `drill_attempts` (`refresher_id`,`user_id`);--> statement-breakpoint
CREATE TABLE `module_versions` (
	`module_id` text NOT NULL,
	`version` integer NOT NULL,
	`material` integer NOT NULL,
	`published_at` integer NOT NULL,
	PRIMARY KEY(`module_id`, `version`)
);
--> statement-breakpoint
CREATE TABLE `refreshers` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`certification_id` text NOT NULL,
	`key` text NOT NULL,
	`certificate_key` text NOT NULL,
	`source` text NOT NULL,
	`reason` text NOT NULL,
	`items` text NOT NULL,
	`opens_at` integer NOT NULL,
	`due_date` text NOT NULL,
	`completed_at` integer,
	`cancelled_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `refreshers_key_unique` ON `refreshers` (`user_id`,`certification_id`,`key`);--> statement-breakpoint
CREATE INDEX `refreshers_user_idx` ON `refreshers` (`user_id`);