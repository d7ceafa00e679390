CREATE TABLE `roleplay_reviews` (
	`id` text PRIMARY KEY NOT NULL,
	`attempt_id` text NOT NULL,
	`reviewer_id` text,
	`client_id` text NOT NULL,
	`original_total` integer,
	`original_passed` integer,
	`total` integer NOT NULL,
	`passed` integer NOT NULL,
	`reason` text NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`attempt_id`) REFERENCES `roleplay_attempts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`reviewer_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `roleplay_reviews_client_unique` ON `roleplay_reviews` (`client_id`);--> statement-breakpoint
CREATE INDEX `roleplay_reviews_attempt_idx` ON `roleplay_reviews` (`attempt_id`,`at`);--> statement-breakpoint
CREATE TABLE `scenario_audit` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`scenario_id` text NOT NULL,
	`action` text NOT NULL,
	`version` integer,
	`revision` integer,
	`by` text,
	`at` integer NOT NULL,
	`detail` text,
	FOREIGN KEY (`by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `scenario_audit_scenario_idx` ON `scenario_audit` (`scenario_id`,`at`);--> statement-breakpoint
CREATE TABLE `scenario_drafts` (
	`scenario_id` text PRIMARY KEY NOT NULL,
	`source` text NOT NULL,
	`revision` integer NOT NULL,
	`base_version` integer,
	`updated_by` text,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE TABLE `scenario_library` (
	`scenario_id` text PRIMARY KEY NOT NULL,
	`origin` text NOT NULL,
	`current_version` integer,
	`edited` integer DEFAULT false NOT NULL,
	`offered_version` integer,
	`offered_source` text,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `unrecognised_replies` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`attempt_id` text NOT NULL,
	`seq` integer NOT NULL,
	`scenario_id` text NOT NULL,
	`scenario_version` integer NOT NULL,
	`beat` text NOT NULL,
	`text` text NOT NULL,
	`reason` text NOT NULL,
	`at` integer NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`resolved_by` text,
	`resolved_at` integer,
	FOREIGN KEY (`attempt_id`) REFERENCES `roleplay_attempts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`resolved_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `unrecognised_replies_event_unique` ON `unrecognised_replies` (`attempt_id`,`seq`);--> statement-breakpoint
CREATE INDEX `unrecognised_replies_scenario_idx` ON `unrecognised_replies` (`scenario_id`,`status`,`beat`);--> statement-breakpoint
ALTER TABLE `roleplay_attempts` ADD `reviewed_total` integer;--> statement-breakpoint
ALTER TABLE `roleplay_attempts` ADD `reviewed_passed` integer;--> statement-breakpoint
ALTER TABLE `roleplay_attempts` ADD `reviewed_at` integer;--> statement-breakpoint
CREATE INDEX `roleplay_attempts_finished_idx` ON `roleplay_attempts` (`finished_at`);--> statement-breakpoint
ALTER TABLE `scenario_versions` ADD `source` text;--> statement-breakpoint
ALTER TABLE `scenario_versions` ADD `published_by` text REFERENCES users(id) ON DELETE set null;--> statement-breakpoint
ALTER TABLE `scenario_versions` ADD `origin` text DEFAULT 'file' NOT NULL;