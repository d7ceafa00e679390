import { Link } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { useFormatDate } from './dates.ts'

export interface AttemptRow {
  id: string
  /** Where the row leads: the quiz result or the role-play feedback. */
  href: string
  title: string
  version?: number
  /** Role-plays: free text or guided (practice). */
  mode?: 'free' | 'guided'
  displayName?: string
  /** The score that counts: a trainer's review when there is one. */
  score: number | null
  passed: boolean | null
  /** Set when a trainer reviewed it: the judge's score it replaced. */
  review?: { originalScore: number | null; originalPassed: boolean | null } | null
  submittedAt: string
}

export function PassBadge({ passed }: { passed: boolean | null }) {
  const { t } = useTranslation()
  return <span className={`badge ${passed ? 'ok' : 'bad'}`}>{passed ? t('result.passed') : t('result.failed')}</span>
}

/** Finished attempts (quizzes or role-plays), newest first, each linking to its annotated result. */
export function AttemptTable({
  attempts,
  showMember = false,
  titleLabel = 'trainer.modules',
}: {
  attempts: AttemptRow[]
  showMember?: boolean
  titleLabel?: 'trainer.modules' | 'practice.title'
}) {
  const { t } = useTranslation()
  const formatDate = useFormatDate()
  if (attempts.length === 0) return <p className="muted">{t('trainer.noAttempts')}</p>
  return (
    <div className="table-wrap">
      <table className="data">
        <thead>
          <tr>
            <th scope="col">{t('common.date')}</th>
            {showMember && <th scope="col">{t('team.member')}</th>}
            <th scope="col">{t(titleLabel)}</th>
            <th scope="col">{t('common.score')}</th>
          </tr>
        </thead>
        <tbody>
          {attempts.map((a) => (
            <tr key={a.id}>
              <td>{formatDate(a.submittedAt)}</td>
              {showMember && <td>{a.displayName}</td>}
              <td>
                <Link to={a.href}>{a.title}</Link>
                {a.version !== undefined && <span className="muted"> v{a.version}</span>}
                {a.mode && (
                  <span className="badge" style={{ marginLeft: '0.4rem' }}>
                    {t(a.mode === 'guided' ? 'practice.guidedShort' : 'practice.freeShort')}
                  </span>
                )}
              </td>
              <td>
                {a.score} <PassBadge passed={a.passed} />
                {a.review && (
                  <>
                    {' '}
                    <span className="badge reviewed">{t('review.mark')}</span>{' '}
                    <span className="muted">{t('review.originalShort', { score: a.review.originalScore ?? '—' })}</span>
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
