ALTER TABLE `agent_summaries` ADD `sort_name` text DEFAULT '' NOT NULL;--> statement-breakpoint
-- Every summary is rebuilt with its sort name.
DELETE FROM `agent_checks`;
