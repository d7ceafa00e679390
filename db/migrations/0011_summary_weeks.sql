ALTER TABLE `agent_summaries` ADD `weeks` text DEFAULT '{}' NOT NULL;--> statement-breakpoint
-- Every summary is rebuilt with its weeks: the calendar job (and the first view) refresh agents without a check.
DELETE FROM `agent_checks`;
