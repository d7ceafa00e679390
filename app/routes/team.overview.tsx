import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { DashboardCharts } from '#app/components/dashboard-charts.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { organisationOverview } from '#app/dashboard/dashboard.server.ts'
import { filterQuery, readFilter } from '#app/dashboard/filter.ts'
import { SKILLS } from '#app/domain/skills.ts'
import { requireUser } from '#app/utils/auth.server.ts'

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const filter = readFilter(new URL(request.url).searchParams)
  return { mode: filter.mode, ...(await organisationOverview(user, filter.mode)) }
}

export const meta: MetaFunction = () => [{ title: '各团队一览 · 从容 Composure' }]

export default function Overview() {
  const { mode, teams, charts } = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  const n = (v: number | null) => (v === null ? '—' : Math.round(v))
  return (
    <div className="stack">
      <p>
        <Link to="/team">← {t('team.title')}</Link>
      </p>
      <h1>{t('dashboard.overview')}</h1>
      <p className="muted">{t('dashboard.overviewIntro')}</p>
      <DashboardCharts charts={charts} />
      <div className="table-wrap">
        <table className="data dashboard-table">
          <caption className="sr-only">{t('dashboard.overviewIntro')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('dashboard.teamColumn')}</th>
              <th scope="col" className="num">
                {t('dashboard.agents')}
              </th>
              <th scope="col" className="num">
                {t('dashboard.certified')}
              </th>
              <th scope="col" className="num">
                {t('dashboard.overdue')}
              </th>
              <th scope="col" className="num">
                {t('dashboard.lapsed')}
              </th>
              <th scope="col" className="num">
                {t('dashboard.column.passRate')}
              </th>
              <th scope="col" className="num">
                {t('dashboard.column.score')}
              </th>
              {SKILLS.map((s) => (
                <th key={s} scope="col" className="num">
                  {t(`skills.${s}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {teams.map((team) => (
              <tr key={team.teamId}>
                <th scope="row">
                  <Link to={`/team?${filterQuery({ team: team.teamId, mode })}`}>{team.teamName}</Link>
                </th>
                <td className="num">{team.agents}</td>
                <td className="num">{team.certified}</td>
                <td className={`num${team.overdue ? ' weak' : ''}`}>{team.overdue}</td>
                <td className="num">{team.lapsed}</td>
                <td className="num">{team.passRate === null ? '—' : `${Math.round(team.passRate)}%`}</td>
                <td className="num">{n(team.score)}</td>
                {SKILLS.map((s) => (
                  <td key={s} className="num">
                    {n(team[s])}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
