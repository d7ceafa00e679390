import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { z } from 'zod'
import { SourceError, type SourceProblem } from '#app/domain/yaml-validate.ts'
import { BEHAVIOURS, VERDICTS } from './behaviours.ts'

export const CORPUS_DIR = path.resolve(process.cwd(), 'scenarios/corpus')
export const TRAPS = [
  'negation',
  'double-negation',
  'rhetorical',
  'hedged',
  'quoted',
  'lookalike',
  'mixed',
  'sarcasm',
  'empty',
  'surface',
  'reworded',
  'unforeseen',
] as const

export const corpusEntrySchema = z
  .object({
    id: z.string().min(1),
    scenario: z.string().min(1),
    beat: z.string().min(1),
    reply: z.string().min(1).max(300),
    behaviours: z.array(z.enum(BEHAVIOURS)),
    verdict: z.enum(VERDICTS),
    traps: z.array(z.enum(TRAPS)),
    why: z.string().min(1),
    writer: z.string().min(1),
  })
  .strict()
  .refine(
    (e) =>
      (e.verdict === 'bad') ===
      e.behaviours.some((b) =>
        ['blame', 'rude', 'dismissive', 'policy-wrong', 'privacy-leak', 'illegal-promise', 'induce-review'].includes(b),
      ),
    {
      message: 'verdict must be bad exactly when a negative behaviour is listed',
      path: ['verdict'],
    },
  )

export type CorpusEntry = z.infer<typeof corpusEntrySchema> & { file: string; line: number; part: 'dev' | 'test' }

/** Reads one part of the corpus; every problem is reported with file, line and field. */
export function readCorpus(part: 'dev' | 'test', dir = CORPUS_DIR): CorpusEntry[] {
  const folder = path.join(dir, part)
  const names = fs
    .readdirSync(folder)
    .filter((f) => f.endsWith('.jsonl'))
    .sort()
  return readCorpusFiles(
    names.map((n) => path.join(folder, n)),
    part,
  )
}

/** One corpus file, as the CLI's `judge --corpus` reads it. */
export function readCorpusFile(file: string): CorpusEntry[] {
  if (!fs.existsSync(file)) throw new SourceError([{ file, line: 1, column: 1, field: '', message: 'no such file' }])
  return readCorpusFiles([file], file.includes('/test/') ? 'test' : 'dev')
}

function readCorpusFiles(paths: string[], part: 'dev' | 'test'): CorpusEntry[] {
  const entries: CorpusEntry[] = []
  const problems: SourceProblem[] = []
  for (const full of paths) {
    const name = path.basename(full)
    const file = path.relative(process.cwd(), full)
    fs.readFileSync(full, 'utf8')
      .split('\n')
      .forEach((text, i) => {
        if (!text.trim()) return
        let value: unknown
        try {
          value = JSON.parse(text)
        } catch (e) {
          problems.push({ file, line: i + 1, column: 1, field: '', message: `not JSON: ${(e as Error).message}` })
          return
        }
        const parsed = corpusEntrySchema.safeParse(value)
        if (!parsed.success) {
          for (const issue of parsed.error.issues)
            problems.push({ file, line: i + 1, column: 1, field: issue.path.join('.'), message: issue.message })
          return
        }
        if (parsed.data.scenario !== name.replace(/\.jsonl$/, ''))
          problems.push({
            file,
            line: i + 1,
            column: 1,
            field: 'scenario',
            message: `must be "${name.replace(/\.jsonl$/, '')}", the file's scenario`,
          })
        entries.push({ ...parsed.data, file, line: i + 1, part })
      })
  }
  if (problems.length) throw new SourceError(problems)
  return entries
}

/** The test part is frozen: its files must match the checksums committed beside it. */
export function verifyFrozen(dir = CORPUS_DIR) {
  const sums = fs
    .readFileSync(path.join(dir, 'test.sha256'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => l.split(/\s+/))
  const changed: string[] = []
  for (const [sum, name] of sums) {
    const file = path.join(dir, 'test', name!)
    const actual = fs.existsSync(file) ? createHash('sha256').update(fs.readFileSync(file)).digest('hex') : 'missing'
    if (actual !== sum) changed.push(name!)
  }
  const listed = new Set(sums.map(([, n]) => n))
  for (const name of fs.readdirSync(path.join(dir, 'test'))) if (!listed.has(name)) changed.push(`${name} (not frozen)`)
  return { ok: changed.length === 0, changed }
}

/** SHA-256 over a part's files (names and bytes, in name order): what the tone model was trained on. */
export function corpusDigest(part: 'dev' | 'test', dir = CORPUS_DIR): string {
  const folder = path.join(dir, part)
  const hash = createHash('sha256')
  for (const f of fs
    .readdirSync(folder)
    .filter((f) => f.endsWith('.jsonl'))
    .sort())
    hash.update(f).update(fs.readFileSync(path.join(folder, f)))
  return hash.digest('hex')
}
