// Validates every course module, certification and the law registry, then lints the course and
// the scenarios' teaching text: citations backed by content/laws.yaml, no ASCII space inside
// Chinese text, quiz options that do not give the answer away by length. Prints each problem as
// file:line:column field: message; exits 1 on any error or warning, so CI keeps shipped content
// clean.
import { loadCertifications } from '#app/certification/certifications.server.ts'
import { scenarioFiles } from '#app/roleplay/load.server.ts'
import { formatProblem, SourceError } from '#app/domain/yaml-validate.ts'
import { loadModules } from '#app/utils/content.server.ts'
import { lintCourse } from '#app/utils/content-lint.server.ts'
import { loadLaws } from '#app/utils/laws.server.ts'

try {
  const laws = loadLaws()
  const modules = loadModules()
  const { errors, warnings, figures } = lintCourse(modules, scenarioFiles(), laws)
  for (const p of errors) console.log(`error  ${formatProblem(p)}`)
  for (const p of warnings) console.log(`warn   ${formatProblem(p)}`)
  for (const m of modules) {
    const f = figures.get(m.file)
    const asked = m.draw ? m.draw.reduce((n, r) => n + r.count, 0) : m.quiz.length
    const longest = f && f.items ? `, correct option longest in ${f.longest}/${f.items}` : ''
    console.log(`ok  ${m.file}  v${m.version}  ${m.length} 字  bank ${m.quiz.length}, asks ${asked}${longest}`)
  }
  for (const c of loadCertifications()) {
    console.log(
      `ok  ${c.file}  ${c.requirements.modules.length} modules, ${c.requirements.roleplays.passed} role-plays, valid ${c.validity.months} months`,
    )
  }
  console.log(`ok  content/laws.yaml  ${laws.length} laws, ${laws.reduce((n, l) => n + Object.keys(l.articles).length, 0)} articles`)
  if (errors.length || warnings.length) {
    console.error(`${errors.length} errors, ${warnings.length} warnings`)
    process.exit(1)
  }
} catch (error) {
  if (!(error instanceof SourceError)) throw error
  console.error(error.message)
  process.exit(1)
}
