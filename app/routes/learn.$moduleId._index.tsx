import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useFetcher, useLoaderData, type ShouldRevalidateFunction } from '@remix-run/react'
import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useFormatDay } from '#app/components/dates.ts'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { ProgressBar } from '#app/components/ui/progress-bar.tsx'
import { finishReading, startReading } from '#app/certification/learning-path.server.ts'
import { requirePermission } from '#app/utils/auth.server.ts'
import { legalBasisOf, requireModule } from '#app/utils/content.server.ts'
import { renderCourseText } from '#app/utils/markdown.server.tsx'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, 'use', 'learning')
  const module = requireModule(params.moduleId)
  await startReading(user.id, module)
  // NOTE: the quiz is not sent here: its answers must not reach the browser.
  const { id, title, summary, minutes, version, skills, passMark, headings } = module
  const html = renderCourseText(`${id}@${version}`, module.body, headings)
  return { module: { id, title, summary, minutes, version, skills, passMark, html, headings }, legalBasis: legalBasisOf(module) }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, 'use', 'learning')
  const module = requireModule(params.moduleId)
  await finishReading(user.id, module)
  const form = await request.formData()
  // A background "reached the end" ping stays on the page; the button goes on to the quiz.
  if (form.get('intent') === 'reached-end') return { ok: true }
  return redirect(`/learn/${module.id}/quiz`)
}

/** The ping that the end was reached changes nothing on screen: no loader runs again after it. */
const isReachedEndPing = (formData: FormData | undefined) => formData?.get('intent') === 'reached-end'

// NOTE: a revalidation after the ping can overlap the button's navigation to the quiz (both fire
// when the button is scrolled to and clicked) and leave the page blank; so there is none.
export const shouldRevalidate: ShouldRevalidateFunction = ({ formData, defaultShouldRevalidate }) =>
  isReachedEndPing(formData) ? false : defaultShouldRevalidate

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.module.title ?? ''} · 从容 Composure` }]

export default function ModulePage() {
  const { module, legalBasis } = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  const day = useFormatDay()
  const articleRef = useRef<HTMLElement>(null)
  const [read, setRead] = useState(0)
  const fetcher = useFetcher()
  const reported = useRef(false)

  useEffect(() => {
    function onScroll() {
      const el = articleRef.current
      if (!el) return
      const rect = el.getBoundingClientRect()
      const total = rect.height - window.innerHeight
      const percent = total <= 0 ? 100 : Math.min(100, Math.max(0, (-rect.top / total) * 100))
      setRead(percent)
      if (percent >= 98 && !reported.current) {
        reported.current = true
        fetcher.submit({ intent: 'reached-end' }, { method: 'post' })
      }
    }
    onScroll()
    window.addEventListener('scroll', onScroll, { passive: true })
    return () => window.removeEventListener('scroll', onScroll)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [module.id])

  return (
    <>
      <ProgressBar className="reading-bar" value={read} label={t('module.readingProgress')} />
      <div className="reader">
        <nav className="toc card" aria-labelledby="toc-title">
          <h2 id="toc-title" style={{ fontSize: '1rem', marginTop: 0 }}>
            {t('module.toc')}
          </h2>
          <ol>
            {module.headings.map((h) => (
              <li key={h.id} className={`h${h.level}`}>
                <a href={`#${h.id}`}>{h.text}</a>
              </li>
            ))}
          </ol>
          <p style={{ marginBottom: 0 }}>
            <Link to="/learn">← {t('module.backToPath')}</Link>
          </p>
        </nav>
        <article ref={articleRef} className="card" aria-labelledby="module-title">
          <h1 id="module-title">{module.title}</h1>
          <p className="row muted" style={{ fontSize: '0.9rem' }}>
            <span>{t('learn.version', { version: module.version })}</span>
            <span>{t('learn.minutes', { minutes: module.minutes })}</span>
            <span>
              {t('module.skills')}: {module.skills.map((s) => t(`skills.${s}`)).join(' · ')}
            </span>
            <span>{t('module.passMark', { passMark: module.passMark })}</span>
          </p>
          <p>
            <strong>{module.summary}</strong>
          </p>
          {legalBasis && (
            <details className="legal-basis">
              <summary>{t('module.legalBasis', { date: day(legalBasis.asOf) })}</summary>
              <ul>
                {legalBasis.laws.map((l) => (
                  <li key={l.name}>{t('module.lawInForce', { name: l.name, version: l.version, date: day(l.effective) })}</li>
                ))}
              </ul>
            </details>
          )}
          {/* Rendered on the server from our own course text (raw HTML dropped, text escaped). */}
          <div dangerouslySetInnerHTML={{ __html: module.html }} />
          <Form method="post" className="row" style={{ marginTop: '2rem' }}>
            <button className="primary" type="submit" name="intent" value="finish">
              {t('module.markRead')}
            </button>
          </Form>
        </article>
      </div>
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
