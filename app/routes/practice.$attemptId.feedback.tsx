import { redirect, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { AnnotatedTranscript } from '#app/components/annotated-transcript.tsx'
import { EmotionChart } from '#app/components/charts/emotion-chart.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { ReviewComment, ReviewedScore } from '#app/components/reviewed-score.tsx'
import { ProgressBar } from '#app/components/ui/progress-bar.tsx'
import { can } from '#app/domain/permissions.ts'
import { SKILLS } from '#app/domain/skills.ts'
import { loadAttemptState } from '#app/roleplay/attempts.server.ts'
import { emotionTrail } from '#app/roleplay/feedback.ts'
import { currentReview } from '#app/roleplay/review.server.ts'
import { annotatedTranscript } from '#app/roleplay/transcript-view.ts'
import { assertCan, requireUser } from '#app/utils/auth.server.ts'
import { notFound } from '#app/utils/http.ts'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const loaded = await loadAttemptState(params.attemptId ?? '')
  if (!loaded) throw notFound()
  const { attempt, owner, scenario, state } = loaded
  assertCan(user, 'read', 'roleplay-attempt', { userId: owner.id, teamId: owner.teamId })
  if (attempt.status === 'abandoned') {
    if (attempt.userId === user.id) throw redirect('/practice')
    throw notFound()
  }
  if (!state.done) {
    if (attempt.userId === user.id) throw redirect(`/practice/${attempt.id}`)
    throw notFound()
  }
  return {
    own: attempt.userId === user.id,
    ownerName: owner.displayName,
    scenario: {
      id: scenario.script.id,
      title: scenario.script.title,
      passMark: scenario.script.passMark,
      persona: scenario.script.persona.name,
      /** The version this attempt was played and is scored on. */
      version: attempt.scenarioVersion,
    },
    mode: attempt.mode,
    score: state.score,
    trail: emotionTrail(scenario, state.context),
    angryAt: scenario.script.limits.angryAt,
    // A trainer's review, when there is one, is the score that counts; the judge's stays beside it.
    review: await currentReview(attempt.id),
    canReview: can(user, 'manage', 'roleplay-attempt') && attempt.userId !== user.id,
    attemptId: attempt.id,
    // The conversation, each trainee line followed by what it did.
    items: annotatedTranscript(scenario, state.context),
  }
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.scenario.title ?? ''} · 演练点评 · 从容 Composure` }]

export default function Feedback() {
  const d = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  const outcome = d.score.outcome!
  const passed = d.review ? d.review.passed : d.score.passed
  return (
    <div className="stack" style={{ maxWidth: 900, margin: '0 auto' }}>
      <h1>
        {d.scenario.title} · {t('practice.feedbackTitle')}
      </h1>
      <p className="muted">
        {!d.own && <>{t('practice.traineeNamed', { name: d.ownerName })} · </>}
        {t(d.mode === 'guided' ? 'practice.guidedShort' : 'practice.freeShort')} ·{' '}
        {t('practice.scriptVersion', { version: d.scenario.version })}
      </p>
      <section className="card result-head" aria-live="polite">
        <div>
          <div className="score-big">
            {d.review ? <ReviewedScore score={d.review.total} original={d.score.total} /> : t('practice.total', { score: d.score.total })}
          </div>
          <p className="muted" style={{ margin: 0 }}>
            {t('practice.passMark', { passMark: d.scenario.passMark })} · {t(`practice.outcome.${outcome}`)}
          </p>
        </div>
        <span className={`badge ${passed ? 'ok' : 'bad'}`} style={{ fontSize: '1.1rem', padding: '0.3rem 1rem' }}>
          {passed ? t('result.passed') : t('result.failed')}
        </span>
        {d.review && <span className="badge reviewed">{t('review.mark')}</span>}
        {d.canReview && (
          <Link className="button secondary" to={`/studio/reviews/${d.attemptId}`} style={{ marginLeft: 'auto' }}>
            {t('review.reviewThis')}
          </Link>
        )}
        {d.own && (
          <div className="row" style={{ marginLeft: 'auto' }}>
            <Form method="post" action="/practice">
              <input type="hidden" name="scenarioId" value={d.scenario.id} />
              <input type="hidden" name="mode" value={d.mode} />
              <button className="primary" type="submit">
                {t('practice.retry')}
              </button>
            </Form>
            <Link className="button secondary" to="/practice">
              {t('practice.backToList')}
            </Link>
          </div>
        )}
      </section>
      {d.review && <ReviewComment review={d.review} />}
      {d.score.cappedBy && (
        <p className="alert error" role="alert">
          {t('practice.cappedBy', { breach: t(`practice.breaches.${d.score.cappedBy.breach}`), cap: d.score.cappedBy.cap })}
        </p>
      )}
      <div className="row" style={{ alignItems: 'stretch' }}>
        <section className="card" style={{ flex: '1 1 280px' }} aria-labelledby="skills-title">
          <h2 id="skills-title" style={{ marginTop: 0, fontSize: '1.05rem' }}>
            {t('practice.skillScores')}
          </h2>
          <div className="skill-bars">
            {SKILLS.map((s) => (
              <div key={s} className="row">
                <span>{t(`skills.${s}`)}</span>
                <ProgressBar value={d.score.skills[s]} label={t(`skills.${s}`)} />
                <strong>{d.score.skills[s]}</strong>
              </div>
            ))}
          </div>
        </section>
        <section className="card" style={{ flex: '2 1 420px' }} aria-labelledby="chart-title">
          <h2 id="chart-title" style={{ marginTop: 0, fontSize: '1.05rem' }}>
            {t('practice.emotionChart')}
          </h2>
          <EmotionChart points={d.trail} label={t('practice.emotion')} angryAt={d.angryAt} />
        </section>
      </div>
      <h2>{t('practice.transcript')}</h2>
      <AnnotatedTranscript
        items={d.items}
        persona={d.scenario.persona}
        speaker={d.own ? t('practice.you') : t('practice.traineeNamed', { name: d.ownerName })}
      />
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
