import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { CertificationNotices } from '#app/components/certification.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { certificationViews } from '#app/certification/view.server.ts'
import { ProgressBar } from '#app/components/ui/progress-bar.tsx'
import { moduleStanding, pathProgress, type ModuleStatus } from '#app/domain/learning-path.ts'
import { getLearningRecords } from '#app/models/learning.server.ts'
import { requirePermission } from '#app/utils/auth.server.ts'
import { loadModules } from '#app/utils/content.server.ts'

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, 'use', 'learning')
  const { progress, attempts } = await getLearningRecords([user.id])
  const modules = loadModules().map((m) => ({
    id: m.id,
    order: m.order,
    title: m.title,
    summary: m.summary,
    minutes: m.minutes,
    version: m.version,
    skills: m.skills,
    standing: moduleStanding(m, progress, attempts),
  }))
  const notices = certificationViews(user.id).map(({ id, title, urgency, refreshers, next }) => ({ id, title, urgency, refreshers, next }))
  return { name: user.displayName, modules, progress: pathProgress(modules.map((m) => m.standing)), notices }
}

export const meta: MetaFunction = () => [{ title: '学习路径 · 从容 Composure' }]

const BADGE: Record<ModuleStatus, string> = { notStarted: '', reading: 'reading', read: 'reading', passed: 'ok' }

export default function LearningPath() {
  const { name, modules, progress, notices } = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  return (
    <div className="stack">
      <h1>{t('learn.title')}</h1>
      <p className="muted">{t('learn.greeting', { name })}</p>
      <CertificationNotices notices={notices} />
      <section className="card" aria-labelledby="overall">
        <div className="row spread">
          <h2 id="overall" style={{ margin: 0, fontSize: '1rem' }}>
            {t('learn.overall')}
          </h2>
          <span>{t('learn.overallValue', { passed: progress.passed, total: progress.total })}</span>
        </div>
        <ProgressBar value={progress.percent} label={t('learn.overall')} />
      </section>
      <ol className="path">
        {modules.map((m) => {
          const { status, bestScore } = m.standing
          return (
            <li key={m.id} className="card">
              <span className={`step${status === 'passed' ? ' done' : ''}`} aria-hidden="true">
                {status === 'passed' ? '✓' : m.order}
              </span>
              <div>
                <h2>
                  <Link to={`/learn/${m.id}`}>{m.title}</Link>
                </h2>
                <p className="muted">{m.summary}</p>
                <p className="row" style={{ fontSize: '0.85rem', gap: '0.5rem' }}>
                  <span className={`badge ${BADGE[status]}`}>{t(`learn.status.${status}`)}</span>
                  {bestScore !== null && <span className="badge">{t('learn.bestScore', { score: bestScore })}</span>}
                  <span className="muted">{t('learn.minutes', { minutes: m.minutes })}</span>
                  <span className="muted">{m.skills.map((s) => t(`skills.${s}`)).join(' · ')}</span>
                </p>
              </div>
              <Link className={status === 'passed' ? 'button secondary' : 'button'} to={`/learn/${m.id}`}>
                {t(status === 'notStarted' ? 'learn.open' : status === 'passed' ? 'learn.review' : 'learn.continue')}
                <span className="sr-only"> {m.title}</span>
              </Link>
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
