import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { attemptQuestions, presentQuiz, readAnswers, scoreQuiz, TamperedAnswerError } from '#app/domain/quiz.ts'
import { QuizForm } from '#app/components/quiz-form.tsx'
import { getQuizAttempt, openQuizAttempt } from '#app/models/learning.server.ts'
import { submitQuiz } from '#app/certification/learning-path.server.ts'
import { assertCan, requirePermission } from '#app/utils/auth.server.ts'
import { notFound } from '#app/utils/http.ts'
import { requireModule } from '#app/utils/content.server.ts'
import { formValues } from '#app/utils/forms.ts'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, 'create', 'quiz-attempt')
  const module = requireModule(params.moduleId)
  const attempt = await openQuizAttempt(user.id, module)
  return {
    attemptId: attempt.id,
    module: { id: module.id, title: module.title, passMark: module.passMark },
    // Prompts and choices only, in this attempt's shuffled order; no answers.
    questions: presentQuiz(attemptQuestions(module, attempt), attempt.seed),
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, 'create', 'quiz-attempt')
  const module = requireModule(params.moduleId)
  const form = await request.formData()
  const row = await getQuizAttempt(String(form.get('attemptId') ?? ''))
  if (!row || row.attempt.moduleId !== module.id) throw notFound()
  // One may only answer one's own attempt.
  assertCan(user, 'create', 'quiz-attempt', { userId: row.owner.id, teamId: row.owner.teamId })
  const resultUrl = `/quiz-results/${row.attempt.id}`
  // Already submitted (a double click or a resent form): the first submission counts.
  if (row.attempt.submittedAt) return redirect(resultUrl)
  if (row.attempt.moduleVersion !== module.version) return redirect(`/learn/${module.id}/quiz`)

  const values = formValues(form)
  try {
    const questions = attemptQuestions(module, row.attempt)
    const { answers, unanswered } = readAnswers(questions, form)
    if (unanswered.length) return data({ error: 'unanswered' as const, unanswered, values }, { status: 400 })
    await submitQuiz({ id: row.attempt.id, userId: row.owner.id }, answers, scoreQuiz(questions, answers, module.passMark))
    return redirect(resultUrl)
  } catch (error) {
    if (error instanceof TamperedAnswerError) {
      return data({ error: 'tampered' as const, unanswered: [] as string[], values }, { status: 400 })
    }
    throw error
  }
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.module.title ?? ''} · 测验 · 从容 Composure` }]

export default function Quiz() {
  const { attemptId, module, questions } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation()
  return (
    <div className="stack" style={{ maxWidth: 760, margin: '0 auto' }}>
      <h1>{t('quiz.title', { module: module.title })}</h1>
      <p className="muted">{t('quiz.intro', { count: questions.length, passMark: module.passMark })}</p>
      <QuizForm attemptId={attemptId} questions={questions} refused={actionData} />
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
