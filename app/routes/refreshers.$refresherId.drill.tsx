import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { QuizForm } from '#app/components/quiz-form.tsx'
import { requireDrill, submitDrill } from '#app/certification/drills.server.ts'
import { drawQuiz, presentQuiz, readAnswers, scoreQuiz, TamperedAnswerError } from '#app/domain/quiz.ts'
import { getDrillAttempt, openDrillAttempt } from '#app/models/drills.server.ts'
import { assertCan, requireUser } from '#app/utils/auth.server.ts'
import { notFound } from '#app/utils/http.ts'
import { formValues } from '#app/utils/forms.ts'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const drill = await requireDrill(params.refresherId)
  // A drill is the agent's own work: nobody else may open or answer it (no team access applies).
  assertCan(user, 'create', 'quiz-attempt', { userId: drill.refresher.userId, teamId: null })
  if (drill.refresher.completedAt || drill.refresher.cancelledAt) throw redirect('/certifications')
  const attempt = await openDrillAttempt(user.id, drill.refresher.id)
  return {
    attemptId: attempt.id,
    skill: drill.skill,
    passMark: drill.passMark,
    questions: presentQuiz(drawQuiz(drill.questions, undefined, attempt.seed), attempt.seed),
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request)
  const drill = await requireDrill(params.refresherId)
  const form = await request.formData()
  const attempt = await getDrillAttempt(String(form.get('attemptId') ?? ''))
  if (!attempt || attempt.refresherId !== drill.refresher.id) throw notFound()
  assertCan(user, 'create', 'quiz-attempt', { userId: attempt.userId, teamId: null })
  const resultUrl = `/drill-results/${attempt.id}`
  // Already submitted (a double click or a resent form): the first submission counts.
  if (attempt.submittedAt) return redirect(resultUrl)
  const values = formValues(form)
  try {
    const { answers, unanswered } = readAnswers(drill.questions, form)
    if (unanswered.length) return data({ error: 'unanswered' as const, unanswered, values }, { status: 400 })
    await submitDrill(attempt, answers, scoreQuiz(drill.questions, answers, drill.passMark))
    return redirect(resultUrl)
  } catch (error) {
    if (error instanceof TamperedAnswerError)
      return data({ error: 'tampered' as const, unanswered: [] as string[], values }, { status: 400 })
    throw error
  }
}

export const meta: MetaFunction = () => [{ title: '专项练习 · 从容 Composure' }]

export default function Drill() {
  const { attemptId, skill, passMark, questions } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation()
  const skillName = t(`skills.${skill}`)
  return (
    <div className="stack" style={{ maxWidth: 760, margin: '0 auto' }}>
      <p>
        <Link to="/certifications">← {t('cert.title')}</Link>
      </p>
      <h1>{t('cert.drill.title', { skill: skillName })}</h1>
      <p className="muted">{t('cert.drill.intro', { skill: skillName, count: questions.length, passMark })}</p>
      <QuizForm attemptId={attemptId} questions={questions} refused={actionData} />
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
