CREATE TABLE `refresher_assignments` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`certification_id` text NOT NULL,
	`assigned_by` text,
	`client_id` text NOT NULL,
	`items` text NOT NULL,
	`due_date` text NOT NULL,
	`note` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`assigned_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `refresher_assignments_client_unique` ON `refresher_assignments` (`client_id`);--> statement-breakpoint
CREATE INDEX `refresher_assignments_user_idx` ON `refresher_assignments` (`user_id`);