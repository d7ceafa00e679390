/**
 * The dashboard drawings: loaded on demand by team-charts.tsx, so recharts stays off the page's
 * first download. Each sits in an inert, aria-hidden box; the figure's table carries the data.
 */
import { Bar, BarChart, CartesianGrid, LabelList, Legend, Line, LineChart, ResponsiveContainer, XAxis, YAxis } from 'recharts'
import { STATUSES, type Status } from '#app/certification/rules.ts'
import { SKILLS, type Skill } from '#app/domain/skills.ts'

// Every colour is at least 3:1 on white; each series also has a legend name (and lines a dash pattern).
const TEAL = '#0f6b5c'
const BLUE = '#1f5fa8'
const AMBER = '#9a5b00'
const PURPLE = '#6b3fa0'
const RED = '#b3261e'
const GREY = '#5f6368'
const GRID = '#d9ddd8'

const STATUS_COLOURS: Record<Status, string> = {
  notStarted: GREY,
  inProgress: BLUE,
  certified: TEAL,
  refresherDue: AMBER,
  lapsed: RED,
  revoked: PURPLE,
}

const SKILL_LINES: Record<Skill, { stroke: string; dash?: string }> = {
  etiquette: { stroke: TEAL },
  empathy: { stroke: BLUE, dash: '6 3' },
  resolution: { stroke: AMBER, dash: '2 3' },
  compliance: { stroke: PURPLE, dash: '8 3 2 3' },
  timeliness: { stroke: RED, dash: '4 4' },
}

const MARGIN = { top: 10, right: 20, bottom: 5, left: 0 }
// Legends in series order (recharts sorts by name otherwise); dots solid even on dashed lines.
const DOT = { r: 3, strokeDasharray: 'none' }
const round = (value: unknown) => (typeof value === 'number' ? String(Math.round(value)) : '')
const shorten = (text: string) => (text.length > 18 ? `${text.slice(0, 17)}…` : text)

export function StatesDrawing({
  statusLabels,
  certifications,
}: {
  statusLabels: Record<Status, string>
  certifications: readonly { id: string; title: string; counts: Record<Status, number> }[]
}) {
  const data = certifications.map((c) => ({ title: c.title, ...c.counts }))
  return (
    <ResponsiveContainer width="100%" height="100%">
      <BarChart data={data} layout="vertical" margin={MARGIN} accessibilityLayer={false} tabIndex={-1}>
        <CartesianGrid strokeDasharray="3 3" stroke={GRID} horizontal={false} />
        <XAxis type="number" allowDecimals={false} />
        <YAxis type="category" dataKey="title" width={150} tickFormatter={shorten} />
        <Legend itemSorter={null} />
        {STATUSES.map((status) => (
          <Bar
            key={status}
            dataKey={status}
            name={statusLabels[status]}
            stackId="states"
            fill={STATUS_COLOURS[status]}
            stroke="#ffffff"
            isAnimationActive={false}
          />
        ))}
      </BarChart>
    </ResponsiveContainer>
  )
}

export function SkillProfileDrawing({
  teamLabel,
  orgLabel,
  skills,
}: {
  teamLabel: string
  orgLabel: string
  skills: readonly { skill: string; label: string; team: number | null; org: number | null }[]
}) {
  return (
    <ResponsiveContainer width="100%" height="100%">
      <BarChart data={[...skills]} margin={MARGIN} accessibilityLayer={false} tabIndex={-1}>
        <CartesianGrid strokeDasharray="3 3" stroke={GRID} vertical={false} />
        <XAxis dataKey="label" />
        <YAxis domain={[0, 100]} />
        <Legend itemSorter={null} />
        <Bar dataKey="team" name={teamLabel} fill={TEAL} isAnimationActive={false}>
          <LabelList dataKey="team" position="top" formatter={round} />
        </Bar>
        <Bar dataKey="org" name={orgLabel} fill={BLUE} isAnimationActive={false}>
          <LabelList dataKey="org" position="top" formatter={round} />
        </Bar>
      </BarChart>
    </ResponsiveContainer>
  )
}

export function ScoreTrendDrawing({
  teamLabel,
  orgLabel,
  weeks,
}: {
  teamLabel: string
  orgLabel: string
  weeks: readonly { week: string; label: string; team: number | null; org: number | null }[]
}) {
  return (
    <ResponsiveContainer width="100%" height="100%">
      <LineChart data={[...weeks]} margin={MARGIN} accessibilityLayer={false} tabIndex={-1}>
        <CartesianGrid strokeDasharray="3 3" stroke={GRID} />
        <XAxis dataKey="label" />
        <YAxis domain={[0, 100]} />
        <Legend itemSorter={null} />
        <Line
          dataKey="team"
          name={teamLabel}
          stroke={TEAL}
          strokeWidth={3}
          dot={DOT}
          connectNulls={false}
          legendType="plainline"
          isAnimationActive={false}
        />
        <Line
          dataKey="org"
          name={orgLabel}
          stroke={BLUE}
          strokeWidth={2}
          strokeDasharray="6 3"
          dot={DOT}
          connectNulls={false}
          legendType="plainline"
          isAnimationActive={false}
        />
      </LineChart>
    </ResponsiveContainer>
  )
}

export function DueDrawing({
  countLabel,
  buckets,
}: {
  countLabel: string
  buckets: readonly { key: string; label: string; count: number }[]
}) {
  return (
    <ResponsiveContainer width="100%" height="100%">
      <BarChart data={[...buckets]} margin={MARGIN} accessibilityLayer={false} tabIndex={-1}>
        <CartesianGrid strokeDasharray="3 3" stroke={GRID} vertical={false} />
        <XAxis dataKey="label" />
        <YAxis allowDecimals={false} />
        <Legend itemSorter={null} />
        <Bar dataKey="count" name={countLabel} fill={AMBER} isAnimationActive={false}>
          <LabelList dataKey="count" position="top" />
        </Bar>
      </BarChart>
    </ResponsiveContainer>
  )
}

export function SkillsOverTimeDrawing({
  skillLabels,
  weeks,
}: {
  skillLabels: Record<string, string>
  weeks: readonly { week: string; label: string; scores: Record<string, number | null> }[]
}) {
  const data = weeks.map((w) => ({ label: w.label, ...w.scores }))
  return (
    <ResponsiveContainer width="100%" height="100%">
      <LineChart data={data} margin={MARGIN} accessibilityLayer={false} tabIndex={-1}>
        <CartesianGrid strokeDasharray="3 3" stroke={GRID} />
        <XAxis dataKey="label" />
        <YAxis domain={[0, 100]} />
        <Legend itemSorter={null} />
        {SKILLS.map((skill) => (
          <Line
            key={skill}
            dataKey={skill}
            name={skillLabels[skill] ?? skill}
            stroke={SKILL_LINES[skill].stroke}
            strokeDasharray={SKILL_LINES[skill].dash}
            strokeWidth={2}
            dot={DOT}
            connectNulls={false}
            legendType="plainline"
            isAnimationActive={false}
          />
        ))}
      </LineChart>
    </ResponsiveContainer>
  )
}
