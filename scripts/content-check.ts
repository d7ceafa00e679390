// Validates every course module and prints each problem as file:line:column field: message.
import { SourceError } from '#app/domain/yaml-validate.ts'
import { loadModules } from '#app/utils/content.server.ts'

try {
  const modules = loadModules()
  for (const m of modules) {
    console.log(`ok  ${m.file}  v${m.version}  ${m.length} 字  ${m.quiz.length} questions`)
  }
} catch (error) {
  if (!(error instanceof SourceError)) throw error
  console.error(error.message)
  process.exit(1)
}
