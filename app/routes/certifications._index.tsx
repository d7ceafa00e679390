import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { CertificationCard } from '#app/components/certification-card.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { certificationViews } from '#app/certification/view.server.ts'
import { assertCan, requireUser } from '#app/utils/auth.server.ts'

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  assertCan(user, 'read', 'certification', { userId: user.id, teamId: user.teamId })
  return { certifications: await certificationViews(user.id) }
}

export const meta: MetaFunction = () => [{ title: '我的认证 · 从容 Composure' }]

export default function MyCertifications() {
  const { certifications } = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  return (
    <div className="stack">
      <h1>{t('cert.title')}</h1>
      <p className="muted">{t('cert.intro')}</p>
      {certifications.map((c) => (
        <CertificationCard key={c.id} view={c} own />
      ))}
      <p className="muted">
        <Link to="/verify">{t('cert.verify.title')}</Link>
      </p>
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
