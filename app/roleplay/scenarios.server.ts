import { getScenarioVersion, publishScenarioVersions } from '#app/models/roleplay.server.ts'
import type { Scenario } from './engine.ts'
import { readScenarios } from './load.server.ts'
import type { CheckedScenario } from './validate.ts'

let cache: CheckedScenario[] | undefined

/** The shipped scenarios, validated once per process. */
export function loadScenarios(): CheckedScenario[] {
  cache ??= readScenarios()
  return cache
}

export function getScenario(id: string): CheckedScenario | undefined {
  return loadScenarios().find((s) => s.script.id === id)
}

/** Records the current version of every scenario (set-up and tests call this). */
export function publishScenarios() {
  publishScenarioVersions(loadScenarios())
}

const versions = new Map<string, Scenario>()

/** The scenario as it was at a version an attempt used, from the database. */
export function scenarioAt(id: string, version: number): Scenario | null {
  const key = `${id}@${version}`
  let s = versions.get(key)
  if (!s) {
    const current = getScenario(id)
    s = current && current.script.version === version ? current : (getScenarioVersion(id, version) ?? undefined)
    if (s) versions.set(key, s)
  }
  return s ?? null
}
