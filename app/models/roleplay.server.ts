import { randomInt, randomUUID } from 'node:crypto'
import { and, asc, desc, eq, inArray, lt, sql } from 'drizzle-orm'
import { roleplayAttempts, roleplayEvents, roleplayRescores, unrecognisedReplies, users } from '#db/tables.ts'
import type { LoggedEvent, Mode, ReplyEvent, Scenario } from '#app/roleplay/engine.ts'
import { affected, forUpdate, getDb, io, prepared, transaction, type Db } from '#app/utils/db.server.ts'
import { JUDGE_VERSION } from '#app/judge/version.ts'
import { markDirtyIn } from './standings.server.ts'

export async function startAttempt(userId: string, scenario: Scenario, mode: Mode, now = new Date()) {
  const id = randomUUID()
  await getDb()
    .insert(roleplayAttempts)
    .values({
      id,
      userId,
      scenarioId: scenario.script.id,
      scenarioVersion: scenario.script.version,
      mode,
      seed: randomInt(0, 2 ** 31),
      status: 'active',
      judgeVersion: JUDGE_VERSION,
      startedAt: now,
      lastMessageAt: now,
    })
  return id
}

export async function getAttempt(id: string) {
  const row = prepared('roleplay.attempt', (db) =>
    db
      .select({ attempt: roleplayAttempts, owner: { id: users.id, teamId: users.teamId, displayName: users.displayName } })
      .from(roleplayAttempts)
      .innerJoin(users, eq(users.id, roleplayAttempts.userId))
      .where(eq(roleplayAttempts.id, sql.placeholder('id'))),
  ).get({ id })
  return (await row) ?? null
}

export function toReplyEvent(e: { text: string | null; choice: string | null; latencyMs: number }): ReplyEvent {
  return { type: 'trainee.reply', ...(e.choice !== null ? { choice: e.choice } : { text: e.text ?? '' }), latencyMs: e.latencyMs }
}

type EventKind = 'reply' | 'patience'

/** A stored event as the machine replays it. */
export function toLoggedEvent(e: { kind: EventKind; text: string | null; choice: string | null; latencyMs: number }): LoggedEvent {
  return e.kind === 'patience' ? { type: 'patience.expired', latencyMs: e.latencyMs } : toReplyEvent(e)
}

function listEventRows(attemptId: string, tx?: Db) {
  return prepared('roleplay.events', (db) =>
    db
      .select({ kind: roleplayEvents.kind, text: roleplayEvents.text, choice: roleplayEvents.choice, latencyMs: roleplayEvents.latencyMs })
      .from(roleplayEvents)
      .where(eq(roleplayEvents.attemptId, sql.placeholder('id')))
      .orderBy(asc(roleplayEvents.seq)),
  ).all({ id: attemptId }, tx)
}

export async function listAttemptEvents(attemptId: string): Promise<LoggedEvent[]> {
  return (await listEventRows(attemptId)).map(toLoggedEvent)
}

export interface Judged {
  accepted: boolean
  done: boolean
  outcome: 'resolved' | 'escalated' | 'left-angry' | 'breach' | null
  total: number
  passed: boolean
  skills: Record<string, number>
  /** A free-text reply for the studio's inbox (it fell to `otherwise`, or the judge found it ambiguous): stored with the event. */
  unrecognised?: { beat: string; text: string; reason: 'otherwise' | 'ambiguous' } | null
}

export type AppendResult =
  | { status: 'appended'; judged: Judged }
  | { status: 'duplicate' }
  | { status: 'finished' }
  | { status: 'stale'; eventCount: number }
  | { status: 'rejected' }

/**
 * Appends one reply to an attempt's log and stores its effects, in one transaction.
 * `judge` replays the log with the new event (pure and synchronous) and says whether the
 * event is acceptable and where the attempt stands. A reply whose client id is already in the
 * log counts once; a reply written against an older state (`afterSeq`, e.g. from a second
 * tab) is refused, so the log cannot fork.
 */
export async function appendReply(input: {
  attemptId: string
  clientId: string
  afterSeq: number
  /** `patience`: the customer's patience ran out while the trainee was silent (no text, no choice). */
  kind?: EventKind
  text?: string
  choice?: string
  now?: Date
  judge: (events: LoggedEvent[]) => Judged
}): Promise<AppendResult> {
  const now = input.now ?? new Date()
  // The statements of the hot path are prepared once per connection. The attempt's row is read
  // FOR UPDATE on PostgreSQL: a second tab's reply waits for this one, then finds it stale.
  const q = {
    attempt: prepared('roleplay.append.attempt', (db) =>
      forUpdate(
        db
          .select()
          .from(roleplayAttempts)
          .where(eq(roleplayAttempts.id, sql.placeholder('id'))),
      ),
    ),
    seen: prepared('roleplay.append.seen', (db) =>
      db
        .select({ seq: roleplayEvents.seq })
        .from(roleplayEvents)
        .where(and(eq(roleplayEvents.attemptId, sql.placeholder('id')), eq(roleplayEvents.clientId, sql.placeholder('clientId')))),
    ),
    insert: prepared('roleplay.append.insert', (db) =>
      db.insert(roleplayEvents).values({
        attemptId: sql.placeholder('attemptId'),
        seq: sql.placeholder('seq'),
        clientId: sql.placeholder('clientId'),
        kind: sql.placeholder('kind'),
        text: sql.placeholder('text'),
        choice: sql.placeholder('choice'),
        latencyMs: sql.placeholder('latencyMs'),
        at: sql.placeholder('at'),
      }),
    ),
    // A resent reply is refused as a duplicate before it is judged; the unique (attempt, seq) guards the rest.
    unrecognised: prepared('roleplay.append.unrecognised', (db) =>
      db
        .insert(unrecognisedReplies)
        .values({
          attemptId: sql.placeholder('attemptId'),
          seq: sql.placeholder('seq'),
          scenarioId: sql.placeholder('scenarioId'),
          scenarioVersion: sql.placeholder('scenarioVersion'),
          beat: sql.placeholder('beat'),
          text: sql.placeholder('text'),
          reason: sql.placeholder('reason'),
          at: sql.placeholder('at'),
        })
        .onConflictDoNothing(),
    ),
  }
  return transaction(
    function* (tx) {
      const attempt = yield* io(q.attempt.get({ id: input.attemptId }, tx))
      if (!attempt) return { status: 'rejected' } as const
      if (yield* io(q.seen.get({ id: input.attemptId, clientId: input.clientId }, tx))) return { status: 'duplicate' } as const
      if (attempt.status !== 'active') return { status: 'finished' } as const
      if (input.afterSeq !== attempt.eventCount) return { status: 'stale', eventCount: attempt.eventCount } as const
      const latencyMs = Math.max(0, now.getTime() - attempt.lastMessageAt.getTime())
      const previous = yield* io(listEventRows(input.attemptId, tx))
      const kind: EventKind = input.kind ?? 'reply'
      const event =
        kind === 'patience'
          ? { kind, text: null, choice: null, latencyMs }
          : { kind, text: input.text ?? null, choice: input.choice ?? null, latencyMs }
      const judged = input.judge([...previous.map(toLoggedEvent), toLoggedEvent(event)])
      if (!judged.accepted) return { status: 'rejected' } as const
      const seq = attempt.eventCount + 1
      yield* io(q.insert.run({ attemptId: attempt.id, seq, clientId: input.clientId, ...event, at: now }, tx))
      yield* io(
        tx
          .update(roleplayAttempts)
          .set({
            eventCount: seq,
            lastMessageAt: now,
            total: judged.total,
            skills: judged.skills,
            ...(judged.done ? { status: 'finished' as const, outcome: judged.outcome, passed: judged.passed, finishedAt: now } : {}),
          })
          .where(eq(roleplayAttempts.id, attempt.id)),
      )
      // A finished role-play changes the agent's standing and summary: refreshed right after (decision 015).
      if (judged.done) yield* markDirtyIn(tx, attempt.userId, now)
      if (judged.unrecognised)
        yield* io(
          q.unrecognised.run(
            {
              attemptId: attempt.id,
              seq,
              scenarioId: attempt.scenarioId,
              scenarioVersion: attempt.scenarioVersion,
              ...judged.unrecognised,
              at: now,
            },
            tx,
          ),
        )
      return { status: 'appended', judged } as const
    },
    { isolation: 'read committed' },
  )
}

/** A user's unfinished attempts, most recently active first: the scenario list offers to resume them. */
export async function listOpenAttempts(userId: string) {
  return getDb()
    .select({
      id: roleplayAttempts.id,
      scenarioId: roleplayAttempts.scenarioId,
      mode: roleplayAttempts.mode,
      // Replies only: a live nudge is in the log too.
      replies:
        sql<number>`(select count(*) from ${roleplayEvents} where ${roleplayEvents.attemptId} = ${roleplayAttempts.id} and ${roleplayEvents.kind} = 'reply')`.mapWith(
          Number,
        ),
      lastMessageAt: roleplayAttempts.lastMessageAt,
    })
    .from(roleplayAttempts)
    .where(and(eq(roleplayAttempts.userId, userId), eq(roleplayAttempts.status, 'active')))
    .orderBy(desc(roleplayAttempts.lastMessageAt))
}

/**
 * Gives up an unfinished attempt of the user's: it is kept, marked abandoned, and counts nowhere.
 * Returns false when there is no such active attempt (already finished, abandoned, or not theirs).
 */
export async function abandonAttempt(userId: string, attemptId: string, now = new Date()) {
  const result = await getDb()
    .update(roleplayAttempts)
    .set({ status: 'abandoned', finishedAt: now })
    .where(and(eq(roleplayAttempts.id, attemptId), eq(roleplayAttempts.userId, userId), eq(roleplayAttempts.status, 'active')))
  return affected(result) > 0
}

/** A user's finished attempts, newest first. */
export async function listFinishedAttempts(userId: string) {
  return getDb()
    .select()
    .from(roleplayAttempts)
    .where(and(eq(roleplayAttempts.userId, userId), eq(roleplayAttempts.status, 'finished')))
    .orderBy(desc(roleplayAttempts.finishedAt))
}

/** Finished role-plays of some users (or of everyone when no ids are given), newest first, with the judge's score and the latest review. */
export async function listFinishedAttemptsOf(userIds: readonly string[] | null, limit = 50) {
  const finished = eq(roleplayAttempts.status, 'finished')
  return getDb()
    .select({
      id: roleplayAttempts.id,
      scenarioId: roleplayAttempts.scenarioId,
      scenarioVersion: roleplayAttempts.scenarioVersion,
      mode: roleplayAttempts.mode,
      total: roleplayAttempts.total,
      passed: roleplayAttempts.passed,
      reviewedTotal: roleplayAttempts.reviewedTotal,
      reviewedPassed: roleplayAttempts.reviewedPassed,
      reviewedAt: roleplayAttempts.reviewedAt,
      finishedAt: roleplayAttempts.finishedAt,
      displayName: users.displayName,
    })
    .from(roleplayAttempts)
    .innerJoin(users, eq(users.id, roleplayAttempts.userId))
    .where(userIds ? and(finished, inArray(roleplayAttempts.userId, [...userIds])) : finished)
    .orderBy(desc(roleplayAttempts.finishedAt))
    .limit(limit)
}

/** Attempts scored by an older judge than `version`, with their stored result. */
export async function listAttemptsJudgedBefore(version: number) {
  return getDb()
    .select({
      id: roleplayAttempts.id,
      scenarioId: roleplayAttempts.scenarioId,
      scenarioVersion: roleplayAttempts.scenarioVersion,
      mode: roleplayAttempts.mode,
      seed: roleplayAttempts.seed,
      status: roleplayAttempts.status,
      outcome: roleplayAttempts.outcome,
      total: roleplayAttempts.total,
      passed: roleplayAttempts.passed,
      judgeVersion: roleplayAttempts.judgeVersion,
    })
    .from(roleplayAttempts)
    .where(lt(roleplayAttempts.judgeVersion, version))
}

type Result = { outcome: 'resolved' | 'escalated' | 'left-angry' | 'breach' | null; total: number | null; passed: boolean | null }

/**
 * Stores an attempt's score under a newer judge, in one transaction with the record of why it
 * moved (nothing is recorded when it did not).
 */
export async function recordRescore(input: {
  attemptId: string
  fromJudge: number
  toJudge: number
  reason: string
  before: Result
  after: Result & { skills: Record<string, number> }
  now: Date
}) {
  const changed =
    input.before.outcome !== input.after.outcome || input.before.total !== input.after.total || input.before.passed !== input.after.passed
  await transaction(function* (tx) {
    yield* io(
      tx
        .update(roleplayAttempts)
        .set({
          judgeVersion: input.toJudge,
          ...(changed
            ? { outcome: input.after.outcome, total: input.after.total, passed: input.after.passed, skills: input.after.skills }
            : {}),
        })
        .where(eq(roleplayAttempts.id, input.attemptId)),
    )
    if (changed) {
      const { skills: _skills, ...after } = input.after
      yield* io(
        tx.insert(roleplayRescores).values({
          attemptId: input.attemptId,
          fromJudge: input.fromJudge,
          toJudge: input.toJudge,
          reason: input.reason,
          before: input.before,
          after,
          at: input.now,
        }),
      )
    }
  })
  return changed
}

export async function listRescores(attemptId: string) {
  return getDb().select().from(roleplayRescores).where(eq(roleplayRescores.attemptId, attemptId)).orderBy(asc(roleplayRescores.id))
}
