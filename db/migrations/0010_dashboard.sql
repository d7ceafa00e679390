CREATE TABLE `agent_checks` (
	`user_id` text PRIMARY KEY NOT NULL,
	`next_check_at` integer,
	`dirty_since` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `agent_checks_next_idx` ON `agent_checks` (`next_check_at`);--> statement-breakpoint
CREATE INDEX `agent_checks_dirty_idx` ON `agent_checks` (`dirty_since`);--> statement-breakpoint
CREATE TABLE `agent_summaries` (
	`user_id` text NOT NULL,
	`mode` text NOT NULL,
	`status` text NOT NULL,
	`status_rank` integer NOT NULL,
	`certifications` text NOT NULL,
	`percent` integer NOT NULL,
	`modules_passed` integer NOT NULL,
	`modules_total` integer NOT NULL,
	`last_active_at` integer,
	`due_date` text,
	`next_due_date` text,
	`open_assignments` integer NOT NULL,
	`assignment_due_date` text,
	`roleplays` integer NOT NULL,
	`pass_rate` real,
	`score` real,
	`score_previous` real,
	`etiquette` real,
	`empathy` real,
	`resolution` real,
	`compliance` real,
	`timeliness` real,
	`skills_previous` text NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`user_id`, `mode`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `agent_summaries_mode_idx` ON `agent_summaries` (`mode`,`status_rank`);--> statement-breakpoint
CREATE TABLE `assignments` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`assigned_by` text,
	`kind` text NOT NULL,
	`certification_id` text,
	`items` text NOT NULL,
	`due_date` text NOT NULL,
	`reason` text NOT NULL,
	`batch_id` text NOT NULL,
	`refresher_assignment_id` text,
	`created_at` integer NOT NULL,
	`completed_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`assigned_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `assignments_batch_user_unique` ON `assignments` (`batch_id`,`user_id`);--> statement-breakpoint
CREATE INDEX `assignments_user_idx` ON `assignments` (`user_id`,`completed_at`);--> statement-breakpoint
CREATE TABLE `job_leases` (
	`name` text PRIMARY KEY NOT NULL,
	`holder` text NOT NULL,
	`expires_at` integer NOT NULL,
	`last_run_at` integer,
	`last_result` text
);
--> statement-breakpoint
CREATE INDEX `roleplay_attempts_user_finished_idx` ON `roleplay_attempts` (`user_id`,`finished_at`);