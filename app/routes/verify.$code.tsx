import { data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { VerifyResult } from '#app/components/verify-result.tsx'
import { verifyCode } from '#app/certification/certificates.server.ts'

/** Public: anyone holding a code may check it; nothing beyond the certificate is shown. */
export async function loader({ params }: LoaderFunctionArgs) {
  const code = params.code ?? ''
  const now = new Date()
  const result = await verifyCode(code, now)
  if (!result)
    return data({ found: false as const, code, checkedAt: now.toISOString() }, { status: 404, headers: { 'Cache-Control': 'no-store' } })
  return data({ found: true as const, result, checkedAt: now.toISOString() }, { headers: { 'Cache-Control': 'no-store' } })
}

export const meta: MetaFunction = () => [{ title: '证书核验 · 从容 Composure' }, { name: 'robots', content: 'noindex' }]

export default function VerifyCode() {
  const d = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  return (
    <div className="stack" style={{ maxWidth: 640, margin: '0 auto' }}>
      <h1>{t('cert.verify.title')}</h1>
      {d.found ? (
        <VerifyResult result={d.result} checkedAt={d.checkedAt} />
      ) : (
        <p className="alert error" role="alert">
          {t('cert.verify.notFound', { code: d.code })}
        </p>
      )}
      <p>
        <Link to="/verify">{t('cert.verify.another')}</Link>
      </p>
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
