import { Form, useNavigation } from '@remix-run/react'
import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import type { PresentedQuestion, ReviewRow } from '#app/domain/quiz.ts'

/** What a quiz or drill action answers when it refuses a submission. */
export interface QuizFormError {
  error: 'unanswered' | 'tampered'
  unanswered: string[]
  values: Record<string, string[]>
}

/** A whole quiz or drill form: the refusal, if any, each question, and the submit button. */
export function QuizForm({
  attemptId,
  questions,
  refused,
}: {
  attemptId: string
  questions: PresentedQuestion[]
  refused: QuizFormError | undefined
}) {
  const navigation = useNavigation()
  const { t } = useTranslation()
  const missing = new Set(refused?.unanswered ?? [])
  const values = refused?.values ?? {}
  return (
    <>
      {refused?.error && (
        <p className="alert error" role="alert">
          {refused.error === 'tampered' ? t('quiz.tampered') : t('quiz.unanswered', { count: missing.size })}
        </p>
      )}
      <Form method="post" className="stack" noValidate>
        <input type="hidden" name="attemptId" value={attemptId} />
        {questions.map((q, i) => (
          <QuestionField key={q.id} question={q} n={i + 1} invalid={missing.has(q.id)} values={values} />
        ))}
        <button className="primary" type="submit" disabled={navigation.state === 'submitting'}>
          {navigation.state === 'submitting' ? t('quiz.submitting') : t('quiz.submit')}
        </button>
      </Form>
    </>
  )
}

/** The head of a result: the score, the pass mark, how many right, passed or not, and what to do next. */
export function ScoreHeader({
  score,
  passMark,
  correct,
  total,
  passed,
  children,
}: {
  score: number
  passMark: number
  correct: number
  total: number
  passed: boolean
  children?: ReactNode
}) {
  const { t } = useTranslation()
  return (
    <section className="card result-head" aria-live="polite">
      <div>
        <div className="score-big">{t('result.score', { score })}</div>
        <p className="muted" style={{ margin: 0 }}>
          {t('result.passMark', { passMark })} · {t('result.summary', { correct, total })}
        </p>
      </div>
      <span className={`badge ${passed ? 'ok' : 'bad'}`} style={{ fontSize: '1.1rem', padding: '0.3rem 1rem' }}>
        {passed ? t('result.passed') : t('result.failed')}
      </span>
      {children && (
        <div className="row" style={{ marginLeft: 'auto' }}>
          {children}
        </div>
      )}
    </section>
  )
}

/** One question of a quiz or drill form; keeps the trainee's answer when the form comes back with errors. */
function QuestionField({
  question: q,
  n,
  invalid,
  values,
}: {
  question: PresentedQuestion
  n: number
  invalid: boolean
  values: Record<string, string[]>
}) {
  const { t } = useTranslation()
  const name = `q.${q.id}`
  const given = values[name] ?? []
  const errorId = `${name}-error`
  return (
    <fieldset
      className={`question${invalid ? ' invalid' : ''}`}
      aria-invalid={invalid || undefined}
      aria-describedby={invalid ? errorId : undefined}
    >
      <legend>
        <span className="kind">
          {t('quiz.question', { n })} · {t(`quiz.types.${q.type}`)}
        </span>
        {q.prompt}
      </legend>
      {q.type === 'single' || q.type === 'multiple'
        ? q.choices.map((c) => (
            <label key={c.id} className="choice">
              <input type={q.type === 'single' ? 'radio' : 'checkbox'} name={name} value={c.id} defaultChecked={given.includes(c.id)} />
              <span>{c.text}</span>
            </label>
          ))
        : null}
      {q.type === 'truefalse' &&
        (['true', 'false'] as const).map((v) => (
          <label key={v} className="choice">
            <input type="radio" name={name} value={v} defaultChecked={given.includes(v)} />
            <span>{t(`quiz.${v}`)}</span>
          </label>
        ))}
      {q.type === 'ordering' &&
        q.choices.map((c) => {
          const field = `${name}.${c.id}`
          return (
            <div key={c.id} className="order-item">
              <select id={field} name={field} defaultValue={values[field]?.[0] ?? ''} aria-label={t('quiz.positionOf', { item: c.text })}>
                <option value="">{t('quiz.choosePosition')}</option>
                {q.choices.map((_, i) => (
                  <option key={i} value={i + 1}>
                    {t('quiz.position')} {i + 1}
                  </option>
                ))}
              </select>
              <label htmlFor={field}>{c.text}</label>
            </div>
          )
        })}
      {invalid && (
        <p className="field-error" id={errorId}>
          {q.type === 'ordering' ? `${t('quiz.answerThis')} ${t('quiz.duplicatePositions')}` : t('quiz.answerThis')}
        </p>
      )}
    </fieldset>
  )
}

/** Each graded question: the trainee's answer, the right one where it differs, and why. */
export function AnswerReview({ questions }: { questions: ReviewRow[] }) {
  const { t } = useTranslation()
  const show = (q: ReviewRow, list: string[]) =>
    list.length === 0 ? t('result.noAnswer') : q.type === 'truefalse' ? t(`quiz.${list[0] as 'true' | 'false'}`) : list
  return (
    <ol className="stack" style={{ listStyle: 'none', padding: 0 }}>
      {questions.map((q, i) => {
        const kind = q.credit === 1 ? 'correct' : q.credit > 0 ? 'partly' : 'wrong'
        const given = show(q, q.given)
        const expected = show(q, q.expected)
        return (
          <li key={q.id} className={`card answer ${kind}`}>
            <p style={{ margin: 0 }} className="muted">
              {t('quiz.question', { n: i + 1 })} · {t(`quiz.types.${q.type}`)} · <strong>{t(`result.${kind}`)}</strong>
            </p>
            <p style={{ fontWeight: 600 }}>{q.prompt}</p>
            <dl>
              <dt>{t('result.yourAnswer')}</dt>
              <dd>{Array.isArray(given) ? (q.type === 'ordering' ? given.join(' → ') : given.join('；')) : given}</dd>
              {kind !== 'correct' && (
                <>
                  <dt>{t('result.rightAnswer')}</dt>
                  <dd>{Array.isArray(expected) ? (q.type === 'ordering' ? expected.join(' → ') : expected.join('；')) : expected}</dd>
                </>
              )}
              <dt>{t('result.why')}</dt>
              <dd>
                {q.explanation.split('\n').map((paragraph, k) => (
                  <p key={k} style={{ margin: k ? '0.4em 0 0' : 0 }}>
                    {paragraph}
                  </p>
                ))}
              </dd>
            </dl>
          </li>
        )
      })}
    </ol>
  )
}
