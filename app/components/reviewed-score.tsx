import { useTranslation } from 'react-i18next'
import { useFormatDate } from './dates.ts'

/** "复核后得分 X（原始得分 Y）": a trainer's score with the judge's beside it. */
export function ReviewedScore({ score, original }: { score: number; original: number | null }) {
  const { t } = useTranslation()
  return <>{t('review.reviewedScore', { score, original: original ?? '—' })}</>
}

/** The trainer's comment on a reviewed attempt, as the trainee and the lead read it. */
export function ReviewComment({
  review,
}: {
  review: { reason: string; reviewerName: string | null; at: string; passed: boolean; originalPassed: boolean | null }
}) {
  const { t } = useTranslation()
  const formatDate = useFormatDate()
  return (
    <section className="card review-comment" aria-labelledby="review-comment-title">
      <h2 id="review-comment-title">{t('review.comment')}</h2>
      <p className="review-comment__reason">{review.reason}</p>
      <p className="muted" style={{ margin: 0, fontSize: '0.9rem' }}>
        {t('review.commentBy', { name: review.reviewerName ?? t('review.history.unknownReviewer'), date: formatDate(review.at) })}
        {/* Said only when the verdict changed. */}
        {review.originalPassed !== null && review.originalPassed !== review.passed && (
          <> · {t('review.originalVerdict', { verdict: review.originalPassed ? t('result.passed') : t('result.failed') })}</>
        )}
      </p>
    </section>
  )
}
