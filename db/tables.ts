// GENERATED from db/schema.ts by db/schema-pg.generate.ts (npm run db:schema-pg): do not edit.
// The tables of the engine this process serves (decision 017): PostgreSQL's when DATABASE_URL
// names one, else SQLite's. Both are typed as SQLite's, the API the models are written against.
import * as sqlite from './schema.ts'
import * as pg from './schema.pg.ts'

export type * from './schema.ts'

/** Read once, when the first model is loaded: a process serves one engine. */
export const onPostgres = /^postgres(ql)?:\/\//.test(process.env.DATABASE_URL ?? '')

const tables = (onPostgres ? pg : sqlite) as unknown as typeof sqlite

export const {
  agentChecks,
  agentSummaries,
  assignments,
  certificates,
  certificationEvents,
  certificationStandings,
  drillAttempts,
  jobLeases,
  loginAttempts,
  moduleProgress,
  moduleVersions,
  quizAttempts,
  refresherAssignments,
  refreshers,
  roleplayAttempts,
  roleplayEvents,
  roleplayRescores,
  roleplayReviews,
  scenarioAudit,
  scenarioDrafts,
  scenarioLibrary,
  scenarioVersions,
  sessions,
  teams,
  unrecognisedReplies,
  userRoles,
  users,
} = tables
