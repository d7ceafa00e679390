// GENERATED from db/schema.ts by db/schema-pg.generate.ts (npm run db:schema-pg): do not edit.
// The same tables in PostgreSQL types (decision 016).
import {
  type AnyPgColumn,
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core'

export const agentChecks = pgTable(
  'agent_checks',
  {
    userId: text('user_id')
      .primaryKey()
      .references((): AnyPgColumn => users.id, { onDelete: 'cascade' }),
    nextCheckAt: timestamp('next_check_at', { withTimezone: true, precision: 3, mode: 'date' }),
    dirtySince: timestamp('dirty_since', { withTimezone: true, precision: 3, mode: 'date' }),
  },
  (t) => [index('agent_checks_next_idx').on(t.nextCheckAt), index('agent_checks_dirty_idx').on(t.dirtySince)],
)

export const agentSummaries = pgTable(
  'agent_summaries',
  {
    userId: text('user_id')
      .notNull()
      .references((): AnyPgColumn => users.id, { onDelete: 'cascade' }),
    mode: text('mode', { enum: ['all', 'free', 'guided'] }).notNull(),
    status: text('status', { enum: ['notStarted', 'inProgress', 'certified', 'refresherDue', 'lapsed', 'revoked'] }).notNull(),
    statusRank: integer('status_rank').notNull(),
    certifications: jsonb('certifications').notNull(),
    percent: integer('percent').notNull(),
    modulesPassed: integer('modules_passed').notNull(),
    modulesTotal: integer('modules_total').notNull(),
    lastActiveAt: timestamp('last_active_at', { withTimezone: true, precision: 3, mode: 'date' }),
    dueDate: text('due_date'),
    nextDueDate: text('next_due_date'),
    openAssignments: integer('open_assignments').notNull(),
    assignmentDueDate: text('assignment_due_date'),
    roleplays: integer('roleplays').notNull(),
    passRate: doublePrecision('pass_rate'),
    score: doublePrecision('score'),
    scorePrevious: doublePrecision('score_previous'),
    etiquette: doublePrecision('etiquette'),
    empathy: doublePrecision('empathy'),
    resolution: doublePrecision('resolution'),
    compliance: doublePrecision('compliance'),
    timeliness: doublePrecision('timeliness'),
    skillsPrevious: jsonb('skills_previous').notNull(),
    weeks: jsonb('weeks').notNull().default({}),
    sortName: text('sort_name').notNull().default(''),
    updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3, mode: 'date' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.mode] }), index('agent_summaries_mode_idx').on(t.mode, t.statusRank)],
)

export const assignments = pgTable(
  'assignments',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references((): AnyPgColumn => users.id, { onDelete: 'cascade' }),
    assignedBy: text('assigned_by').references((): AnyPgColumn => users.id, { onDelete: 'set null' }),
    kind: text('kind', { enum: ['refresher', 'module', 'scenario'] }).notNull(),
    certificationId: text('certification_id'),
    items: jsonb('items').notNull(),
    dueDate: text('due_date').notNull(),
    reason: text('reason').notNull(),
    batchId: text('batch_id').notNull(),
    refresherAssignmentId: text('refresher_assignment_id'),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3, mode: 'date' }).notNull(),
    completedAt: timestamp('completed_at', { withTimezone: true, precision: 3, mode: 'date' }),
  },
  (t) => [uniqueIndex('assignments_batch_user_unique').on(t.batchId, t.userId), index('assignments_user_idx').on(t.userId, t.completedAt)],
)

export const certificates = pgTable(
  'certificates',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references((): AnyPgColumn => users.id, { onDelete: 'cascade' }),
    certificationId: text('certification_id').notNull(),
    key: text('key').notNull(),
    code: text('code').notNull(),
    issuedAt: timestamp('issued_at', { withTimezone: true, precision: 3, mode: 'date' }).notNull(),
    issuedDate: text('issued_date').notNull(),
    cycleStart: text('cycle_start').notNull(),
    validUntil: text('valid_until').notNull(),
    moduleVersions: jsonb('module_versions').notNull(),
    endedAt: timestamp('ended_at', { withTimezone: true, precision: 3, mode: 'date' }),
    endReason: text('end_reason', { enum: ['lapsed', 'revoked'] }),
    revokedAt: timestamp('revoked_at', { withTimezone: true, precision: 3, mode: 'date' }),
    revokedBy: text('revoked_by').references((): AnyPgColumn => users.id, { onDelete: 'set null' }),
    revokeReason: text('revoke_reason'),
  },
  (t) => [
    uniqueIndex('certificates_code_unique').on(t.code),
    uniqueIndex('certificates_period_unique').on(t.userId, t.certificationId, t.key),
  ],
)

export const certificationEvents = pgTable(
  'certification_events',
  {
    id: integer('id').generatedAlwaysAsIdentity().primaryKey(),
    userId: text('user_id')
      .notNull()
      .references((): AnyPgColumn => users.id, { onDelete: 'cascade' }),
    certificationId: text('certification_id').notNull(),
    at: timestamp('at', { withTimezone: true, precision: 3, mode: 'date' }).notNull(),
    fromStatus: text('from_status', { enum: ['notStarted', 'inProgress', 'certified', 'refresherDue', 'lapsed', 'revoked'] }).notNull(),
    toStatus: text('to_status', { enum: ['notStarted', 'inProgress', 'certified', 'refresherDue', 'lapsed', 'revoked'] }).notNull(),
    cause: jsonb('cause').notNull(),
  },
  (t) => [index('certification_events_user_idx').on(t.userId, t.certificationId, t.at)],
)

export const certificationStandings = pgTable(
  'certification_standings',
  {
    userId: text('user_id')
      .notNull()
      .references((): AnyPgColumn => users.id, { onDelete: 'cascade' }),
    certificationId: text('certification_id').notNull(),
    status: text('status', { enum: ['notStarted', 'inProgress', 'certified', 'refresherDue', 'lapsed', 'revoked'] }).notNull(),
    asOf: timestamp('as_of', { withTimezone: true, precision: 3, mode: 'date' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.certificationId] })],
)

export const drillAttempts = pgTable(
  'drill_attempts',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references((): AnyPgColumn => users.id, { onDelete: 'cascade' }),
    refresherId: text('refresher_id')
      .notNull()
      .references((): AnyPgColumn => refreshers.id, { onDelete: 'cascade' }),
    seed: integer('seed').notNull(),
    answers: jsonb('answers'),
    score: doublePrecision('score'),
    passed: boolean('passed'),
    startedAt: timestamp('started_at', { withTimezone: true, precision: 3, mode: 'date' }).notNull(),
    submittedAt: timestamp('submitted_at', { withTimezone: true, precision: 3, mode: 'date' }),
  },
  (t) => [index('drill_attempts_refresher_idx').on(t.refresherId, t.userId), index('drill_attempts_user_idx').on(t.userId)],
)

export const jobLeases = pgTable('job_leases', {
  name: text('name').primaryKey(),
  holder: text('holder').notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true, precision: 3, mode: 'date' }).notNull(),
  lastRunAt: timestamp('last_run_at', { withTimezone: true, precision: 3, mode: 'date' }),
  lastResult: jsonb('last_result'),
})

export const loginAttempts = pgTable(
  'login_attempts',
  {
    id: integer('id').generatedAlwaysAsIdentity().primaryKey(),
    username: text('username').notNull(),
    address: text('address').notNull(),
    succeeded: boolean('succeeded').notNull(),
    at: timestamp('at', { withTimezone: true, precision: 3, mode: 'date' }).notNull(),
  },
  (t) => [index('login_attempts_username_idx').on(t.username, t.at), index('login_attempts_address_idx').on(t.address, t.at)],
)

export const moduleProgress = pgTable(
  'module_progress',
  {
    userId: text('user_id')
      .notNull()
      .references((): AnyPgColumn => users.id, { onDelete: 'cascade' }),
    moduleId: text('module_id').notNull(),
    moduleVersion: integer('module_version').notNull(),
    startedAt: timestamp('started_at', { withTimezone: true, precision: 3, mode: 'date' }).notNull(),
    readAt: timestamp('read_at', { withTimezone: true, precision: 3, mode: 'date' }),
  },
  (t) => [primaryKey({ columns: [t.userId, t.moduleId, t.moduleVersion] })],
)

export const moduleVersions = pgTable(
  'module_versions',
  {
    moduleId: text('module_id').notNull(),
    version: integer('version').notNull(),
    material: boolean('material').notNull(),
    publishedAt: timestamp('published_at', { withTimezone: true, precision: 3, mode: 'date' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.moduleId, t.version] })],
)

export const quizAttempts = pgTable(
  'quiz_attempts',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references((): AnyPgColumn => users.id, { onDelete: 'cascade' }),
    moduleId: text('module_id').notNull(),
    moduleVersion: integer('module_version').notNull(),
    seed: integer('seed').notNull(),
    answers: jsonb('answers'),
    score: doublePrecision('score'),
    passed: boolean('passed'),
    startedAt: timestamp('started_at', { withTimezone: true, precision: 3, mode: 'date' }).notNull(),
    submittedAt: timestamp('submitted_at', { withTimezone: true, precision: 3, mode: 'date' }),
  },
  (t) => [index('quiz_attempts_user_module_idx').on(t.userId, t.moduleId)],
)

export const refresherAssignments = pgTable(
  'refresher_assignments',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references((): AnyPgColumn => users.id, { onDelete: 'cascade' }),
    certificationId: text('certification_id').notNull(),
    assignedBy: text('assigned_by').references((): AnyPgColumn => users.id, { onDelete: 'set null' }),
    clientId: text('client_id').notNull(),
    items: jsonb('items').notNull(),
    dueDate: text('due_date').notNull(),
    note: text('note').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3, mode: 'date' }).notNull(),
  },
  (t) => [uniqueIndex('refresher_assignments_client_unique').on(t.clientId), index('refresher_assignments_user_idx').on(t.userId)],
)

export const refreshers = pgTable(
  'refreshers',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references((): AnyPgColumn => users.id, { onDelete: 'cascade' }),
    certificationId: text('certification_id').notNull(),
    key: text('key').notNull(),
    certificateKey: text('certificate_key').notNull(),
    source: text('source', { enum: ['time', 'renewal', 'content', 'weakness', 'assigned'] }).notNull(),
    reason: jsonb('reason').notNull(),
    items: jsonb('items').notNull(),
    opensAt: timestamp('opens_at', { withTimezone: true, precision: 3, mode: 'date' }).notNull(),
    dueDate: text('due_date').notNull(),
    completedAt: timestamp('completed_at', { withTimezone: true, precision: 3, mode: 'date' }),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true, precision: 3, mode: 'date' }),
  },
  (t) => [uniqueIndex('refreshers_key_unique').on(t.userId, t.certificationId, t.key), index('refreshers_user_idx').on(t.userId)],
)

export const roleplayAttempts = pgTable(
  'roleplay_attempts',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references((): AnyPgColumn => users.id, { onDelete: 'cascade' }),
    scenarioId: text('scenario_id').notNull(),
    scenarioVersion: integer('scenario_version').notNull(),
    mode: text('mode', { enum: ['guided', 'free'] }).notNull(),
    seed: integer('seed').notNull(),
    status: text('status', { enum: ['active', 'finished', 'abandoned'] }).notNull(),
    outcome: text('outcome', { enum: ['resolved', 'escalated', 'left-angry', 'breach'] }),
    total: integer('total'),
    passed: boolean('passed'),
    skills: jsonb('skills'),
    eventCount: integer('event_count').notNull().default(0),
    judgeVersion: integer('judge_version').notNull().default(1),
    startedAt: timestamp('started_at', { withTimezone: true, precision: 3, mode: 'date' }).notNull(),
    lastMessageAt: timestamp('last_message_at', { withTimezone: true, precision: 3, mode: 'date' }).notNull(),
    finishedAt: timestamp('finished_at', { withTimezone: true, precision: 3, mode: 'date' }),
    reviewedTotal: integer('reviewed_total'),
    reviewedPassed: boolean('reviewed_passed'),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true, precision: 3, mode: 'date' }),
  },
  (t) => [
    index('roleplay_attempts_user_idx').on(t.userId, t.scenarioId),
    index('roleplay_attempts_finished_idx').on(t.finishedAt),
    index('roleplay_attempts_user_finished_idx').on(t.userId, t.finishedAt),
  ],
)

export const roleplayEvents = pgTable(
  'roleplay_events',
  {
    attemptId: text('attempt_id')
      .notNull()
      .references((): AnyPgColumn => roleplayAttempts.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    clientId: text('client_id').notNull(),
    kind: text('kind', { enum: ['reply', 'patience'] })
      .notNull()
      .default('reply'),
    text: text('text'),
    choice: text('choice'),
    latencyMs: integer('latency_ms').notNull(),
    at: timestamp('at', { withTimezone: true, precision: 3, mode: 'date' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.attemptId, t.seq] }), uniqueIndex('roleplay_events_client_idx').on(t.attemptId, t.clientId)],
)

export const roleplayRescores = pgTable(
  'roleplay_rescores',
  {
    id: integer('id').generatedAlwaysAsIdentity().primaryKey(),
    attemptId: text('attempt_id')
      .notNull()
      .references((): AnyPgColumn => roleplayAttempts.id, { onDelete: 'cascade' }),
    fromJudge: integer('from_judge').notNull(),
    toJudge: integer('to_judge').notNull(),
    reason: text('reason').notNull(),
    before: jsonb('before').notNull(),
    after: jsonb('after').notNull(),
    at: timestamp('at', { withTimezone: true, precision: 3, mode: 'date' }).notNull(),
  },
  (t) => [index('roleplay_rescores_attempt_idx').on(t.attemptId)],
)

export const roleplayReviews = pgTable(
  'roleplay_reviews',
  {
    id: text('id').primaryKey(),
    attemptId: text('attempt_id')
      .notNull()
      .references((): AnyPgColumn => roleplayAttempts.id, { onDelete: 'cascade' }),
    reviewerId: text('reviewer_id').references((): AnyPgColumn => users.id, { onDelete: 'set null' }),
    clientId: text('client_id').notNull(),
    originalTotal: integer('original_total'),
    originalPassed: boolean('original_passed'),
    total: integer('total').notNull(),
    passed: boolean('passed').notNull(),
    reason: text('reason').notNull(),
    at: timestamp('at', { withTimezone: true, precision: 3, mode: 'date' }).notNull(),
  },
  (t) => [uniqueIndex('roleplay_reviews_client_unique').on(t.clientId), index('roleplay_reviews_attempt_idx').on(t.attemptId, t.at)],
)

export const scenarioAudit = pgTable(
  'scenario_audit',
  {
    id: integer('id').generatedAlwaysAsIdentity().primaryKey(),
    scenarioId: text('scenario_id').notNull(),
    action: text('action', {
      enum: ['create', 'duplicate', 'import', 'save', 'publish', 'discard', 'adopt-shipped', 'add-phrase', 'add-sample'],
    }).notNull(),
    version: integer('version'),
    revision: integer('revision'),
    by: text('by').references((): AnyPgColumn => users.id, { onDelete: 'set null' }),
    at: timestamp('at', { withTimezone: true, precision: 3, mode: 'date' }).notNull(),
    detail: jsonb('detail'),
  },
  (t) => [index('scenario_audit_scenario_idx').on(t.scenarioId, t.at)],
)

export const scenarioDrafts = pgTable('scenario_drafts', {
  scenarioId: text('scenario_id').primaryKey(),
  source: text('source').notNull(),
  revision: integer('revision').notNull(),
  baseVersion: integer('base_version'),
  updatedBy: text('updated_by').references((): AnyPgColumn => users.id, { onDelete: 'set null' }),
  updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3, mode: 'date' }).notNull(),
})

export const scenarioLibrary = pgTable('scenario_library', {
  scenarioId: text('scenario_id').primaryKey(),
  origin: text('origin', { enum: ['shipped', 'studio'] }).notNull(),
  currentVersion: integer('current_version'),
  edited: boolean('edited').notNull().default(false),
  offeredVersion: integer('offered_version'),
  offeredSource: text('offered_source'),
  createdAt: timestamp('created_at', { withTimezone: true, precision: 3, mode: 'date' }).notNull().defaultNow(),
})

export const scenarioVersions = pgTable(
  'scenario_versions',
  {
    scenarioId: text('scenario_id').notNull(),
    version: integer('version').notNull(),
    definition: jsonb('definition').notNull(),
    checksum: text('checksum').notNull(),
    publishedAt: timestamp('published_at', { withTimezone: true, precision: 3, mode: 'date' }).notNull(),
    source: text('source'),
    publishedBy: text('published_by').references((): AnyPgColumn => users.id, { onDelete: 'set null' }),
    origin: text('origin', { enum: ['file', 'studio'] })
      .notNull()
      .default('file'),
  },
  (t) => [primaryKey({ columns: [t.scenarioId, t.version] })],
)

export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    userId: text('user_id').references((): AnyPgColumn => users.id, { onDelete: 'cascade' }),
    data: jsonb('data').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true, precision: 3, mode: 'date' }).notNull(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true, precision: 3, mode: 'date' }),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [index('sessions_user_idx').on(t.userId), index('sessions_expires_idx').on(t.expiresAt)],
)

export const teams = pgTable('teams', {
  id: text('id').primaryKey(),
  name: text('name').notNull().unique(),
  leadId: text('lead_id'),
  createdAt: timestamp('created_at', { withTimezone: true, precision: 3, mode: 'date' }).notNull().defaultNow(),
})

export const unrecognisedReplies = pgTable(
  'unrecognised_replies',
  {
    id: integer('id').generatedAlwaysAsIdentity().primaryKey(),
    attemptId: text('attempt_id')
      .notNull()
      .references((): AnyPgColumn => roleplayAttempts.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    scenarioId: text('scenario_id').notNull(),
    scenarioVersion: integer('scenario_version').notNull(),
    beat: text('beat').notNull(),
    text: text('text').notNull(),
    reason: text('reason', { enum: ['otherwise', 'ambiguous'] }).notNull(),
    at: timestamp('at', { withTimezone: true, precision: 3, mode: 'date' }).notNull(),
    status: text('status', { enum: ['open', 'dismissed', 'phrase-added', 'sample-added'] })
      .notNull()
      .default('open'),
    resolvedBy: text('resolved_by').references((): AnyPgColumn => users.id, { onDelete: 'set null' }),
    resolvedAt: timestamp('resolved_at', { withTimezone: true, precision: 3, mode: 'date' }),
  },
  (t) => [
    uniqueIndex('unrecognised_replies_event_unique').on(t.attemptId, t.seq),
    index('unrecognised_replies_scenario_idx').on(t.scenarioId, t.status, t.beat),
  ],
)

export const userRoles = pgTable(
  'user_roles',
  {
    userId: text('user_id')
      .notNull()
      .references((): AnyPgColumn => users.id, { onDelete: 'cascade' }),
    role: text('role', { enum: ['trainee', 'trainer', 'lead', 'admin'] }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.role] })],
)

export const users = pgTable(
  'users',
  {
    id: text('id').primaryKey(),
    username: text('username').notNull(),
    displayName: text('display_name').notNull(),
    passwordHash: text('password_hash').notNull(),
    teamId: text('team_id').references((): AnyPgColumn => teams.id, { onDelete: 'set null' }),
    disabledAt: timestamp('disabled_at', { withTimezone: true, precision: 3, mode: 'date' }),
    mustChangePassword: boolean('must_change_password').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('users_username_unique').on(t.username), index('users_team_idx').on(t.teamId)],
)
