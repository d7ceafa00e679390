// Validates every course module and certification; prints each problem as file:line:column field: message.
import { loadCertifications } from '#app/certification/certifications.server.ts'
import { SourceError } from '#app/domain/yaml-validate.ts'
import { loadModules } from '#app/utils/content.server.ts'

try {
  const modules = loadModules()
  for (const m of modules) {
    console.log(`ok  ${m.file}  v${m.version}  ${m.length} 字  ${m.quiz.length} questions`)
  }
  for (const c of loadCertifications()) {
    console.log(`ok  ${c.file}  ${c.requirements.modules.length} modules, ${c.requirements.roleplays.passed} role-plays, valid ${c.validity.months} months`)
  }
} catch (error) {
  if (!(error instanceof SourceError)) throw error
  console.error(error.message)
  process.exit(1)
}
