import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation, type ShouldRevalidateFunction } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { AnnotatedTranscript } from '#app/components/annotated-transcript.tsx'
import { PassBadge } from '#app/components/attempt-table.tsx'
import { useFormatDate } from '#app/components/dates.ts'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { ReviewedScore } from '#app/components/reviewed-score.tsx'
import { Field } from '#app/components/ui/field.tsx'
import { SKILLS } from '#app/domain/skills.ts'
import { loadAttemptState } from '#app/roleplay/attempts.server.ts'
import { newOverrideForm, overrideScore, reviewHistory } from '#app/roleplay/review.server.ts'
import { annotatedTranscript } from '#app/roleplay/transcript-view.ts'
import { requirePermission } from '#app/utils/auth.server.ts'
import { formToObject } from '#app/utils/forms.ts'
import { notFound } from '#app/utils/http.ts'
import { i18next } from '#app/utils/i18n.server.ts'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, 'manage', 'roleplay-attempt')
  const loaded = await loadAttemptState(params.attemptId ?? '')
  // Only finished attempts have a score to review.
  if (!loaded || loaded.attempt.status !== 'finished' || !loaded.state.done) throw notFound()
  const { attempt, owner, scenario, state } = loaded
  const history = await reviewHistory(attempt.id)
  const t = await i18next.getFixedT(request)
  return {
    title: `${scenario.script.title} · ${t('review.detailTitle')}`,
    attemptId: attempt.id,
    own: attempt.userId === user.id,
    ownerName: owner.displayName,
    mode: attempt.mode,
    finishedAt: attempt.finishedAt!.toISOString(),
    scenario: {
      title: scenario.script.title,
      version: scenario.script.version,
      passMark: scenario.script.passMark,
      persona: scenario.script.persona.name,
    },
    score: state.score,
    review: history.at(-1) ?? null,
    history,
    form: newOverrideForm(),
    items: annotatedTranscript(scenario, state.context),
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, 'manage', 'roleplay-attempt')
  const form = await request.formData()
  if (form.get('intent') !== 'override') throw new Response('Unknown intent', { status: 400 })
  const values = formToObject(form, [])
  const result = await overrideScore({ attemptId: params.attemptId ?? '', reviewerId: user.id, values })
  if (!result.ok) {
    const kept = { total: String(values.total ?? ''), passed: String(values.passed ?? ''), reason: String(values.reason ?? '') }
    return data({ ...result, values: kept }, { status: result.errors.form === 'review.form.ownAttempt' ? 403 : 400 })
  }
  return { ...result, errors: {} as Record<string, string>, values: null }
}

// A refused override stored nothing: the page stays as it is, with what the trainer typed. (A
// revalidation would hand out a new form id, remount the form and put the refused text back.)
export const shouldRevalidate: ShouldRevalidateFunction = ({ actionStatus, defaultShouldRevalidate }) =>
  actionStatus !== undefined && actionStatus >= 400 ? false : defaultShouldRevalidate

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? '复核'} · 从容 Composure` }]

export default function ReviewAttempt() {
  const d = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const navigation = useNavigation()
  const { t } = useTranslation()
  const formatDate = useFormatDate()
  const errors: Record<string, string> = result?.errors ?? {}
  const kept = result && !result.ok ? result.values : null
  const current = { total: d.review?.total ?? d.score.total, passed: d.review?.passed ?? d.score.passed }
  const passedValue = kept ? kept.passed : String(current.passed)
  return (
    <div className="stack">
      <p>
        <Link to="/studio/reviews">← {t('review.back')}</Link>
      </p>
      <h1>
        {d.scenario.title} · {t('review.detailTitle')}
      </h1>
      <p className="muted">
        {t('practice.traineeNamed', { name: d.ownerName })} · {t(d.mode === 'guided' ? 'practice.guidedShort' : 'practice.freeShort')} · v
        {d.scenario.version} · {formatDate(d.finishedAt)} · <Link to={`/practice/${d.attemptId}/feedback`}>{t('review.seeTrainee')}</Link>
      </p>
      <section className="card result-head" aria-labelledby="review-score">
        <div>
          <h2 id="review-score" className="score-big" style={{ margin: 0 }}>
            {d.review ? <ReviewedScore score={d.review.total} original={d.score.total} /> : t('practice.total', { score: d.score.total })}
          </h2>
          <p className="muted" style={{ margin: 0 }}>
            {t('practice.passMark', { passMark: d.scenario.passMark })} · {t(`practice.outcome.${d.score.outcome!}`)}
          </p>
          <p className="muted review-skills" style={{ margin: 0 }}>
            {SKILLS.map((s) => `${t(`skills.${s}`)} ${d.score.skills[s]}`).join(' · ')}
          </p>
        </div>
        <span className={`badge review-verdict ${current.passed ? 'ok' : 'bad'}`}>
          {current.passed ? t('result.passed') : t('result.failed')}
        </span>
        {d.review && <span className="badge reviewed">{t('review.mark')}</span>}
      </section>
      {d.score.cappedBy && (
        <p className="alert error" role="alert">
          {t('practice.cappedBy', { breach: t(`practice.breaches.${d.score.cappedBy.breach}`), cap: d.score.cappedBy.cap })}
        </p>
      )}
      <div className="review-layout">
        <section aria-labelledby="transcript-title" className="review-layout__main">
          <h2 id="transcript-title" style={{ marginTop: 0 }}>
            {t('practice.transcript')}
          </h2>
          <AnnotatedTranscript items={d.items} persona={d.scenario.persona} speaker={t('practice.traineeNamed', { name: d.ownerName })} />
        </section>
        <aside className="review-layout__side stack">
          <section className="card" aria-labelledby="override-title">
            <h2 id="override-title" style={{ marginTop: 0, fontSize: '1.1rem' }}>
              {t('review.form.title')}
            </h2>
            {d.own ? (
              <p className="alert warn">{t('review.form.ownAttempt')}</p>
            ) : (
              <>
                <p className="muted" style={{ fontSize: '0.9rem' }}>
                  {t('review.form.intro')}
                </p>
                {result?.ok && (
                  <p className="alert ok" role="status">
                    {t('review.form.saved')}
                  </p>
                )}
                {errors.form && (
                  <p className="alert error" role="alert">
                    {t(errors.form)}
                  </p>
                )}
                {errors.clientId && (
                  <p className="alert error" role="alert">
                    {t(errors.clientId)}
                  </p>
                )}
                {/* A fresh client id per rendered form: a resent submission is stored once. */}
                <Form method="post" noValidate key={d.form.clientId} className="review-form">
                  <input type="hidden" name="intent" value="override" />
                  <input type="hidden" name="clientId" value={d.form.clientId} />
                  <Field
                    label={t('review.form.total')}
                    name="total"
                    type="number"
                    inputMode="numeric"
                    min={0}
                    max={100}
                    step={1}
                    required
                    defaultValue={kept ? kept.total : String(current.total)}
                    error={errors.total && t(errors.total, { passMark: d.scenario.passMark })}
                  />
                  <fieldset className="field" aria-describedby={errors.passed ? 'passed-error' : undefined}>
                    <legend>{t('review.form.passed')}</legend>
                    <div className="checks">
                      <label className="choice">
                        <input type="radio" name="passed" value="true" defaultChecked={passedValue === 'true'} />
                        <span>{t('review.form.pass')}</span>
                      </label>
                      <label className="choice">
                        <input type="radio" name="passed" value="false" defaultChecked={passedValue === 'false'} />
                        <span>{t('review.form.fail')}</span>
                      </label>
                    </div>
                    {errors.passed && (
                      <p className="field-error" id="passed-error" role="alert">
                        {t(errors.passed)}
                      </p>
                    )}
                  </fieldset>
                  <div className="field">
                    <label htmlFor="review-reason">{t('review.form.reason')}</label>
                    <textarea
                      id="review-reason"
                      name="reason"
                      rows={4}
                      maxLength={d.form.reasonMax}
                      required
                      defaultValue={kept?.reason ?? ''}
                      aria-invalid={errors.reason ? true : undefined}
                      aria-describedby={errors.reason ? 'review-reason-hint review-reason-error' : 'review-reason-hint'}
                    />
                    <span className="hint" id="review-reason-hint">
                      {t('review.form.reasonHint')}
                    </span>
                    {errors.reason && (
                      <p className="field-error" id="review-reason-error" role="alert">
                        {t(errors.reason)}
                      </p>
                    )}
                  </div>
                  {current.passed && (
                    <p className="hint muted" style={{ fontSize: '0.85rem' }}>
                      {t('review.form.downgrade')}
                    </p>
                  )}
                  <button className="primary" type="submit" disabled={navigation.state === 'submitting'}>
                    {t('review.form.submit')}
                  </button>
                </Form>
              </>
            )}
          </section>
          <section className="card" aria-labelledby="history-title">
            <h2 id="history-title" style={{ marginTop: 0, fontSize: '1.1rem' }}>
              {t('review.history.title')}
            </h2>
            {d.history.length === 0 ? (
              <p className="muted">{t('review.history.none')}</p>
            ) : (
              <ol className="review-log">
                {[...d.history].reverse().map((h) => (
                  <li key={h.id}>
                    <p className="muted" style={{ margin: 0, fontSize: '0.85rem' }}>
                      <time dateTime={h.at}>{formatDate(h.at)}</time> · {h.reviewerName ?? t('review.history.unknownReviewer')}
                    </p>
                    <p style={{ margin: '0.2rem 0' }}>
                      <span className="sr-only">{t('review.history.before')} </span>
                      {h.originalTotal ?? '—'} <PassBadge passed={h.originalPassed} /> →{' '}
                      <span className="sr-only">{t('review.history.after')} </span>
                      <strong>{h.total}</strong> <PassBadge passed={h.passed} />
                    </p>
                    <p style={{ margin: 0 }}>{t('review.history.reason', { reason: h.reason })}</p>
                  </li>
                ))}
              </ol>
            )}
          </section>
        </aside>
      </div>
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
