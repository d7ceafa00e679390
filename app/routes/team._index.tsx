import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { StatusBadge } from '#app/components/certification.tsx'
import { useFormatDate, useFormatDay } from '#app/components/dates.ts'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { ProgressBar } from '#app/components/ui/progress-bar.tsx'
import { getTeamReport } from '#app/models/team-report.server.ts'
import { modulesOnPath, onPath } from '#app/certification/path.ts'
import { requirePermission } from '#app/utils/auth.server.ts'

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, 'read', 'team')
  const { rows, certifications } = await getTeamReport(user)
  return {
    leadsTeam: user.ledTeamIds.length > 0,
    rows: rows.map(({ standings, lastActive, ...r }) => {
      const views = certifications.get(r.userId) ?? []
      // The member's own path (/learn) and their page give these numbers: the certification's
      // ticks, and the modules that count for it now (none after a revocation).
      const states = modulesOnPath(onPath(views).map((c) => c.path))
      return {
        ...r,
        percent: views[0]?.path.percent ?? r.percent,
        passed: standings.filter((s) => (states[s.moduleId] ?? (s.status === 'passed' ? 'met' : null)) === 'met').length,
        lastActive: lastActive?.toISOString() ?? null,
        certifications: views.map((c) => ({
          id: c.id,
          title: c.title,
          status: c.status,
          validUntil: c.certificate?.validUntil ?? null,
          due: c.refreshers[0] ? { date: c.refreshers[0].dueDate, overdue: c.refreshers[0].overdue } : null,
        })),
      }
    }),
  }
}

export const meta: MetaFunction = () => [{ title: '我的团队 · 从容 Composure' }]

export default function Team() {
  const { leadsTeam, rows } = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  const formatDate = useFormatDate()
  const day = useFormatDay()
  return (
    <div className="stack">
      <div className="row spread">
        <h1>{t('team.title')}</h1>
        {rows.length > 0 && (
          <span className="row">
            <a className="button secondary" href="/team/export" download>
              {t('team.export')}
            </a>
            <a className="button secondary" href="/team/xapi" download title={t('team.exportXapiHint')}>
              {t('team.exportXapi')}
            </a>
          </span>
        )}
      </div>
      {!leadsTeam ? (
        <p className="card">{t('team.noTeam')}</p>
      ) : (
        <div className="table-wrap">
          <table className="data">
            <thead>
              <tr>
                <th scope="col">{t('team.member')}</th>
                <th scope="col" style={{ width: '20%' }}>
                  {t('team.progress')}
                </th>
                <th scope="col">{t('cert.team.column')}</th>
                <th scope="col">{t('team.modulesPassed')}</th>
                <th scope="col">{t('team.averageBest')}</th>
                <th scope="col">{t('team.lastActive')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.userId}>
                  <th scope="row">
                    <Link to={`/team/${r.userId}`}>{r.displayName}</Link>
                  </th>
                  <td>
                    <ProgressBar value={r.percent} label={`${r.displayName} ${t('team.progress')}`} />
                  </td>
                  <td>
                    <ul className="cert-cells">
                      {r.certifications.map((c) => (
                        <li key={c.id}>
                          <span className="cert-cells__title">{c.title}</span> <StatusBadge status={c.status} />
                          {c.due && (
                            <span className={c.due.overdue ? 'due overdue' : 'due'}>
                              {c.due.overdue
                                ? t('cert.team.overdueSince', { date: day(c.due.date) })
                                : t('cert.team.dueOn', { date: day(c.due.date) })}
                            </span>
                          )}
                        </li>
                      ))}
                    </ul>
                  </td>
                  <td>
                    {r.passed} / {r.total}
                  </td>
                  <td>{r.averageBest ?? '—'}</td>
                  <td>{r.lastActive ? formatDate(r.lastActive, false) : t('team.never')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
