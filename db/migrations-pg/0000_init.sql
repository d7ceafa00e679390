CREATE TABLE "agent_checks" (
	"user_id" text PRIMARY KEY NOT NULL,
	"next_check_at" timestamp (3) with time zone,
	"dirty_since" timestamp (3) with time zone
);
--> statement-breakpoint
CREATE TABLE "agent_summaries" (
	"user_id" text NOT NULL,
	"mode" text NOT NULL,
	"status" text NOT NULL,
	"status_rank" integer NOT NULL,
	"certifications" jsonb NOT NULL,
	"percent" integer NOT NULL,
	"modules_passed" integer NOT NULL,
	"modules_total" integer NOT NULL,
	"last_active_at" timestamp (3) with time zone,
	"due_date" text,
	"next_due_date" text,
	"open_assignments" integer NOT NULL,
	"assignment_due_date" text,
	"roleplays" integer NOT NULL,
	"pass_rate" double precision,
	"score" double precision,
	"score_previous" double precision,
	"etiquette" double precision,
	"empathy" double precision,
	"resolution" double precision,
	"compliance" double precision,
	"timeliness" double precision,
	"skills_previous" jsonb NOT NULL,
	"weeks" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"sort_name" text DEFAULT '' NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "agent_summaries_user_id_mode_pk" PRIMARY KEY("user_id","mode")
);
--> statement-breakpoint
CREATE TABLE "assignments" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"assigned_by" text,
	"kind" text NOT NULL,
	"certification_id" text,
	"items" jsonb NOT NULL,
	"due_date" text NOT NULL,
	"reason" text NOT NULL,
	"batch_id" text NOT NULL,
	"refresher_assignment_id" text,
	"created_at" timestamp (3) with time zone NOT NULL,
	"completed_at" timestamp (3) with time zone
);
--> statement-breakpoint
CREATE TABLE "certificates" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"certification_id" text NOT NULL,
	"key" text NOT NULL,
	"code" text NOT NULL,
	"issued_at" timestamp (3) with time zone NOT NULL,
	"issued_date" text NOT NULL,
	"cycle_start" text NOT NULL,
	"valid_until" text NOT NULL,
	"module_versions" jsonb NOT NULL,
	"ended_at" timestamp (3) with time zone,
	"end_reason" text,
	"revoked_at" timestamp (3) with time zone,
	"revoked_by" text,
	"revoke_reason" text
);
--> statement-breakpoint
CREATE TABLE "certification_events" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "certification_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"user_id" text NOT NULL,
	"certification_id" text NOT NULL,
	"at" timestamp (3) with time zone NOT NULL,
	"from_status" text NOT NULL,
	"to_status" text NOT NULL,
	"cause" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "certification_standings" (
	"user_id" text NOT NULL,
	"certification_id" text NOT NULL,
	"status" text NOT NULL,
	"as_of" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "certification_standings_user_id_certification_id_pk" PRIMARY KEY("user_id","certification_id")
);
--> statement-breakpoint
CREATE TABLE "drill_attempts" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"refresher_id" text NOT NULL,
	"seed" integer NOT NULL,
	"answers" jsonb,
	"score" double precision,
	"passed" boolean,
	"started_at" timestamp (3) with time zone NOT NULL,
	"submitted_at" timestamp (3) with time zone
);
--> statement-breakpoint
CREATE TABLE "job_leases" (
	"name" text PRIMARY KEY NOT NULL,
	"holder" text NOT NULL,
	"expires_at" timestamp (3) with time zone NOT NULL,
	"last_run_at" timestamp (3) with time zone,
	"last_result" jsonb
);
--> statement-breakpoint
CREATE TABLE "login_attempts" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "login_attempts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"username" text NOT NULL,
	"address" text NOT NULL,
	"succeeded" boolean NOT NULL,
	"at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "module_progress" (
	"user_id" text NOT NULL,
	"module_id" text NOT NULL,
	"module_version" integer NOT NULL,
	"started_at" timestamp (3) with time zone NOT NULL,
	"read_at" timestamp (3) with time zone,
	CONSTRAINT "module_progress_user_id_module_id_module_version_pk" PRIMARY KEY("user_id","module_id","module_version")
);
--> statement-breakpoint
CREATE TABLE "module_versions" (
	"module_id" text NOT NULL,
	"version" integer NOT NULL,
	"material" boolean NOT NULL,
	"published_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "module_versions_module_id_version_pk" PRIMARY KEY("module_id","version")
);
--> statement-breakpoint
CREATE TABLE "quiz_attempts" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"module_id" text NOT NULL,
	"module_version" integer NOT NULL,
	"seed" integer NOT NULL,
	"answers" jsonb,
	"score" double precision,
	"passed" boolean,
	"started_at" timestamp (3) with time zone NOT NULL,
	"submitted_at" timestamp (3) with time zone
);
--> statement-breakpoint
CREATE TABLE "refresher_assignments" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"certification_id" text NOT NULL,
	"assigned_by" text,
	"client_id" text NOT NULL,
	"items" jsonb NOT NULL,
	"due_date" text NOT NULL,
	"note" text NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "refreshers" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"certification_id" text NOT NULL,
	"key" text NOT NULL,
	"certificate_key" text NOT NULL,
	"source" text NOT NULL,
	"reason" jsonb NOT NULL,
	"items" jsonb NOT NULL,
	"opens_at" timestamp (3) with time zone NOT NULL,
	"due_date" text NOT NULL,
	"completed_at" timestamp (3) with time zone,
	"cancelled_at" timestamp (3) with time zone
);
--> statement-breakpoint
CREATE TABLE "roleplay_attempts" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"scenario_id" text NOT NULL,
	"scenario_version" integer NOT NULL,
	"mode" text NOT NULL,
	"seed" integer NOT NULL,
	"status" text NOT NULL,
	"outcome" text,
	"total" integer,
	"passed" boolean,
	"skills" jsonb,
	"event_count" integer DEFAULT 0 NOT NULL,
	"judge_version" integer DEFAULT 1 NOT NULL,
	"started_at" timestamp (3) with time zone NOT NULL,
	"last_message_at" timestamp (3) with time zone NOT NULL,
	"finished_at" timestamp (3) with time zone,
	"reviewed_total" integer,
	"reviewed_passed" boolean,
	"reviewed_at" timestamp (3) with time zone
);
--> statement-breakpoint
CREATE TABLE "roleplay_events" (
	"attempt_id" text NOT NULL,
	"seq" integer NOT NULL,
	"client_id" text NOT NULL,
	"kind" text DEFAULT 'reply' NOT NULL,
	"text" text,
	"choice" text,
	"latency_ms" integer NOT NULL,
	"at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "roleplay_events_attempt_id_seq_pk" PRIMARY KEY("attempt_id","seq")
);
--> statement-breakpoint
CREATE TABLE "roleplay_rescores" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "roleplay_rescores_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"attempt_id" text NOT NULL,
	"from_judge" integer NOT NULL,
	"to_judge" integer NOT NULL,
	"reason" text NOT NULL,
	"before" jsonb NOT NULL,
	"after" jsonb NOT NULL,
	"at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "roleplay_reviews" (
	"id" text PRIMARY KEY NOT NULL,
	"attempt_id" text NOT NULL,
	"reviewer_id" text,
	"client_id" text NOT NULL,
	"original_total" integer,
	"original_passed" boolean,
	"total" integer NOT NULL,
	"passed" boolean NOT NULL,
	"reason" text NOT NULL,
	"at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "scenario_audit" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "scenario_audit_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"scenario_id" text NOT NULL,
	"action" text NOT NULL,
	"version" integer,
	"revision" integer,
	"by" text,
	"at" timestamp (3) with time zone NOT NULL,
	"detail" jsonb
);
--> statement-breakpoint
CREATE TABLE "scenario_drafts" (
	"scenario_id" text PRIMARY KEY NOT NULL,
	"source" text NOT NULL,
	"revision" integer NOT NULL,
	"base_version" integer,
	"updated_by" text,
	"updated_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "scenario_library" (
	"scenario_id" text PRIMARY KEY NOT NULL,
	"origin" text NOT NULL,
	"current_version" integer,
	"edited" boolean DEFAULT false NOT NULL,
	"offered_version" integer,
	"offered_source" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "scenario_versions" (
	"scenario_id" text NOT NULL,
	"version" integer NOT NULL,
	"definition" jsonb NOT NULL,
	"checksum" text NOT NULL,
	"published_at" timestamp (3) with time zone NOT NULL,
	"source" text,
	"published_by" text,
	"origin" text DEFAULT 'file' NOT NULL,
	CONSTRAINT "scenario_versions_scenario_id_version_pk" PRIMARY KEY("scenario_id","version")
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text,
	"data" jsonb NOT NULL,
	"expires_at" timestamp (3) with time zone NOT NULL,
	"last_seen_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "teams" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"lead_id" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "teams_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "unrecognised_replies" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "unrecognised_replies_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"attempt_id" text NOT NULL,
	"seq" integer NOT NULL,
	"scenario_id" text NOT NULL,
	"scenario_version" integer NOT NULL,
	"beat" text NOT NULL,
	"text" text NOT NULL,
	"reason" text NOT NULL,
	"at" timestamp (3) with time zone NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"resolved_by" text,
	"resolved_at" timestamp (3) with time zone
);
--> statement-breakpoint
CREATE TABLE "user_roles" (
	"user_id" text NOT NULL,
	"role" text NOT NULL,
	CONSTRAINT "user_roles_user_id_role_pk" PRIMARY KEY("user_id","role")
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" text PRIMARY KEY NOT NULL,
	"username" text NOT NULL,
	"display_name" text NOT NULL,
	"password_hash" text NOT NULL,
	"team_id" text,
	"disabled_at" timestamp (3) with time zone,
	"must_change_password" boolean DEFAULT false NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "agent_checks" ADD CONSTRAINT "agent_checks_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent_summaries" ADD CONSTRAINT "agent_summaries_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assignments" ADD CONSTRAINT "assignments_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assignments" ADD CONSTRAINT "assignments_assigned_by_users_id_fk" FOREIGN KEY ("assigned_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificates" ADD CONSTRAINT "certificates_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificates" ADD CONSTRAINT "certificates_revoked_by_users_id_fk" FOREIGN KEY ("revoked_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certification_events" ADD CONSTRAINT "certification_events_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certification_standings" ADD CONSTRAINT "certification_standings_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "drill_attempts" ADD CONSTRAINT "drill_attempts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "drill_attempts" ADD CONSTRAINT "drill_attempts_refresher_id_refreshers_id_fk" FOREIGN KEY ("refresher_id") REFERENCES "public"."refreshers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "module_progress" ADD CONSTRAINT "module_progress_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quiz_attempts" ADD CONSTRAINT "quiz_attempts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refresher_assignments" ADD CONSTRAINT "refresher_assignments_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refresher_assignments" ADD CONSTRAINT "refresher_assignments_assigned_by_users_id_fk" FOREIGN KEY ("assigned_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refreshers" ADD CONSTRAINT "refreshers_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "roleplay_attempts" ADD CONSTRAINT "roleplay_attempts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "roleplay_events" ADD CONSTRAINT "roleplay_events_attempt_id_roleplay_attempts_id_fk" FOREIGN KEY ("attempt_id") REFERENCES "public"."roleplay_attempts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "roleplay_rescores" ADD CONSTRAINT "roleplay_rescores_attempt_id_roleplay_attempts_id_fk" FOREIGN KEY ("attempt_id") REFERENCES "public"."roleplay_attempts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "roleplay_reviews" ADD CONSTRAINT "roleplay_reviews_attempt_id_roleplay_attempts_id_fk" FOREIGN KEY ("attempt_id") REFERENCES "public"."roleplay_attempts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "roleplay_reviews" ADD CONSTRAINT "roleplay_reviews_reviewer_id_users_id_fk" FOREIGN KEY ("reviewer_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scenario_audit" ADD CONSTRAINT "scenario_audit_by_users_id_fk" FOREIGN KEY ("by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scenario_drafts" ADD CONSTRAINT "scenario_drafts_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scenario_versions" ADD CONSTRAINT "scenario_versions_published_by_users_id_fk" FOREIGN KEY ("published_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unrecognised_replies" ADD CONSTRAINT "unrecognised_replies_attempt_id_roleplay_attempts_id_fk" FOREIGN KEY ("attempt_id") REFERENCES "public"."roleplay_attempts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unrecognised_replies" ADD CONSTRAINT "unrecognised_replies_resolved_by_users_id_fk" FOREIGN KEY ("resolved_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_roles" ADD CONSTRAINT "user_roles_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "agent_checks_next_idx" ON "agent_checks" USING btree ("next_check_at");--> statement-breakpoint
CREATE INDEX "agent_checks_dirty_idx" ON "agent_checks" USING btree ("dirty_since");--> statement-breakpoint
CREATE INDEX "agent_summaries_mode_idx" ON "agent_summaries" USING btree ("mode","status_rank");--> statement-breakpoint
CREATE UNIQUE INDEX "assignments_batch_user_unique" ON "assignments" USING btree ("batch_id","user_id");--> statement-breakpoint
CREATE INDEX "assignments_user_idx" ON "assignments" USING btree ("user_id","completed_at");--> statement-breakpoint
CREATE UNIQUE INDEX "certificates_code_unique" ON "certificates" USING btree ("code");--> statement-breakpoint
CREATE UNIQUE INDEX "certificates_period_unique" ON "certificates" USING btree ("user_id","certification_id","key");--> statement-breakpoint
CREATE INDEX "certification_events_user_idx" ON "certification_events" USING btree ("user_id","certification_id","at");--> statement-breakpoint
CREATE INDEX "drill_attempts_refresher_idx" ON "drill_attempts" USING btree ("refresher_id","user_id");--> statement-breakpoint
CREATE INDEX "drill_attempts_user_idx" ON "drill_attempts" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "login_attempts_username_idx" ON "login_attempts" USING btree ("username","at");--> statement-breakpoint
CREATE INDEX "login_attempts_address_idx" ON "login_attempts" USING btree ("address","at");--> statement-breakpoint
CREATE INDEX "quiz_attempts_user_module_idx" ON "quiz_attempts" USING btree ("user_id","module_id");--> statement-breakpoint
CREATE UNIQUE INDEX "refresher_assignments_client_unique" ON "refresher_assignments" USING btree ("client_id");--> statement-breakpoint
CREATE INDEX "refresher_assignments_user_idx" ON "refresher_assignments" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "refreshers_key_unique" ON "refreshers" USING btree ("user_id","certification_id","key");--> statement-breakpoint
CREATE INDEX "refreshers_user_idx" ON "refreshers" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "roleplay_attempts_user_idx" ON "roleplay_attempts" USING btree ("user_id","scenario_id");--> statement-breakpoint
CREATE INDEX "roleplay_attempts_finished_idx" ON "roleplay_attempts" USING btree ("finished_at");--> statement-breakpoint
CREATE INDEX "roleplay_attempts_user_finished_idx" ON "roleplay_attempts" USING btree ("user_id","finished_at");--> statement-breakpoint
CREATE UNIQUE INDEX "roleplay_events_client_idx" ON "roleplay_events" USING btree ("attempt_id","client_id");--> statement-breakpoint
CREATE INDEX "roleplay_rescores_attempt_idx" ON "roleplay_rescores" USING btree ("attempt_id");--> statement-breakpoint
CREATE UNIQUE INDEX "roleplay_reviews_client_unique" ON "roleplay_reviews" USING btree ("client_id");--> statement-breakpoint
CREATE INDEX "roleplay_reviews_attempt_idx" ON "roleplay_reviews" USING btree ("attempt_id","at");--> statement-breakpoint
CREATE INDEX "scenario_audit_scenario_idx" ON "scenario_audit" USING btree ("scenario_id","at");--> statement-breakpoint
CREATE INDEX "sessions_user_idx" ON "sessions" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "sessions_expires_idx" ON "sessions" USING btree ("expires_at");--> statement-breakpoint
CREATE UNIQUE INDEX "unrecognised_replies_event_unique" ON "unrecognised_replies" USING btree ("attempt_id","seq");--> statement-breakpoint
CREATE INDEX "unrecognised_replies_scenario_idx" ON "unrecognised_replies" USING btree ("scenario_id","status","beat");--> statement-breakpoint
CREATE UNIQUE INDEX "users_username_unique" ON "users" USING btree ("username");--> statement-breakpoint
CREATE INDEX "users_team_idx" ON "users" USING btree ("team_id");