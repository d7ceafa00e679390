import { redirect, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { EmotionChart } from '#app/components/charts/emotion-chart.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { ProgressBar } from '#app/components/ui/progress-bar.tsx'
import { SKILLS } from '#app/domain/skills.ts'
import { NEGATIVE_BEHAVIOURS } from '#app/judge/behaviours.ts'
import { loadAttemptState } from '#app/roleplay/attempts.server.ts'
import { annotateTurns, emotionTrail } from '#app/roleplay/feedback.ts'
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
  const turns = annotateTurns(scenario, state.context)
  let turn = 0
  return {
    own: attempt.userId === user.id,
    ownerName: owner.displayName,
    scenario: {
      id: scenario.script.id,
      title: scenario.script.title,
      passMark: scenario.script.passMark,
      persona: scenario.script.persona.name,
    },
    mode: attempt.mode,
    score: state.score,
    trail: emotionTrail(scenario, state.context),
    angryAt: scenario.script.limits.angryAt,
    // The conversation, each trainee line followed by what it did.
    items: state.context.messages.map((m) =>
      m.from === 'trainee' ? { ...m, turn: { n: ++turn, ...turns[turn - 1]! } } : { ...m, turn: null },
    ),
  }
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.scenario.title ?? ''} · 演练点评 · 从容 Composure` }]

export default function Feedback() {
  const d = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  const outcome = d.score.outcome!
  return (
    <div className="stack" style={{ maxWidth: 900, margin: '0 auto' }}>
      <h1>
        {d.scenario.title} · {t('practice.feedbackTitle')}
      </h1>
      <p className="muted">
        {!d.own && <>{t('practice.traineeNamed', { name: d.ownerName })} · </>}
        {t(d.mode === 'guided' ? 'practice.guidedShort' : 'practice.freeShort')}
      </p>
      <section className="card result-head" aria-live="polite">
        <div>
          <div className="score-big">{t('practice.total', { score: d.score.total })}</div>
          <p className="muted" style={{ margin: 0 }}>
            {t('practice.passMark', { passMark: d.scenario.passMark })} · {t(`practice.outcome.${outcome}`)}
          </p>
        </div>
        <span className={`badge ${d.score.passed ? 'ok' : 'bad'}`} style={{ fontSize: '1.1rem', padding: '0.3rem 1rem' }}>
          {d.score.passed ? t('result.passed') : t('result.failed')}
        </span>
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
      <ol className="stack" style={{ listStyle: 'none', padding: 0 }}>
        {d.items.map((item, i) =>
          item.turn === null ? (
            <li key={i} className={`bubble customer${item.nudge ? ' nudge' : ''}`} style={{ maxWidth: '85%' }}>
              <span className="who">{d.scenario.persona}</span>
              {item.text}
            </li>
          ) : (
            <li key={i} className={`card turn ${turnKind(item.turn)}`}>
              <p style={{ margin: 0 }} className="muted">
                {t('practice.turn', { n: item.turn.n })} ·{' '}
                {t('practice.emotionChange', { from: item.turn.emotionBefore, to: item.turn.emotionAfter })}
                {item.turn.slow && ` · ${t('practice.slow', { seconds: item.turn.latencySeconds })}`}
              </p>
              <p style={{ fontWeight: 600, margin: '0.4rem 0' }}>
                {d.own ? t('practice.you') : t('practice.traineeNamed', { name: d.ownerName })}：{item.text}
              </p>
              <dl>
                <dt>{t('practice.did')}</dt>
                <dd>
                  {item.turn.note ??
                    (item.turn.findings.length
                      ? t('practice.showed', {
                          list: [...new Set(item.turn.findings.map((f) => t(`behaviours.${f.behaviour}`)))].join('、'),
                        })
                      : item.turn.words.length
                        ? t('practice.wordsOnly')
                        : t('practice.nothingMatched'))}
                  {Object.entries(item.turn.evidence).map(([skill, n]) => (
                    <span key={skill} className={`badge ${n! > 0 ? 'ok' : 'bad'}`} style={{ marginLeft: '0.4rem' }}>
                      {t(`skills.${skill}`)} {n! > 0 ? `+${n}` : n}
                    </span>
                  ))}
                </dd>
                {item.turn.findings.length > 0 && (
                  <>
                    <dt>{t('practice.behaviours')}</dt>
                    <dd>
                      {item.turn.findings.map((f, j) => (
                        <span key={j} className={`badge ${NEGATIVE.has(f.behaviour) ? 'bad' : 'ok'}`} style={{ marginRight: '0.35rem' }}>
                          {t(`behaviours.${f.behaviour}`)}：“{f.words}”{f.byTone ? t('practice.byTone') : ''}
                        </span>
                      ))}
                    </dd>
                  </>
                )}
                {item.turn.words.length > 0 && (
                  <>
                    <dt>{t('practice.words')}</dt>
                    <dd>
                      {item.turn.words.map((w, j) => (
                        <mark key={j} className={`word${w.negated ? ' neg' : ''}`} title={w.intent} style={{ marginRight: '0.35rem' }}>
                          {w.words}
                          {w.negated ? t('practice.negated') : ''}
                        </mark>
                      ))}
                    </dd>
                  </>
                )}
                {item.turn.breaches.map((b, j) => (
                  <div key={`b${j}`} style={{ display: 'contents' }}>
                    <dt style={{ color: 'var(--bad)' }}>{t('skills.compliance')}</dt>
                    <dd style={{ color: 'var(--bad)' }}>
                      {t(`practice.breaches.${b.breach}`)}：“{b.words}”
                    </dd>
                  </div>
                ))}
                {item.turn.missed.length > 0 && (
                  <>
                    <dt>{t('practice.missed')}</dt>
                    <dd>{item.turn.missed.map((s) => t(`skills.${s}`)).join('、')}</dd>
                  </>
                )}
                {item.turn.model && (
                  <>
                    <dt>{t('practice.model')}</dt>
                    <dd>{item.turn.model}</dd>
                  </>
                )}
              </dl>
            </li>
          ),
        )}
      </ol>
    </div>
  )
}

const NEGATIVE = new Set<string>(NEGATIVE_BEHAVIOURS)

function turnKind(turn: { evidence: Record<string, number | undefined>; breaches: unknown[] }) {
  const values = Object.values(turn.evidence).map((n) => n ?? 0)
  if (turn.breaches.length || values.some((n) => n < 0)) return values.some((n) => n > 0) ? 'mixed' : 'bad'
  return values.some((n) => n > 0) ? 'good' : 'mixed'
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
