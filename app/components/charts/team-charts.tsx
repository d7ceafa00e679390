/**
 * The team lead dashboard's charts. They only draw: data arrive computed and labels translated.
 * Each is a figure whose table, rendered on the server too, carries the same numbers as its drawing.
 */
import { lazy } from 'react'
import { STATUSES, type Status } from '#app/certification/rules.ts'
import { SKILLS } from '#app/domain/skills.ts'
import { ChartFigure } from './chart-figure.tsx'

// One chunk for all five drawings, fetched after the first one mounts.
const load = () => import('./team-charts-drawing.tsx')
const StatesDrawing = lazy(() => load().then((m) => ({ default: m.StatesDrawing })))
const SkillProfileDrawing = lazy(() => load().then((m) => ({ default: m.SkillProfileDrawing })))
const ScoreTrendDrawing = lazy(() => load().then((m) => ({ default: m.ScoreTrendDrawing })))
const DueDrawing = lazy(() => load().then((m) => ({ default: m.DueDrawing })))
const SkillsOverTimeDrawing = lazy(() => load().then((m) => ({ default: m.SkillsOverTimeDrawing })))

const MISSING = '—'
const score = (value: number | null | undefined) => (value === null || value === undefined ? MISSING : String(Math.round(value)))

interface ChartText {
  title: string
  tableLabel: string
  /** Shown instead of the chart (and its table) when there is nothing to draw. */
  emptyLabel: string
  id?: string
}

// ---------------------------------------------------------------------------------------------

export interface StatesChartProps extends ChartText {
  statusLabels: Record<Status, string>
  /** Heading of the table's last column. */
  totalLabel: string
  certifications: readonly { id: string; title: string; counts: Record<Status, number> }[]
}

/** How many agents stand in each status, one stacked bar per certification. */
export function StatesChart({ title, tableLabel, emptyLabel, id, statusLabels, totalLabel, certifications }: StatesChartProps) {
  const total = (counts: Record<Status, number>) => STATUSES.reduce((sum, status) => sum + counts[status], 0)
  const empty = certifications.every((c) => total(c.counts) === 0)
  return (
    <ChartFigure
      id={id}
      title={title}
      tableLabel={tableLabel}
      empty={empty ? emptyLabel : undefined}
      height={Math.max(180, 80 + 44 * certifications.length)}
      drawing={<StatesDrawing statusLabels={statusLabels} certifications={certifications} />}
      table={
        <table className="data">
          <caption className="sr-only">{title}</caption>
          <thead>
            <tr>
              <td />
              {STATUSES.map((status) => (
                <th key={status} scope="col">
                  {statusLabels[status]}
                </th>
              ))}
              <th scope="col">{totalLabel}</th>
            </tr>
          </thead>
          <tbody>
            {certifications.map((c) => (
              <tr key={c.id}>
                <th scope="row">{c.title}</th>
                {STATUSES.map((status) => (
                  <td key={status}>{String(c.counts[status])}</td>
                ))}
                <td>{String(total(c.counts))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    />
  )
}

// ---------------------------------------------------------------------------------------------

export interface SkillProfileChartProps extends ChartText {
  teamLabel: string
  orgLabel: string
  /** Scores 0–100; null where nobody has one. */
  skills: readonly { skill: string; label: string; team: number | null; org: number | null }[]
}

/** The team's score on each skill beside the organisation's. */
export function SkillProfileChart({ title, tableLabel, emptyLabel, id, teamLabel, orgLabel, skills }: SkillProfileChartProps) {
  const empty = skills.every((s) => s.team === null && s.org === null)
  return (
    <ChartFigure
      id={id}
      title={title}
      tableLabel={tableLabel}
      empty={empty ? emptyLabel : undefined}
      drawing={<SkillProfileDrawing teamLabel={teamLabel} orgLabel={orgLabel} skills={skills} />}
      table={
        <table className="data">
          <caption className="sr-only">{title}</caption>
          <thead>
            <tr>
              <td />
              <th scope="col">{teamLabel}</th>
              <th scope="col">{orgLabel}</th>
            </tr>
          </thead>
          <tbody>
            {skills.map((s) => (
              <tr key={s.skill}>
                <th scope="row">{s.label}</th>
                <td>{score(s.team)}</td>
                <td>{score(s.org)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    />
  )
}

// ---------------------------------------------------------------------------------------------

export interface ScoreTrendChartProps extends ChartText {
  teamLabel: string
  orgLabel: string
  attemptsLabel: string
  /** One entry per week; `week` is that Monday as YYYY-MM-DD, `label` its display text. Scores 0–100 or null. */
  weeks: readonly { week: string; label: string; team: number | null; org: number | null; attempts: number }[]
}

/** Weekly average score, team and organisation; the table adds the team's attempt count. */
export function ScoreTrendChart({ title, tableLabel, emptyLabel, id, teamLabel, orgLabel, attemptsLabel, weeks }: ScoreTrendChartProps) {
  const empty = weeks.every((w) => w.team === null && w.org === null)
  return (
    <ChartFigure
      id={id}
      title={title}
      tableLabel={tableLabel}
      empty={empty ? emptyLabel : undefined}
      drawing={<ScoreTrendDrawing teamLabel={teamLabel} orgLabel={orgLabel} weeks={weeks} />}
      table={
        <table className="data">
          <caption className="sr-only">{title}</caption>
          <thead>
            <tr>
              <td />
              <th scope="col">{teamLabel}</th>
              <th scope="col">{orgLabel}</th>
              <th scope="col">{attemptsLabel}</th>
            </tr>
          </thead>
          <tbody>
            {weeks.map((w) => (
              <tr key={w.week}>
                <th scope="row">
                  <time dateTime={w.week}>{w.label}</time>
                </th>
                <td>{score(w.team)}</td>
                <td>{score(w.org)}</td>
                <td>{String(w.attempts)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    />
  )
}

// ---------------------------------------------------------------------------------------------

export interface DueChartProps extends ChartText {
  countLabel: string
  /** In display order, e.g. overdue, within 30 days, 31–60, 61–90. */
  buckets: readonly { key: string; label: string; count: number }[]
}

/** How many refreshers fall due in each window. */
export function DueChart({ title, tableLabel, emptyLabel, id, countLabel, buckets }: DueChartProps) {
  const empty = buckets.every((b) => b.count === 0)
  return (
    <ChartFigure
      id={id}
      title={title}
      tableLabel={tableLabel}
      empty={empty ? emptyLabel : undefined}
      drawing={<DueDrawing countLabel={countLabel} buckets={buckets} />}
      table={
        <table className="data">
          <caption className="sr-only">{title}</caption>
          <thead>
            <tr>
              <td />
              <th scope="col">{countLabel}</th>
            </tr>
          </thead>
          <tbody>
            {buckets.map((b) => (
              <tr key={b.key}>
                <th scope="row">{b.label}</th>
                <td>{String(b.count)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    />
  )
}

// ---------------------------------------------------------------------------------------------

export interface SkillsOverTimeChartProps extends ChartText {
  /** A label for each of the five skills (SKILLS), which are the lines and the table's columns. */
  skillLabels: Record<string, string>
  /** One entry per week; `week` is that Monday as YYYY-MM-DD. Scores 0–100; null or absent where there is none. */
  weeks: readonly { week: string; label: string; scores: Record<string, number | null> }[]
}

/** One agent's score on each skill, week by week. */
export function SkillsOverTimeChart({ title, tableLabel, emptyLabel, id, skillLabels, weeks }: SkillsOverTimeChartProps) {
  const empty = weeks.every((w) => SKILLS.every((skill) => (w.scores[skill] ?? null) === null))
  return (
    <ChartFigure
      id={id}
      title={title}
      tableLabel={tableLabel}
      empty={empty ? emptyLabel : undefined}
      drawing={<SkillsOverTimeDrawing skillLabels={skillLabels} weeks={weeks} />}
      table={
        <table className="data">
          <caption className="sr-only">{title}</caption>
          <thead>
            <tr>
              <td />
              {SKILLS.map((skill) => (
                <th key={skill} scope="col">
                  {skillLabels[skill] ?? skill}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {weeks.map((w) => (
              <tr key={w.week}>
                <th scope="row">
                  <time dateTime={w.week}>{w.label}</time>
                </th>
                {SKILLS.map((skill) => (
                  <td key={skill}>{score(w.scores[skill])}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      }
    />
  )
}
