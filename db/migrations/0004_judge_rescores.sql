CREATE TABLE `roleplay_rescores` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`attempt_id` text NOT NULL,
	`from_judge` integer NOT NULL,
	`to_judge` integer NOT NULL,
	`reason` text NOT NULL,
	`before` text NOT NULL,
	`after` text NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`attempt_id`) REFERENCES `roleplay_attempts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `roleplay_rescores_attempt_idx` ON `roleplay_rescores` (`attempt_id`);--> statement-breakpoint
ALTER TABLE `roleplay_attempts` ADD `judge_version` integer DEFAULT 1 NOT NULL;