import { describe, expect, test } from 'vitest'
import { Text } from '@codemirror/state'
import { completionKindAt, toDiagnostics } from '#app/studio/components/yaml-editor-setup.ts'

/** The completion kind where `|` stands in the text. */
function kindAt(source: string) {
  const lines = source.split('\n')
  const index = lines.findIndex((l) => l.includes('|'))
  const column = lines[index]!.indexOf('|')
  lines[index] = lines[index]!.replace('|', '')
  return completionKindAt(lines, index, column)
}

describe('the editor completes what belongs at the cursor', () => {
  test.each([
    ['    when: { any: [apology, emp|', 'intents'],
    ['    when: { any: [apology], none: |', 'intents'],
    ['        when:\n          all:\n            - |', 'intents'],
    ['        next: pol|', 'beats'],
    ['start: |', 'beats'],
    ['        skills: { empathy: 2, |', 'skills'],
    ['skills: [empathy, res|', 'skills'],
    ['        skills:\n          emp|', 'skills'],
    ['behaviours:\n  policy-source: pol|', 'behaviours'],
    ['behaviours:\n  pol|', 'intents'],
    ['      behaviours: [apology, |', 'behaviours'],
    ['        skills: { empathy: |', null],
    ['    customer: 你好|', null],
    ['    # next: |', null],
  ])('%j → %s', (source, kind) => {
    expect(kindAt(source)).toBe(kind)
  })
})

describe('diagnostics at line and column', () => {
  const doc = Text.of(['id: x', '  opening:', '    next: fotos', ''])

  test('cover the token at the column, clamped to the document', () => {
    const [token, padded, beyond, blank] = toDiagnostics(doc, [
      { line: 3, column: 11, severity: 'error', message: 'no beat "fotos"', field: 'beats.opening.replies.0.next' },
      { line: 2, column: 1, severity: 'warning', message: 'unreachable' },
      { line: 99, column: 99, severity: 'error', message: 'past the end' },
      { line: 4, column: 1, severity: 'error', message: 'empty line' },
    ])
    expect(doc.sliceString(token!.from, token!.to)).toBe('fotos')
    expect(token).toMatchObject({ severity: 'error', source: 'beats.opening.replies.0.next' })
    expect(doc.sliceString(padded!.from, padded!.to)).toBe('opening:')
    expect(beyond!.from).toBe(doc.length)
    expect(beyond!.to).toBe(doc.length)
    expect(blank!.from).toBe(doc.line(4).from)
  })
})
