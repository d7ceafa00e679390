import { redirect, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { useFormatDate } from '#app/components/dates.ts'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { attemptQuestions, reviewRows, type AnswerSheet } from '#app/domain/quiz.ts'
import { AnswerReview, ScoreHeader } from '#app/components/quiz-form.tsx'
import { getQuizAttempt } from '#app/models/learning.server.ts'
import { assertCan, requireUser } from '#app/utils/auth.server.ts'
import { notFound } from '#app/utils/http.ts'
import { getModule } from '#app/utils/content.server.ts'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const row = await getQuizAttempt(params.attemptId ?? '')
  if (!row) throw notFound()
  assertCan(user, 'read', 'quiz-attempt', { userId: row.owner.id, teamId: row.owner.teamId })
  const module = getModule(row.attempt.moduleId)
  if (!module) throw notFound()
  if (!row.attempt.submittedAt) {
    if (row.owner.id === user.id) throw redirect(`/learn/${module.id}/quiz`)
    throw notFound()
  }
  // Rescored against today's text so the explanation matches the questions shown; the stored
  // score is the one that counts.
  return {
    own: row.owner.id === user.id,
    ownerName: row.owner.displayName,
    submittedAt: row.attempt.submittedAt.toISOString(),
    score: row.attempt.score ?? 0,
    passed: Boolean(row.attempt.passed),
    outdatedVersion: row.attempt.moduleVersion !== module.version ? row.attempt.moduleVersion : null,
    module: { id: module.id, title: module.title, passMark: module.passMark },
    questions: reviewRows(attemptQuestions(module, row.attempt), (row.attempt.answers ?? {}) as AnswerSheet, module.passMark),
  }
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.module.title ?? ''} · 测验结果 · 从容 Composure` }]

export default function QuizResult() {
  const d = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  const formatDate = useFormatDate()
  const correct = d.questions.filter((q) => q.credit === 1).length
  return (
    <div className="stack" style={{ maxWidth: 820, margin: '0 auto' }}>
      <h1>
        {d.module.title} · {t('result.title')}
      </h1>
      {!d.own && <p className="muted">{t('result.attemptOf', { name: d.ownerName, date: formatDate(d.submittedAt) })}</p>}
      {d.outdatedVersion !== null && <p className="alert warn">{t('result.outdated', { version: d.outdatedVersion })}</p>}
      <ScoreHeader score={d.score} passMark={d.module.passMark} correct={correct} total={d.questions.length} passed={d.passed}>
        {d.own && (
          <>
            <Link className="button" to={`/learn/${d.module.id}/quiz`}>
              {t('result.retry')}
            </Link>
            <Link className="button secondary" to={`/learn/${d.module.id}`}>
              {t('result.backToModule')}
            </Link>
            <Link className="button secondary" to="/learn">
              {t('result.backToPath')}
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
