import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { AttemptTable } from '#app/components/attempt-table.tsx'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { listRecentAttempts, moduleAttemptStats } from '#app/models/learning.server.ts'
import { canForAnyone } from '#app/domain/permissions.ts'
import { roleplayRows } from '#app/roleplay/attempt-rows.server.ts'
import { requirePermission } from '#app/utils/auth.server.ts'
import { forbidden } from '#app/utils/http.ts'
import { loadModules } from '#app/utils/content.server.ts'

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, 'read', 'content')
  // The page lists everyone's recent attempts.
  if (!canForAnyone(user, 'read', 'quiz-attempt') || !canForAnyone(user, 'read', 'roleplay-attempt')) throw forbidden()
  const [stats, recent, roleplays] = await Promise.all([moduleAttemptStats(), listRecentAttempts(20), roleplayRows(null, 20)])
  const modules = loadModules()
  const titles = new Map(modules.map((m) => [m.id, m.title]))
  return {
    modules: modules.map((m) => {
      const s = stats.find((x) => x.moduleId === m.id)
      return {
        id: m.id,
        title: m.title,
        version: m.version,
        questions: m.quiz.length,
        length: m.length,
        attempts: s?.attempts ?? 0,
        passRate: s && s.attempts ? Math.round((s.passes / s.attempts) * 100) : null,
      }
    }),
    recent: recent.map((r) => ({
      ...r,
      href: `/quiz-results/${r.id}`,
      title: titles.get(r.moduleId) ?? r.moduleId,
      submittedAt: r.submittedAt!.toISOString(),
    })),
    roleplays,
  }
}

export const meta: MetaFunction = () => [{ title: '培训师工作台 · 从容 Composure' }]

export default function Trainer() {
  const { modules, recent, roleplays } = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  return (
    <div className="stack">
      <h1>{t('trainer.title')}</h1>
      <p>
        <Link to="/studio/reviews">{t('review.deskLink')}</Link>
      </p>
      <h2>{t('trainer.modules')}</h2>
      <div className="table-wrap">
        <table className="data">
          <thead>
            <tr>
              <th scope="col">{t('trainer.modules')}</th>
              <th scope="col">{t('trainer.version')}</th>
              <th scope="col">{t('trainer.questionCount')}</th>
              <th scope="col">{t('trainer.attempts')}</th>
              <th scope="col">{t('trainer.passRate')}</th>
            </tr>
          </thead>
          <tbody>
            {modules.map((m) => (
              <tr key={m.id}>
                <th scope="row">
                  <Link to={`/learn/${m.id}`}>{m.title}</Link>
                </th>
                <td>v{m.version}</td>
                <td>{m.questions}</td>
                <td>{m.attempts}</td>
                <td>{m.passRate === null ? '—' : `${m.passRate}%`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>{t('trainer.recent')}</h2>
      <AttemptTable attempts={recent} showMember />
      <h2>{t('trainer.recentRoleplays')}</h2>
      <AttemptTable attempts={roleplays} showMember titleLabel="practice.title" />
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
