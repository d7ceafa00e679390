import { useTranslation } from 'react-i18next'
import { STATUSES, type Status } from '#app/certification/rules.ts'
import type { DashboardCharts as Charts } from '#app/dashboard/dashboard.server.ts'
import { DueChart, ScoreTrendChart, SkillProfileChart, StatesChart } from './charts/team-charts.tsx'

/** The dashboard's four charts (the teams in view beside the organisation), each with its table. */
export function DashboardCharts({ charts }: { charts: Charts }) {
  const { t } = useTranslation()
  const statusLabels = Object.fromEntries(STATUSES.map((s) => [s, t(`cert.status.${s}`)])) as Record<Status, string>
  return (
    <div className="chart-grid">
      <StatesChart
        title={t('dashboard.chart.states')}
        tableLabel={t('dashboard.asTable')}
        emptyLabel={t('dashboard.noData')}
        statusLabels={statusLabels}
        totalLabel={t('dashboard.total')}
        certifications={charts.states}
      />
      <SkillProfileChart
        title={t('dashboard.chart.skills')}
        tableLabel={t('dashboard.asTable')}
        emptyLabel={t('dashboard.noRoleplays')}
        teamLabel={t('dashboard.inView')}
        orgLabel={t('dashboard.organisation')}
        skills={charts.skills.map((s) => ({ ...s, label: t(`skills.${s.skill}`) }))}
      />
      <ScoreTrendChart
        title={t('dashboard.chart.trend')}
        tableLabel={t('dashboard.asTable')}
        emptyLabel={t('dashboard.noRoleplays')}
        teamLabel={t('dashboard.inView')}
        orgLabel={t('dashboard.organisation')}
        attemptsLabel={t('dashboard.attempts')}
        weeks={charts.weeks.map((w) => ({ ...w, label: t('dashboard.weekOf', { date: w.week.slice(5) }) }))}
      />
      <DueChart
        title={t('dashboard.chart.due')}
        tableLabel={t('dashboard.asTable')}
        emptyLabel={t('dashboard.nothingDue')}
        countLabel={t('dashboard.agents')}
        buckets={charts.due.map((b) => ({ ...b, label: t(`dashboard.due.${b.key}`) }))}
      />
    </div>
  )
}
