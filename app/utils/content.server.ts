import fs from 'node:fs'
import path from 'node:path'
import { checkModuleSet, parseModuleSource, type CourseModule } from '#app/domain/content-schema.ts'
import { SourceError, type SourceProblem } from '#app/domain/yaml-validate.ts'
import { notFound } from './http.ts'

export const MODULES_DIR = path.resolve(process.cwd(), 'content/modules')

/** Reads and validates every module file in a folder; one error lists every problem. */
export function readModulesFrom(dir: string): CourseModule[] {
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.md')).sort()
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
