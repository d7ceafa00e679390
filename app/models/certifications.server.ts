import { randomUUID } from 'node:crypto'
import { and, count, eq, isNull } from 'drizzle-orm'
import { certificates, moduleVersions, refresherAssignments, refreshers, scenarioLibrary, scenarioVersions, users } from '#db/tables.ts'
import type { CourseModule } from '#app/domain/content-schema.ts'
import type { ScenarioDefinition } from '#app/roleplay/validate.ts'
import type { RefresherItem } from '#app/certification/rules.ts'
import { normalizeCode } from '#app/certification/codes.ts'
import { affected, getDb, io, transaction } from '#app/utils/db.server.ts'

/**
 * Records the current version of every module, once, with the moment this installation first
 * served it: a material change reaches certified agents from then.
 */
export async function publishModuleVersions(modules: readonly CourseModule[], now = new Date()) {
  await transaction(function* (tx) {
    for (const m of modules) {
      const change = m.changes.find((c) => c.version === m.version)
      yield* io(
        tx
          .insert(moduleVersions)
          .values({ moduleId: m.id, version: m.version, material: change?.material ?? true, publishedAt: now })
          .onConflictDoNothing(),
      )
    }
  })
}

/** What the catalog is built from: every module version first served here, and the live version of every scenario. */
export async function readCatalogRows() {
  const published = await getDb().select().from(moduleVersions)
  const live = await getDb()
    .select({ definition: scenarioVersions.definition })
    .from(scenarioLibrary)
    .innerJoin(
      scenarioVersions,
      and(eq(scenarioVersions.scenarioId, scenarioLibrary.scenarioId), eq(scenarioVersions.version, scenarioLibrary.currentVersion)),
    )
  return { published, live: live.map((r) => r.definition as ScenarioDefinition) }
}

export async function getCertificateByCode(code: string) {
  const [row] = await getDb()
    .select({ certificate: certificates, holder: { id: users.id, displayName: users.displayName, teamId: users.teamId } })
    .from(certificates)
    .innerJoin(users, eq(users.id, certificates.userId))
    .where(eq(certificates.code, normalizeCode(code)))
    .limit(1)
  return row ?? null
}

export async function getCertificateById(id: string) {
  const [row] = await getDb()
    .select({ certificate: certificates, holder: { id: users.id, displayName: users.displayName, teamId: users.teamId } })
    .from(certificates)
    .innerJoin(users, eq(users.id, certificates.userId))
    .where(eq(certificates.id, id))
    .limit(1)
  return row ?? null
}

export async function getRefresher(id: string) {
  const [row] = await getDb().select().from(refreshers).where(eq(refreshers.id, id)).limit(1)
  return row ?? null
}

/**
 * Revokes a certificate that is still in force. The revocation is a record (who, when, why);
 * the rules then end the certificate and the agent's standing. Returns false when the
 * certificate had already ended or been revoked.
 */
export async function revokeCertificate(input: { certificateId: string; by: string; reason: string; now?: Date }): Promise<boolean> {
  const now = input.now ?? new Date()
  const changed = await getDb()
    .update(certificates)
    .set({ revokedAt: now, revokedBy: input.by, revokeReason: input.reason })
    .where(and(eq(certificates.id, input.certificateId), isNull(certificates.endedAt), isNull(certificates.revokedAt)))
  return affected(changed) === 1
}

/**
 * Stores a refresher a lead sets for an agent. The form's client id makes a resent submission
 * count once. Returns whether this call stored it.
 */
export async function assignRefresher(input: {
  userId: string
  certificationId: string
  assignedBy: string
  clientId: string
  items: RefresherItem[]
  dueDate: string
  note: string
  now?: Date
}): Promise<boolean> {
  const { now = new Date(), ...values } = input
  const result = await getDb()
    .insert(refresherAssignments)
    .values({ id: randomUUID(), ...values, createdAt: now })
    .onConflictDoNothing({ target: refresherAssignments.clientId })
  return affected(result) === 1
}

/** How many certificates were ever issued here (they were signed with the issuer key). */
export async function countCertificates(): Promise<number> {
  const [row] = await getDb().select({ n: count() }).from(certificates)
  return row?.n ?? 0
}
