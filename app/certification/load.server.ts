import fs from 'node:fs'
import path from 'node:path'
import { LineCounter, parseDocument, isNode } from 'yaml'
import { SourceError, validateYaml, type SourceProblem } from '#app/domain/yaml-validate.ts'
import { certificationSchema, type Certification } from './schema.ts'

export const CERTIFICATIONS_DIR = path.resolve(process.cwd(), 'content/certifications')

/**
 * Reads every certification file; checks the schema, then that each module and scenario it
 * names exists. One error lists every problem with file, line and field.
 */
export function readCertifications(
  known: { modules: ReadonlySet<string>; scenarios: ReadonlyMap<string, number> },
  dir = CERTIFICATIONS_DIR,
) {
  const out: (Certification & { file: string })[] = []
  const problems: SourceProblem[] = []
  for (const name of fs
    .readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()) {
    const file = path.relative(process.cwd(), path.join(dir, name))
    const source = fs.readFileSync(path.join(dir, name), 'utf8')
    const result = validateYaml(source, certificationSchema, { file })
    if (!result.ok) {
      problems.push(...result.problems)
      continue
    }
    const c = result.value
    const lineCounter = new LineCounter()
    const doc = parseDocument(source, { lineCounter })
    const at = (p: (string | number)[]) => {
      const node = doc.getIn(p, true)
      const pos = isNode(node) && node.range ? lineCounter.linePos(node.range[0]) : { line: 1, col: 1 }
      return { file, line: pos.line, column: pos.col, field: p.join('.') }
    }
    if (c.id !== name.replace(/\.ya?ml$/, '')) problems.push({ ...at(['id']), message: `must match the file name` })
    c.requirements.modules.forEach((m, i) => {
      if (!known.modules.has(m)) problems.push({ ...at(['requirements', 'modules', i]), message: `no course module "${m}"` })
    })
    c.requirements.roleplays.required.forEach((s, i) => {
      if (!known.scenarios.has(s)) problems.push({ ...at(['requirements', 'roleplays', 'required', i]), message: `no scenario "${s}"` })
    })
    c.refresher.items.quizzes.forEach((m, i) => {
      if (!c.requirements.modules.includes(m)) {
        problems.push({ ...at(['refresher', 'items', 'quizzes', i]), message: `"${m}" is not one of this certification's modules` })
      }
    })
    const again = c.refresher.items.roleplays
    if (again && [...known.scenarios.values()].filter((d) => d >= again.difficulty).length < again.count) {
      problems.push({
        ...at(['refresher', 'items', 'roleplays']),
        message: `fewer than ${again.count} scenarios have difficulty ${again.difficulty} or more`,
      })
    }
    const hard = c.requirements.roleplays.hard
    if (hard && [...known.scenarios.values()].filter((d) => d >= hard.difficulty).length < hard.count) {
      problems.push({
        ...at(['requirements', 'roleplays', 'hard']),
        message: `fewer than ${hard.count} scenarios have difficulty ${hard.difficulty} or more`,
      })
    }
    out.push({ ...c, file })
  }
  if (problems.length) throw new SourceError(problems)
  return out.sort((a, b) => a.order - b.order)
}
