import { randomBytes, randomUUID } from 'node:crypto'
import { and, asc, count, eq, inArray, isNotNull, isNull } from 'drizzle-orm'
import { alias } from 'drizzle-orm/sqlite-core'
import {
  certificates,
  certificationEvents,
  certificationStandings,
  drillAttempts,
  moduleProgress,
  moduleVersions,
  quizAttempts,
  refresherAssignments,
  refreshers,
  roleplayAttempts,
  scenarioLibrary,
  scenarioVersions,
  users,
} from '#db/schema.ts'
import type { CourseModule } from '#app/domain/content-schema.ts'
import { DEFAULT_WEIGHTS } from '#app/roleplay/schema.ts'
import type { ScenarioDefinition } from '#app/roleplay/validate.ts'
import type { Skill } from '#app/domain/skills.ts'
import {
  INITIAL_STANDING,
  advance,
  type Catalog,
  type CertificatePeriod,
  type HistoryEntry,
  type Records,
  type Refresher,
  type RefresherItem,
  type RefresherReason,
  type Rules,
  type Standing,
} from '#app/certification/rules.ts'
import type { Certification } from '#app/certification/schema.ts'
import { CODE_ALPHABET, CODE_LENGTH, normalizeCode } from '#app/certification/codes.ts'
import { loadCertifications } from '#app/certification/certifications.server.ts'
import { loadScenarios } from '#app/roleplay/scenarios.server.ts'
import { startOfDay } from '#app/domain/calendar.ts'
import { loadModules } from '#app/utils/content.server.ts'
import { IMMEDIATE, getDb, type Db } from '#app/utils/db.server.ts'
import { getEnv } from '#app/utils/env.server.ts'

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0]

/**
 * Records the current version of every module, once, with the moment this installation first
 * served it: a material change reaches certified agents from then.
 */
export function publishModuleVersions(modules: readonly CourseModule[], now = new Date()) {
  catalogCache = undefined
  getDb().transaction((tx) => {
    for (const m of modules) {
      const change = m.changes.find((c) => c.version === m.version)
      tx.insert(moduleVersions)
        .values({ moduleId: m.id, version: m.version, material: change?.material ?? true, publishedAt: now })
        .onConflictDoNothing()
        .run()
    }
  })
}

let catalogCache: Catalog | undefined

/**
 * The course and the scenarios as the rules see them. Read once per process, like the course
 * itself: module versions are published only at set-up, before the server starts.
 */
export function getCatalog(): Catalog {
  catalogCache ??= readCatalog()
  return catalogCache
}

/** Publishing a scenario in the studio changes what the rules know of it. */
export function invalidateCatalog() {
  catalogCache = undefined
}

function readCatalog(): Catalog {
  const published = getDb().select().from(moduleVersions).all()
  const timeZone = getEnv().TIMEZONE
  const modules = new Map(
    loadModules().map((m) => {
      // Versions listed in the module's changes; when first served here, or else from the change's date.
      const versions = m.changes.map((c) => {
        const row = published.find((p) => p.moduleId === m.id && p.version === c.version)
        return { version: c.version, material: c.material, publishedAt: row?.publishedAt.getTime() ?? startOfDay(c.date, timeZone) }
      })
      return [
        m.id,
        { id: m.id, title: m.title, version: m.version, versions, questions: m.quiz.map((q) => ({ id: q.id, skill: q.skill })) },
      ]
    }),
  )
  // The live version of every scenario in the library: shipped files and the studio's alike.
  const live = getDb()
    .select({ definition: scenarioVersions.definition })
    .from(scenarioLibrary)
    .innerJoin(
      scenarioVersions,
      and(eq(scenarioVersions.scenarioId, scenarioLibrary.scenarioId), eq(scenarioVersions.version, scenarioLibrary.currentVersion)),
    )
    .all()
    .map((r) => r.definition as ScenarioDefinition)
  const scenarios = new Map(
    (live.length ? live : loadScenarios()).map(({ script }) => [
      script.id,
      {
        id: script.id,
        title: script.title,
        difficulty: script.difficulty,
        skills: script.skills,
        weights: { ...DEFAULT_WEIGHTS, ...script.weights },
      },
    ]),
  )
  return { modules, scenarios }
}

export function rulesFor(certification: Certification, catalog: Catalog): Rules {
  return { certification, catalog, timeZone: getEnv().TIMEZONE }
}

type PerCertification<T> = T & { certificationId: string }
/** Records of one agent across certifications: revocations and assignments say which they belong to. */
type LoadedRecords = Omit<Records, 'revocations' | 'assignments'> & {
  revocations: PerCertification<Records['revocations'][number]>[]
  assignments: PerCertification<Records['assignments'][number]>[]
}

function groupBy<T extends { userId: string }>(rows: readonly T[]) {
  const out = new Map<string, T[]>()
  for (const r of rows) out.set(r.userId, [...(out.get(r.userId) ?? []), r])
  return (userId: string) => out.get(userId) ?? []
}

/** Everything some agents have finished that certification rules read, one query per kind. */
function loadRecords(tx: Tx, userIds: string[]): (userId: string) => LoadedRecords {
  const reading = groupBy(
    tx
      .select({ userId: moduleProgress.userId, moduleId: moduleProgress.moduleId, at: moduleProgress.startedAt })
      .from(moduleProgress)
      .where(inArray(moduleProgress.userId, userIds))
      .all(),
  )
  const quizzes = groupBy(
    tx
      .select({
        userId: quizAttempts.userId,
        moduleId: quizAttempts.moduleId,
        moduleVersion: quizAttempts.moduleVersion,
        passed: quizAttempts.passed,
        at: quizAttempts.submittedAt,
      })
      .from(quizAttempts)
      .where(and(inArray(quizAttempts.userId, userIds), isNotNull(quizAttempts.submittedAt)))
      .all(),
  )
  const roleplays = groupBy(
    tx
      .select({
        userId: roleplayAttempts.userId,
        id: roleplayAttempts.id,
        scenarioId: roleplayAttempts.scenarioId,
        mode: roleplayAttempts.mode,
        passed: roleplayAttempts.passed,
        reviewedPassed: roleplayAttempts.reviewedPassed,
        reviewedAt: roleplayAttempts.reviewedAt,
        at: roleplayAttempts.finishedAt,
        skills: roleplayAttempts.skills,
      })
      .from(roleplayAttempts)
      .where(and(inArray(roleplayAttempts.userId, userIds), eq(roleplayAttempts.status, 'finished')))
      .all(),
  )
  const drills = groupBy(
    tx
      .select({ userId: drillAttempts.userId, refresherKey: refreshers.key, passed: drillAttempts.passed, at: drillAttempts.submittedAt })
      .from(drillAttempts)
      .innerJoin(refreshers, eq(refreshers.id, drillAttempts.refresherId))
      .where(and(inArray(drillAttempts.userId, userIds), isNotNull(drillAttempts.submittedAt)))
      .all(),
  )
  const revocations = groupBy(
    tx
      .select({
        userId: certificates.userId,
        certificationId: certificates.certificationId,
        certificateKey: certificates.key,
        at: certificates.revokedAt,
        reason: certificates.revokeReason,
      })
      .from(certificates)
      .where(and(inArray(certificates.userId, userIds), isNotNull(certificates.revokedAt)))
      .all(),
  )
  const lead = alias(users, 'lead')
  const assignments = groupBy(
    tx
      .select({ userId: refresherAssignments.userId, assignment: refresherAssignments, by: lead.displayName })
      .from(refresherAssignments)
      .leftJoin(lead, eq(lead.id, refresherAssignments.assignedBy))
      .where(inArray(refresherAssignments.userId, userIds))
      .all(),
  )
  return (userId) => ({
    reading: reading(userId).map((r) => ({ moduleId: r.moduleId, at: r.at.getTime() })),
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
    assignments: assignments(userId).map(({ assignment: a, by }) => ({
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

/** The records one certification's rules read. */
function recordsFor(records: LoadedRecords, certificationId: string): Records {
  return {
    ...records,
    revocations: records.revocations.filter((r) => r.certificationId === certificationId),
    assignments: records.assignments.filter((a) => a.certificationId === certificationId),
  }
}

type CertificateRowWithPeriod = typeof certificates.$inferSelect
type RefresherRowSelect = typeof refreshers.$inferSelect

function toPeriod(row: CertificateRowWithPeriod): CertificatePeriod {
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

function toRefresher(row: RefresherRowSelect): Refresher {
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
function loadRows(tx: Tx, userIds: string[]) {
  return {
    standings: groupBy(tx.select().from(certificationStandings).where(inArray(certificationStandings.userId, userIds)).all()),
    certificates: groupBy(
      tx.select().from(certificates).where(inArray(certificates.userId, userIds)).orderBy(asc(certificates.issuedAt)).all(),
    ),
    refreshers: groupBy(tx.select().from(refreshers).where(inArray(refreshers.userId, userIds)).orderBy(asc(refreshers.opensAt)).all()),
    history: groupBy(
      tx
        .select()
        .from(certificationEvents)
        .where(inArray(certificationEvents.userId, userIds))
        .orderBy(asc(certificationEvents.at), asc(certificationEvents.id))
        .all(),
    ),
  }
}

type Rows = ReturnType<typeof loadRows>

/** One agent's standing on one certification, brought up to date, with its stored rows (ids and codes the rules do not know). */
export interface Reconciled {
  certification: Certification
  rules: Rules
  records: Records
  standing: Standing
  history: HistoryEntry[]
  rows: Omit<ReturnType<typeof rowsOf>, 'standing'>
}

function rowsOf(rows: Rows, userId: string, certificationId: string) {
  const mine = <T extends { certificationId: string }>(list: readonly T[]) => list.filter((r) => r.certificationId === certificationId)
  return {
    standing: mine(rows.standings(userId))[0],
    certificates: mine(rows.certificates(userId)),
    refreshers: mine(rows.refreshers(userId)),
    history: mine(rows.history(userId)),
  }
}

function standingOf(stored: ReturnType<typeof rowsOf>): Standing {
  return stored.standing
    ? {
        status: stored.standing.status,
        asOf: stored.standing.asOf.getTime(),
        certificates: stored.certificates.map(toPeriod),
        refreshers: stored.refreshers.map(toRefresher),
      }
    : { ...INITIAL_STANDING }
}

/** 100 random bits as a verification code. */
export function newVerificationCode(): string {
  const bytes = randomBytes(13)
  let bits = 0n
  for (const b of bytes) bits = (bits << 8n) | BigInt(b)
  let out = ''
  for (let i = 0; i < CODE_LENGTH; i++) out += CODE_ALPHABET[Number((bits >> BigInt(i * 5)) & 31n)]
  return out
}

function persist(
  tx: Tx,
  userId: string,
  certificationId: string,
  stored: ReturnType<typeof rowsOf>,
  standing: Standing,
  history: HistoryEntry[],
) {
  tx.insert(certificationStandings)
    .values({ userId, certificationId, status: standing.status, asOf: new Date(standing.asOf!) })
    .onConflictDoUpdate({
      target: [certificationStandings.userId, certificationStandings.certificationId],
      set: { status: standing.status, asOf: new Date(standing.asOf!) },
    })
    .run()
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
      tx.update(certificates).set(values).where(eq(certificates.id, existing.id)).run()
    } else {
      tx.insert(certificates)
        .values({
          id: randomUUID(),
          userId,
          certificationId,
          key: c.key,
          code: newVerificationCode(),
          issuedAt: new Date(c.issuedAt),
          issuedDate: c.issuedDate,
          ...values,
        })
        .run()
    }
  }
  for (const r of standing.refreshers) {
    const done = {
      completedAt: r.completedAt === null ? null : new Date(r.completedAt),
      cancelledAt: r.cancelledAt === null ? null : new Date(r.cancelledAt),
    }
    const existing = stored.refreshers.find((x) => x.key === r.key)
    if (existing) {
      tx.update(refreshers).set(done).where(eq(refreshers.id, existing.id)).run()
    } else {
      tx.insert(refreshers)
        .values({
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
        })
        .run()
    }
  }
  if (history.length) {
    tx.insert(certificationEvents)
      .values(history.map((h) => ({ userId, certificationId, at: new Date(h.at), fromStatus: h.from, toStatus: h.to, cause: h.cause })))
      .run()
  }
}

/**
 * Brings agents' standings on every certification (or those in `only`) up to `now` and stores
 * what happened, with one query per kind of record for all of them. Runs on every page that
 * shows a standing, so the calendar moves the state even when nobody has done anything; running
 * it twice changes nothing the second time. Each result carries the stored rows as they are
 * afterwards.
 *
 * The rules run first in a read transaction (a snapshot; no lock that blocks writers). Only when
 * something changed are they run again under the write lock and stored, so viewing a page whose
 * standings are current never takes the write lock.
 */
export function reconcileUsers(userIds: readonly string[], now = new Date(), only?: readonly string[]): Map<string, Reconciled[]> {
  const ids = [...new Set(userIds)]
  if (ids.length === 0) return new Map()
  const certifications = loadCertifications().filter((c) => !only || only.includes(c.id))
  const catalog = getCatalog()
  const run = (tx: Tx, write: boolean) => {
    const recordsOf = loadRecords(tx, ids)
    const before = loadRows(tx, ids)
    const results = ids.map((userId) => {
      const list = certifications.map((certification) => {
        const rules = rulesFor(certification, catalog)
        const records = recordsFor(recordsOf(userId), certification.id)
        const stored = rowsOf(before, userId, certification.id)
        const { standing, history } = advance(rules, records, standingOf(stored), now)
        // Nothing happened since the last run: recomputing later from the older `asOf` gives the same answer.
        if (write && history.length > 0) persist(tx, userId, certification.id, stored, standing, history)
        return { certification, rules, records, standing, history }
      })
      return { userId, list, changed: list.some((r) => r.history.length > 0) }
    })
    if (!write && results.some((r) => r.changed)) return null
    // Rows as stored now: read again only for agents whose standing changed.
    const changedIds = results.filter((r) => r.changed).map((r) => r.userId)
    const after = changedIds.length ? loadRows(tx, changedIds) : before
    return new Map(
      results.map(({ userId, list, changed }) => [
        userId,
        list.map((r) => ({ ...r, rows: rowsOf(changed ? after : before, userId, r.certification.id) })),
      ]),
    )
  }
  const current = getDb().transaction((tx) => run(tx, false), { behavior: 'deferred' })
  return current ?? getDb().transaction((tx) => run(tx, true)!, IMMEDIATE)
}

/** One agent's standings, brought up to date (see reconcileUsers). */
export function reconcileUser(userId: string, now = new Date(), only?: readonly string[]) {
  return reconcileUsers([userId], now, only).get(userId)!
}

export function getCertificateByCode(code: string) {
  const row = getDb()
    .select({ certificate: certificates, holder: { id: users.id, displayName: users.displayName, teamId: users.teamId } })
    .from(certificates)
    .innerJoin(users, eq(users.id, certificates.userId))
    .where(eq(certificates.code, normalizeCode(code)))
    .get()
  return row ?? null
}

export function getCertificateById(id: string) {
  const row = getDb()
    .select({ certificate: certificates, holder: { id: users.id, displayName: users.displayName, teamId: users.teamId } })
    .from(certificates)
    .innerJoin(users, eq(users.id, certificates.userId))
    .where(eq(certificates.id, id))
    .get()
  return row ?? null
}

export function getRefresher(id: string) {
  return getDb().select().from(refreshers).where(eq(refreshers.id, id)).get() ?? null
}

/**
 * Revokes a certificate that is still in force. The revocation is a record (who, when, why);
 * the rules then end the certificate and the agent's standing. Returns false when the
 * certificate had already ended or been revoked.
 */
export function revokeCertificate(input: { certificateId: string; by: string; reason: string; now?: Date }): boolean {
  const now = input.now ?? new Date()
  const changed = getDb()
    .update(certificates)
    .set({ revokedAt: now, revokedBy: input.by, revokeReason: input.reason })
    .where(and(eq(certificates.id, input.certificateId), isNull(certificates.endedAt), isNull(certificates.revokedAt)))
    .run()
  return changed.changes === 1
}

/**
 * Stores a refresher a lead sets for an agent. The form's client id makes a resent submission
 * count once. Returns whether this call stored it.
 */
export function assignRefresher(input: {
  userId: string
  certificationId: string
  assignedBy: string
  clientId: string
  items: RefresherItem[]
  dueDate: string
  note: string
  now?: Date
}): boolean {
  const { now = new Date(), ...values } = input
  const result = getDb()
    .insert(refresherAssignments)
    .values({ id: randomUUID(), ...values, createdAt: now })
    .onConflictDoNothing({ target: refresherAssignments.clientId })
    .run()
  return result.changes === 1
}

/** How many certificates were ever issued here (they were signed with the issuer key). */
export async function countCertificates(): Promise<number> {
  return getDb().select({ n: count() }).from(certificates).get()?.n ?? 0
}
