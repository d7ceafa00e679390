import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { criteriaText } from '#app/certification/certificates.server.ts'
import { loadCertifications } from '#app/certification/certifications.server.ts'
import { getCatalog } from '#app/certification/catalog.server.ts'
import { notFound } from '#app/utils/http.ts'

/**
 * Public: what a certification asks for. Signed credentials name this page as their
 * achievement, so whoever reads one can see what it stands for.
 */
export async function loader({ params }: LoaderFunctionArgs) {
  const c = loadCertifications().find((x) => x.id === params.certificationId)
  if (!c) throw notFound()
  return { title: c.title, summary: c.summary, criteria: criteriaText(c, await getCatalog()), graceDays: c.graceDays }
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ''} · 从容 Composure` }]

export default function CertificationCriteria() {
  const c = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  return (
    <div className="stack" style={{ maxWidth: 720, margin: '0 auto' }}>
      <h1>{c.title}</h1>
      <p>{c.summary}</p>
      <section className="card">
        <h2 style={{ marginTop: 0, fontSize: '1.1rem' }}>{t('cert.criteria.title')}</h2>
        <p style={{ margin: 0 }}>{c.criteria}</p>
        <p className="muted" style={{ marginBottom: 0 }}>
          {t('cert.criteria.grace', { days: c.graceDays })}
        </p>
      </section>
      <p>
        <Link to="/verify">{t('cert.verify.title')}</Link>
      </p>
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
