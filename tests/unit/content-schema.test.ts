import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, test } from 'vitest'
import { parseModuleSource } from '#app/domain/content-schema.ts'
import { SourceError } from '#app/domain/yaml-validate.ts'
import { readModulesFrom, loadModules } from '#app/utils/content.server.ts'

const GOOD = `---
id: sample-module
title: 示例模块
order: 1
version: 2
minutes: 10
skills: [etiquette]
summary: 一个用于测试的模块。
passMark: 80
changes:
  - { version: 1, date: 2026-11-01, material: true, summary: 首次发布 }
  - { version: 2, date: 2026-11-20, material: false, summary: 改错字 }
quiz:
${Array.from(
  { length: 7 },
  (_, i) => `  - id: q${i}
    type: single
    skill: etiquette
    prompt: 问题${i}
    options:
      - { id: a, text: 对 }
      - { id: b, text: 错 }
    answer: a
    explanation: 因为如此。`,
).join('\n')}
  - id: order
    type: ordering
    skill: resolution
    prompt: 排序
    items:
      - { id: one, text: 一 }
      - { id: two, text: 二 }
    explanation: 先一后二。
---
## 第一节

正文。

### 小节

更多正文。
`

const lineOf = (source: string, needle: string) => source.split('\n').findIndex((l) => l.includes(needle)) + 1

function problemsOf(source: string, file = 'content/modules/x.md') {
  try {
    parseModuleSource(file, source)
  } catch (error) {
    if (error instanceof SourceError) return error.problems
    throw error
  }
  throw new Error('expected the module to be rejected')
}

describe('module front matter', () => {
  test('a good file parses, with headings for the table of contents', () => {
    const m = parseModuleSource('content/modules/x.md', GOOD)
    expect(m.id).toBe('sample-module')
    expect(m.quiz).toHaveLength(8)
    expect(m.headings).toEqual([
      { id: 'section-1', level: 2, text: '第一节', line: 1 },
      { id: 'section-2', level: 3, text: '小节', line: 5 },
    ])
  })

  test('a missing field is named with the file and the line of its parent', () => {
    const problems = problemsOf(GOOD.replace('title: 示例模块\n', ''))
    expect(problems).toContainEqual(expect.objectContaining({ file: 'content/modules/x.md', field: 'title', line: 2 }))
  })

  test('an answer that is not an option is named down to the question', () => {
    const source = GOOD.replace('    answer: a\n', '    answer: z\n')
    const [problem] = problemsOf(source)
    expect(problem).toMatchObject({ field: 'quiz.0.answer', line: lineOf(source, 'answer: z'), column: 13 })
    expect(problem!.message).toContain('"z" is not one of the option ids')
  })

  test('an unknown question type says which types exist', () => {
    const [problem] = problemsOf(GOOD.replace('type: ordering', 'type: essay'))
    expect(problem!.field).toBe('quiz.7.type')
    expect(problem!.message).toMatch(/single, multiple, truefalse, ordering/)
  })

  test('a YAML syntax error gives its line', () => {
    const [problem] = problemsOf(GOOD.replace('minutes: 10', 'minutes: [10'))
    expect(problem!.message).toMatch(/YAML syntax/)
    expect(problem!.line).toBeGreaterThanOrEqual(5)
  })

  test('too few questions, a missing changelog entry and raw HTML are rejected', () => {
    expect(problemsOf(GOOD.replace(/ {2}- id: q6[\s\S]*?explanation: 因为如此。\n/, ''))[0]!.message).toMatch(/at least 8 questions/)
    expect(problemsOf(GOOD.replace('version: 2\nminutes', 'version: 3\nminutes'))[0]!.field).toBe('changes')
    const withHtml = GOOD.replace('更多正文。', '更多<br>正文。')
    expect(problemsOf(withHtml)[0]).toMatchObject({ field: 'body', line: lineOf(withHtml, '<br>') })
  })

  test('a folder with one bad file fails naming that file', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'modules-'))
    fs.writeFileSync(path.join(dir, 'a.md'), GOOD)
    fs.writeFileSync(path.join(dir, 'b.md'), GOOD.replace('id: sample-module', 'id: Bad_Id').replace('order: 1', 'order: 2'))
    expect(() => readModulesFrom(dir)).toThrow(/b\.md:2:5 id: must be kebab-case/)
  })
})

describe('the shipped course', () => {
  const modules = loadModules()

  test('has the six modules PRODUCT.md asks for, in order', () => {
    expect(modules.map((m) => m.id)).toEqual([
      'service-etiquette',
      'emotion-management',
      'consumer-law',
      'complaint-handling',
      'service-flow',
      'privacy-security',
    ])
  })

  test.each(modules.map((m) => [m.id, m] as const))('%s is a substantial lesson with a mixed quiz', (_id, m) => {
    expect(m.length).toBeGreaterThanOrEqual(1500)
    expect(m.quiz.length).toBeGreaterThanOrEqual(8)
    expect(new Set(m.quiz.map((q) => q.type))).toEqual(new Set(['single', 'multiple', 'truefalse', 'ordering']))
    expect(m.headings.length).toBeGreaterThanOrEqual(4)
  })

  test('explanations do not point at option letters, which are shuffled and never shown', () => {
    for (const m of modules) {
      for (const q of m.quiz) {
        expect(`${q.prompt} ${q.explanation}`, `${m.file} ${q.id}`).not.toMatch(/(?<![A-Za-z0-9])[a-dA-D](?![A-Za-z0-9])/)
      }
    }
  })

  test('every statement of a law names an article', () => {
    for (const m of modules) {
      const text = m.body + m.quiz.map((q) => q.explanation).join('\n')
      // Any 《…法》 followed by a clause must be paired with 第…条 somewhere in the same sentence.
      for (const sentence of text.split(/[。\n]/)) {
        const laws = sentence.match(/《[^》]*法》/g) ?? []
        if (laws.length && /规定|要求|有权|应当|不得/.test(sentence)) {
          expect(sentence, `${m.file}: ${sentence}`).toMatch(/第[一二三四五六七八九十百零]+条/)
        }
      }
    }
  })
})
