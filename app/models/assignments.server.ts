import { aliasedTable, and, asc, desc, eq, gte, inArray, isNull, or } from 'drizzle-orm'
import { assignments, certificationStandings, refresherAssignments, users } from '#db/tables.ts'
import type { RefresherItem } from '#app/certification/rules.ts'
import { affected, getDb, io, transaction } from '#app/utils/db.server.ts'

export interface NewAssignment {
  id: string
  userId: string
  assignedBy: string
  kind: 'refresher' | 'module' | 'scenario'
  certificationId: string | null
  items: unknown[]
  dueDate: string
  reason: string
  batchId: string
  createdAt: Date
  /** For a holder of the certification: the refresher the certification's rules open for it. */
  refresher: { id: string; certificationId: string; items: RefresherItem[] } | null
}

/**
 * Stores a lead's assignment for every agent in it, in one transaction. The form's batch id
 * makes a resent form store nothing new: per agent, the first one counts. Returns how many
 * agents got it now.
 */
export async function createAssignments(list: readonly NewAssignment[]): Promise<number> {
  return transaction(function* (tx) {
    let stored = 0
    for (const { refresher, ...a } of list) {
      const inserted = yield* io(
        tx
          .insert(assignments)
          .values({ ...a, refresherAssignmentId: refresher?.id ?? null })
          .onConflictDoNothing({ target: [assignments.batchId, assignments.userId] }),
      )
      if (affected(inserted) !== 1) continue
      stored++
      if (refresher) {
        yield* io(
          tx
            .insert(refresherAssignments)
            .values({
              id: refresher.id,
              userId: a.userId,
              certificationId: refresher.certificationId,
              assignedBy: a.assignedBy,
              clientId: `${a.batchId}:${a.userId}`,
              items: refresher.items,
              dueDate: a.dueDate,
              note: a.reason,
              createdAt: a.createdAt,
            })
            .onConflictDoNothing(),
        )
      }
    }
    return stored
  })
}

/** The certifications each of these agents holds now (certified or with a refresher due), as stored. */
export async function holdersAmong(userIds: readonly string[], certificationId: string): Promise<Set<string>> {
  if (userIds.length === 0) return new Set()
  const rows = await getDb()
    .select({ userId: certificationStandings.userId })
    .from(certificationStandings)
    .where(
      and(
        inArray(certificationStandings.userId, [...userIds]),
        eq(certificationStandings.certificationId, certificationId),
        inArray(certificationStandings.status, ['certified', 'refresherDue']),
      ),
    )
  return new Set(rows.map((r) => r.userId))
}

/** An agent's assignments: every open one, and those done in the last `recentDays`. */
export async function assignmentsOf(userId: string, now: Date, recentDays = 30) {
  const lead = aliasedTable(users, 'lead')
  return getDb()
    .select({ assignment: assignments, by: lead.displayName })
    .from(assignments)
    .leftJoin(lead, eq(lead.id, assignments.assignedBy))
    .where(
      and(
        eq(assignments.userId, userId),
        or(isNull(assignments.completedAt), gte(assignments.completedAt, new Date(now.getTime() - recentDays * 86_400_000))),
      ),
    )
    .orderBy(desc(isNull(assignments.completedAt)), asc(assignments.dueDate))
}

/** Several agents' open assignments, soonest due first. */
export async function openAssignmentsOf(userIds: readonly string[]) {
  if (userIds.length === 0) return []
  return getDb()
    .select()
    .from(assignments)
    .where(and(inArray(assignments.userId, [...userIds]), isNull(assignments.completedAt)))
    .orderBy(asc(assignments.dueDate))
}

/** An agent's assignments ever, newest first (the lead's view of them). */
export async function assignmentHistoryOf(userId: string) {
  const lead = aliasedTable(users, 'lead')
  return getDb()
    .select({ assignment: assignments, by: lead.displayName })
    .from(assignments)
    .leftJoin(lead, eq(lead.id, assignments.assignedBy))
    .where(eq(assignments.userId, userId))
    .orderBy(desc(assignments.createdAt))
}
