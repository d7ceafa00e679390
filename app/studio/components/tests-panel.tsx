import { useTranslation } from 'react-i18next'
import type { StudioView } from '#app/studio/view.server.ts'

type Regressions = NonNullable<StudioView['regressions']>

/** The scenario's regression tests on the text being edited, and what changed against the live version. */
export function TestsPanel({ regressions }: { regressions: Regressions }) {
  const { t } = useTranslation()
  const { changes, replies, transcripts, corpus, against } = regressions
  const verdict = (v: string | null | undefined) => (v ? t(`studio.tests.verdicts.${v}`) : '—')
  return (
    <div className="stack tests-panel">
      <p className="muted">{t('studio.tests.intro')}</p>
      {against !== null && (
        <section aria-labelledby="tests-changes">
          <h3 id="tests-changes">
            {t('studio.tests.changes')} <span className="muted">· {t('studio.tests.against', { version: against })}</span>
          </h3>
          {changes.length === 0 ? (
            <p>{t('studio.tests.noChanges')}</p>
          ) : (
            <ul className="test-changes">
              {changes.map((c) => (
                <li key={c.key} className={c.change === 'now-fails' ? 'fails' : 'passes'}>
                  <strong>{c.change === 'now-fails' ? t('studio.tests.nowFails') : t('studio.tests.nowPasses')}</strong> · {c.label}
                  <br />
                  <span className="muted">{c.why}</span>
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
      <section aria-labelledby="tests-replies">
        <h3 id="tests-replies">{t('studio.tests.replies')}</h3>
        {replies.length === 0 ? (
          <p className="muted">{t('studio.tests.none')}</p>
        ) : (
          <ul className="test-results">
            {replies.map((r) => (
              <li key={r.key} className={r.pass ? 'pass' : 'fail'}>
                <span className="test-mark">{r.pass ? t('studio.tests.pass') : t('studio.tests.fail')}</span>
                <span>
                  <code>{r.beat}</code> {r.text}
                  <br />
                  <span className="muted">
                    {t('studio.tests.expected')} {verdict(r.expected.verdict)}
                    {r.expected.behaviours.length > 0 && ` (${r.expected.behaviours.map((b) => t(`behaviours.${b}`)).join('、')})`} ·{' '}
                    {t('studio.tests.got')} {verdict(r.got?.verdict)}
                    {r.got && r.got.behaviours.length > 0 && ` (${r.got.behaviours.map((b) => t(`behaviours.${b}`)).join('、')})`}
                  </span>
                  {!r.pass && <span className="test-why">{r.why}</span>}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="tests-transcripts">
        <h3 id="tests-transcripts">{t('studio.tests.transcripts')}</h3>
        {transcripts.length === 0 ? (
          <p className="muted">{t('studio.tests.none')}</p>
        ) : (
          <ul className="test-results">
            {transcripts.map((r) => (
              <li key={r.key} className={r.pass ? 'pass' : 'fail'}>
                <span className="test-mark">{r.pass ? t('studio.tests.pass') : t('studio.tests.fail')}</span>
                <span>
                  {r.name}
                  <br />
                  <span className="muted">
                    {t('studio.tests.expected')} {t(`practice.outcome.${r.expected.outcome}`)}
                    {r.expected.score && ` ${r.expected.score[0]}–${r.expected.score[1]}`} · {t('studio.tests.got')}{' '}
                    {r.got.outcome ? t(`practice.outcome.${r.got.outcome}`) : '—'} {r.got.total}
                  </span>
                  {!r.pass && <span className="test-why">{r.why}</span>}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="tests-corpus">
        <h3 id="tests-corpus">{t('studio.tests.corpus')}</h3>
        <p>{t('studio.tests.corpusSummary', { total: corpus.total, agree: corpus.agree })}</p>
        {corpus.disagreements.length > 0 && (
          <details>
            <summary>{t('studio.tests.disagreements', { count: corpus.disagreements.length })}</summary>
            <ul className="test-results">
              {corpus.disagreements.map((c) => (
                <li key={c.key} className="fail">
                  <span className="test-mark">{t('studio.tests.fail')}</span>
                  <span>
                    <code>{c.beat}</code> {c.reply}
                    <br />
                    <span className="muted">
                      {t('studio.tests.expected')} {verdict(c.label)} · {t('studio.tests.got')} {verdict(c.verdict)}
                    </span>
                  </span>
                </li>
              ))}
            </ul>
          </details>
        )}
      </section>
    </div>
  )
}
