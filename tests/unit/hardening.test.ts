import { describe, expect, test } from 'vitest'
import { z } from 'zod'
import { formatProblem, validateYaml } from '#app/domain/yaml-validate.ts'
import { toCsv } from '#app/domain/csv.ts'
import { safeRedirect } from '#app/utils/auth.server.ts'
import { formValues, MAX_FORM_FIELDS, TooManyFieldsError } from '#app/utils/forms.ts'

describe('redirect targets', () => {
  test.each([
    '/%09/evil.example',
    '//evil.example',
    '/\\evil.example',
    '/%2F%2Fevil.example',
    '/\t/evil.example',
    'https://evil.example',
    '/%E0%A4%A',
  ])('%s goes to the fallback', (to) => {
    expect(safeRedirect(to, '/home')).toBe('/home')
  })
  test('a path on the site, with its query and fragment, is kept', () => {
    expect(safeRedirect('/learn/consumer-law?x=1#part', '/home')).toBe('/learn/consumer-law?x=1#part')
  })
})

describe('form fields', () => {
  test('are read in one pass, repeated fields in order', () => {
    const form = new FormData()
    form.append('q.a', '1')
    form.append('q.b', '2')
    form.append('q.a', '3')
    expect(formValues(form)).toEqual({ 'q.a': ['1', '3'], 'q.b': ['2'] })
  })
  test('more than any form of the app has are refused', () => {
    const form = new FormData()
    for (let i = 0; i <= MAX_FORM_FIELDS; i++) form.append(`f${i}`, 'x')
    expect(() => formValues(form)).toThrow(TooManyFieldsError)
  })
})

describe('CSV export', () => {
  test('a cell a spreadsheet would run as a formula is written as text; NUL is dropped; numbers stay numbers', () => {
    const csv = toCsv(
      ['姓名', '分数'],
      [
        ['=HYPERLINK("http://evil")', -3],
        ['+1', null],
        ['@SUM(A1)', 5],
        ['\tx', 1],
        ['a\u0000b', 2],
      ],
    )
    const lines = csv.slice(1).split('\r\n')
    expect(lines[1]).toBe(`"'=HYPERLINK(""http://evil"")",-3`)
    expect(lines[2]).toBe("'+1,")
    expect(lines[3]).toBe("'@SUM(A1),5")
    expect(lines[4]).toBe("'\tx,1")
    expect(lines[5]).toBe('ab,2')
  })
})

describe('hostile YAML', () => {
  const schema = z.object({}).passthrough()
  const problem = (source: string) => {
    const result = validateYaml(source, schema, { file: 'scenarios/evil.yaml' })
    return result.ok ? null : formatProblem(result.problems[0]!)
  }
  test('an alias bomb is refused with the file and line, not expanded', () => {
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x, x]',
      ...Array.from(
        { length: 8 },
        (_, i) =>
          `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10)
            .fill(`*${String.fromCharCode(97 + i)}`)
            .join(', ')}]`,
      ),
    ].join('\n')
    // Pointed at the first alias (line 2, column 8), not expanded.
    expect(problem(bomb)).toMatch(/^scenarios\/evil\.yaml:2:8 YAML aliases expand too far/)
  })
  test('an oversized file is refused', () => {
    expect(problem(`a: "${'x'.repeat(300 * 1024)}"`)).toMatch(/at most 256 KB/)
  })
  test('deep nesting is refused', () => {
    // Pointed at where the nesting passes the limit.
    expect(problem(`${'['.repeat(100)}${']'.repeat(100)}`)).toMatch(/^scenarios\/evil\.yaml:1:3\d nests more than 32 levels deep/)
  })
})
