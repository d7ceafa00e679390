import { isDeepStrictEqual } from 'node:util'
import {
  markDirty,
  standingOf,
  standingsTransaction,
  type AgentChanges,
  type AgentInputs,
  type LoadedRecords,
  type StoredRows,
  type SummaryValues,
} from '#app/models/standings.server.ts'
import { addDays, mondayOf } from '#app/domain/calendar.ts'
import { nameSortKey } from '#app/domain/sort-name.ts'
import { loadModules } from '#app/utils/content.server.ts'
import { getCatalog, rulesFor } from './catalog.server.ts'
import { loadCertifications } from './certifications.server.ts'
import { INITIAL_STANDING, advance, nextChangeAt, nextScheduled, type Catalog, type Records } from './rules.ts'
import { SUMMARY_WEEKS, assignmentDoneAt, summarise, type AssignmentItem } from './summary.ts'
import { toView, type Reconciled } from './view.ts'

// Keeping standings and the dashboard's summaries current (decision 015): after every write that
// changes an agent's records, and by the calendar job when a due date passes. A page that shows a
// standing reads it through here too; when nothing changed, that is a read and nothing more.

/** The records one certification's rules read. */
function recordsFor(records: LoadedRecords, certificationId: string): Records {
  return {
    ...records,
    revocations: records.revocations.filter((r) => r.certificationId === certificationId),
    assignments: records.assignments.filter((a) => a.certificationId === certificationId),
  }
}

type Computed = Omit<Reconciled, 'rows'> & { stored: ReturnType<AgentInputs['rowsFor']> }

/** How many agents one write transaction brings up to date. */
const WRITE_BATCH = 4

const summaryKey = (s: Pick<SummaryValues, 'mode'>) => s.mode

function computeAgent(input: AgentInputs, catalog: Catalog, now: Date): { change: AgentChanges; list: Computed[] } {
  const at = now.getTime()
  const list: Computed[] = loadCertifications().map((certification) => {
    const rules = rulesFor(certification, catalog)
    const records = recordsFor(input.records, certification.id)
    const stored = input.rowsFor(certification.id)
    const { standing, history } = advance(rules, records, standingOf(stored, INITIAL_STANDING), now)
    return { certification, rules, records, standing, history, stored }
  })

  // The lead's assignments done since they were set.
  const completedAssignments = input.openAssignments.flatMap((a) => {
    const done = assignmentDoneAt({ createdAt: a.createdAt, items: a.items as AssignmentItem[] }, input.records)
    return done !== null && done <= at ? [{ id: a.id, at: new Date(done) }] : []
  })
  const stillOpen = input.openAssignments.filter((a) => !completedAssignments.some((c) => c.id === a.id))

  const views = list.map((r) => toView({ ...r, rows: r.stored }, at))
  const rules0 = list[0]!.rules
  const summaries = summarise({
    views,
    nextDue: list.map((r) => nextScheduled(r.standing, r.rules)?.dueDate ?? null),
    // From the standing as it is now, not the rows stored before this run: a certificate just
    // issued or just ended shows at once.
    validUntil: list.map((r) => {
      const cert = r.standing.certificates.at(-1)
      return cert && cert.endedAt === null ? cert.validUntil : null
    }),
    sortName: nameSortKey(input.displayName),
    modules: loadModules(),
    learning: input.learning,
    roleplays: input.records.roleplays,
    activity: input.records.drills.map((d) => d.at),
    openAssignments: stillOpen,
    mondayOf: (t) => mondayOf(t, rules0.timeZone),
    // Counted back from the agent's latest role-play, not from today: the summary changes only
    // when the records do, never because a week went by.
    weeksFrom: addDays(mondayOf(input.records.roleplays.at(-1)?.at ?? at, rules0.timeZone), -7 * SUMMARY_WEEKS),
  }).map((s): SummaryValues => ({ userId: input.userId, ...s }))
  const stored = new Map(input.summaries.map(({ updatedAt: _, ...s }) => [summaryKey(s), s]))
  // Compared as the JSON values they are stored as, structurally, never as text: PostgreSQL's
  // jsonb gives an object's keys back in an order of its own.
  const summariesChanged = summaries.some(
    (s) => !isDeepStrictEqual(JSON.parse(JSON.stringify(s)), JSON.parse(JSON.stringify(stored.get(s.mode) ?? null))),
  )

  const next = list
    .map((r) => nextChangeAt(r.rules, r.records, r.standing, at))
    .filter((t): t is number => t !== null)
    .reduce((a, b) => Math.min(a, b), Infinity)
  const nextCheckAt = next === Infinity ? null : new Date(next)
  const checkChanged =
    input.check === null ||
    input.check.dirtySince !== null ||
    (input.check.nextCheckAt?.getTime() ?? null) !== (nextCheckAt?.getTime() ?? null)

  return {
    list,
    change: {
      userId: input.userId,
      standings: list.filter((r) => r.history.length > 0).map((r) => ({ certificationId: r.certification.id, ...r })),
      summaries: summariesChanged ? summaries : null,
      completedAssignments,
      check: checkChanged ? { nextCheckAt } : null,
    },
  }
}

/**
 * Brings agents' standings on every certification up to `now`, stores what happened, and keeps
 * their dashboard summaries current, with one query per kind of record for all of them. Running
 * it twice changes nothing the second time.
 *
 * The rules run first in a read transaction (a snapshot; no lock that blocks writers). Only when
 * something changed are they run again under the write lock and stored, so a page whose
 * standings are current never takes the write lock.
 */
export async function reconcileUsers(userIds: readonly string[], now = new Date()): Promise<Map<string, Reconciled[]>> {
  const ids = [...new Set(userIds)]
  if (ids.length === 0) return new Map()
  const catalog = await getCatalog()
  const compute = (inputs: AgentInputs[]) => {
    const out = inputs.map((input) => ({ userId: input.userId, ...computeAgent(input, catalog, now) }))
    return { changes: out.map((o) => o.change), state: out }
  }
  const read = await standingsTransaction(ids, false, compute, now)
  // Only the agents whose standing or summary changed are written, a few at a time: the write
  // lock is held for the rules of WRITE_BATCH agents, never for everyone a page or the job read.
  const state = new Map(read.state.map((s) => [s.userId, s]))
  const rowsAfter = new Map<string, (certificationId: string) => StoredRows>()
  for (let i = 0; i < read.changedIds.length; i += WRITE_BATCH) {
    const written = await standingsTransaction(read.changedIds.slice(i, i + WRITE_BATCH), true, compute, now)
    for (const s of written.state) state.set(s.userId, s)
    for (const [id, rows] of written.rowsAfter) rowsAfter.set(id, rows)
  }
  return new Map(
    [...state.values()].map(({ userId, list }) => [
      userId,
      list.map(({ stored, ...r }) => {
        const after = rowsAfter.get(userId)
        return { ...r, rows: after ? after(r.certification.id) : stored }
      }),
    ]),
  )
}

/** One agent's standings, brought up to date (see reconcileUsers). */
export async function reconcileUser(userId: string, now = new Date()): Promise<Reconciled[]> {
  return (await reconcileUsers([userId], now)).get(userId) ?? []
}

/**
 * Runs a write that changes agents' records, then brings their standings and summaries up to
 * date. The agents are marked before the write, so if the process dies between the write and
 * the refresh, the calendar job still finds them.
 */
export async function afterRecords<T>(userIds: readonly string[], write: () => Promise<T> | T, now = new Date()): Promise<T> {
  await markDirty(userIds, now)
  const result = await write()
  await reconcileUsers(userIds, now)
  return result
}
