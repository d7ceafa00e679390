import fs from 'node:fs'
import path from 'node:path'
import { SourceError, type SourceProblem } from '#app/domain/yaml-validate.ts'
import { installToneModel } from '#app/judge/tone-model.server.ts'
import type { Vocabulary } from './schema.ts'
import { parseScenario, parseVocabulary, type CheckedScenario } from './validate.ts'

export const SCENARIOS_DIR = path.resolve(process.cwd(), 'scenarios')

export function readVocabularies(dir = path.join(SCENARIOS_DIR, 'vocabularies')) {
  const out = new Map<string, Vocabulary>()
  const problems: SourceProblem[] = []
  for (const name of fs
    .readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()) {
    const file = path.relative(process.cwd(), path.join(dir, name))
    const result = parseVocabulary(file, fs.readFileSync(path.join(dir, name), 'utf8'))
    if (result.ok) out.set(result.value.id, result.value)
    else problems.push(...result.problems)
  }
  if (problems.length) throw new SourceError(problems)
  return out
}

/** Every scenario file's absolute path, in name order. */
export function scenarioFiles(): string[] {
  return fs
    .readdirSync(SCENARIOS_DIR)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => path.join(SCENARIOS_DIR, f))
}

/** Reads scenario files (all of `scenarios/` when none are named); one error lists every problem. */
export function readScenarios(files?: readonly string[]): CheckedScenario[] {
  installToneModel()
  const vocabularies = readVocabularies()
  const paths = files?.length ? files.map((f) => path.resolve(f)) : scenarioFiles()
  const scenarios: CheckedScenario[] = []
  const problems: SourceProblem[] = []
  for (const full of paths) {
    const file = path.relative(process.cwd(), full)
    if (!fs.existsSync(full)) {
      problems.push({ file, line: 1, column: 1, field: '', message: 'no such file' })
      continue
    }
    const result = parseScenario(file, fs.readFileSync(full, 'utf8'), vocabularies)
    if (result.ok) scenarios.push(result.value)
    else problems.push(...result.problems)
  }
  if (problems.length) throw new SourceError(problems)
  return scenarios
}
