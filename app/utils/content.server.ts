import fs from 'node:fs'
import path from 'node:path'
import { checkModuleSet, parseModuleSource, type CourseModule } from '#app/domain/content-schema.ts'
import { SourceError, type SourceProblem } from '#app/domain/yaml-validate.ts'
import { citations } from '#app/domain/content-lint.ts'
import { notFound } from './http.ts'
import { loadLaws } from './laws.server.ts'

export const MODULES_DIR = path.resolve(process.cwd(), 'content/modules')

/** Reads and validates every module file in a folder; one error lists every problem. */
export function readModulesFrom(dir: string): CourseModule[] {
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.md'))
    .sort()
  const modules: CourseModule[] = []
  const problems: SourceProblem[] = []
  for (const name of files) {
    const file = path.relative(process.cwd(), path.join(dir, name))
    try {
      modules.push(parseModuleSource(file, fs.readFileSync(path.join(dir, name), 'utf8')))
    } catch (error) {
      if (error instanceof SourceError) problems.push(...error.problems)
      else throw error
    }
  }
  problems.push(...checkModuleSet(modules))
  if (problems.length) throw new SourceError(problems)
  return modules.sort((a, b) => a.order - b.order)
}

let cache: CourseModule[] | undefined

/** The course, in learning-path order. Read once per process. */
export function loadModules(): CourseModule[] {
  cache ??= readModulesFrom(MODULES_DIR)
  return cache
}

export function getModule(id: string): CourseModule | undefined {
  return loadModules().find((m) => m.id === id)
}

/** The module with this id, or a 404 response for the route to throw. */
export function requireModule(id: string | undefined): CourseModule {
  const module = id ? getModule(id) : undefined
  if (!module) throw notFound()
  return module
}

export interface LegalBasis {
  /** The date the module's statements of law were last checked: its newest change. */
  asOf: string
  /** The laws it cites, newest in force first, with the date each cited version took effect. */
  laws: { name: string; version: string; effective: string }[]
}

/** What a module's law rests on, from its citations and the registry (content/laws.yaml). */
export function legalBasisOf(module: CourseModule): LegalBasis | null {
  const key = `${module.id}@${module.version}`
  if (!legalBases.has(key)) legalBases.set(key, readLegalBasis(module))
  return legalBases.get(key)!
}

const legalBases = new Map<string, LegalBasis | null>()

function readLegalBasis(module: CourseModule): LegalBasis | null {
  const laws = loadLaws()
  const text = [module.body, ...module.quiz.map((q) => q.explanation)].join('\n')
  const cited = new Set(
    citations(
      text,
      laws.flatMap((l) => l.aliases ?? []),
    ).map((c) => c.law),
  )
  const used = laws.filter((l) => cited.has(l.name) || l.aliases?.some((a) => cited.has(a)))
  if (used.length === 0) return null
  return {
    asOf: module.changes
      .map((c) => c.date)
      .sort()
      .at(-1)!,
    laws: used.map(({ name, version, effective }) => ({ name, version, effective })).sort((a, b) => b.effective.localeCompare(a.effective)),
  }
}
