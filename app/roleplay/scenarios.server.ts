import fs from 'node:fs'
import { getVersionDefinition, listLiveVersions, syncShippedVersions } from '#app/models/studio.server.ts'
import { installToneModel } from '#app/judge/tone-model.server.ts'
import type { Scenario } from './engine.ts'
import { readScenarios } from './load.server.ts'
import { definitionOf, scenarioFromDefinition, type CheckedScenario } from './validate.ts'

let cache: CheckedScenario[] | undefined

/** The shipped scenario files, validated once per process (set-up, the CLI and tests read them). */
export function loadScenarios(): CheckedScenario[] {
  cache ??= readScenarios()
  return cache
}

/** A shipped scenario file, as the file says (not necessarily the live version). */
export function getScenario(id: string): CheckedScenario | undefined {
  return loadScenarios().find((s) => s.script.id === id)
}

/**
 * Enters the shipped files into the library (set-up and tests call this). A scenario edited in
 * the studio is not overwritten: a newer file is offered instead (decision 013).
 */
export async function publishScenarios(now = new Date()) {
  const shipped = loadScenarios().map((s) => ({
    id: s.script.id,
    version: s.script.version,
    definition: definitionOf(s),
    source: fs.readFileSync(s.file, 'utf8'),
    file: s.file,
  }))
  return syncShippedVersions(shipped, now)
}

const versions = new Map<string, Scenario>()

/** The scenario as it was at a version, from the database; compiled once per process. */
export async function scenarioAt(id: string, version: number): Promise<Scenario | null> {
  const key = `${id}@${version}`
  let s = versions.get(key)
  if (!s) {
    const definition = await getVersionDefinition(id, version)
    if (!definition) return null
    installToneModel()
    s = scenarioFromDefinition(definition)
    versions.set(key, s)
  }
  return s
}

/** Every scenario trainees can start now, at its live version, in id order. */
export async function liveScenarios(): Promise<Scenario[]> {
  const live = await listLiveVersions()
  const out: Scenario[] = []
  for (const { scenarioId, version } of live) {
    const s = await scenarioAt(scenarioId, version)
    if (s) out.push(s)
  }
  return out
}

export async function liveScenario(id: string): Promise<Scenario | null> {
  const live = (await listLiveVersions()).find((l) => l.scenarioId === id)
  return live ? scenarioAt(id, live.version) : null
}
