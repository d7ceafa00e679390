import fs from 'node:fs'
import path from 'node:path'
import { z } from 'zod'
import type { LawEntry } from '#app/domain/content-lint.ts'
import { SourceError, validateYaml } from '#app/domain/yaml-validate.ts'

export const LAWS_FILE = path.resolve(process.cwd(), 'content/laws.yaml')

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
const article = z.string().regex(/^第[零〇一二三四五六七八九十百千]+条$/, 'must read 第…条 in Chinese numerals')

const lawsSchema = z
  .object({
    laws: z
      .array(
        z
          .object({
            name: z.string().min(1),
            aliases: z.array(z.string().min(1)).optional(),
            version: z.string().min(1),
            // js-yaml style date scalars are read as strings by the yaml package's core schema.
            effective: day,
            articles: z.record(article, z.string().min(1)).refine((a) => Object.keys(a).length > 0, 'must list at least one article'),
          })
          .strict(),
      )
      .min(1),
  })
  .strict()

export type Law = LawEntry & { version: string }

/** Reads and validates a law registry file. Throws a SourceError naming file, line and field. */
export function readLaws(file = LAWS_FILE): Law[] {
  const rel = path.relative(process.cwd(), file)
  const result = validateYaml(fs.readFileSync(file, 'utf8'), lawsSchema, { file: rel })
  if (!result.ok) throw new SourceError(result.problems)
  return result.value.laws
}

let cache: Law[] | undefined

/** The registry of the laws the course cites. Read once per process. */
export function loadLaws(): Law[] {
  cache ??= readLaws()
  return cache
}
