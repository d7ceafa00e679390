import { renderToString } from 'react-dom/server'
import { describe, expect, test } from 'vitest'
import type { Status } from '#app/certification/rules.ts'
import { DueChart, ScoreTrendChart, SkillProfileChart, SkillsOverTimeChart, StatesChart } from '#app/components/charts/team-charts.tsx'

/** The table's rows as the text of each cell, header row included. */
function rows(html: string): string[][] {
  return [...html.matchAll(/<tr>(.*?)<\/tr>/g)].map(([, row]) =>
    [...row!.matchAll(/<t[hd][^>]*?(?:\/>|>(.*?)<\/t[hd]>)/g)].map(([, cell]) => (cell ?? '').replace(/<[^>]*>/g, '')),
  )
}

function expectServerShape(html: string, title: string, tableLabel: string) {
  expect(html).toContain(`<figcaption class="chart-title">${title}</figcaption>`)
  expect(html).toContain(`<summary>${tableLabel}</summary>`)
  expect(html).toContain(`<table class="data"><caption class="sr-only">${title}</caption>`)
  expect(html).toMatch(/aria-hidden="true" inert=""/)
  // The drawing waits for mount: the server sends none.
  expect(html).not.toContain('<svg')
}

function expectEmpty(html: string, title: string, emptyLabel: string) {
  expect(html).toContain(`<figcaption class="chart-title">${title}</figcaption>`)
  expect(html).toContain(`<p class="chart-empty">${emptyLabel}</p>`)
  expect(html).not.toContain('<table')
  expect(html).not.toContain('<details')
  expect(html).not.toContain('<svg')
}

const text = { title: 'States', tableLabel: 'Show as table', emptyLabel: 'No data yet' }

describe('StatesChart', () => {
  const statusLabels: Record<Status, string> = {
    notStarted: 'Not started',
    inProgress: 'In progress',
    certified: 'Certified',
    refresherDue: 'Refresher due',
    lapsed: 'Lapsed',
    revoked: 'Revoked',
  }
  const counts = (notStarted: number, inProgress: number, certified: number, refresherDue: number, lapsed: number, revoked: number) => ({
    notStarted,
    inProgress,
    certified,
    refresherDue,
    lapsed,
    revoked,
  })

  test('a row per certification, a column per status and the total', () => {
    const html = renderToString(
      <StatesChart
        {...text}
        statusLabels={statusLabels}
        totalLabel="Total"
        certifications={[
          { id: 'returns', title: 'Returns', counts: counts(1, 2, 3, 4, 5, 6) },
          { id: 'billing', title: 'Billing', counts: counts(0, 0, 7, 0, 1, 0) },
        ]}
      />,
    )
    expectServerShape(html, 'States', 'Show as table')
    expect(html).toContain('<th scope="col">Refresher due</th>')
    expect(html).toContain('<th scope="row">Returns</th>')
    expect(rows(html)).toEqual([
      ['', 'Not started', 'In progress', 'Certified', 'Refresher due', 'Lapsed', 'Revoked', 'Total'],
      ['Returns', '1', '2', '3', '4', '5', '6', '21'],
      ['Billing', '0', '0', '7', '0', '1', '0', '8'],
    ])
  })

  test('no certifications, or nobody in any: the empty text and no table', () => {
    expectEmpty(
      renderToString(<StatesChart {...text} statusLabels={statusLabels} totalLabel="Total" certifications={[]} />),
      'States',
      'No data yet',
    )
    const zero = [{ id: 'returns', title: 'Returns', counts: counts(0, 0, 0, 0, 0, 0) }]
    expectEmpty(
      renderToString(<StatesChart {...text} statusLabels={statusLabels} totalLabel="Total" certifications={zero} />),
      'States',
      'No data yet',
    )
  })
})

describe('SkillProfileChart', () => {
  test('a row per skill, team beside organisation, — where there is no score', () => {
    const html = renderToString(
      <SkillProfileChart
        {...text}
        teamLabel="Team"
        orgLabel="Organisation"
        skills={[
          { skill: 'etiquette', label: 'Etiquette', team: 81.6, org: 75 },
          { skill: 'empathy', label: 'Empathy', team: null, org: 70 },
        ]}
      />,
    )
    expectServerShape(html, 'States', 'Show as table')
    expect(rows(html)).toEqual([
      ['', 'Team', 'Organisation'],
      ['Etiquette', '82', '75'],
      ['Empathy', '—', '70'],
    ])
  })

  test('no scores at all: the empty text', () => {
    const skills = [{ skill: 'etiquette', label: 'Etiquette', team: null, org: null }]
    expectEmpty(renderToString(<SkillProfileChart {...text} teamLabel="Team" orgLabel="Org" skills={skills} />), 'States', 'No data yet')
    expectEmpty(renderToString(<SkillProfileChart {...text} teamLabel="Team" orgLabel="Org" skills={[]} />), 'States', 'No data yet')
  })
})

describe('ScoreTrendChart', () => {
  test('a row per week with team, organisation and attempts', () => {
    const html = renderToString(
      <ScoreTrendChart
        {...text}
        teamLabel="Team"
        orgLabel="Organisation"
        attemptsLabel="Attempts"
        weeks={[
          { week: '2026-03-02', label: '2 Mar', team: 70, org: 68.4, attempts: 12 },
          { week: '2026-03-09', label: '9 Mar', team: null, org: 71, attempts: 0 },
        ]}
      />,
    )
    expectServerShape(html, 'States', 'Show as table')
    expect(html).toContain('<th scope="row"><time dateTime="2026-03-02">2 Mar</time></th>')
    expect(rows(html)).toEqual([
      ['', 'Team', 'Organisation', 'Attempts'],
      ['2 Mar', '70', '68', '12'],
      ['9 Mar', '—', '71', '0'],
    ])
  })

  test('no scores in any week: the empty text', () => {
    const weeks = [{ week: '2026-03-02', label: '2 Mar', team: null, org: null, attempts: 0 }]
    expectEmpty(
      renderToString(<ScoreTrendChart {...text} teamLabel="Team" orgLabel="Org" attemptsLabel="Attempts" weeks={weeks} />),
      'States',
      'No data yet',
    )
  })
})

describe('DueChart', () => {
  test('a row per bucket with its count', () => {
    const html = renderToString(
      <DueChart
        {...text}
        countLabel="Agents"
        buckets={[
          { key: 'overdue', label: 'Overdue', count: 2 },
          { key: 'within30', label: 'Within 30 days', count: 0 },
          { key: 'within60', label: '31–60 days', count: 5 },
        ]}
      />,
    )
    expectServerShape(html, 'States', 'Show as table')
    expect(rows(html)).toEqual([
      ['', 'Agents'],
      ['Overdue', '2'],
      ['Within 30 days', '0'],
      ['31–60 days', '5'],
    ])
  })

  test('nothing due: the empty text', () => {
    const buckets = [{ key: 'overdue', label: 'Overdue', count: 0 }]
    expectEmpty(renderToString(<DueChart {...text} countLabel="Agents" buckets={buckets} />), 'States', 'No data yet')
  })
})

describe('SkillsOverTimeChart', () => {
  const skillLabels = { etiquette: '礼仪', empathy: '共情', resolution: '解决', compliance: '合规', timeliness: '时效' }

  test('a row per week, a column per skill in SKILLS order, — for null or absent', () => {
    const html = renderToString(
      <SkillsOverTimeChart
        {...text}
        skillLabels={skillLabels}
        weeks={[
          {
            week: '2026-03-02',
            label: '3月2日',
            scores: { etiquette: 90, empathy: 60.5, resolution: null, compliance: 100, timeliness: 0 },
          },
          { week: '2026-03-09', label: '3月9日', scores: { empathy: 72 } },
        ]}
      />,
    )
    expectServerShape(html, 'States', 'Show as table')
    expect(rows(html)).toEqual([
      ['', '礼仪', '共情', '解决', '合规', '时效'],
      ['3月2日', '90', '61', '—', '100', '0'],
      ['3月9日', '—', '72', '—', '—', '—'],
    ])
  })

  test('no scores: the empty text', () => {
    const weeks = [{ week: '2026-03-02', label: '3月2日', scores: { etiquette: null } }]
    expectEmpty(renderToString(<SkillsOverTimeChart {...text} skillLabels={skillLabels} weeks={weeks} />), 'States', 'No data yet')
    expectEmpty(renderToString(<SkillsOverTimeChart {...text} skillLabels={skillLabels} weeks={[]} />), 'States', 'No data yet')
  })
})
