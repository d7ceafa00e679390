import { startOfDay } from '#app/domain/calendar.ts'
import { publishModuleVersions, readCatalogRows } from '#app/models/certifications.server.ts'
import { DEFAULT_WEIGHTS } from '#app/roleplay/schema.ts'
import { loadScenarios } from '#app/roleplay/scenarios.server.ts'
import { loadModules } from '#app/utils/content.server.ts'
import { getEnv } from '#app/utils/env.server.ts'
import type { Catalog, Rules } from './rules.ts'
import type { Certification } from './schema.ts'

let cache: Promise<Catalog> | undefined

/**
 * The course and the scenarios as the rules see them. Read once per process, like the course
 * itself: module versions are published only at set-up, and a scenario published in the studio
 * clears this (invalidateCatalog).
 */
export function getCatalog(): Promise<Catalog> {
  cache ??= readCatalog().catch((error: unknown) => {
    cache = undefined
    throw error
  })
  return cache
}

/** Publishing a scenario in the studio changes what the rules know of it. */
export function invalidateCatalog() {
  cache = undefined
}

async function readCatalog(): Promise<Catalog> {
  const { published, live } = await readCatalogRows()
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

/** Records the course's module versions (set-up) and reads the catalog afresh. */
export async function publishCourse(modules: Parameters<typeof publishModuleVersions>[0], now = new Date()) {
  await publishModuleVersions(modules, now)
  invalidateCatalog()
}
