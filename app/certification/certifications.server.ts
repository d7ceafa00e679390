import { loadScenarios } from '#app/roleplay/scenarios.server.ts'
import { loadModules } from '#app/utils/content.server.ts'
import { readCertifications } from './load.server.ts'

let cache: ReturnType<typeof readCertifications> | undefined

/** The shipped certifications, validated against the course and the scenarios once per process. */
export function loadCertifications() {
  cache ??= readCertifications({
    modules: new Set(loadModules().map((m) => m.id)),
    scenarios: new Map(loadScenarios().map((s) => [s.script.id, s.script.difficulty])),
  })
  return cache
}
