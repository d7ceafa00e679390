import { useTranslation } from 'react-i18next'
import { NEGATIVE_BEHAVIOURS } from '#app/judge/behaviours.ts'
import type { TranscriptItem } from '#app/roleplay/transcript-view.ts'

const NEGATIVE = new Set<string>(NEGATIVE_BEHAVIOURS)

type Turn = NonNullable<TranscriptItem['turn']>

function turnKind(turn: Pick<Turn, 'evidence' | 'breaches'>) {
  const values = Object.values(turn.evidence).map((n) => n ?? 0)
  if (turn.breaches.length || values.some((n) => n < 0)) return values.some((n) => n > 0) ? 'mixed' : 'bad'
  return values.some((n) => n > 0) ? 'good' : 'mixed'
}

/**
 * A finished role-play's conversation, each trainee line followed by what it did and missed, the
 * words that earned it and the trainer's model reply. Shared by the trainee's feedback page and
 * the trainer's review page.
 */
export function AnnotatedTranscript({
  items,
  persona,
  speaker,
}: {
  items: readonly TranscriptItem[]
  /** The customer's name. */
  persona: string
  /** Who the trainee lines are by: "你" for the trainee, their name for anyone else. */
  speaker: string
}) {
  const { t } = useTranslation()
  return (
    <ol className="stack" style={{ listStyle: 'none', padding: 0 }}>
      {items.map((item, i) =>
        item.turn === null ? (
          <li key={i} className={`bubble customer${item.nudge ? ' nudge' : ''}`} style={{ maxWidth: '85%' }}>
            <span className="who">{persona}</span>
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
              {speaker}：{item.text}
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
  )
}
