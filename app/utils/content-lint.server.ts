import fs from 'node:fs'
import path from 'node:path'
import type { CourseModule } from '#app/domain/content-schema.ts'
import {
  citationProblem,
  citations,
  cjkSpaces,
  legalBasisDate,
  lengthTells,
  lineAt,
  type ChoiceItem,
  type LawEntry,
  type LengthFigures,
} from '#app/domain/content-lint.ts'
import type { SourceProblem } from '#app/domain/yaml-validate.ts'

export interface CourseLint {
  errors: SourceProblem[]
  warnings: SourceProblem[]
  /** Per module file: how often the correct option is the longest. */
  figures: Map<string, LengthFigures>
}

const problem = (file: string, line: number, field: string, message: string): SourceProblem => ({ file, line, column: 1, field, message })

/** The correct and wrong options of each single and multiple choice question. */
export function quizItems(m: CourseModule): ChoiceItem[] {
  const items: ChoiceItem[] = []
  m.quiz.forEach((q, i) => {
    if (q.type !== 'single' && q.type !== 'multiple') return
    const correct = new Set(q.type === 'single' ? [q.answer] : q.answer)
    items.push({
      line: m.questionLines[i] ?? 1,
      field: `quiz.${i}.options`,
      best: q.options.filter((o) => correct.has(o.id)).map((o) => o.text),
      others: q.options.filter((o) => !correct.has(o.id)).map((o) => o.text),
    })
  })
  return items
}

/** Every line of a file that is read as text, with comment lines left out for YAML. */
function textLines(source: string, yaml: boolean): { line: number; text: string }[] {
  return source
    .split('\n')
    .map((text, i) => ({ line: i + 1, text }))
    .filter((l) => !(yaml && /^\s*#/.test(l.text)))
}

const aliasesOf = (laws: readonly LawEntry[]) => laws.flatMap((l) => l.aliases ?? [])

function checkCitations(file: string, source: string, laws: readonly LawEntry[], into: SourceProblem[]) {
  for (const c of citations(source, aliasesOf(laws))) {
    const why = citationProblem(c, laws)
    if (why) into.push(problem(file, lineAt(source, c.index), 'citation', why))
  }
}

function checkSpaces(file: string, line: number, field: string, text: string, into: SourceProblem[]) {
  for (const s of cjkSpaces(text)) into.push(problem(file, line, field, `a space between Chinese characters: "${s.context}"`))
}

// A Markdown paragraph that wraps between two Chinese characters renders the line break as a space.
const HAN_END = /[\p{Script=Han}，。、；：！？）」』”]$/u
const HAN_START = /^[\p{Script=Han}（「『“]/u
const BLOCK_START = /^\s*([-*+>|#]|\d+\.\s|```|~~~)/

/** Lints the course and the scenarios' teaching text: citations, spacing, length tells. */
export function lintCourse(modules: readonly CourseModule[], scenarioFiles: readonly string[], laws: readonly LawEntry[]): CourseLint {
  const errors: SourceProblem[] = []
  const warnings: SourceProblem[] = []
  const figures = new Map<string, LengthFigures>()
  for (const m of modules) {
    const source = fs.readFileSync(m.file, 'utf8')
    checkCitations(m.file, source, laws, errors)
    if (!legalBasisDate(citations(source, aliasesOf(laws)), laws) && m.skills.includes('compliance')) {
      warnings.push(problem(m.file, 1, 'body', 'a compliance module cites no law from content/laws.yaml'))
    }
    const bodyLines = m.body.split('\n')
    let inFence = false
    bodyLines.forEach((text, i) => {
      if (/^\s*(```|~~~)/.test(text)) inFence = !inFence
      if (inFence) return
      const line = m.bodyStartLine + i
      checkSpaces(m.file, line, 'body', text, errors)
      const next = bodyLines[i + 1]
      if (next !== undefined && HAN_END.test(text.trimEnd()) && HAN_START.test(next) && !BLOCK_START.test(next)) {
        errors.push(
          problem(
            m.file,
            line,
            'body',
            'a paragraph wraps between two Chinese characters; the line break shows as a space: join the lines',
          ),
        )
      }
    })
    m.quiz.forEach((q, i) => {
      const line = m.questionLines[i] ?? 1
      const texts: [string, string][] = [
        [`quiz.${i}.prompt`, q.prompt],
        [`quiz.${i}.explanation`, q.explanation],
        ...(q.type === 'single' || q.type === 'multiple' ? q.options : q.type === 'ordering' ? q.items : []).map(
          (o, k): [string, string] => [`quiz.${i}.${q.type === 'ordering' ? 'items' : 'options'}.${k}`, o.text],
        ),
      ]
      for (const [field, text] of texts) checkSpaces(m.file, line, field, text, errors)
    })
    const tells = lengthTells(quizItems(m), 'quiz')
    figures.set(m.file, tells.figures)
    for (const w of tells.warnings) warnings.push(problem(m.file, w.line, w.field, w.message))
  }
  for (const file of scenarioFiles) {
    const rel = path.relative(process.cwd(), file)
    const source = fs.readFileSync(file, 'utf8')
    checkCitations(rel, source, laws, errors)
    for (const { line, text } of textLines(source, true)) checkSpaces(rel, line, '', text, errors)
    if (/:\s*>[-+]?\s*$/m.test(source)) {
      errors.push(
        problem(
          rel,
          lineAt(source, source.search(/:\s*>[-+]?\s*$/m)),
          '',
          'a folded block (>) turns line breaks into spaces: use one line or |',
        ),
      )
    }
  }
  return { errors, warnings, figures }
}
