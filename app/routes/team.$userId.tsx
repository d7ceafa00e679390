import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { AttemptTable } from '#app/components/attempt-table.tsx'
import { CertificationCard } from '#app/components/certification-card.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { certificationViews } from '#app/certification/view.server.ts'
import { ProgressBar } from '#app/components/ui/progress-bar.tsx'
import { moduleStanding, pathProgress } from '#app/domain/learning-path.ts'
import { getLearningRecords } from '#app/models/learning.server.ts'
import { roleplayRows } from '#app/roleplay/attempt-rows.server.ts'
import { getUserById } from '#app/models/users.server.ts'
import { assertCan, requireUser } from '#app/utils/auth.server.ts'
import { notFound } from '#app/utils/http.ts'
import { loadModules } from '#app/utils/content.server.ts'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const member = await getUserById(params.userId ?? '')
  if (!member) throw notFound()
  const owner = { userId: member.id, teamId: member.teamId }
  assertCan(user, 'read', 'progress', owner)
  assertCan(user, 'read', 'roleplay-attempt', owner)
  assertCan(user, 'read', 'certification', owner)
  const { progress, attempts } = await getLearningRecords([member.id])
  const modules = loadModules()
  const standings = modules.map((m) => ({ title: m.title, ...moduleStanding(m, progress, attempts) }))
  const titles = new Map(modules.map((m) => [m.id, m.title]))
  return {
    member: { displayName: member.displayName, username: member.username, teamName: member.teamName },
    progress: pathProgress(standings),
    standings: standings.map((s) => ({ ...s, lastActivity: s.lastActivity?.toISOString() ?? null })),
    roleplays: await roleplayRows([member.id]),
    certifications: certificationViews(member.id),
    attempts: attempts.map((a) => ({
      id: a.id,
      href: `/quiz-results/${a.id}`,
      title: titles.get(a.moduleId) ?? a.moduleId,
      version: a.moduleVersion,
      score: a.score,
      passed: a.passed,
      submittedAt: a.submittedAt!.toISOString(),
    })),
  }
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.member.displayName ?? ''} · 从容 Composure` },
]

export default function Member() {
  const { member, progress, standings, attempts, roleplays, certifications } = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  return (
    <div className="stack">
      <p>
        <Link to="/team">← {t('team.title')}</Link>
      </p>
      <h1>
        {member.displayName} <span className="muted" style={{ fontSize: '1rem' }}>@{member.username} · {member.teamName}</span>
      </h1>
      {certifications.map((c) => (
        <CertificationCard key={c.id} view={c} own={false} />
      ))}
      <section className="card">
        <p style={{ marginTop: 0 }}>{t('learn.overallValue', { passed: progress.passed, total: progress.total })}</p>
        <ProgressBar value={progress.percent} label={t('learn.overall')} />
      </section>
      <div className="table-wrap">
        <table className="data">
          <thead>
            <tr>
              <th scope="col">{t('trainer.modules')}</th>
              <th scope="col">{t('team.progress')}</th>
              <th scope="col">{t('common.score')}</th>
            </tr>
          </thead>
          <tbody>
            {standings.map((s) => (
              <tr key={s.moduleId}>
                <th scope="row">{s.title}</th>
                <td>{t(`learn.status.${s.status}`)}</td>
                <td>{s.bestScore ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>{t('team.attempts')}</h2>
      <AttemptTable attempts={attempts} />
      <h2>{t('practice.title')}</h2>
      <AttemptTable attempts={roleplays} titleLabel="practice.title" />
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
