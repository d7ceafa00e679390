import { Link } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { holds } from '#app/certification/rules.ts'
import type { CertificationView } from '#app/certification/view.server.ts'
import { HistoryList, PathProgress, RefresherCard, StatusBadge, TodoList } from './certification.tsx'
import { useFormatDay } from './dates.ts'

/**
 * One certification as its holder (or their lead) sees it: the state, what is missing, the
 * certificate, the open refreshers, the next one, and the history. `own` links the tasks.
 */
export function CertificationCard({ view: c, own }: { view: CertificationView; own: boolean }) {
  const { t } = useTranslation()
  const day = useFormatDay()
  const holding = holds(c.status)
  const working = c.status === 'notStarted' || c.status === 'inProgress' || c.status === 'revoked'
  const headingId = `cert-${c.id}`
  return (
    <section className="card stack cert-card" aria-labelledby={headingId}>
      <div className="row spread">
        <h2 id={headingId} style={{ margin: 0 }}>
          {c.title}
        </h2>
        <StatusBadge status={c.status} />
      </div>
      <p className="muted" style={{ margin: '0.25rem 0 0' }}>
        {c.summary}
      </p>

      {c.certificate && (
        <div className={`row spread cert-held${holding ? '' : ' ended'}`}>
          <p style={{ margin: 0 }}>
            {holding ? (
              <>
                {t('cert.since', { date: day(c.certificate.issuedDate) })} ·{' '}
                <strong>{t('cert.validUntil', { date: day(c.certificate.validUntil) })}</strong>
              </>
            ) : c.certificate.endReason === 'revoked' ? (
              <>
                {t('cert.revokedOn', { date: day(c.certificate.endedDate ?? '') })}
                {c.certificate.revokeReason && ` · ${t('cert.revokeReason', { reason: c.certificate.revokeReason })}`}
              </>
            ) : (
              t('cert.lapsedOn', { date: day(c.certificate.endedDate ?? '') })
            )}
          </p>
          <Link className={holding ? 'button' : 'button secondary'} to={`/certificates/${c.certificate.id}`}>
            {t('cert.viewCertificate')}
            <span className="sr-only"> {c.title}</span>
          </Link>
        </div>
      )}

      {(working || c.refreshers.length > 0) && (
        <PathProgress title={c.title} path={c.path} guidedCounts={c.guidedCounts} linked={own} list={working} />
      )}

      {c.refreshers.length > 0 && (
        <div className="stack">
          <h3 style={{ fontSize: '1rem', marginBottom: 0 }}>{t('cert.refreshers')}</h3>
          {c.refreshers.map((r) => (
            <RefresherCard key={r.id} refresher={r} linked={own} lapsed={c.status === 'lapsed'} />
          ))}
        </div>
      )}

      {holding && (
        <div className="next-refresher">
          <p style={{ margin: 0 }}>
            <strong>{t('cert.nextRefresher')}：</strong>
            {c.next
              ? `${t(`cert.refresherSource.${c.next.source}`)} · ${t('cert.nextRefresherValue', { due: day(c.next.dueDate), opens: day(c.next.opensDate) })}`
              : t('cert.noNext')}
          </p>
          {c.next && (
            <>
              <p className="muted" style={{ margin: '0.25rem 0' }}>
                {t('cert.nextItems')}
              </p>
              <TodoList items={c.next.items} linked={false} />
            </>
          )}
        </div>
      )}

      <details className="cert-history">
        <summary>{t('cert.history')}</summary>
        <HistoryList history={c.history} />
      </details>
    </section>
  )
}
