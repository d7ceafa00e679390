import { randomBytes, randomUUID } from 'node:crypto'
import { and, asc, eq, isNotNull, isNull } from 'drizzle-orm'
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
  users,
} from '#db/schema.ts'
import type { CourseModule } from '#app/domain/content-schema.ts'
import { DEFAULT_WEIGHTS } from '#app/roleplay/schema.ts'
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

/** The course and the scenarios as the rules see them. */
export function getCatalog(db: Db | Tx = getDb()): Catalog {
  const published = db.select().from(moduleVersions).all()
  const timeZone = getEnv().TIMEZONE
  const modules = new Map(
    loadModules().map((m) => {
      // Versions listed in the module's changes; when first served here, or else from the change's date.
      const versions = m.changes.map((c) => {
        const row = published.find((p) => p.moduleId === m.id && p.version === c.version)
        return { version: c.version, material: c.material, publishedAt: row?.publishedAt.getTime() ?? startOfDay(c.date, timeZone) }
      })
      return [m.id, { id: m.id, title: m.title, version: m.version, versions, questions: m.quiz.map((q) => ({ id: q.id, skill: q.skill })) }]
    }),
  )
  const scenarios = new Map(
    loadScenarios().map(({ script }) => [
      script.id,
      { id: script.id, title: script.title, difficulty: script.difficulty, skills: script.skills, weights: { ...DEFAULT_WEIGHTS, ...script.weights } },
    ]),
  )
  return { modules, scenarios }
}

export function rulesFor(certification: Certification, catalog: Catalog): Rules {
  return { certification, catalog, timeZone: getEnv().TIMEZONE }
}

/** Everything an agent has finished that certification rules read. */
function loadRecords(tx: Tx, userId: string): LoadedRecords {
  const reading = tx
    .select({ moduleId: moduleProgress.moduleId, at: moduleProgress.startedAt })
    .from(moduleProgress)
    .where(eq(moduleProgress.userId, userId))
    .all()
  const quizzes = tx
    .select({ moduleId: quizAttempts.moduleId, moduleVersion: quizAttempts.moduleVersion, passed: quizAttempts.passed, at: quizAttempts.submittedAt })
    .from(quizAttempts)
    .where(and(eq(quizAttempts.userId, userId), isNotNull(quizAttempts.submittedAt)))
    .all()
  const roleplays = tx
    .select({
      id: roleplayAttempts.id,
      scenarioId: roleplayAttempts.scenarioId,
      passed: roleplayAttempts.passed,
      at: roleplayAttempts.finishedAt,
      skills: roleplayAttempts.skills,
    })
    .from(roleplayAttempts)
    .where(and(eq(roleplayAttempts.userId, userId), eq(roleplayAttempts.status, 'finished')))
    .all()
  const drills = tx
    .select({ refresherKey: refreshers.key, passed: drillAttempts.passed, at: drillAttempts.submittedAt })
    .from(drillAttempts)
    .innerJoin(refreshers, eq(refreshers.id, drillAttempts.refresherId))
    .where(and(eq(drillAttempts.userId, userId), isNotNull(drillAttempts.submittedAt)))
    .all()
  const revocations = tx
    .select({ certificationId: certificates.certificationId, certificateKey: certificates.key, at: certificates.revokedAt, reason: certificates.revokeReason })
    .from(certificates)
    .where(and(eq(certificates.userId, userId), isNotNull(certificates.revokedAt)))
    .all()
  const lead = alias(users, 'lead')
  const assignments = tx
    .select({ assignment: refresherAssignments, by: lead.displayName })
    .from(refresherAssignments)
    .leftJoin(lead, eq(lead.id, refresherAssignments.assignedBy))
    .where(eq(refresherAssignments.userId, userId))
    .all()
  return {
    assignments: assignments.map(({ assignment: a, by }) => ({
      certificationId: a.certificationId,
      id: a.id,
      at: a.createdAt.getTime(),
      dueDate: a.dueDate,
      items: a.items as RefresherItem[],
      by: by ?? '',
      note: a.note,
    })),
    reading: reading.map((r) => ({ moduleId: r.moduleId, at: r.at.getTime() })),
    quizzes: quizzes.map((q) => ({ moduleId: q.moduleId, moduleVersion: q.moduleVersion, passed: Boolean(q.passed), at: q.at!.getTime() })),
    roleplays: roleplays.map((r) => ({ id: r.id, scenarioId: r.scenarioId, passed: Boolean(r.passed), at: r.at!.getTime(), skills: (r.skills ?? {}) as Partial<Record<Skill, number>> })),
    drills: drills.map((d) => ({ refresherKey: d.refresherKey, passed: Boolean(d.passed), at: d.at!.getTime() })),
    // NOTE: keys are unique per certification, not across them: revocations are filtered per certification by the caller.
    revocations: revocations.map((r) => ({ certificateKey: `${r.certificationId}\u0000${r.certificateKey}`, at: r.at!.getTime(), reason: r.reason ?? '' })),
  }
}

type LoadedRecords = Omit<Records, 'assignments'> & { assignments: (Records['assignments'][number] & { certificationId: string })[] }

function recordsFor(records: LoadedRecords, certificationId: string): Records {
  const prefix = `${certificationId}\u0000`
  return {
    ...records,
    assignments: records.assignments.filter((a) => a.certificationId === certificationId),
    revocations: records.revocations.filter((r) => r.certificateKey.startsWith(prefix)).map((r) => ({ ...r, certificateKey: r.certificateKey.slice(prefix.length) })),
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

interface Stored {
  standing: Standing
  certificateRows: CertificateRowWithPeriod[]
  refresherRows: RefresherRowSelect[]
}

function loadStored(tx: Tx, userId: string, certificationId: string): Stored {
  const row = tx
    .select()
    .from(certificationStandings)
    .where(and(eq(certificationStandings.userId, userId), eq(certificationStandings.certificationId, certificationId)))
    .get()
  const certificateRows = tx
    .select()
    .from(certificates)
    .where(and(eq(certificates.userId, userId), eq(certificates.certificationId, certificationId)))
    .orderBy(asc(certificates.issuedAt))
    .all()
  const refresherRows = tx
    .select()
    .from(refreshers)
    .where(and(eq(refreshers.userId, userId), eq(refreshers.certificationId, certificationId)))
    .orderBy(asc(refreshers.opensAt))
    .all()
  const standing: Standing = row
    ? { status: row.status, asOf: row.asOf.getTime(), certificates: certificateRows.map(toPeriod), refreshers: refresherRows.map(toRefresher) }
    : { ...INITIAL_STANDING }
  return { standing, certificateRows, refresherRows }
}

/** Crockford base32: no I, L, O or U, so a code read aloud or typed from paper survives. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'

/** 100 random bits as 20 base32 characters. */
export function newVerificationCode(): string {
  const bytes = randomBytes(13)
  let bits = 0n
  for (const b of bytes) bits = (bits << 8n) | BigInt(b)
  let out = ''
  for (let i = 0; i < 20; i++) out += ALPHABET[Number((bits >> BigInt(i * 5)) & 31n)]
  return out
}

/** A code as people type it (lower case, dashes, O for 0, I or L for 1) in its stored form. */
export function normalizeCode(input: string): string {
  return input
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1')
}

export function formatCode(code: string): string {
  return code.match(/.{1,5}/g)?.join('-') ?? code
}

function persist(tx: Tx, userId: string, certificationId: string, stored: Stored, standing: Standing, history: HistoryEntry[], now: Date) {
  tx.insert(certificationStandings)
    .values({ userId, certificationId, status: standing.status, asOf: new Date(standing.asOf ?? now.getTime()) })
    .onConflictDoUpdate({
      target: [certificationStandings.userId, certificationStandings.certificationId],
      set: { status: standing.status, asOf: new Date(standing.asOf ?? now.getTime()) },
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
    const existing = stored.certificateRows.find((r) => r.key === c.key)
    if (existing) {
      tx.update(certificates).set(values).where(eq(certificates.id, existing.id)).run()
    } else {
      tx.insert(certificates)
        .values({ id: randomUUID(), userId, certificationId, key: c.key, code: newVerificationCode(), issuedAt: new Date(c.issuedAt), issuedDate: c.issuedDate, ...values })
        .run()
    }
  }
  for (const r of standing.refreshers) {
    const done = { completedAt: r.completedAt === null ? null : new Date(r.completedAt), cancelledAt: r.cancelledAt === null ? null : new Date(r.cancelledAt) }
    const existing = stored.refresherRows.find((x) => x.key === r.key)
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
 * Brings an agent's standing on every certification up to `now` and stores what happened, in
 * one transaction. Runs on every page that shows a standing, so the calendar moves the state
 * even when nobody has done anything; running it twice changes nothing the second time.
 */
export function reconcileUser(userId: string, now = new Date(), only?: readonly string[]) {
  const certifications = loadCertifications().filter((c) => !only || only.includes(c.id))
  return getDb().transaction((tx) => {
    const catalog = getCatalog(tx)
    const records = loadRecords(tx, userId)
    return certifications.map((certification) => {
      const rules = rulesFor(certification, catalog)
      const mine = recordsFor(records, certification.id)
      const stored = loadStored(tx, userId, certification.id)
      const { standing, history } = advance(rules, mine, stored.standing, now)
      // Nothing happened since the last run: recomputing later from the older `asOf` gives the same answer.
      if (history.length > 0) persist(tx, userId, certification.id, stored, standing, history, now)
      return { certification, rules, records: mine, standing, history }
    })
  }, IMMEDIATE)
}

export type Reconciled = ReturnType<typeof reconcileUser>[number]

/** The stored rows of an agent's certificates and refreshers (ids and codes the rules do not know). */
export function getCertificationRows(userId: string) {
  const db = getDb()
  return {
    certificates: db.select().from(certificates).where(eq(certificates.userId, userId)).orderBy(asc(certificates.issuedAt)).all(),
    refreshers: db.select().from(refreshers).where(eq(refreshers.userId, userId)).orderBy(asc(refreshers.opensAt)).all(),
    history: db.select().from(certificationEvents).where(eq(certificationEvents.userId, userId)).orderBy(asc(certificationEvents.at), asc(certificationEvents.id)).all(),
  }
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
