import { randomUUID } from 'node:crypto'
import { aliasedTable, and, asc, eq, inArray, isNotNull, isNull, lte, or } from 'drizzle-orm'
import {
  agentChecks,
  agentSummaries,
  assignments,
  certificates,
  certificationEvents,
  certificationStandings,
  drillAttempts,
  moduleProgress,
  quizAttempts,
  refresherAssignments,
  refreshers,
  roleplayAttempts,
  users,
} from '#db/tables.ts'
import type { Skill } from '#app/domain/skills.ts'
import type {
  CertificatePeriod,
  HistoryEntry,
  Records,
  Refresher,
  RefresherItem,
  RefresherReason,
  Standing,
} from '#app/certification/rules.ts'
import { newVerificationCode } from '#app/certification/new-code.server.ts'
import { forUpdate, getDb, io, transaction, type Db, type Work } from '#app/utils/db.server.ts'

// Queries for certification standings and the dashboard's summaries. The rules that decide what
// changes live in app/certification (reconcile.server.ts); this file reads their inputs and
// stores their outcome, in one transaction (decision 015).

type PerCertification<T> = T & { certificationId: string }

/** A finished role-play as the rules and the dashboard read it: `passed` and `score` are the counting ones (a review over the judge). */
export type RoleplayRecord = Records['roleplays'][number] & { score: number }

/** Records of one agent across certifications: revocations and assignments say which they belong to. */
export type LoadedRecords = Omit<Records, 'revocations' | 'assignments' | 'roleplays'> & {
  roleplays: RoleplayRecord[]
  revocations: PerCertification<Records['revocations'][number]>[]
  assignments: PerCertification<Records['assignments'][number]>[]
}

function groupBy<T extends { userId: string }>(rows: readonly T[]) {
  const out = new Map<string, T[]>()
  for (const r of rows) {
    const list = out.get(r.userId)
    if (list) list.push(r)
    else out.set(r.userId, [r])
  }
  return (userId: string) => out.get(userId) ?? []
}

type ProgressRow = typeof moduleProgress.$inferSelect

/**
 * Everything some agents have finished that certification rules read, one query per kind; the
 * reading rows are the progress rows the caller already read.
 */
function* loadRecords(tx: Db, userIds: string[], reading: (userId: string) => ProgressRow[]): Work<(userId: string) => LoadedRecords> {
  const quizzes = groupBy(
    yield* io(
      tx
        .select({
          userId: quizAttempts.userId,
          moduleId: quizAttempts.moduleId,
          moduleVersion: quizAttempts.moduleVersion,
          passed: quizAttempts.passed,
          at: quizAttempts.submittedAt,
        })
        .from(quizAttempts)
        .where(and(inArray(quizAttempts.userId, userIds), isNotNull(quizAttempts.submittedAt))),
    ),
  )
  const roleplays = groupBy(
    yield* io(
      tx
        .select({
          userId: roleplayAttempts.userId,
          id: roleplayAttempts.id,
          scenarioId: roleplayAttempts.scenarioId,
          mode: roleplayAttempts.mode,
          total: roleplayAttempts.total,
          passed: roleplayAttempts.passed,
          reviewedTotal: roleplayAttempts.reviewedTotal,
          reviewedPassed: roleplayAttempts.reviewedPassed,
          reviewedAt: roleplayAttempts.reviewedAt,
          at: roleplayAttempts.finishedAt,
          skills: roleplayAttempts.skills,
        })
        .from(roleplayAttempts)
        .where(and(inArray(roleplayAttempts.userId, userIds), eq(roleplayAttempts.status, 'finished')))
        .orderBy(asc(roleplayAttempts.finishedAt)),
    ),
  )
  const drills = groupBy(
    yield* io(
      tx
        .select({ userId: drillAttempts.userId, refresherKey: refreshers.key, passed: drillAttempts.passed, at: drillAttempts.submittedAt })
        .from(drillAttempts)
        .innerJoin(refreshers, eq(refreshers.id, drillAttempts.refresherId))
        .where(and(inArray(drillAttempts.userId, userIds), isNotNull(drillAttempts.submittedAt))),
    ),
  )
  const revocations = groupBy(
    yield* io(
      tx
        .select({
          userId: certificates.userId,
          certificationId: certificates.certificationId,
          certificateKey: certificates.key,
          at: certificates.revokedAt,
          reason: certificates.revokeReason,
        })
        .from(certificates)
        .where(and(inArray(certificates.userId, userIds), isNotNull(certificates.revokedAt))),
    ),
  )
  const lead = aliasedTable(users, 'lead')
  const assigned = groupBy(
    yield* io(
      tx
        .select({ userId: refresherAssignments.userId, assignment: refresherAssignments, by: lead.displayName })
        .from(refresherAssignments)
        .leftJoin(lead, eq(lead.id, refresherAssignments.assignedBy))
        .where(inArray(refresherAssignments.userId, userIds)),
    ),
  )
  return (userId) => ({
    reading: reading(userId).map((r) => ({ moduleId: r.moduleId, at: r.startedAt.getTime() })),
    quizzes: quizzes(userId).map((q) => ({
      moduleId: q.moduleId,
      moduleVersion: q.moduleVersion,
      passed: Boolean(q.passed),
      at: q.at!.getTime(),
    })),
    roleplays: roleplays(userId).map((r) => {
      // A trainer's review stands in for the judge's verdict (roleplay_reviews). A verdict the
      // review changed is a record made at the review: the rules never replay what lies before
      // the standing's asOf, so a pass given on review counts from then (decision 008).
      const changed = r.reviewedPassed !== null && r.reviewedAt !== null && r.reviewedPassed !== Boolean(r.passed)
      return {
        id: r.id,
        scenarioId: r.scenarioId,
        mode: r.mode,
        passed: Boolean(r.reviewedPassed ?? r.passed),
        score: r.reviewedTotal ?? r.total ?? 0,
        at: (changed ? r.reviewedAt! : r.at!).getTime(),
        skills: (r.skills ?? {}) as Partial<Record<Skill, number>>,
      }
    }),
    drills: drills(userId).map((d) => ({ refresherKey: d.refresherKey, passed: Boolean(d.passed), at: d.at!.getTime() })),
    revocations: revocations(userId).map((r) => ({
      certificationId: r.certificationId,
      certificateKey: r.certificateKey,
      at: r.at!.getTime(),
      reason: r.reason ?? '',
    })),
    assignments: assigned(userId).map(({ assignment: a, by }) => ({
      certificationId: a.certificationId,
      id: a.id,
      at: a.createdAt.getTime(),
      dueDate: a.dueDate,
      items: a.items as RefresherItem[],
      by: by ?? '',
      note: a.note,
    })),
  })
}

function toPeriod(row: typeof certificates.$inferSelect): CertificatePeriod {
  return {
    key: row.key,
    issuedAt: row.issuedAt.getTime(),
    issuedDate: row.issuedDate,
    cycleStart: row.cycleStart,
    validUntil: row.validUntil,
    moduleVersions: row.moduleVersions,
    endedAt: row.endedAt?.getTime() ?? null,
    endReason: row.endReason,
  }
}

function toRefresher(row: typeof refreshers.$inferSelect): Refresher {
  return {
    key: row.key,
    source: row.source,
    reason: row.reason as RefresherReason,
    certificateKey: row.certificateKey,
    items: row.items as RefresherItem[],
    opensAt: row.opensAt.getTime(),
    dueDate: row.dueDate,
    completedAt: row.completedAt?.getTime() ?? null,
    cancelledAt: row.cancelledAt?.getTime() ?? null,
  }
}

/** The stored rows of some agents' certification standings, certificates, refreshers and history. */
function* loadRows(tx: Db, userIds: string[]) {
  return {
    standings: groupBy(yield* io(tx.select().from(certificationStandings).where(inArray(certificationStandings.userId, userIds)))),
    certificates: groupBy(
      yield* io(tx.select().from(certificates).where(inArray(certificates.userId, userIds)).orderBy(asc(certificates.issuedAt))),
    ),
    refreshers: groupBy(
      yield* io(tx.select().from(refreshers).where(inArray(refreshers.userId, userIds)).orderBy(asc(refreshers.opensAt))),
    ),
    history: groupBy(
      yield* io(
        tx
          .select()
          .from(certificationEvents)
          .where(inArray(certificationEvents.userId, userIds))
          .orderBy(asc(certificationEvents.at), asc(certificationEvents.id)),
      ),
    ),
  }
}

type Rows = ReturnType<typeof loadRows> extends Work<infer R> ? R : never

/** One agent's stored rows for one certification. */
export type StoredRows = ReturnType<typeof rowsOf>

function rowsOf(rows: Rows, userId: string, certificationId: string) {
  const mine = <T extends { certificationId: string }>(list: readonly T[]) => list.filter((r) => r.certificationId === certificationId)
  return {
    standing: mine(rows.standings(userId))[0],
    certificates: mine(rows.certificates(userId)),
    refreshers: mine(rows.refreshers(userId)),
    history: mine(rows.history(userId)),
  }
}

/** The standing the stored rows describe (or the initial one). */
export function standingOf(stored: StoredRows, initial: Standing): Standing {
  return stored.standing
    ? {
        status: stored.standing.status,
        asOf: stored.standing.asOf.getTime(),
        certificates: stored.certificates.map(toPeriod),
        refreshers: stored.refreshers.map(toRefresher),
      }
    : { ...initial }
}

export type AssignmentRow = typeof assignments.$inferSelect
export type SummaryRow = typeof agentSummaries.$inferSelect
export type SummaryValues = Omit<SummaryRow, 'updatedAt'>

/** What the rules and the summary of one agent read. */
export interface AgentInputs {
  userId: string
  displayName: string
  records: LoadedRecords
  /** Progress rows and submitted quiz attempts with their scores (module standings). */
  learning: {
    progress: ProgressRow[]
    attempts: { moduleId: string; moduleVersion: number; score: number | null; passed: boolean | null; submittedAt: Date | null }[]
  }
  /** The agent's stored rows for a certification. */
  rowsFor(certificationId: string): StoredRows
  /** Assignments not completed yet. */
  openAssignments: AssignmentRow[]
  summaries: SummaryRow[]
  check: { nextCheckAt: Date | null; dirtySince: Date | null } | null
}

/** What one agent's refresh stores; an empty one stores nothing. */
export interface AgentChanges {
  userId: string
  standings: { certificationId: string; stored: StoredRows; standing: Standing; history: HistoryEntry[] }[]
  /** The summary rows, when they differ from the stored ones. */
  summaries: SummaryValues[] | null
  completedAssignments: { id: string; at: Date }[]
  /** The agent's next calendar check, when it differs or the agent was marked dirty. */
  check: { nextCheckAt: Date | null } | null
}

export const isUnchanged = (c: AgentChanges) =>
  c.standings.length === 0 && c.summaries === null && c.completedAssignments.length === 0 && c.check === null

/**
 * Reads the agents' inputs. In a write (`lock`), their agent_checks rows are read first, FOR
 * UPDATE on PostgreSQL and in id order: a second refresh of the same agents (another tab, another
 * server) waits at that read for this one to commit, then runs again on what it stored, instead
 * of computing alongside it and failing at commit.
 */
function* loadInputs(tx: Db, userIds: string[], lock: boolean): Work<AgentInputs[]> {
  const checkRows = tx.select().from(agentChecks).where(inArray(agentChecks.userId, userIds)).orderBy(asc(agentChecks.userId))
  const checks = new Map((yield* io(lock ? forUpdate(checkRows) : checkRows)).map((c) => [c.userId, c]))
  const progress = groupBy(yield* io(tx.select().from(moduleProgress).where(inArray(moduleProgress.userId, userIds))))
  const recordsOf = yield* loadRecords(tx, userIds, progress)
  const rows = yield* loadRows(tx, userIds)
  const quizzes = groupBy(
    yield* io(
      tx
        .select({
          userId: quizAttempts.userId,
          moduleId: quizAttempts.moduleId,
          moduleVersion: quizAttempts.moduleVersion,
          score: quizAttempts.score,
          passed: quizAttempts.passed,
          submittedAt: quizAttempts.submittedAt,
        })
        .from(quizAttempts)
        .where(and(inArray(quizAttempts.userId, userIds), isNotNull(quizAttempts.submittedAt))),
    ),
  )
  const open = groupBy(
    yield* io(
      tx
        .select()
        .from(assignments)
        .where(and(inArray(assignments.userId, userIds), isNull(assignments.completedAt))),
    ),
  )
  const summaries = groupBy(yield* io(tx.select().from(agentSummaries).where(inArray(agentSummaries.userId, userIds))))
  const names = new Map(
    (yield* io(tx.select({ id: users.id, displayName: users.displayName }).from(users).where(inArray(users.id, userIds)))).map((u) => [
      u.id,
      u.displayName,
    ]),
  )
  return userIds.map((userId) => ({
    userId,
    displayName: names.get(userId) ?? '',
    records: recordsOf(userId),
    learning: { progress: progress(userId), attempts: quizzes(userId) },
    rowsFor: (certificationId) => rowsOf(rows, userId, certificationId),
    openAssignments: open(userId),
    summaries: summaries(userId),
    check: checks.get(userId) ?? null,
  }))
}

function* persistStanding(tx: Db, userId: string, change: AgentChanges['standings'][number]): Work<void> {
  const { certificationId, stored, standing, history } = change
  yield* io(
    tx
      .insert(certificationStandings)
      .values({ userId, certificationId, status: standing.status, asOf: new Date(standing.asOf!) })
      .onConflictDoUpdate({
        target: [certificationStandings.userId, certificationStandings.certificationId],
        set: { status: standing.status, asOf: new Date(standing.asOf!) },
      }),
  )
  for (const c of standing.certificates) {
    const values = {
      cycleStart: c.cycleStart,
      validUntil: c.validUntil,
      moduleVersions: c.moduleVersions,
      endedAt: c.endedAt === null ? null : new Date(c.endedAt),
      endReason: c.endReason,
    }
    const existing = stored.certificates.find((r) => r.key === c.key)
    if (existing) {
      yield* io(tx.update(certificates).set(values).where(eq(certificates.id, existing.id)))
    } else {
      yield* io(
        tx.insert(certificates).values({
          id: randomUUID(),
          userId,
          certificationId,
          key: c.key,
          code: newVerificationCode(),
          issuedAt: new Date(c.issuedAt),
          issuedDate: c.issuedDate,
          ...values,
        }),
      )
    }
  }
  for (const r of standing.refreshers) {
    const done = {
      completedAt: r.completedAt === null ? null : new Date(r.completedAt),
      cancelledAt: r.cancelledAt === null ? null : new Date(r.cancelledAt),
    }
    const existing = stored.refreshers.find((x) => x.key === r.key)
    if (existing) {
      yield* io(tx.update(refreshers).set(done).where(eq(refreshers.id, existing.id)))
    } else {
      yield* io(
        tx.insert(refreshers).values({
          id: randomUUID(),
          userId,
          certificationId,
          key: r.key,
          certificateKey: r.certificateKey,
          source: r.source,
          reason: r.reason,
          items: r.items,
          opensAt: new Date(r.opensAt),
          dueDate: r.dueDate,
          ...done,
        }),
      )
    }
  }
  if (history.length) {
    yield* io(
      tx
        .insert(certificationEvents)
        .values(history.map((h) => ({ userId, certificationId, at: new Date(h.at), fromStatus: h.from, toStatus: h.to, cause: h.cause }))),
    )
  }
}

function* apply(tx: Db, changes: AgentChanges, now: Date): Work<void> {
  for (const s of changes.standings) yield* persistStanding(tx, changes.userId, s)
  for (const a of changes.completedAssignments) {
    yield* io(
      tx
        .update(assignments)
        .set({ completedAt: a.at })
        .where(and(eq(assignments.id, a.id), isNull(assignments.completedAt))),
    )
  }
  if (changes.summaries) {
    for (const values of changes.summaries) {
      const row = { ...values, updatedAt: now }
      yield* io(
        tx
          .insert(agentSummaries)
          .values(row)
          .onConflictDoUpdate({ target: [agentSummaries.userId, agentSummaries.mode], set: row }),
      )
    }
  }
  // A refresh clears the dirty mark: what was written before it started is summarised now.
  const check = { nextCheckAt: changes.check?.nextCheckAt ?? null, dirtySince: null }
  if (changes.check) {
    yield* io(
      tx
        .insert(agentChecks)
        .values({ userId: changes.userId, ...check })
        .onConflictDoUpdate({ target: agentChecks.userId, set: check }),
    )
  }
}

/**
 * Reads some agents' inputs, lets `compute` decide what changes, and stores it: the unit of work
 * behind every refresh of a standing. With `write: false` it runs in a read transaction (a
 * snapshot that blocks no writer) and stores nothing; the caller runs it again with `write:
 * true` only when something changed, and then it is a write transaction (SQLite's write lock at
 * BEGIN; on PostgreSQL serializable, with the agents' agent_checks rows locked) so the inputs
 * cannot move between reading and storing. `compute` must be synchronous and pure: the body may
 * be run again. Returns what `compute` returned and, for agents whose standings changed, their
 * stored rows afterwards.
 */
export async function standingsTransaction<T>(
  userIds: readonly string[],
  write: boolean,
  compute: (inputs: AgentInputs[]) => { changes: AgentChanges[]; state: T },
  now: Date,
): Promise<{ state: T; changedIds: string[]; rowsAfter: Map<string, (certificationId: string) => StoredRows> }> {
  const ids = [...new Set(userIds)]
  return transaction(
    function* (tx) {
      const { changes, state } = compute(yield* loadInputs(tx, ids, write))
      const changedIds = changes.filter((c) => !isUnchanged(c)).map((c) => c.userId)
      if (!write) return { state, changedIds, rowsAfter: new Map<string, (certificationId: string) => StoredRows>() }
      for (const c of changes) if (!isUnchanged(c)) yield* apply(tx, c, now)
      const moved = changes.filter((c) => c.standings.length > 0).map((c) => c.userId)
      const after = moved.length ? yield* loadRows(tx, moved) : null
      return {
        state,
        changedIds,
        rowsAfter: new Map(moved.map((id) => [id, (certificationId: string) => rowsOf(after!, id, certificationId)])),
      }
    },
    // The agents' checks rows are locked first (loadInputs); see transaction() for why that makes
    // REPEATABLE READ enough on PostgreSQL.
    { write, isolation: 'repeatable read' },
  )
}

/**
 * Marks agents whose records are about to change: their summary is refreshed right after the
 * write, and if the process dies in between, the calendar job finds the mark.
 */
export async function markDirty(userIds: readonly string[], now = new Date()) {
  if (userIds.length === 0) return
  // In id order: two marks of overlapping agents take their rows' locks in the same order.
  const ids = [...new Set(userIds)].sort()
  await transaction(function* (tx) {
    for (const userId of ids) yield* markDirtyIn(tx, userId, now)
  })
}

/** The same mark, inside a write's own transaction (a role-play's last reply). */
export function* markDirtyIn(tx: Db, userId: string, now: Date): Work<void> {
  yield* io(
    tx
      .insert(agentChecks)
      .values({ userId, nextCheckAt: null, dirtySince: now })
      .onConflictDoUpdate({ target: agentChecks.userId, set: { dirtySince: now } }),
  )
}

/** Agents the calendar job must refresh now: a check fallen due, or a write not yet summarised. */
export async function agentsToCheck(now: Date, limit: number): Promise<string[]> {
  const rows = await getDb()
    .select({ userId: agentChecks.userId })
    .from(agentChecks)
    .where(or(lte(agentChecks.nextCheckAt, now), isNotNull(agentChecks.dirtySince)))
    .limit(limit)
  return rows.map((r) => r.userId)
}

/** Agents with no summary yet (created before the dashboard, or never refreshed). */
export async function agentsWithoutSummary(limit: number): Promise<string[]> {
  const rows = await getDb()
    .select({ userId: users.id })
    .from(users)
    .leftJoin(agentChecks, eq(agentChecks.userId, users.id))
    .where(isNull(agentChecks.userId))
    .limit(limit)
  return rows.map((r) => r.userId)
}

/** Of these agents, the ones whose stored summary is not current at `now` (or who have none). */
export async function staleAmong(userIds: readonly string[], now: Date): Promise<string[]> {
  if (userIds.length === 0) return []
  const rows = await getDb()
    .select()
    .from(agentChecks)
    .where(inArray(agentChecks.userId, [...userIds]))
  const current = new Set(rows.filter((c) => c.dirtySince === null && (c.nextCheckAt === null || c.nextCheckAt > now)).map((c) => c.userId))
  return userIds.filter((id) => !current.has(id))
}
