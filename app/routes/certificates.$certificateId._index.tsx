import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { useFormatDay } from '#app/components/dates.ts'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { certificatePage, requireReadableCertificate } from '#app/certification/certificates.server.ts'
import { requireUser } from '#app/utils/auth.server.ts'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const row = await requireReadableCertificate(user, params.certificateId)
  return { own: row.holder.id === user.id, ...(await certificatePage(row)) }
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.certification.title ?? ''} · ${data?.holder.displayName ?? ''} · 从容 Composure` },
]

export default function CertificatePage() {
  const { own, holder, certificate: c, certification, verifyUrl, qr } = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  const day = useFormatDay()
  const inForce = c.state === 'valid' || c.state === 'refresher'
  return (
    <div className="stack certificate-page">
      <div className="row spread no-print">
        <Link to={own ? '/certifications' : '/team'}>← {own ? t('cert.title') : t('team.title')}</Link>
        <div className="row">
          <button type="button" className="secondary" onClick={() => window.print()}>
            {t('cert.certificate.print')}
          </button>
          {inForce && (
            <a className="button" href={`/certificates/${c.id}/credential`} download>
              {t('cert.certificate.download')}
            </a>
          )}
        </div>
      </div>
      <p className="muted no-print" style={{ margin: 0 }}>
        {inForce ? t('cert.certificate.downloadHint') : t('cert.certificate.notInForce')}
      </p>
      <article className={`certificate${inForce ? '' : ' void'}`} aria-labelledby="certificate-title">
        <div className="certificate__frame">
          <p className="certificate__brand">{t('cert.certificate.issuer')}</p>
          <h1 id="certificate-title" className="certificate__heading">
            {t('cert.certificate.heading')}
          </h1>
          <p className="certificate__line">{t('cert.certificate.certifies')}</p>
          <p className="certificate__holder">{holder.displayName}</p>
          <p className="certificate__line">{t('cert.certificate.completed')}</p>
          <p className="certificate__title">{certification.title}</p>
          <p className="certificate__criteria">{certification.criteria}</p>
          <dl className="certificate__facts">
            <div>
              <dt>{t('cert.certificate.issued')}</dt>
              <dd>{day(c.issuedDate)}</dd>
            </div>
            <div>
              <dt>{t('cert.certificate.validUntil')}</dt>
              <dd>{day(c.validUntil)}</dd>
            </div>
            <div>
              <dt>{t('cert.certificate.code')}</dt>
              <dd className="code">{c.code}</dd>
            </div>
          </dl>
          <figure className="certificate__qr">
            <svg
              viewBox={`0 0 ${qr.size} ${qr.size}`}
              role="img"
              aria-label={t('cert.certificate.qr', { url: verifyUrl })}
              shapeRendering="crispEdges"
            >
              <rect width={qr.size} height={qr.size} fill="#fff" />
              <path d={qr.d} fill="#111" />
            </svg>
            <figcaption>
              {t('cert.certificate.scan')}
              <br />
              <span className="url">{verifyUrl}</span>
            </figcaption>
          </figure>
          {!inForce && (
            <p className="certificate__stamp" role="status">
              {t(`cert.verify.state.${c.state}`)}
              {c.endedDate && ` · ${day(c.endedDate)}`}
            </p>
          )}
        </div>
      </article>
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
