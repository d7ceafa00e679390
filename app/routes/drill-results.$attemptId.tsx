import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { AnswerReview, ScoreHeader } from '#app/components/quiz-form.tsx'
import { requireDrill } from '#app/certification/drills.server.ts'
import { reviewRows, type AnswerSheet } from '#app/domain/quiz.ts'
import { getDrillAttempt } from '#app/models/drills.server.ts'
import { getUserById } from '#app/models/users.server.ts'
import { assertCan, requireUser } from '#app/utils/auth.server.ts'
import { notFound } from '#app/utils/http.ts'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const attempt = await getDrillAttempt(params.attemptId ?? '')
  if (!attempt?.submittedAt) throw notFound()
  const owner = await getUserById(attempt.userId)
  assertCan(user, 'read', 'quiz-attempt', { userId: attempt.userId, teamId: owner?.teamId ?? null })
  const drill = await requireDrill(attempt.refresherId)
  return {
    own: attempt.userId === user.id,
    open: !drill.refresher.completedAt && !drill.refresher.cancelledAt,
    refresherId: drill.refresher.id,
    skill: drill.skill,
    score: attempt.score ?? 0,
    passed: Boolean(attempt.passed),
    passMark: drill.passMark,
    questions: reviewRows(drill.questions, (attempt.answers ?? {}) as AnswerSheet, drill.passMark),
  }
}

export const meta: MetaFunction = () => [{ title: '专项练习结果 · 从容 Composure' }]

export default function DrillResult() {
  const d = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  const correct = d.questions.filter((q) => q.credit === 1).length
  return (
    <div className="stack" style={{ maxWidth: 820, margin: '0 auto' }}>
      <h1>
        {t('cert.drill.title', { skill: t(`skills.${d.skill}`) })} · {t('cert.drill.resultTitle')}
      </h1>
      <ScoreHeader score={d.score} passMark={d.passMark} correct={correct} total={d.questions.length} passed={d.passed}>
        {d.own && (
          <>
            {!d.passed && d.open && (
              <Link className="button" to={`/refreshers/${d.refresherId}/drill`}>
                {t('cert.drill.retry')}
              </Link>
            )}
            <Link className={d.passed ? 'button' : 'button secondary'} to="/certifications">
              {t('cert.drill.back')}
            </Link>
          </>
        )}
      </ScoreHeader>
      <AnswerReview questions={d.questions} />
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
