import { sql } from 'drizzle-orm'
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'

// NOTE: timestamps are integer milliseconds since the epoch (mode timestamp_ms), a form
// every engine we may move to stores as a plain bigint. Ids are random text (UUIDs).

const createdAt = () =>
  integer('created_at', { mode: 'timestamp_ms' })
    .notNull()
    .default(sql`(unixepoch() * 1000)`)

export const teams = sqliteTable('teams', {
  id: text('id').primaryKey(),
  name: text('name').notNull().unique(),
  leadId: text('lead_id'),
  createdAt: createdAt(),
})

export const users = sqliteTable(
  'users',
  {
    id: text('id').primaryKey(),
    username: text('username').notNull(),
    displayName: text('display_name').notNull(),
    /** PHC string: algorithm, parameters, salt and hash, so parameters can be raised later. */
    passwordHash: text('password_hash').notNull(),
    teamId: text('team_id').references(() => teams.id, { onDelete: 'set null' }),
    disabledAt: integer('disabled_at', { mode: 'timestamp_ms' }),
    /** Set when an admin chose the password: the user must choose their own at the next login. */
    mustChangePassword: integer('must_change_password', { mode: 'boolean' }).notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('users_username_unique').on(t.username), index('users_team_idx').on(t.teamId)],
)

export const userRoles = sqliteTable(
  'user_roles',
  {
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: text('role', { enum: ['trainee', 'trainer', 'lead', 'admin'] }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.role] })],
)

export const sessions = sqliteTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    userId: text('user_id').references(() => users.id, { onDelete: 'cascade' }),
    data: text('data', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
    /** Last request seen on this session, to a few minutes: idle sessions end (SESSION_IDLE_MS). */
    lastSeenAt: integer('last_seen_at', { mode: 'timestamp_ms' }),
    createdAt: createdAt(),
  },
  (t) => [index('sessions_user_idx').on(t.userId), index('sessions_expires_idx').on(t.expiresAt)],
)

export const loginAttempts = sqliteTable(
  'login_attempts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    username: text('username').notNull(),
    address: text('address').notNull(),
    succeeded: integer('succeeded', { mode: 'boolean' }).notNull(),
    at: integer('at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('login_attempts_username_idx').on(t.username, t.at), index('login_attempts_address_idx').on(t.address, t.at)],
)

export const moduleProgress = sqliteTable(
  'module_progress',
  {
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    moduleId: text('module_id').notNull(),
    moduleVersion: integer('module_version').notNull(),
    startedAt: integer('started_at', { mode: 'timestamp_ms' }).notNull(),
    /** Set when the trainee reached the end of the text. */
    readAt: integer('read_at', { mode: 'timestamp_ms' }),
  },
  (t) => [primaryKey({ columns: [t.userId, t.moduleId, t.moduleVersion] })],
)

export const quizAttempts = sqliteTable(
  'quiz_attempts',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    moduleId: text('module_id').notNull(),
    moduleVersion: integer('module_version').notNull(),
    /** Seed of this attempt's question and option order. */
    seed: integer('seed').notNull(),
    answers: text('answers', { mode: 'json' }).$type<Record<string, unknown>>(),
    /** Percent, 0–100, with one decimal. */
    score: real('score'),
    passed: integer('passed', { mode: 'boolean' }),
    startedAt: integer('started_at', { mode: 'timestamp_ms' }).notNull(),
    submittedAt: integer('submitted_at', { mode: 'timestamp_ms' }),
  },
  (t) => [index('quiz_attempts_user_module_idx').on(t.userId, t.moduleId)],
)

export type User = typeof users.$inferSelect
export type NewUser = typeof users.$inferInsert
export type Team = typeof teams.$inferSelect
export type QuizAttempt = typeof quizAttempts.$inferSelect
export type ModuleProgress = typeof moduleProgress.$inferSelect

/** Every published version of a scenario, as compiled input, so old attempts replay as they ran. */
export const scenarioVersions = sqliteTable(
  'scenario_versions',
  {
    scenarioId: text('scenario_id').notNull(),
    version: integer('version').notNull(),
    /** The validated script and its resolved intents (JSON). */
    definition: text('definition', { mode: 'json' }).notNull(),
    checksum: text('checksum').notNull(),
    publishedAt: integer('published_at', { mode: 'timestamp_ms' }).notNull(),
    /** The YAML the version was published from (absent for versions published before the studio). */
    source: text('source'),
    /** Who published it in the studio; null for a shipped file recorded at set-up. */
    publishedBy: text('published_by').references(() => users.id, { onDelete: 'set null' }),
    origin: text('origin', { enum: ['file', 'studio'] })
      .notNull()
      .default('file'),
  },
  (t) => [primaryKey({ columns: [t.scenarioId, t.version] })],
)

/**
 * The scenario library: which version of each scenario is live. Shipped files enter it at
 * set-up; once a trainer publishes a scenario in the studio the database owns it, and a newer
 * shipped file is only offered (decision 013).
 */
export const scenarioLibrary = sqliteTable('scenario_library', {
  scenarioId: text('scenario_id').primaryKey(),
  /** `shipped`: it came from scenarios/; `studio`: a trainer created it in the app. */
  origin: text('origin', { enum: ['shipped', 'studio'] }).notNull(),
  /** The live version; null until a studio scenario is first published. */
  currentVersion: integer('current_version'),
  /** True once a version was published in the studio: set-up no longer publishes shipped files. */
  edited: integer('edited', { mode: 'boolean' }).notNull().default(false),
  /** A shipped file newer than what the studio edited, offered to the trainer. */
  offeredVersion: integer('offered_version'),
  offeredSource: text('offered_source'),
  createdAt: createdAt(),
})

/** A scenario's working copy in the studio: one per scenario, saved with optimistic concurrency. */
export const scenarioDrafts = sqliteTable('scenario_drafts', {
  scenarioId: text('scenario_id').primaryKey(),
  source: text('source').notNull(),
  /** Raised by every save; a save based on an older revision is refused (two trainers, one draft). */
  revision: integer('revision').notNull(),
  /** The version the draft was started from, if any. */
  baseVersion: integer('base_version'),
  updatedBy: text('updated_by').references(() => users.id, { onDelete: 'set null' }),
  updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
})

/** Who did what to a scenario in the studio, and when. Append-only. */
export const scenarioAudit = sqliteTable(
  'scenario_audit',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    scenarioId: text('scenario_id').notNull(),
    action: text('action', {
      enum: ['create', 'duplicate', 'import', 'save', 'publish', 'discard', 'adopt-shipped', 'add-phrase', 'add-sample'],
    }).notNull(),
    version: integer('version'),
    revision: integer('revision'),
    by: text('by').references(() => users.id, { onDelete: 'set null' }),
    at: integer('at', { mode: 'timestamp_ms' }).notNull(),
    detail: text('detail', { mode: 'json' }).$type<Record<string, unknown>>(),
  },
  (t) => [index('scenario_audit_scenario_idx').on(t.scenarioId, t.at)],
)

/**
 * Free-text replies the judge could not place: they fell to `otherwise`, or the rules and the
 * tone model disagreed. Collected as trainees play, for the trainer's inbox.
 */
export const unrecognisedReplies = sqliteTable(
  'unrecognised_replies',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    attemptId: text('attempt_id')
      .notNull()
      .references(() => roleplayAttempts.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    scenarioId: text('scenario_id').notNull(),
    scenarioVersion: integer('scenario_version').notNull(),
    beat: text('beat').notNull(),
    text: text('text').notNull(),
    reason: text('reason', { enum: ['otherwise', 'ambiguous'] }).notNull(),
    at: integer('at', { mode: 'timestamp_ms' }).notNull(),
    status: text('status', { enum: ['open', 'dismissed', 'phrase-added', 'sample-added'] })
      .notNull()
      .default('open'),
    resolvedBy: text('resolved_by').references(() => users.id, { onDelete: 'set null' }),
    resolvedAt: integer('resolved_at', { mode: 'timestamp_ms' }),
  },
  (t) => [
    uniqueIndex('unrecognised_replies_event_unique').on(t.attemptId, t.seq),
    index('unrecognised_replies_scenario_idx').on(t.scenarioId, t.status, t.beat),
  ],
)

/**
 * A trainer's review of a role-play score. The attempt keeps its original score; the latest
 * review is what the trainee, the lead and certification see. Append-only: the audit log.
 */
export const roleplayReviews = sqliteTable(
  'roleplay_reviews',
  {
    id: text('id').primaryKey(),
    attemptId: text('attempt_id')
      .notNull()
      .references(() => roleplayAttempts.id, { onDelete: 'cascade' }),
    reviewerId: text('reviewer_id').references(() => users.id, { onDelete: 'set null' }),
    /** Generated by the form: a resent submission is stored once. */
    clientId: text('client_id').notNull(),
    originalTotal: integer('original_total'),
    originalPassed: integer('original_passed', { mode: 'boolean' }),
    total: integer('total').notNull(),
    passed: integer('passed', { mode: 'boolean' }).notNull(),
    reason: text('reason').notNull(),
    at: integer('at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [uniqueIndex('roleplay_reviews_client_unique').on(t.clientId), index('roleplay_reviews_attempt_idx').on(t.attemptId, t.at)],
)

export const roleplayAttempts = sqliteTable(
  'roleplay_attempts',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    scenarioId: text('scenario_id').notNull(),
    scenarioVersion: integer('scenario_version').notNull(),
    mode: text('mode', { enum: ['guided', 'free'] }).notNull(),
    seed: integer('seed').notNull(),
    /** `abandoned`: the trainee gave it up from the scenario list; it counts nowhere. */
    status: text('status', { enum: ['active', 'finished', 'abandoned'] }).notNull(),
    outcome: text('outcome', { enum: ['resolved', 'escalated', 'left-angry', 'breach'] }),
    total: integer('total'),
    passed: integer('passed', { mode: 'boolean' }),
    skills: text('skills', { mode: 'json' }).$type<Record<string, number>>(),
    eventCount: integer('event_count').notNull().default(0),
    /** The judge that scored it (app/judge/version.ts); older attempts are rescored explicitly. */
    judgeVersion: integer('judge_version').notNull().default(1),
    startedAt: integer('started_at', { mode: 'timestamp_ms' }).notNull(),
    /** When the customer last spoke: reply latency is measured from here. */
    lastMessageAt: integer('last_message_at', { mode: 'timestamp_ms' }).notNull(),
    finishedAt: integer('finished_at', { mode: 'timestamp_ms' }),
    /** The latest trainer review (roleplay_reviews), copied here for the lists; total/passed stay the judge's. */
    reviewedTotal: integer('reviewed_total'),
    reviewedPassed: integer('reviewed_passed', { mode: 'boolean' }),
    reviewedAt: integer('reviewed_at', { mode: 'timestamp_ms' }),
  },
  (t) => [
    index('roleplay_attempts_user_idx').on(t.userId, t.scenarioId),
    index('roleplay_attempts_finished_idx').on(t.finishedAt),
    // An agent's latest role-plays (the dashboard's last-N scores) and a team's by week.
    index('roleplay_attempts_user_finished_idx').on(t.userId, t.finishedAt),
  ],
)

/** The log an attempt's state is replayed from. One row per trainee reply. */
export const roleplayEvents = sqliteTable(
  'roleplay_events',
  {
    attemptId: text('attempt_id')
      .notNull()
      .references(() => roleplayAttempts.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    /** Generated by the browser per submission: a resent reply carries the same id. */
    clientId: text('client_id').notNull(),
    /** `reply`: the trainee's text or choice; `patience`: the customer's patience ran out, logged live. */
    kind: text('kind', { enum: ['reply', 'patience'] })
      .notNull()
      .default('reply'),
    text: text('text'),
    choice: text('choice'),
    latencyMs: integer('latency_ms').notNull(),
    at: integer('at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.attemptId, t.seq] }), uniqueIndex('roleplay_events_client_idx').on(t.attemptId, t.clientId)],
)

/** Every time a stored attempt's score changed because the judge did, with the reason. */
export const roleplayRescores = sqliteTable(
  'roleplay_rescores',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    attemptId: text('attempt_id')
      .notNull()
      .references(() => roleplayAttempts.id, { onDelete: 'cascade' }),
    fromJudge: integer('from_judge').notNull(),
    toJudge: integer('to_judge').notNull(),
    reason: text('reason').notNull(),
    before: text('before', { mode: 'json' }).$type<{ outcome: string | null; total: number | null; passed: boolean | null }>().notNull(),
    after: text('after', { mode: 'json' }).$type<{ outcome: string | null; total: number | null; passed: boolean | null }>().notNull(),
    at: integer('at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('roleplay_rescores_attempt_idx').on(t.attemptId)],
)

export type RoleplayAttempt = typeof roleplayAttempts.$inferSelect
export type RoleplayEvent = typeof roleplayEvents.$inferSelect

/** Each module version this installation has served, and when it first did: a material change starts its refresher clock then. */
export const moduleVersions = sqliteTable(
  'module_versions',
  {
    moduleId: text('module_id').notNull(),
    version: integer('version').notNull(),
    material: integer('material', { mode: 'boolean' }).notNull(),
    publishedAt: integer('published_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.moduleId, t.version] })],
)

const CERTIFICATION_STATUSES = ['notStarted', 'inProgress', 'certified', 'refresherDue', 'lapsed', 'revoked'] as const

/**
 * Where an agent stands on a certification, as of the last time the rules ran. Derived: the
 * rules compute it from the records (app/certification/rules.ts); nothing sets it by hand.
 */
export const certificationStandings = sqliteTable(
  'certification_standings',
  {
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    certificationId: text('certification_id').notNull(),
    status: text('status', { enum: CERTIFICATION_STATUSES }).notNull(),
    asOf: integer('as_of', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.certificationId] })],
)

/** One period of holding a certification, with its public verification code. */
export const certificates = sqliteTable(
  'certificates',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    certificationId: text('certification_id').notNull(),
    /** The rules' key for this period (its issue instant). */
    key: text('key').notNull(),
    /** Unguessable (100 random bits), shown on the certificate and its QR code. */
    code: text('code').notNull(),
    issuedAt: integer('issued_at', { mode: 'timestamp_ms' }).notNull(),
    issuedDate: text('issued_date').notNull(),
    cycleStart: text('cycle_start').notNull(),
    validUntil: text('valid_until').notNull(),
    moduleVersions: text('module_versions', { mode: 'json' }).$type<Record<string, number>>().notNull(),
    endedAt: integer('ended_at', { mode: 'timestamp_ms' }),
    endReason: text('end_reason', { enum: ['lapsed', 'revoked'] }),
    /** A revocation is a record the rules read: who, when and why. */
    revokedAt: integer('revoked_at', { mode: 'timestamp_ms' }),
    revokedBy: text('revoked_by').references(() => users.id, { onDelete: 'set null' }),
    revokeReason: text('revoke_reason'),
  },
  (t) => [
    uniqueIndex('certificates_code_unique').on(t.code),
    uniqueIndex('certificates_period_unique').on(t.userId, t.certificationId, t.key),
  ],
)

/** A concrete refresher assignment: items to do by a due date. */
export const refreshers = sqliteTable(
  'refreshers',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    certificationId: text('certification_id').notNull(),
    key: text('key').notNull(),
    certificateKey: text('certificate_key').notNull(),
    source: text('source', { enum: ['time', 'renewal', 'content', 'weakness', 'assigned'] }).notNull(),
    reason: text('reason', { mode: 'json' }).notNull(),
    items: text('items', { mode: 'json' }).notNull(),
    opensAt: integer('opens_at', { mode: 'timestamp_ms' }).notNull(),
    dueDate: text('due_date').notNull(),
    completedAt: integer('completed_at', { mode: 'timestamp_ms' }),
    cancelledAt: integer('cancelled_at', { mode: 'timestamp_ms' }),
  },
  (t) => [uniqueIndex('refreshers_key_unique').on(t.userId, t.certificationId, t.key), index('refreshers_user_idx').on(t.userId)],
)

/** A refresher a team lead set for an agent: a record the rules turn into a refresher. */
export const refresherAssignments = sqliteTable(
  'refresher_assignments',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    certificationId: text('certification_id').notNull(),
    assignedBy: text('assigned_by').references(() => users.id, { onDelete: 'set null' }),
    /** Generated by the form: a resent submission carries the same one and is stored once. */
    clientId: text('client_id').notNull(),
    items: text('items', { mode: 'json' }).notNull(),
    dueDate: text('due_date').notNull(),
    note: text('note').notNull(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [uniqueIndex('refresher_assignments_client_unique').on(t.clientId), index('refresher_assignments_user_idx').on(t.userId)],
)

/** Every change of an agent's certification standing, with its cause. Append-only. */
export const certificationEvents = sqliteTable(
  'certification_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    certificationId: text('certification_id').notNull(),
    at: integer('at', { mode: 'timestamp_ms' }).notNull(),
    fromStatus: text('from_status', { enum: CERTIFICATION_STATUSES }).notNull(),
    toStatus: text('to_status', { enum: CERTIFICATION_STATUSES }).notNull(),
    cause: text('cause', { mode: 'json' }).notNull(),
  },
  (t) => [index('certification_events_user_idx').on(t.userId, t.certificationId, t.at)],
)

/** A weakness drill: the questions of one refresher, answered like a module quiz. */
export const drillAttempts = sqliteTable(
  'drill_attempts',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    refresherId: text('refresher_id')
      .notNull()
      .references(() => refreshers.id, { onDelete: 'cascade' }),
    seed: integer('seed').notNull(),
    answers: text('answers', { mode: 'json' }).$type<Record<string, unknown>>(),
    score: real('score'),
    passed: integer('passed', { mode: 'boolean' }),
    startedAt: integer('started_at', { mode: 'timestamp_ms' }).notNull(),
    submittedAt: integer('submitted_at', { mode: 'timestamp_ms' }),
  },
  // Certification reads an agent's drills by user (every page that shows a standing): without
  // the user index that read scans every drill of the organisation.
  (t) => [index('drill_attempts_refresher_idx').on(t.refresherId, t.userId), index('drill_attempts_user_idx').on(t.userId)],
)

export type CertificateRow = typeof certificates.$inferSelect
export type RefresherRow = typeof refreshers.$inferSelect

const SUMMARY_MODES = ['all', 'free', 'guided'] as const

/**
 * One agent's row on the lead's dashboard, per role-play mode ('all' counts both): derived from
 * the records and the standings, kept current at write time and by the calendar job
 * (decision 015). Nothing here is a record: it can always be rebuilt.
 */
export const agentSummaries = sqliteTable(
  'agent_summaries',
  {
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    mode: text('mode', { enum: SUMMARY_MODES }).notNull(),
    /** The first certification's status (the path the agent follows), for sorting and filters. */
    status: text('status', { enum: CERTIFICATION_STATUSES }).notNull(),
    statusRank: integer('status_rank').notNull(),
    /** Every certification: id, status, the open refresher's due date, the certificate's end. */
    certifications: text('certifications', { mode: 'json' }).notNull(),
    percent: integer('percent').notNull(),
    modulesPassed: integer('modules_passed').notNull(),
    modulesTotal: integer('modules_total').notNull(),
    lastActiveAt: integer('last_active_at', { mode: 'timestamp_ms' }),
    /** The earliest due date of an open refresher (overdue once today is past it). */
    dueDate: text('due_date'),
    /** The earliest due date of a refresher open or scheduled: what comes due next. */
    nextDueDate: text('next_due_date'),
    openAssignments: integer('open_assignments').notNull(),
    /** The earliest due date of an open assignment. */
    assignmentDueDate: text('assignment_due_date'),
    /** The last N counting role-plays in this mode (decision 015): how many, pass rate, mean score. */
    roleplays: integer('roleplays').notNull(),
    passRate: real('pass_rate'),
    score: real('score'),
    /** The mean score of the N role-plays before those: the trend. */
    scorePrevious: real('score_previous'),
    etiquette: real('etiquette'),
    empathy: real('empathy'),
    resolution: real('resolution'),
    compliance: real('compliance'),
    timeliness: real('timeliness'),
    /** Per skill, the mean of the N before (the trend arrows). */
    skillsPrevious: text('skills_previous', { mode: 'json' }).notNull(),
    /** Per local week (its Monday) of the last half year: [sum of scores, role-plays] (the weekly trend, summed over agents). */
    weeks: text('weeks', { mode: 'json' }).notNull().default('{}'),
    /** The display name as it sorts (pinyin for Chinese names), for sorting the table by name. */
    sortName: text('sort_name').notNull().default(''),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.mode] }), index('agent_summaries_mode_idx').on(t.mode, t.statusRank)],
)

/**
 * When an agent's standing and summary must be brought up to date without anyone acting: the
 * calendar's next step for them (a refresher opening or falling due, a grace period ending), or
 * a write that has not been summarised yet (set before the write, cleared after the refresh).
 */
export const agentChecks = sqliteTable(
  'agent_checks',
  {
    userId: text('user_id')
      .primaryKey()
      .references(() => users.id, { onDelete: 'cascade' }),
    nextCheckAt: integer('next_check_at', { mode: 'timestamp_ms' }),
    dirtySince: integer('dirty_since', { mode: 'timestamp_ms' }),
  },
  (t) => [index('agent_checks_next_idx').on(t.nextCheckAt), index('agent_checks_dirty_idx').on(t.dirtySince)],
)

/**
 * Work a lead sets an agent: a refresher (quizzes and role-plays), a module or a scenario, with a
 * due date and a reason. Done when every item is done after it was set. A refresher for an agent
 * who holds the certification also opens one in the certification's rules (refresher_assignments).
 */
export const assignments = sqliteTable(
  'assignments',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    assignedBy: text('assigned_by').references(() => users.id, { onDelete: 'set null' }),
    kind: text('kind', { enum: ['refresher', 'module', 'scenario'] }).notNull(),
    certificationId: text('certification_id'),
    items: text('items', { mode: 'json' }).notNull(),
    dueDate: text('due_date').notNull(),
    reason: text('reason').notNull(),
    /** The form's id: a resent form (to one agent or to a whole filter) is stored once per agent. */
    batchId: text('batch_id').notNull(),
    refresherAssignmentId: text('refresher_assignment_id'),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    completedAt: integer('completed_at', { mode: 'timestamp_ms' }),
  },
  (t) => [uniqueIndex('assignments_batch_user_unique').on(t.batchId, t.userId), index('assignments_user_idx').on(t.userId, t.completedAt)],
)

/** A lease on a scheduled job, so that one server at a time runs it (decision 015). */
export const jobLeases = sqliteTable('job_leases', {
  name: text('name').primaryKey(),
  holder: text('holder').notNull(),
  expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
  lastRunAt: integer('last_run_at', { mode: 'timestamp_ms' }),
  lastResult: text('last_result', { mode: 'json' }),
})
