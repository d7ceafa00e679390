import { describe, expect, test } from 'vitest'
import { addMonths, daysBetween, endOfDay, localDate, startOfDay } from '#app/domain/calendar.ts'
import {
  INITIAL_STANDING,
  NO_RECORDS,
  advance,
  itemCompletions,
  openRefreshers,
  requirementProgress,
  urgency,
  type Catalog,
  type Records,
  type Rules,
  type Standing,
} from '#app/certification/rules.ts'
import type { Certification } from '#app/certification/schema.ts'
import { ticks } from '#app/certification/path.ts'
import type { Skill } from '#app/domain/skills.ts'

const TZ = 'Asia/Shanghai'
/** A Shanghai wall-clock time, e.g. `at('2027-01-10 10:00')`. */
const at = (wall: string) => Date.parse(`${wall.replace(' ', 'T')}:00+08:00`)

const weights = { etiquette: 15, empathy: 25, resolution: 30, compliance: 20, timeliness: 10 }
const baseCatalog: Catalog = {
  modules: new Map([
    [
      'a',
      {
        id: 'a',
        title: '模块甲',
        version: 1,
        versions: [{ version: 1, material: true, publishedAt: at('2026-12-01 00:00') }],
        questions: [
          { id: 'q1', skill: 'etiquette' as Skill },
          { id: 'q2', skill: 'compliance' as Skill },
          { id: 'q3', skill: 'compliance' as Skill },
        ],
      },
    ],
    [
      'b',
      {
        id: 'b',
        title: '模块乙',
        version: 1,
        versions: [{ version: 1, material: true, publishedAt: at('2026-12-01 00:00') }],
        questions: [{ id: 'q1', skill: 'compliance' as Skill }],
      },
    ],
  ]),
  scenarios: new Map([
    ['s1', { id: 's1', title: '情景一', difficulty: 1, skills: ['empathy' as Skill], weights }],
    ['s2', { id: 's2', title: '情景二', difficulty: 2, skills: ['compliance' as Skill], weights }],
    ['s3', { id: 's3', title: '情景三', difficulty: 3, skills: ['compliance' as Skill, 'empathy' as Skill], weights }],
  ]),
}

const certification: Certification = {
  id: 'basic',
  title: '基础认证',
  order: 1,
  summary: '测试用',
  requirements: { modules: ['a', 'b'], roleplays: { passed: 2, hard: { difficulty: 2, count: 1 }, required: ['s1'], modes: ['free'] } },
  validity: { months: 12 },
  refresher: {
    everyMonths: 6,
    windowDays: 30,
    items: { quizzes: ['a'], roleplays: { count: 1, difficulty: 1 } },
    materialChange: { days: 30 },
    weakSkill: { below: 60, recent: 3, atLeast: 3, days: 14 },
  },
  graceDays: 30,
}

const rules: Rules = { certification, catalog: baseCatalog, timeZone: TZ }

const good = { etiquette: 80, empathy: 80, resolution: 80, compliance: 100, timeliness: 100 }
let n = 0
const quiz = (moduleId: string, when: string, passed = true, moduleVersion = 1) => ({ moduleId, moduleVersion, passed, at: at(when) })
const play = (
  scenarioId: string,
  when: string,
  passed = true,
  skills: Partial<Record<Skill, number>> = good,
  mode: 'free' | 'guided' = 'free',
) => ({ id: `r${++n}`, scenarioId, mode, passed, at: at(when), skills })

/** Records that certify on 2027-01-10 at 10:00. */
function certifying(): Records {
  return {
    ...NO_RECORDS,
    reading: [{ moduleId: 'a', at: at('2027-01-05 09:00') }],
    quizzes: [quiz('a', '2027-01-05 10:00'), quiz('b', '2027-01-06 10:00')],
    roleplays: [play('s1', '2027-01-08 10:00'), play('s2', '2027-01-10 10:00')],
  }
}

function with_(records: Records, more: Partial<Records>): Records {
  return {
    reading: [...records.reading, ...(more.reading ?? [])],
    quizzes: [...records.quizzes, ...(more.quizzes ?? [])],
    roleplays: [...records.roleplays, ...(more.roleplays ?? [])],
    drills: [...records.drills, ...(more.drills ?? [])],
    revocations: [...records.revocations, ...(more.revocations ?? [])],
    assignments: [...records.assignments, ...(more.assignments ?? [])],
  }
}

const statusAt = (records: Records, when: string, r: Rules = rules) => advance(r, records, INITIAL_STANDING, at(when)).standing.status

describe('calendar', () => {
  test.each([
    ['2027-01-31', 1, '2027-02-28'],
    ['2028-01-31', 1, '2028-02-29'],
    ['2027-08-31', 6, '2028-02-29'],
    ['2027-01-10', 12, '2028-01-10'],
    ['2027-12-15', 1, '2028-01-15'],
  ])('%s plus %i months is %s', (from, months, expected) => {
    expect(addMonths(from, months)).toBe(expected)
  })

  test('a Shanghai day starts at 16:00 UTC the day before', () => {
    expect(new Date(startOfDay('2027-07-10', TZ)).toISOString()).toBe('2027-07-09T16:00:00.000Z')
    expect(new Date(endOfDay('2027-07-10', TZ)).toISOString()).toBe('2027-07-10T16:00:00.000Z')
    expect(localDate(Date.parse('2027-07-09T16:30:00Z'), TZ)).toBe('2027-07-10')
    expect(localDate(Date.parse('2027-07-09T15:59:59Z'), TZ)).toBe('2027-07-09')
  })

  test('a day across a daylight-saving change still starts at local midnight', () => {
    // New York springs forward on 2027-03-14.
    expect(new Date(startOfDay('2027-03-14', 'America/New_York')).toISOString()).toBe('2027-03-14T05:00:00.000Z')
    expect(new Date(startOfDay('2027-03-15', 'America/New_York')).toISOString()).toBe('2027-03-15T04:00:00.000Z')
    expect(daysBetween('2027-03-01', '2027-04-01')).toBe(31)
  })
})

describe('requirements', () => {
  test('lists what is missing and counts progress', () => {
    const records = {
      ...NO_RECORDS,
      quizzes: [quiz('a', '2027-01-05 10:00'), quiz('b', '2027-01-06 10:00', false)],
      roleplays: [play('s2', '2027-01-07 10:00')],
    }
    const p = requirementProgress(rules, records)
    expect(
      p.items.filter((i) => !i.done).map((i) => i.kind + ':' + ('moduleId' in i ? i.moduleId : 'scenarioId' in i ? i.scenarioId : '')),
    ).toEqual(['module:b', 'scenario:s1', 'roleplays:'])
    // a done, b not; s2 passed (hard) but s1 is still required and two distinct are asked: 2 of 5 ticks.
    expect(p.items.map((i) => i.done)).toEqual([true, false, false, true, false])
    expect(ticks(p.items).percent).toBe(40)
    expect(p.metAt).toBeNull()
  })

  test('a pass at an older module version does not count', () => {
    const a = baseCatalog.modules.get('a')!
    const catalog: Catalog = {
      ...baseCatalog,
      modules: new Map([
        ...baseCatalog.modules,
        ['a', { ...a, version: 2, versions: [...a.versions, { version: 2, material: true, publishedAt: at('2027-01-07 00:00') }] }],
      ]),
    }
    const p = requirementProgress({ ...rules, catalog }, certifying())
    expect(p.items.find((i) => i.kind === 'module' && i.moduleId === 'a')?.done).toBe(false)
    expect(p.metAt).toBeNull()
  })

  test('met at the moment of the last missing record', () => {
    expect(requirementProgress(rules, certifying()).metAt).toBe(at('2027-01-10 10:00'))
  })

  test('a pass older than this installation counts at the first version it served', () => {
    const a = baseCatalog.modules.get('a')!
    const catalog: Catalog = {
      ...baseCatalog,
      modules: new Map([
        ...baseCatalog.modules,
        [
          'a',
          {
            ...a,
            version: 2,
            versions: [
              { version: 1, material: true, publishedAt: at('2027-02-01 00:00') },
              { version: 2, material: true, publishedAt: at('2027-03-01 00:00') },
            ],
          },
        ],
      ]),
    }
    // Certified in January on version 1, before set-up recorded it: held at version 1, so version 2 asks for a refresher.
    const { standing } = advance({ ...rules, catalog }, certifying(), INITIAL_STANDING, at('2027-03-02 00:00'))
    expect(standing.certificates[0]!.moduleVersions.a).toBe(1)
    expect(openRefreshers(standing).map((r) => r.source)).toEqual(['content'])
  })

  test('two passes of the same scenario count once', () => {
    const records = {
      ...NO_RECORDS,
      quizzes: [quiz('a', '2027-01-05 10:00'), quiz('b', '2027-01-06 10:00')],
      roleplays: [play('s1', '2027-01-08 10:00'), play('s1', '2027-01-09 10:00')],
    }
    expect(requirementProgress(rules, records).metAt).toBeNull()
  })

  test('a guided pass is practice: only free-text passes count, unless the file says guided counts', () => {
    const records = { ...certifying(), roleplays: [play('s1', '2027-01-08 10:00'), play('s2', '2027-01-10 10:00', true, good, 'guided')] }
    expect(requirementProgress(rules, records).metAt).toBeNull()
    const either = {
      ...rules,
      certification: {
        ...certification,
        requirements: {
          ...certification.requirements,
          roleplays: { ...certification.requirements.roleplays, modes: ['free', 'guided'] as ('free' | 'guided')[] },
        },
      },
    }
    expect(requirementProgress(either, records).metAt).toBe(at('2027-01-10 10:00'))
  })
})

describe('standing over time', () => {
  test.each([
    ['2027-01-04 12:00', 'notStarted'],
    ['2027-01-05 09:00', 'inProgress'],
    ['2027-01-10 09:59', 'inProgress'],
    ['2027-01-10 10:00', 'certified'],
    // The first refresher is due 2027-07-10; its window opens 30 days before.
    ['2027-06-09 23:59', 'certified'],
    ['2027-06-10 00:00', 'refresherDue'],
    // Overdue after 07-10, lapsed once the 30 grace days after it have passed.
    ['2027-07-11 00:00', 'refresherDue'],
    ['2027-08-09 23:59', 'refresherDue'],
    ['2027-08-10 00:00', 'lapsed'],
  ])('at %s the agent is %s', (when, expected) => {
    expect(statusAt(certifying(), when)).toBe(expected)
  })

  test('the certificate: issued on the day requirements were met, valid twelve months', () => {
    const { standing, history } = advance(rules, certifying(), INITIAL_STANDING, at('2027-02-01 00:00'))
    expect(standing.certificates).toEqual([
      expect.objectContaining({ issuedDate: '2027-01-10', validUntil: '2028-01-10', endedAt: null, moduleVersions: { a: 1, b: 1 } }),
    ])
    expect(history.map((h) => [h.from, h.to, h.cause.type])).toEqual([
      ['notStarted', 'inProgress', 'started'],
      ['inProgress', 'certified', 'requirementsMet'],
    ])
    expect(history[0]!.cause).toEqual({ type: 'started', moduleId: 'a' })
  })

  test.each([
    ['the day before due', '2027-07-09 20:00', 'certified', false],
    ['on the due date', '2027-07-10 23:59', 'certified', false],
    ['the day after due, within grace', '2027-07-11 09:00', 'certified', true],
    ['on the last day of grace', '2027-08-09 23:59', 'certified', true],
    ['the day after grace ends', '2027-08-10 00:00', 'certified', true],
  ])('refresher done %s (%s): %s', (_label, when, expected, late) => {
    const records = with_(certifying(), { quizzes: [quiz('a', when)], roleplays: [play('s1', when)] })
    const { standing, history } = advance(rules, records, INITIAL_STANDING, at('2027-09-01 00:00'))
    expect(standing.status).toBe(expected)
    // Done after grace ended, the certificate lapsed first and a new one is issued.
    const lapsed = history.some((h) => h.to === 'lapsed')
    expect(lapsed).toBe(when >= '2027-08-10')
    const refresher = standing.refreshers.find((r) => r.source === 'time')!
    expect(refresher.completedAt! > endOfDay(refresher.dueDate, TZ)).toBe(late)
  })

  test('a failed refresher quiz leaves it due; passing it later completes it', () => {
    const records = with_(certifying(), { quizzes: [quiz('a', '2027-06-15 10:00', false)], roleplays: [play('s1', '2027-06-15 11:00')] })
    const mid = advance(rules, records, INITIAL_STANDING, at('2027-06-16 00:00'))
    expect(mid.standing.status).toBe('refresherDue')
    const refresher = openRefreshers(mid.standing)[0]!
    expect(itemCompletions(refresher, rules, records)).toEqual([null, at('2027-06-15 11:00')])
    const later = advance(rules, with_(records, { quizzes: [quiz('a', '2027-06-20 10:00')] }), mid.standing, at('2027-06-21 00:00'))
    expect(later.standing.status).toBe('certified')
    expect(later.history.map((h) => h.cause.type)).toEqual(['refresherCompleted'])
  })

  test('records from before the refresher opened do not complete it', () => {
    const records = with_(certifying(), { quizzes: [quiz('a', '2027-06-09 10:00')], roleplays: [play('s1', '2027-06-09 11:00')] })
    expect(statusAt(records, '2027-06-20 00:00')).toBe('refresherDue')
  })

  test('two years: certified, refresher due, lapsed, certified again, renewed', () => {
    const records = with_(certifying(), {
      // Nothing done for the July refresher: lapsed on 2027-08-10. Done on 09-01: certified again.
      quizzes: [quiz('a', '2027-09-01 10:00'), quiz('a', '2028-02-15 10:00'), quiz('a', '2028-08-20 10:00')],
      roleplays: [play('s2', '2027-09-01 11:00'), play('s1', '2028-02-15 11:00'), play('s3', '2028-08-20 11:00')],
    })
    const { standing, history } = advance(rules, records, INITIAL_STANDING, at('2029-01-01 00:00'))
    expect(history.filter((h) => h.from !== h.to).map((h) => `${localDate(h.at, TZ)} ${h.from}→${h.to} ${h.cause.type}`)).toEqual([
      '2027-01-05 notStarted→inProgress started',
      '2027-01-10 inProgress→certified requirementsMet',
      '2027-06-10 certified→refresherDue refresherOpened',
      '2027-08-10 refresherDue→lapsed lapsed',
      '2027-09-01 lapsed→certified recertified',
      // The new certificate's first refresher is due 2028-03-01, its renewal 2028-09-01.
      '2028-01-31 certified→refresherDue refresherOpened',
      '2028-02-15 refresherDue→certified refresherCompleted',
      '2028-08-02 certified→refresherDue refresherOpened',
      '2028-08-20 refresherDue→certified renewed',
    ])
    expect(standing.certificates.map((c) => [c.issuedDate, c.validUntil, c.endReason])).toEqual([
      ['2027-01-10', '2028-01-10', 'lapsed'],
      ['2027-09-01', '2029-09-01', null],
    ])
    expect(standing.status).toBe('certified')
  })

  test('brought up to date daily or once, the history is the same', () => {
    const records = with_(certifying(), {
      quizzes: [quiz('a', '2027-06-15 10:00', false), quiz('a', '2027-09-01 10:00')],
      roleplays: [
        play('s2', '2027-02-01 10:00', true, { ...good, compliance: 40 }),
        play('s2', '2027-02-02 10:00', true, { ...good, compliance: 40 }),
        play('s3', '2027-09-01 11:00'),
      ],
    })
    const once = advance(rules, records, INITIAL_STANDING, at('2028-06-01 00:00'))
    let standing: Standing = INITIAL_STANDING
    const daily = []
    for (let t = at('2027-01-01 08:00'); t <= at('2028-06-01 00:00'); t += 24 * 60 * 60 * 1000) {
      const step = advance(rules, records, standing, t)
      standing = step.standing
      daily.push(...step.history)
    }
    const last = advance(rules, records, standing, at('2028-06-01 00:00'))
    daily.push(...last.history)
    expect(daily).toEqual(once.history)
    expect({ ...last.standing, asOf: 0 }).toEqual({ ...once.standing, asOf: 0 })
  })

  test('running again at the same moment adds nothing', () => {
    const first = advance(rules, certifying(), INITIAL_STANDING, at('2027-07-01 00:00'))
    const second = advance(rules, certifying(), first.standing, at('2027-07-01 00:00'))
    expect(second.history).toEqual([])
    expect(second.standing).toEqual(first.standing)
  })
})

describe('content refreshers', () => {
  const bumped = (material: boolean): Rules => ({
    ...rules,
    catalog: {
      ...baseCatalog,
      modules: new Map([
        ...baseCatalog.modules,
        [
          'a',
          {
            ...baseCatalog.modules.get('a')!,
            version: 2,
            versions: [...baseCatalog.modules.get('a')!.versions, { version: 2, material, publishedAt: at('2027-03-01 09:00') }],
          },
        ],
      ]),
    },
  })

  test('a material version makes holders due within the set days', () => {
    const { standing } = advance(bumped(true), certifying(), INITIAL_STANDING, at('2027-03-02 00:00'))
    expect(standing.status).toBe('refresherDue')
    expect(openRefreshers(standing)).toEqual([
      expect.objectContaining({ source: 'content', dueDate: '2027-03-31', items: [{ kind: 'module', moduleId: 'a', version: 2 }] }),
    ])
  })

  test('before it is published nothing is due', () => {
    expect(statusAt(certifying(), '2027-02-28 23:00', bumped(true))).toBe('certified')
  })

  test('a version that is not material asks nothing of holders', () => {
    expect(statusAt(certifying(), '2027-03-02 00:00', bumped(false))).toBe('certified')
  })

  test('passing the new version completes it and becomes the version held; not doing it lapses', () => {
    const done = with_(certifying(), { quizzes: [quiz('a', '2027-03-20 10:00', true, 2)] })
    const { standing } = advance(bumped(true), done, INITIAL_STANDING, at('2027-04-01 00:00'))
    expect(standing.status).toBe('certified')
    expect(standing.certificates[0]!.moduleVersions).toEqual({ a: 2, b: 1 })
    expect(statusAt(certifying(), '2027-04-30 23:59', bumped(true))).toBe('refresherDue')
    expect(statusAt(certifying(), '2027-05-01 00:00', bumped(true))).toBe('lapsed')
  })
})

describe('weakness refreshers', () => {
  const weak = { ...good, compliance: 40 }

  test('a skill below the threshold over recent role-plays yields a drill and a scenario for it', () => {
    const records = with_(certifying(), {
      roleplays: [play('s1', '2027-02-01 10:00', true, weak), play('s1', '2027-02-02 10:00', true, weak)],
    })
    // With the certifying s2 pass (compliance 100): (100 + 40 + 40) / 3 = 60, not below 60.
    expect(statusAt(records, '2027-02-03 00:00')).toBe('certified')
    const more = with_(records, { roleplays: [play('s1', '2027-02-03 10:00', true, weak)] })
    const { standing } = advance(rules, more, INITIAL_STANDING, at('2027-02-04 00:00'))
    expect(standing.status).toBe('refresherDue')
    expect(openRefreshers(standing)).toEqual([
      expect.objectContaining({
        source: 'weakness',
        reason: { type: 'weakness', skill: 'compliance', average: 40, attempts: 3 },
        dueDate: '2027-02-17',
        items: [
          { kind: 'drill', skill: 'compliance', questions: ['a--q2', 'a--q3', 'b--q1'] },
          { kind: 'scenario', scenarioId: 's3' },
        ],
      }),
    ])
  })

  test('once done, the same weakness is asked about again only from new attempts', () => {
    const records = with_(certifying(), {
      roleplays: [
        play('s1', '2027-02-01 10:00', true, weak),
        play('s1', '2027-02-02 10:00', true, weak),
        play('s1', '2027-02-03 10:00', true, weak),
      ],
    })
    const first = advance(rules, records, INITIAL_STANDING, at('2027-02-04 00:00'))
    const refresher = openRefreshers(first.standing)[0]!
    const done = with_(records, {
      drills: [{ refresherKey: refresher.key, passed: true, at: at('2027-02-05 10:00') }],
      roleplays: [play('s3', '2027-02-05 11:00')],
    })
    const after = advance(rules, done, first.standing, at('2027-03-01 00:00'))
    expect(after.standing.status).toBe('certified')
    const again = with_(done, { roleplays: [play('s1', '2027-03-02 10:00', true, weak), play('s1', '2027-03-03 10:00', true, weak)] })
    // Since the drill: s3 (100), then 40, 40 → 60: not yet.
    expect(advance(rules, again, after.standing, at('2027-03-04 00:00')).standing.status).toBe('certified')
  })

  test('a failed drill does not complete it', () => {
    const records = with_(certifying(), {
      roleplays: [
        play('s1', '2027-02-01 10:00', true, weak),
        play('s1', '2027-02-02 10:00', true, weak),
        play('s1', '2027-02-03 10:00', true, weak),
      ],
    })
    const first = advance(rules, records, INITIAL_STANDING, at('2027-02-04 00:00'))
    const refresher = openRefreshers(first.standing)[0]!
    const failed = with_(records, {
      drills: [{ refresherKey: refresher.key, passed: false, at: at('2027-02-05 10:00') }],
      roleplays: [play('s3', '2027-02-05 11:00')],
    })
    expect(advance(rules, failed, first.standing, at('2027-02-06 00:00')).standing.status).toBe('refresherDue')
  })
})

describe('refreshers a lead sets', () => {
  const assignment = {
    id: 'a1',
    at: at('2027-02-01 10:00'),
    dueDate: '2027-02-15',
    items: [
      { kind: 'quiz' as const, moduleId: 'b' },
      { kind: 'scenario' as const, scenarioId: 's3' },
    ],
    by: '孙组长',
    note: '上周有两单回复超时',
  }

  test.each([
    ['2027-02-01 09:59', 'certified'],
    ['2027-02-01 10:00', 'refresherDue'],
    ['2027-03-17 23:59', 'refresherDue'],
    // Due 02-15, plus 30 grace days: lapsed from 03-18.
    ['2027-03-18 00:00', 'lapsed'],
  ])('at %s: %s', (when, expected) => {
    expect(statusAt(with_(certifying(), { assignments: [assignment] }), when)).toBe(expected)
  })

  test('done by its items, after it was set', () => {
    const early = with_(certifying(), {
      assignments: [assignment],
      quizzes: [quiz('b', '2027-01-20 10:00')],
      roleplays: [play('s3', '2027-02-02 10:00')],
    })
    expect(statusAt(early, '2027-02-03 00:00')).toBe('refresherDue')
    const done = with_(early, { quizzes: [quiz('b', '2027-02-03 10:00')] })
    const { standing } = advance(rules, done, INITIAL_STANDING, at('2027-02-04 00:00'))
    expect(standing.status).toBe('certified')
    expect(standing.refreshers.find((r) => r.source === 'assigned')).toMatchObject({
      reason: { type: 'assigned', by: '孙组长', note: '上周有两单回复超时' },
      completedAt: at('2027-02-03 10:00'),
    })
  })
})

describe('revocation', () => {
  test('ends the certificate; everything must be met again after it', () => {
    const first = advance(rules, certifying(), INITIAL_STANDING, at('2027-02-01 00:00'))
    const key = first.standing.certificates[0]!.key
    const revoked = with_(certifying(), { revocations: [{ certificateKey: key, at: at('2027-02-02 10:00'), reason: '泄露顾客信息' }] })
    const second = advance(rules, revoked, first.standing, at('2027-02-03 00:00'))
    expect(second.standing.status).toBe('revoked')
    expect(second.standing.certificates[0]!.endReason).toBe('revoked')
    expect(second.history[0]!.cause).toEqual({ type: 'revoked', certificateKey: key, reason: '泄露顾客信息' })
    const redone = with_(revoked, {
      quizzes: [quiz('a', '2027-03-01 10:00'), quiz('b', '2027-03-01 11:00')],
      roleplays: [play('s1', '2027-03-02 10:00'), play('s3', '2027-03-02 11:00')],
    })
    const third = advance(rules, redone, second.standing, at('2027-03-03 00:00'))
    expect(third.standing.status).toBe('certified')
    expect(third.standing.certificates.map((c) => c.issuedDate)).toEqual(['2027-01-10', '2027-03-02'])
  })
})

describe('urgency', () => {
  test.each([
    ['2027-05-01 00:00', 'none'],
    ['2027-05-28 00:00', 'upcoming'],
    ['2027-06-10 00:00', 'due'],
    ['2027-07-11 00:00', 'overdue'],
    ['2027-08-10 00:00', 'lapsed'],
  ])('at %s: %s', (when, expected) => {
    const { standing } = advance(rules, certifying(), INITIAL_STANDING, at(when))
    expect(urgency(standing, rules, at(when))).toBe(expected)
  })
})
