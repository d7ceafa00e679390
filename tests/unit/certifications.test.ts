import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, test } from 'vitest'
import { loadCertifications } from '#app/certification/certifications.server.ts'
import { readCertifications } from '#app/certification/load.server.ts'
import { SourceError } from '#app/domain/yaml-validate.ts'

const source = fs.readFileSync('content/certifications/onboarding.yaml', 'utf8')
const known = {
  modules: new Set(['service-etiquette', 'emotion-management', 'consumer-law', 'complaint-handling', 'service-flow', 'privacy-security']),
  scenarios: new Map([
    ['damaged-on-arrival', 1],
    ['someone-elses-order', 3],
    ['parcel-lost', 2],
  ]),
}

function problemsOf(text: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'certs-'))
  fs.writeFileSync(path.join(dir, 'onboarding.yaml'), text)
  try {
    readCertifications(known, dir)
  } catch (error) {
    if (error instanceof SourceError) return error.problems
    throw error
  }
  throw new Error('expected problems')
}
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1

describe('certifications', () => {
  test('the shipped ones load: onboarding and complaint handling', () => {
    expect(loadCertifications().map((c) => [c.id, c.title])).toEqual([
      ['onboarding', '新员工上岗认证'],
      ['complaint-specialist', '投诉处理专项认证'],
    ])
  })

  test('an unknown module is named with its line and field', () => {
    const bad = source.replace('service-flow,', 'service-flows,')
    expect(problemsOf(bad)).toContainEqual(
      expect.objectContaining({
        field: 'requirements.modules.4',
        line: lineOf(bad, 'service-flows'),
        message: 'no course module "service-flows"',
      }),
    )
  })

  test('an unknown required scenario is named', () => {
    expect(problemsOf(source.replace('[damaged-on-arrival,', '[broken-vase,'))).toContainEqual(
      expect.objectContaining({ field: 'requirements.roleplays.required.0', message: 'no scenario "broken-vase"' }),
    )
  })

  test('requirements that contradict each other are refused', () => {
    expect(problemsOf(source.replace('count: 2', 'count: 9'))).toContainEqual(
      expect.objectContaining({ field: 'requirements.roleplays.hard.count', message: 'cannot exceed `passed`' }),
    )
    expect(problemsOf(source.replace('everyMonths: 6', 'everyMonths: 24'))).toContainEqual(
      expect.objectContaining({ field: 'refresher.everyMonths', message: 'must not be longer than the validity' }),
    )
  })

  test('asking for more hard scenarios than exist is refused', () => {
    expect(problemsOf(source.replace('difficulty: 2, count: 2', 'difficulty: 3, count: 2'))).toContainEqual(
      expect.objectContaining({ field: 'requirements.roleplays.hard', message: 'fewer than 2 scenarios have difficulty 3 or more' }),
    )
  })
})
