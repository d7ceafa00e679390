/**
 * The scenario library, drafts, versions and the studio's audit log: queries only. The studio
 * service (app/studio/library.server.ts) decides what they mean.
 */
import { createHash } from 'node:crypto'
import { and, asc, desc, eq, isNotNull, max, sql } from 'drizzle-orm'
import { scenarioAudit, scenarioDrafts, scenarioLibrary, scenarioVersions, users } from '#db/tables.ts'
import type { ScenarioDefinition } from '#app/roleplay/validate.ts'
import { first, getDb, io, transaction, type Db, type Work } from '#app/utils/db.server.ts'

export type AuditAction = (typeof scenarioAudit.$inferInsert)['action']

export class DraftConflictError extends Error {
  constructor(
    readonly current: { revision: number; updatedBy: string | null; updatedAt: Date },
    message: string,
  ) {
    super(message)
  }
}
/** The draft is no longer the revision the editor started from: refuse, saying who saved it. */
function conflictWith(draft: { revision: number; updatedBy: string | null; updatedAt: Date } | undefined, now: Date, missing: string) {
  return draft
    ? new DraftConflictError(
        { revision: draft.revision, updatedBy: draft.updatedBy, updatedAt: draft.updatedAt },
        `the draft was saved by someone else meanwhile (revision ${draft.revision})`,
      )
    : new DraftConflictError({ revision: 0, updatedBy: null, updatedAt: now }, missing)
}

export class NoSuchScenarioError extends Error {}
export class ScenarioExistsError extends Error {}
export class ScenarioChangedError extends Error {}

export function checksumOf(definition: ScenarioDefinition) {
  return createHash('sha256').update(JSON.stringify(definition)).digest('hex')
}

export interface ShippedVersion {
  id: string
  version: number
  definition: ScenarioDefinition
  source: string
  file: string
}

/**
 * Enters shipped files into the library (set-up). A scenario the studio never published follows
 * its file: a new version is recorded and goes live; a changed script under the same version
 * number stops set-up. A scenario edited in the studio keeps its version; a newer file is
 * offered to the trainer instead (decision 013).
 */
export async function syncShippedVersions(shipped: readonly ShippedVersion[], now = new Date()) {
  const offered = await transaction(function* (tx) {
    // Built afresh by each run of the body (PostgreSQL may run it again).
    const offered: string[] = []
    for (const s of shipped) {
      const checksum = checksumOf(s.definition)
      const lib = yield* first(tx.select().from(scenarioLibrary).where(eq(scenarioLibrary.scenarioId, s.id)).limit(1))
      if (lib?.edited) {
        const known = yield* first(
          tx
            .select({ checksum: scenarioVersions.checksum })
            .from(scenarioVersions)
            .where(and(eq(scenarioVersions.scenarioId, s.id), eq(scenarioVersions.version, s.version), eq(scenarioVersions.origin, 'file')))
            .limit(1),
        )
        if (known?.checksum === checksum) continue
        if (lib.offeredVersion !== s.version || lib.offeredSource !== s.source) {
          yield* io(
            tx
              .update(scenarioLibrary)
              .set({ offeredVersion: s.version, offeredSource: s.source })
              .where(eq(scenarioLibrary.scenarioId, s.id)),
          )
        }
        offered.push(s.id)
        continue
      }
      const existing = yield* first(
        tx
          .select({ checksum: scenarioVersions.checksum, source: scenarioVersions.source })
          .from(scenarioVersions)
          .where(and(eq(scenarioVersions.scenarioId, s.id), eq(scenarioVersions.version, s.version)))
          .limit(1),
      )
      if (!existing) {
        yield* io(
          tx.insert(scenarioVersions).values({
            scenarioId: s.id,
            version: s.version,
            definition: s.definition,
            checksum,
            publishedAt: now,
            source: s.source,
            origin: 'file',
          }),
        )
      } else if (existing.checksum !== checksum) {
        throw new ScenarioChangedError(`${s.file}: changed since version ${s.version} was published; raise \`version\``)
      } else if (existing.source !== s.source) {
        // Comments and samples are not part of the definition: keep the file's latest text.
        yield* io(
          tx
            .update(scenarioVersions)
            .set({ source: s.source })
            .where(and(eq(scenarioVersions.scenarioId, s.id), eq(scenarioVersions.version, s.version))),
        )
      }
      if (!lib)
        yield* io(tx.insert(scenarioLibrary).values({ scenarioId: s.id, origin: 'shipped', currentVersion: s.version, createdAt: now }))
      else if ((lib.currentVersion ?? 0) < s.version)
        yield* io(tx.update(scenarioLibrary).set({ currentVersion: s.version }).where(eq(scenarioLibrary.scenarioId, s.id)))
    }
    return offered
  })
  return { offered }
}

export async function listLibrary() {
  return getDb().select().from(scenarioLibrary).orderBy(asc(scenarioLibrary.scenarioId))
}

export async function getLibraryEntry(scenarioId: string) {
  return (await getDb().select().from(scenarioLibrary).where(eq(scenarioLibrary.scenarioId, scenarioId)).limit(1))[0] ?? null
}

/** The live version of every published scenario. */
export async function listLiveVersions() {
  return (await getDb()
    .select({ scenarioId: scenarioLibrary.scenarioId, version: scenarioLibrary.currentVersion })
    .from(scenarioLibrary)
    .where(isNotNull(scenarioLibrary.currentVersion))
    .orderBy(asc(scenarioLibrary.scenarioId))) as { scenarioId: string; version: number }[]
}

export async function getVersionDefinition(scenarioId: string, version: number) {
  const [row] = await getDb()
    .select({ definition: scenarioVersions.definition })
    .from(scenarioVersions)
    .where(and(eq(scenarioVersions.scenarioId, scenarioId), eq(scenarioVersions.version, version)))
    .limit(1)
  return row ? (row.definition as ScenarioDefinition) : null
}

export async function getVersion(scenarioId: string, version: number) {
  const [row] = await getDb()
    .select({
      version: scenarioVersions.version,
      source: scenarioVersions.source,
      definition: scenarioVersions.definition,
      origin: scenarioVersions.origin,
      publishedAt: scenarioVersions.publishedAt,
      publishedBy: users.displayName,
    })
    .from(scenarioVersions)
    .leftJoin(users, eq(users.id, scenarioVersions.publishedBy))
    .where(and(eq(scenarioVersions.scenarioId, scenarioId), eq(scenarioVersions.version, version)))
    .limit(1)
  return row ?? null
}

export async function listVersions(scenarioId: string) {
  return getDb()
    .select({
      version: scenarioVersions.version,
      origin: scenarioVersions.origin,
      publishedAt: scenarioVersions.publishedAt,
      publishedBy: users.displayName,
      // true/false on PostgreSQL, 1/0 on SQLite: mapped to a boolean on both.
      hasSource: sql<boolean>`${scenarioVersions.source} is not null`.mapWith(Boolean),
    })
    .from(scenarioVersions)
    .leftJoin(users, eq(users.id, scenarioVersions.publishedBy))
    .where(eq(scenarioVersions.scenarioId, scenarioId))
    .orderBy(desc(scenarioVersions.version))
}

export async function getDraft(scenarioId: string) {
  const [row] = await getDb()
    .select({
      scenarioId: scenarioDrafts.scenarioId,
      source: scenarioDrafts.source,
      revision: scenarioDrafts.revision,
      baseVersion: scenarioDrafts.baseVersion,
      updatedAt: scenarioDrafts.updatedAt,
      updatedById: scenarioDrafts.updatedBy,
      updatedBy: users.displayName,
    })
    .from(scenarioDrafts)
    .leftJoin(users, eq(users.id, scenarioDrafts.updatedBy))
    .where(eq(scenarioDrafts.scenarioId, scenarioId))
    .limit(1)
  return row ?? null
}

export async function listDrafts() {
  return getDb()
    .select({
      scenarioId: scenarioDrafts.scenarioId,
      source: scenarioDrafts.source,
      revision: scenarioDrafts.revision,
      updatedAt: scenarioDrafts.updatedAt,
    })
    .from(scenarioDrafts)
}

function* audit(tx: Db, row: typeof scenarioAudit.$inferInsert): Work<void> {
  yield* io(tx.insert(scenarioAudit).values(row))
}

/** A new scenario (from the template, a duplicate or an import): its library entry and first draft. */
export async function createScenario(input: {
  scenarioId: string
  source: string
  by: string
  action: Extract<AuditAction, 'create' | 'duplicate' | 'import'>
  detail?: Record<string, unknown>
  now?: Date
}) {
  const now = input.now ?? new Date()
  await transaction(function* (tx) {
    const exists = yield* first(
      tx.select({ id: scenarioLibrary.scenarioId }).from(scenarioLibrary).where(eq(scenarioLibrary.scenarioId, input.scenarioId)).limit(1),
    )
    if (exists) throw new ScenarioExistsError(`a scenario "${input.scenarioId}" already exists`)
    yield* io(tx.insert(scenarioLibrary).values({ scenarioId: input.scenarioId, origin: 'studio', currentVersion: null, createdAt: now }))
    yield* io(
      tx.insert(scenarioDrafts).values({
        scenarioId: input.scenarioId,
        source: input.source,
        revision: 1,
        baseVersion: null,
        updatedBy: input.by,
        updatedAt: now,
      }),
    )
    yield* audit(tx, { scenarioId: input.scenarioId, action: input.action, revision: 1, by: input.by, at: now, detail: input.detail })
  })
}

/**
 * Saves a draft over the revision the editor loaded. A save based on an older revision (another
 * trainer saved in between) is refused, and nothing is written.
 */
export async function saveDraft(input: {
  scenarioId: string
  source: string
  /** The revision the editor started from; null when there was no draft yet. */
  revision: number | null
  baseVersion: number | null
  by: string
  action?: Extract<AuditAction, 'save' | 'import' | 'adopt-shipped' | 'add-phrase' | 'add-sample'>
  detail?: Record<string, unknown>
  now?: Date
}): Promise<{ revision: number }> {
  const now = input.now ?? new Date()
  return transaction(function* (tx) {
    const lib = yield* first(
      tx.select({ id: scenarioLibrary.scenarioId }).from(scenarioLibrary).where(eq(scenarioLibrary.scenarioId, input.scenarioId)).limit(1),
    )
    if (!lib) throw new NoSuchScenarioError(`no scenario "${input.scenarioId}"`)
    const current = yield* first(tx.select().from(scenarioDrafts).where(eq(scenarioDrafts.scenarioId, input.scenarioId)).limit(1))
    if ((current?.revision ?? null) !== input.revision) {
      if (!current)
        throw new DraftConflictError({ revision: 0, updatedBy: null, updatedAt: now }, 'the draft was published or discarded meanwhile')
      throw new DraftConflictError(
        { revision: current.revision, updatedBy: current.updatedBy, updatedAt: current.updatedAt },
        `the draft was saved by someone else meanwhile (revision ${current.revision})`,
      )
    }
    const revision = (current?.revision ?? 0) + 1
    if (current) {
      if (current.source === input.source) return { revision: current.revision }
      yield* io(
        tx
          .update(scenarioDrafts)
          .set({ source: input.source, revision, updatedBy: input.by, updatedAt: now })
          .where(eq(scenarioDrafts.scenarioId, input.scenarioId)),
      )
    } else {
      yield* io(
        tx.insert(scenarioDrafts).values({
          scenarioId: input.scenarioId,
          source: input.source,
          revision,
          baseVersion: input.baseVersion,
          updatedBy: input.by,
          updatedAt: now,
        }),
      )
    }
    yield* audit(tx, {
      scenarioId: input.scenarioId,
      action: input.action ?? 'save',
      revision,
      by: input.by,
      at: now,
      detail: input.detail,
    })
    return { revision }
  })
}

/**
 * Publishes a draft as the next version: the version row, the live pointer and the audit entry
 * in one transaction; the draft is then gone. `build` turns the version number into the source
 * and definition to store (the source carries its version).
 */
export async function publishDraft(input: {
  scenarioId: string
  revision: number
  by: string
  build: (version: number, source: string) => { source: string; definition: ScenarioDefinition }
  now?: Date
}): Promise<{ version: number }> {
  const now = input.now ?? new Date()
  return transaction(function* (tx) {
    const draft = yield* first(tx.select().from(scenarioDrafts).where(eq(scenarioDrafts.scenarioId, input.scenarioId)).limit(1))
    if (!draft || draft.revision !== input.revision) throw conflictWith(draft, now, 'there is no draft to publish')
    const lib = yield* first(tx.select().from(scenarioLibrary).where(eq(scenarioLibrary.scenarioId, input.scenarioId)).limit(1))
    const highest = yield* first(
      tx
        .select({ v: max(scenarioVersions.version) })
        .from(scenarioVersions)
        .where(eq(scenarioVersions.scenarioId, input.scenarioId)),
    )
    const version = Math.max(highest?.v ?? 0, lib?.offeredVersion ?? 0) + 1
    const { source, definition } = input.build(version, draft.source)
    yield* io(
      tx.insert(scenarioVersions).values({
        scenarioId: input.scenarioId,
        version,
        definition,
        checksum: checksumOf(definition),
        publishedAt: now,
        source,
        publishedBy: input.by,
        origin: 'studio',
      }),
    )
    yield* io(
      tx
        .update(scenarioLibrary)
        .set({ currentVersion: version, edited: true, offeredVersion: null, offeredSource: null })
        .where(eq(scenarioLibrary.scenarioId, input.scenarioId)),
    )
    yield* io(tx.delete(scenarioDrafts).where(eq(scenarioDrafts.scenarioId, input.scenarioId)))
    yield* audit(tx, { scenarioId: input.scenarioId, action: 'publish', version, revision: draft.revision, by: input.by, at: now })
    return { version }
  })
}

export async function discardDraft(input: { scenarioId: string; revision: number; by: string; now?: Date }) {
  const now = input.now ?? new Date()
  await transaction(function* (tx) {
    const draft = yield* first(tx.select().from(scenarioDrafts).where(eq(scenarioDrafts.scenarioId, input.scenarioId)).limit(1))
    if (!draft) return
    if (draft.revision !== input.revision) throw conflictWith(draft, now, 'there is no draft to discard')
    yield* io(tx.delete(scenarioDrafts).where(eq(scenarioDrafts.scenarioId, input.scenarioId)))
    yield* audit(tx, { scenarioId: input.scenarioId, action: 'discard', revision: draft.revision, by: input.by, at: now })
  })
}

export async function listAudit(scenarioId: string, limit = 50) {
  return getDb()
    .select({
      action: scenarioAudit.action,
      version: scenarioAudit.version,
      revision: scenarioAudit.revision,
      at: scenarioAudit.at,
      by: users.displayName,
      detail: scenarioAudit.detail,
    })
    .from(scenarioAudit)
    .leftJoin(users, eq(users.id, scenarioAudit.by))
    .where(eq(scenarioAudit.scenarioId, scenarioId))
    .orderBy(desc(scenarioAudit.at), desc(scenarioAudit.id))
    .limit(limit)
}
