import fs from 'node:fs'
import path from 'node:path'
import Ajv2019 from 'ajv/dist/2019.js'
import addFormats from 'ajv-formats'

/** The official Open Badges 3.0 AchievementCredential JSON Schema, beside the project (never copied into it). */
export const OB_SCHEMA = path.resolve('../shared/schemas/ob_v3p0_achievementcredential.json')

/** Whether this machine has it: CI always does; a test that needs it is skipped elsewhere, saying so. */
export const hasObSchema = fs.existsSync(OB_SCHEMA)

let validate: ReturnType<Ajv2019['compile']> | undefined

/** Every error the schema finds in a credential (none when it is valid). */
export function obSchemaErrors(credential: unknown) {
  if (!validate) {
    // strictTuples off: the official schema's @context tuple sets minItems but no maxItems,
    // which Ajv's strict mode would warn about on every run.
    const ajv = new Ajv2019({ allErrors: true, strictTuples: false })
    addFormats(ajv)
    validate = ajv.compile(JSON.parse(fs.readFileSync(OB_SCHEMA, 'utf8')))
  }
  validate(credential)
  return validate.errors ?? []
}
