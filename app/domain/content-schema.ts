import { z } from 'zod'
import { SKILLS } from './skills.ts'
import { linesOfPaths, SourceError, validateYaml, type SourceProblem } from './yaml-validate.ts'

const slug = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be kebab-case (a-z, 0-9, -)')
const text = z.string().trim().min(1, 'must not be empty')
const skill = z.enum(SKILLS, { error: `must be one of ${SKILLS.join(', ')}` })
const option = z.object({ id: slug, text }).strict()

const base = { id: slug, skill, prompt: text, explanation: text }

const single = z.object({ ...base, type: z.literal('single'), options: z.array(option).min(2), answer: slug }).strict()
const multiple = z.object({ ...base, type: z.literal('multiple'), options: z.array(option).min(2), answer: z.array(slug).min(1) }).strict()
const truefalse = z.object({ ...base, type: z.literal('truefalse'), answer: z.boolean() }).strict()
const ordering = z.object({ ...base, type: z.literal('ordering'), items: z.array(option).min(2) }).strict()

export const questionSchema = z
  .discriminatedUnion('type', [single, multiple, truefalse, ordering], {
    error: 'type must be one of single, multiple, truefalse, ordering',
  })
  .superRefine((q, ctx) => {
    const choices = q.type === 'single' || q.type === 'multiple' ? q.options : q.type === 'ordering' ? q.items : []
    const key = q.type === 'ordering' ? 'items' : 'options'
    const seen = new Set<string>()
    choices.forEach((c, i) => {
      if (seen.has(c.id)) ctx.addIssue({ code: 'custom', path: [key, i, 'id'], message: `duplicate id "${c.id}"` })
      seen.add(c.id)
    })
    const answers = q.type === 'single' ? [q.answer] : q.type === 'multiple' ? q.answer : []
    answers.forEach((a) => {
      if (!seen.has(a)) ctx.addIssue({ code: 'custom', path: ['answer'], message: `"${a}" is not one of the option ids` })
    })
  })

const change = z
  .object({
    version: z.number().int().min(1),
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD'),
    material: z.boolean(),
    summary: text,
  })
  .strict()

const drawRow = z
  .object({
    skill: skill.optional(),
    type: z.enum(['single', 'multiple', 'truefalse', 'ordering']).optional(),
    count: z.number().int().min(1),
  })
  .strict()

export type DrawRow = z.infer<typeof drawRow>

export const frontMatterSchema = z
  .object({
    id: slug,
    title: text,
    order: z.number().int().min(1),
    version: z.number().int().min(1),
    minutes: z.number().int().min(1).max(240),
    skills: z.array(skill).min(1),
    summary: text,
    passMark: z.number().int().min(1).max(100),
    changes: z.array(change).min(1),
    /** What one quiz asks, drawn from the bank (`quiz`) by the attempt's seed; absent: all of it. */
    draw: z.array(drawRow).min(1).optional(),
    quiz: z.array(questionSchema).min(8, 'a module quiz needs at least 8 questions'),
  })
  .strict()
  .superRefine((m, ctx) => {
    if (!m.changes.some((c) => c.version === m.version)) {
      ctx.addIssue({ code: 'custom', path: ['changes'], message: `needs an entry for the current version ${m.version}` })
    }
    const ids = new Set<string>()
    m.quiz.forEach((q, i) => {
      if (ids.has(q.id)) ctx.addIssue({ code: 'custom', path: ['quiz', i, 'id'], message: `duplicate question id "${q.id}"` })
      ids.add(q.id)
    })
    m.draw?.forEach((row, i) => {
      const pool = m.quiz.filter((q) => matchesRow(q, row)).length
      if (pool < 2 * row.count) {
        ctx.addIssue({
          code: 'custom',
          path: ['draw', i],
          message: `draws ${row.count} but the bank holds ${pool} matching questions; it needs at least ${2 * row.count} so a retake asks a different set`,
        })
      }
    })
    const asked = m.draw ? m.draw.reduce((n, r) => n + r.count, 0) : m.quiz.length
    if (m.draw && m.quiz.length < 2 * asked) {
      ctx.addIssue({
        code: 'custom',
        path: ['quiz'],
        message: `a quiz asks ${asked} questions, so the bank needs at least ${2 * asked}; it holds ${m.quiz.length}`,
      })
    }
  })

/** Whether a question belongs to a draw row. */
export function matchesRow(q: { skill: string; type: string }, row: DrawRow): boolean {
  return (!row.skill || q.skill === row.skill) && (!row.type || q.type === row.type)
}

export type ModuleFrontMatter = z.infer<typeof frontMatterSchema>
export type Question = z.infer<typeof questionSchema>
export type QuestionType = Question['type']

export interface Heading {
  id: string
  level: 2 | 3
  text: string
  /** 1-based line in the body, used to give rendered headings their ids. */
  line: number
}

export interface CourseModule extends ModuleFrontMatter {
  file: string
  body: string
  headings: Heading[]
  /** Number of Han characters in the body, a fair measure of Chinese lesson length. */
  length: number
  /** 1-based file line of each quiz question, for lint messages. */
  questionLines: number[]
  /** File line where the body starts. */
  bodyStartLine: number
}

const FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/

/** Parses one module file. Throws a SourceError naming the file, line and field. */
export function parseModuleSource(file: string, source: string): CourseModule {
  const match = FRONT_MATTER.exec(source)
  if (!match) {
    throw new SourceError([{ file, line: 1, column: 1, field: '', message: 'must start with front matter between --- lines' }])
  }
  const [, yamlText = '', body = ''] = match
  const result = validateYaml(yamlText, frontMatterSchema, { file, lineOffset: 1 })
  if (!result.ok) throw new SourceError(result.problems)
  const bodyStartLine = yamlText.split('\n').length + 3
  const problems: SourceProblem[] = []
  const rawHtml = /<\/?[a-zA-Z][^>]*>/.exec(body)
  if (rawHtml) {
    const line = body.slice(0, rawHtml.index).split('\n').length + bodyStartLine - 1
    problems.push({ file, line, column: 1, field: 'body', message: `raw HTML is not allowed (${rawHtml[0]})` })
  }
  if (body.trim().length === 0) problems.push({ file, line: bodyStartLine, column: 1, field: 'body', message: 'must not be empty' })
  if (problems.length) throw new SourceError(problems)
  return {
    ...result.value,
    file,
    body,
    headings: extractHeadings(body),
    length: (body.match(/\p{Script=Han}/gu) ?? []).length,
    questionLines: linesOfPaths(
      yamlText,
      result.value.quiz.map((_, i) => ['quiz', i]),
      1,
    ),
    bodyStartLine,
  }
}

export function extractHeadings(body: string): Heading[] {
  const headings: Heading[] = []
  let inFence = false
  body.split('\n').forEach((raw, index) => {
    if (/^\s*(```|~~~)/.test(raw)) inFence = !inFence
    const m = !inFence && /^(#{2,3})\s+(.+?)\s*#*\s*$/.exec(raw)
    if (m) {
      const level = m[1]!.length as 2 | 3
      headings.push({ id: `section-${headings.length + 1}`, level, text: m[2]!.replace(/[*_`]/g, ''), line: index + 1 })
    }
  })
  return headings
}

/** Checks a whole set of modules: unique ids and positions in the path. */
export function checkModuleSet(modules: CourseModule[]): SourceProblem[] {
  const problems: SourceProblem[] = []
  const ids = new Map<string, string>()
  const orders = new Map<number, string>()
  for (const m of modules) {
    const otherId = ids.get(m.id)
    if (otherId) problems.push({ file: m.file, line: 2, column: 1, field: 'id', message: `"${m.id}" is also used by ${otherId}` })
    ids.set(m.id, m.file)
    const otherOrder = orders.get(m.order)
    if (otherOrder) problems.push({ file: m.file, line: 2, column: 1, field: 'order', message: `${m.order} is also used by ${otherOrder}` })
    orders.set(m.order, m.file)
  }
  return problems
}
