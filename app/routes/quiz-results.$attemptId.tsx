import { redirect, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { useFormatDate } from '#app/components/dates.ts'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { scoreQuiz, type Answer } from '#app/domain/quiz.ts'
import type { Question } from '#app/domain/content-schema.ts'
import { getQuizAttempt } from '#app/models/learning.server.ts'
import { assertCan, requireUser } from '#app/utils/auth.server.ts'
import { notFound } from '#app/utils/http.ts'
import { getModule } from '#app/utils/content.server.ts'

function describe(q: Question, answer: Answer | null): string[] {
  if (answer === null) return []
  if (q.type === 'truefalse') return [answer === true ? 'true' : 'false']
  const choices = q.type === 'ordering' ? q.items : q.options
  const ids = Array.isArray(answer) ? answer : [String(answer)]
  return ids.map((id) => choices.find((c) => c.id === id)?.text ?? id)
}

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
  const answers = row.attempt.answers ?? {}
  const graded = scoreQuiz(module.quiz, answers as Record<string, Answer>, module.passMark)
  return {
    own: row.owner.id === user.id,
    ownerName: row.owner.displayName,
    submittedAt: row.attempt.submittedAt.toISOString(),
    score: row.attempt.score ?? 0,
    passed: Boolean(row.attempt.passed),
    outdatedVersion: row.attempt.moduleVersion !== module.version ? row.attempt.moduleVersion : null,
    module: { id: module.id, title: module.title, passMark: module.passMark },
    questions: module.quiz.map((q, i) => {
      const r = graded.questions[i]!
      return {
        id: q.id,
        type: q.type,
        prompt: q.prompt,
        explanation: q.explanation,
        credit: r.credit,
        given: describe(q, r.given),
        expected: describe(q, r.expected),
      }
    }),
  }
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.module.title ?? ''} · 测验结果 · 从容 Composure` },
]

export default function QuizResult() {
  const d = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  const formatDate = useFormatDate()
  const correct = d.questions.filter((q) => q.credit === 1).length
  const show = (q: (typeof d.questions)[number], list: string[]) =>
    list.length === 0 ? t('result.noAnswer') : q.type === 'truefalse' ? t(`quiz.${list[0] as 'true' | 'false'}`) : list
  return (
    <div className="stack" style={{ maxWidth: 820, margin: '0 auto' }}>
      <h1>
        {d.module.title} · {t('result.title')}
      </h1>
      {!d.own && (
        <p className="muted">
          {t('result.attemptOf', { name: d.ownerName, date: formatDate(d.submittedAt) })}
        </p>
      )}
      {d.outdatedVersion !== null && <p className="alert warn">{t('result.outdated', { version: d.outdatedVersion })}</p>}
      <section className={`card result-head`} aria-live="polite">
        <div>
          <div className="score-big">{t('result.score', { score: d.score })}</div>
          <p className="muted" style={{ margin: 0 }}>
            {t('result.passMark', { passMark: d.module.passMark })} · {t('result.summary', { correct, total: d.questions.length })}
          </p>
        </div>
        <span className={`badge ${d.passed ? 'ok' : 'bad'}`} style={{ fontSize: '1.1rem', padding: '0.3rem 1rem' }}>
          {d.passed ? t('result.passed') : t('result.failed')}
        </span>
        {d.own && (
          <div className="row" style={{ marginLeft: 'auto' }}>
            <Link className="button" to={`/learn/${d.module.id}/quiz`}>
              {t('result.retry')}
            </Link>
            <Link className="button secondary" to={`/learn/${d.module.id}`}>
              {t('result.backToModule')}
            </Link>
            <Link className="button secondary" to="/learn">
              {t('result.backToPath')}
            </Link>
          </div>
        )}
      </section>
      <ol className="stack" style={{ listStyle: 'none', padding: 0 }}>
        {d.questions.map((q, i) => {
          const kind = q.credit === 1 ? 'correct' : q.credit > 0 ? 'partly' : 'wrong'
          const given = show(q, q.given)
          const expected = show(q, q.expected)
          return (
            <li key={q.id} className={`card answer ${kind}`}>
              <p style={{ margin: 0 }} className="muted">
                {t('quiz.question', { n: i + 1 })} · {t(`quiz.types.${q.type}`)} ·{' '}
                <strong>{t(`result.${kind}`)}</strong>
              </p>
              <p style={{ fontWeight: 600 }}>{q.prompt}</p>
              <dl>
                <dt>{t('result.yourAnswer')}</dt>
                <dd>{Array.isArray(given) ? (q.type === 'ordering' ? given.join(' → ') : given.join(';')) : given}</dd>
                {kind !== 'correct' && (
                  <>
                    <dt>{t('result.rightAnswer')}</dt>
                    <dd>{Array.isArray(expected) ? (q.type === 'ordering' ? expected.join(' → ') : expected.join(';')) : expected}</dd>
                  </>
                )}
                <dt>{t('result.why')}</dt>
                <dd>{q.explanation}</dd>
              </dl>
            </li>
          )
        })}
      </ol>
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
