import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { CertificationNotices, PathProgress, StatusBadge } from '#app/components/certification.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { MyAssignments } from '#app/components/my-assignments.tsx'
import { learningPath, type PathModule } from '#app/certification/learning-path.server.ts'
import { myAssignments } from '#app/dashboard/agent.server.ts'
import { requirePermission } from '#app/utils/auth.server.ts'

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, 'use', 'learning')
  const { certifications, followed, modules } = await learningPath(user.id)
  return {
    name: user.displayName,
    modules,
    // After the path: bringing the standing up to date also marks the assignments done.
    assignments: await myAssignments(user.id),
    notices: certifications.map(({ id, title, status, urgency, refreshers, next, certificate }) => ({
      id,
      title,
      status,
      urgency,
      refreshers,
      next,
      certificate,
    })),
    certifications: followed.map(({ id, title, status, certificate, guidedCounts, path }) => ({
      id,
      title,
      status,
      certificate,
      guidedCounts,
      path,
    })),
  }
}

export const meta: MetaFunction = () => [{ title: '学习路径 · 从容 Composure' }]

/** What a module's card says: its own standing, unless the certification asks for it again. */
function moduleBadge(m: Pick<PathModule, 'status' | 'certification'>) {
  if (m.certification === 'redo') return { key: 'learn.status.redo', tone: 'bad', done: false } as const
  if (m.certification === 'missing' && m.status === 'passed')
    return { key: 'learn.status.passedBefore', tone: 'reading', done: false } as const
  const tone = m.status === 'passed' ? 'ok' : m.status === 'notStarted' ? '' : 'reading'
  return { key: `learn.status.${m.status}`, tone, done: m.status === 'passed' } as const
}

export default function LearningPath() {
  const { name, modules, notices, certifications, assignments } = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  return (
    <div className="stack">
      <h1>{t('learn.title')}</h1>
      <p className="muted">{t('learn.greeting', { name })}</p>
      <MyAssignments assignments={assignments} />
      <CertificationNotices notices={notices} />
      {certifications.map((c) => (
        <section key={c.id} className="card stack" aria-labelledby={`path-${c.id}`}>
          <div className="row spread">
            <h2 id={`path-${c.id}`} style={{ margin: 0, fontSize: '1.1rem' }}>
              {c.title}
            </h2>
            <StatusBadge status={c.status} />
          </div>
          {c.path.basis === 'refreshers' && c.path.total === 0 ? (
            <p style={{ margin: 0 }}>{t('learn.nothingOpen')}</p>
          ) : (
            <PathProgress title={c.title} path={c.path} guidedCounts={c.guidedCounts} />
          )}
        </section>
      ))}
      <ol className="path">
        {modules.map((m) => {
          const badge = moduleBadge(m)
          const retake = m.certification === 'redo' || (m.certification === 'missing' && m.status === 'passed')
          return (
            <li key={m.id} className="card">
              <span className={`step${badge.done ? ' done' : ''}`} aria-hidden="true">
                {badge.done ? '✓' : m.order}
              </span>
              <div>
                <h2>
                  <Link to={`/learn/${m.id}`}>{m.title}</Link>
                </h2>
                <p className="muted">{m.summary}</p>
                <p className="row" style={{ fontSize: '0.85rem', gap: '0.5rem' }}>
                  <span className={`badge ${badge.tone}`}>{t(badge.key)}</span>
                  {m.bestScore !== null && <span className="badge">{t('learn.bestScore', { score: m.bestScore })}</span>}
                  <span className="muted">{t('learn.minutes', { minutes: m.minutes })}</span>
                  <span className="muted">{m.skills.map((s) => t(`skills.${s}`)).join(' · ')}</span>
                </p>
              </div>
              {retake ? (
                <Link className="button" to={`/learn/${m.id}/quiz`}>
                  {t('learn.retake')}
                  <span className="sr-only"> {m.title}</span>
                </Link>
              ) : (
                <Link className={m.status === 'passed' ? 'button secondary' : 'button'} to={`/learn/${m.id}`}>
                  {t(m.status === 'notStarted' ? 'learn.open' : m.status === 'passed' ? 'learn.review' : 'learn.continue')}
                  <span className="sr-only"> {m.title}</span>
                </Link>
              )}
            </li>
          )
        })}
      </ol>
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
