import { useTranslation } from 'react-i18next'
import type { CertificateState } from '#app/certification/certificates.server.ts'
import { useFormatDate, useFormatDay } from './dates.ts'

export interface VerifiedCertificate {
  code: string
  holderName: string
  certificationTitle: string
  issuedDate: string
  validUntil: string
  endedDate: string | null
  state: CertificateState
}

const TONE: Record<CertificateState, string> = { valid: 'ok', refresher: 'ok', lapsed: 'bad', revoked: 'bad' }

/** A certificate's state today and what is printed on it: the whole of what verification tells. */
export function VerifyResult({ result, checkedAt }: { result: VerifiedCertificate; checkedAt: string }) {
  const { t } = useTranslation()
  const day = useFormatDay()
  const formatDate = useFormatDate()
  return (
    <section className={`card stack verify-result ${TONE[result.state]}`} aria-labelledby="verify-state">
      <p id="verify-state" className="verify-state" role="status">
        <span className={`badge ${TONE[result.state]}`}>{t(`cert.verify.state.${result.state}`)}</span>
      </p>
      <dl className="facts">
        <dt>{t('cert.verify.holder')}</dt>
        <dd>{result.holderName}</dd>
        <dt>{t('cert.verify.certification')}</dt>
        <dd>{result.certificationTitle}</dd>
        <dt>{t('cert.verify.issued')}</dt>
        <dd>{day(result.issuedDate)}</dd>
        <dt>{t('cert.verify.validUntil')}</dt>
        <dd>{day(result.validUntil)}</dd>
        {result.endedDate && (
          <>
            <dt>{result.state === 'revoked' ? t('cert.verify.revokedOn') : t('cert.verify.endedOn')}</dt>
            <dd>{day(result.endedDate)}</dd>
          </>
        )}
        <dt>{t('cert.certificate.code')}</dt>
        <dd className="code">{result.code}</dd>
      </dl>
      <p className="muted" style={{ margin: 0 }}>
        {t('cert.verify.checkedAt', { date: formatDate(checkedAt) })}
      </p>
    </section>
  )
}
