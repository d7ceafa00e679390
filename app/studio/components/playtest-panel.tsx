import { useEffect, useId, useRef, useState, type FormEvent, type RefObject } from 'react'
import { useTranslation } from 'react-i18next'
import { EmotionChart } from '#app/components/charts/emotion-chart.tsx'
import { EmotionMeter } from '#app/components/emotion-meter.tsx'
import { ProgressBar } from '#app/components/ui/progress-bar.tsx'
import type { SourceProblem } from '#app/domain/yaml-validate.ts'
import { SKILLS, type Skill } from '#app/domain/skills.ts'
import { NEGATIVE_BEHAVIOURS } from '#app/judge/behaviours.ts'
import type { SampleReply, SampleTranscript } from '#app/roleplay/schema.ts'
import type { PlaytestReply, PlaytestResult, PlaytestTurn } from '#app/studio/playtest.server.ts'

export interface PlaytestPanelProps {
  scenarioId: string
  /** The editor's current (possibly unsaved) text. */
  getSource(): string
  onAddSample(sample: { kind: 'transcript'; value: SampleTranscript } | { kind: 'reply'; value: SampleReply }): void
}

type Mode = 'guided' | 'free'
type Played = Extract<PlaytestResult, { ok: true }>
type Feedback = Played['feedback']['turns'][number]

/** The game being played: the text it started with and every reply so far (replayed on the server each time). */
interface Game {
  source: string
  mode: Mode
  seed: number
  replies: PlaytestReply[]
}

const DEFAULT_SECONDS = 10
const SHOWN_PROBLEMS = 5
const NEGATIVE = new Set<string>(NEGATIVE_BEHAVIOURS)

/**
 * The studio's playtest: plays the editor's text in the trainee's chat view, in either mode, and
 * explains each reply. Every request sends the whole game to /studio/playtest, which replays it
 * from scratch and records nothing.
 */
export function PlaytestPanel({ scenarioId, getSource, onAddSample }: PlaytestPanelProps) {
  const { t } = useTranslation()
  const ids = useId()
  const [mode, setMode] = useState<Mode>('free')
  const [seed, setSeed] = useState('1')
  const [latency, setLatency] = useState(String(DEFAULT_SECONDS))
  const [game, setGame] = useState<Game | null>(null)
  const [played, setPlayed] = useState<Played | null>(null)
  const [problems, setProblems] = useState<SourceProblem[] | null>(null)
  const [pending, setPending] = useState<{ text: string } | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [draft, setDraft] = useState('')
  const [slowNext, setSlowNext] = useState(false)
  const [sourceChanged, setSourceChanged] = useState(false)
  const [savedReplies, setSavedReplies] = useState<ReadonlySet<number>>(new Set())
  const [savedTranscript, setSavedTranscript] = useState(false)
  const request = useRef<AbortController | null>(null)
  const logRef = useRef<HTMLDivElement>(null)
  const choicesRef = useRef<HTMLDivElement>(null)
  const replyRef = useRef<HTMLTextAreaElement>(null)

  useEffect(() => () => request.current?.abort(), [])
  useEffect(() => {
    logRef.current?.scrollTo({ top: logRef.current.scrollHeight })
  }, [played?.messages.length, pending])
  // After each turn keyboard focus goes back to the reply box or the first choice (as in the trainee's chat),
  // unless the trainer has moved it elsewhere (an explanation, the settings).
  useEffect(() => {
    if (!played || played.done) return
    const active = document.activeElement
    const idle = !active || active === document.body || active.closest('.playtest-settings, .chat-input')
    if (!idle) return
    if (played.mode === 'guided') choicesRef.current?.querySelector<HTMLButtonElement>('button[name="choice"]')?.focus()
    else replyRef.current?.focus()
  }, [played])

  async function play(next: Game, sent: { text: string } | null): Promise<boolean> {
    request.current?.abort()
    const controller = new AbortController()
    request.current = controller
    setPending(sent ?? { text: '' })
    setError(null)
    try {
      const response = await fetch('/studio/playtest', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ scenarioId, source: next.source, mode: next.mode, seed: next.seed, replies: next.replies }),
        signal: controller.signal,
        redirect: 'manual',
      })
      if (response.type === 'opaqueredirect' || response.status === 401) return fail(t('playtest.errors.login'))
      if (response.status === 403) return fail(t('playtest.errors.forbidden'))
      if (response.status === 400) {
        const body = (await response.json().catch(() => null)) as { error?: string } | null
        return fail(t('playtest.errors.badRequest', { detail: body?.error ?? response.statusText }))
      }
      if (!response.ok) return fail(t('playtest.errors.server', { status: response.status }))
      const result = (await response.json()) as PlaytestResult
      setGame(next)
      if (result.ok) {
        setPlayed(result)
        setProblems(null)
      } else {
        setPlayed(null)
        setProblems(result.problems)
      }
      return true
    } catch {
      if (controller.signal.aborted) return false
      return fail(t('playtest.errors.network'))
    } finally {
      if (request.current === controller) {
        request.current = null
        setPending(null)
      }
    }
  }

  function fail(message: string) {
    setError(message)
    return false
  }

  function start(event: FormEvent) {
    event.preventDefault()
    const n = Number.parseInt(seed, 10)
    const next: Game = { source: getSource(), mode, seed: Number.isFinite(n) && n >= 0 ? n : 1, replies: [] }
    setSourceChanged(false)
    setSavedReplies(new Set())
    setSavedTranscript(false)
    setDraft('')
    void play(next, null)
  }

  const patience = played?.scenario.patienceSeconds ?? 60
  const normalSeconds = Math.max(0, Number(latency) || 0)
  const slowSeconds = patience + 1

  async function send(reply: { text: string } | { choice: string }, shown: string) {
    if (!game || pending) return
    setSourceChanged(getSource() !== game.source)
    const seconds = slowNext ? slowSeconds : normalSeconds
    const ok = await play({ ...game, replies: [...game.replies, { ...reply, seconds }] }, { text: shown })
    if (ok) {
      setSlowNext(false)
      if ('text' in reply) setDraft('')
    }
  }

  function undo() {
    if (!game || !game.replies.length || pending) return
    setSavedTranscript(false)
    setSavedReplies((saved) => new Set([...saved].filter((n) => n < game.replies.length)))
    void play({ ...game, replies: game.replies.slice(0, -1) }, null).then(() => replyRef.current?.focus())
  }

  function saveTranscript() {
    if (!played?.transcript) return
    const outcome = t(`practice.outcome.${played.transcript.expect!.outcome}`)
    const name = t('playtest.transcriptName', {
      mode: t(played.mode === 'guided' ? 'playtest.guided' : 'playtest.free'),
      outcome,
      total: played.score.total,
    })
    onAddSample({ kind: 'transcript', value: { name, ...played.transcript } })
    setSavedTranscript(true)
  }

  function saveReply(turn: PlaytestTurn) {
    if (!turn.sample) return
    onAddSample({ kind: 'reply', value: turn.sample })
    setSavedReplies((saved) => new Set([...saved, turn.n]))
  }

  const busy = pending !== null
  const modeName = `${ids}-mode`

  return (
    <section className="playtest stack" aria-labelledby={`${ids}-title`} aria-busy={busy}>
      <header className="playtest-head">
        <h2 id={`${ids}-title`}>{t('playtest.title')}</h2>
        <p className="alert warn playtest-banner">
          <strong>{t('playtest.banner')}</strong>
        </p>
        <p className="muted playtest-intro">{t('playtest.intro')}</p>
      </header>

      <form className="playtest-settings" aria-label={t('playtest.settings')} onSubmit={start}>
        <fieldset className="playtest-modes">
          <legend>{t('playtest.mode')}</legend>
          {(['guided', 'free'] as const).map((m) => (
            <label key={m} className={mode === m ? 'on' : undefined}>
              <input type="radio" name={modeName} value={m} checked={mode === m} onChange={() => setMode(m)} />
              <span>{t(`playtest.${m}`)}</span>
              <span className="muted">{t(`playtest.${m}Hint`)}</span>
            </label>
          ))}
        </fieldset>
        <div className="playtest-field">
          <label htmlFor={`${ids}-seed`}>{t('playtest.seed')}</label>
          <span className="row">
            <input
              id={`${ids}-seed`}
              type="number"
              min={0}
              step={1}
              inputMode="numeric"
              value={seed}
              onChange={(e) => setSeed(e.target.value)}
              aria-describedby={`${ids}-seed-hint`}
            />
            <button type="button" className="secondary" onClick={() => setSeed(String(Math.floor(Math.random() * 100_000)))}>
              {t('playtest.newSeed')}
            </button>
          </span>
          <span className="hint" id={`${ids}-seed-hint`}>
            {t('playtest.seedHint')}
          </span>
        </div>
        <div className="playtest-field">
          <label htmlFor={`${ids}-latency`}>{t('playtest.latency')}</label>
          <input
            id={`${ids}-latency`}
            type="number"
            min={0}
            max={3600}
            step={1}
            value={latency}
            onChange={(e) => setLatency(e.target.value)}
            aria-describedby={`${ids}-latency-hint`}
          />
          <span className="hint" id={`${ids}-latency-hint`}>
            {t('playtest.latencyHint', { patience })}
          </span>
        </div>
        <button type="submit" className="primary" disabled={busy}>
          {game ? t('playtest.restart') : t('playtest.start')}
        </button>
      </form>

      <div role="status" className="playtest-status">
        {busy ? (
          <span className="playtest-loading">
            <span className="spinner" aria-hidden="true" />
            {t('playtest.loading')}
          </span>
        ) : null}
      </div>
      {error && (
        <p className="alert error" role="alert">
          {error}
        </p>
      )}
      {sourceChanged && played && <p className="alert warn">{t('playtest.sourceChanged')}</p>}

      {!game && !busy && <p className="muted">{t('playtest.notStarted')}</p>}

      {problems && (
        <div className="alert error" role="alert">
          <p style={{ margin: 0, fontWeight: 600 }}>{t('playtest.problemsTitle')}</p>
          <ol className="playtest-problems">
            {problems.slice(0, SHOWN_PROBLEMS).map((p, i) => (
              <li key={i}>
                <span className="where">{t('playtest.problemAt', { line: p.line, column: p.column })}</span>
                {p.field && <code>{p.field}</code>} {p.message}
              </li>
            ))}
          </ol>
          {problems.length > SHOWN_PROBLEMS && (
            <p style={{ margin: 0 }}>{t('playtest.moreProblems', { count: problems.length - SHOWN_PROBLEMS })}</p>
          )}
        </div>
      )}

      {played && (
        <Chat
          played={played}
          pendingText={pending?.text ?? ''}
          busy={busy}
          logRef={logRef}
          choicesRef={choicesRef}
          replyRef={replyRef}
          draft={draft}
          setDraft={setDraft}
          slowNext={slowNext}
          setSlowNext={setSlowNext}
          slowSeconds={slowSeconds}
          canUndo={Boolean(game?.replies.length)}
          onUndo={undo}
          onSend={send}
          savedReplies={savedReplies}
          onSaveReply={saveReply}
        />
      )}

      {played?.done && <Ending played={played} saved={savedTranscript} onSave={saveTranscript} />}
    </section>
  )
}

function Chat({
  played,
  pendingText,
  busy,
  logRef,
  choicesRef,
  replyRef,
  draft,
  setDraft,
  slowNext,
  setSlowNext,
  slowSeconds,
  canUndo,
  onUndo,
  onSend,
  savedReplies,
  onSaveReply,
}: {
  played: Played
  pendingText: string
  busy: boolean
  logRef: RefObject<HTMLDivElement>
  choicesRef: RefObject<HTMLDivElement>
  replyRef: RefObject<HTMLTextAreaElement>
  draft: string
  setDraft(text: string): void
  slowNext: boolean
  setSlowNext(on: boolean): void
  slowSeconds: number
  canUndo: boolean
  onUndo(): void
  onSend(reply: { text: string } | { choice: string }, shown: string): void
  savedReplies: ReadonlySet<number>
  onSaveReply(turn: PlaytestTurn): void
}) {
  const { t } = useTranslation()
  const ids = useId()
  const s = played.scenario
  let k = -1
  const items = played.messages.map((m) => (m.from === 'trainee' ? { ...m, turn: played.turns[++k] ?? null, k } : { ...m, turn: null, k }))
  const controls = (
    <div className="row playtest-controls">
      <label className="playtest-slow">
        <input type="checkbox" checked={slowNext} onChange={(e) => setSlowNext(e.target.checked)} disabled={played.done} />
        {t('playtest.slowNext', { seconds: slowSeconds })}
      </label>
      <button type="button" className="secondary" onClick={onUndo} disabled={busy || !canUndo}>
        {t('playtest.undo')}
      </button>
    </div>
  )
  return (
    <div className="playtest-body">
      <aside className="chat-side playtest-side">
        <section className="card">
          <EmotionMeter value={played.emotion} />
          <p className="muted" style={{ margin: '0.5rem 0 0', fontSize: '0.85rem' }}>
            {t('practice.patience', { seconds: s.patienceSeconds })}
          </p>
        </section>
        <section className="card" aria-labelledby={`${ids}-persona`}>
          <h3 id={`${ids}-persona`} style={{ margin: '0 0 0.4rem', fontSize: '1rem' }}>
            {t('practice.persona')}
            {t('playtest.colon')}
            {s.persona.name}
          </h3>
          <p style={{ margin: 0 }} className="muted">
            {s.persona.profile}
          </p>
        </section>
        <section className="card" aria-labelledby={`${ids}-order`}>
          <h3 id={`${ids}-order`} style={{ margin: '0 0 0.4rem', fontSize: '1rem' }}>
            {t('practice.order')}
          </h3>
          <dl>
            <dt>{t('practice.orderId')}</dt>
            <dd>{s.order.id}</dd>
            <dt>{t('practice.order')}</dt>
            <dd>{s.order.item}</dd>
            <dt>{t('practice.price')}</dt>
            <dd>¥{s.order.price.toFixed(2)}</dd>
            <dt>{t('practice.status')}</dt>
            <dd>{s.order.status}</dd>
          </dl>
          {s.order.facts.length > 0 && (
            <ul style={{ margin: '0.5rem 0 0', paddingLeft: '1.1rem' }}>
              {s.order.facts.map((f) => (
                <li key={f}>{f}</li>
              ))}
            </ul>
          )}
        </section>
      </aside>
      <section className="card chat playtest-chat" aria-labelledby={`${ids}-chat`}>
        <header className="chat-head">
          <h3 id={`${ids}-chat`}>{s.title}</h3>
          <p className="muted">
            <span className="badge">{t(played.mode === 'guided' ? 'practice.guidedShort' : 'practice.freeShort')}</span>{' '}
            {played.done
              ? t('practice.finished')
              : t('practice.turnOf', { n: Math.min(played.turns.length + 1, s.maxTurns), max: s.maxTurns })}
          </p>
        </header>
        <div className="chat-log" ref={logRef} role="log" aria-live="polite" aria-label={s.title}>
          {items.map((m, i) =>
            m.from === 'customer' ? (
              <p key={i} className={`bubble customer${m.nudge ? ' nudge' : ''}`}>
                <span className="who">{s.persona.name}</span>
                {m.text}
              </p>
            ) : (
              <div key={i} className="playtest-turn">
                <p className="bubble trainee">
                  <span className="who">{t('practice.you')}</span>
                  {m.text}
                </p>
                {m.turn && (
                  <Explanation
                    turn={m.turn}
                    feedback={played.feedback.turns[m.k]}
                    mode={played.mode}
                    ends={played.done && m.turn.n === played.turns.length}
                    saved={savedReplies.has(m.turn.n)}
                    onSave={() => onSaveReply(m.turn!)}
                  />
                )}
              </div>
            ),
          )}
          {played.undelivered && (
            <div className="playtest-turn">
              <p className="bubble trainee pending">
                <span className="who">{t('practice.you')}</span>
                {played.undelivered.text}
              </p>
              <p className="playtest-note">{t('playtest.undelivered')}</p>
            </div>
          )}
          {busy && pendingText && (
            <p className="bubble trainee pending">
              <span className="who">{t('practice.sending')}</span>
              {pendingText}
            </p>
          )}
          {played.done && (
            <p className="playtest-note" style={{ alignSelf: 'center' }}>
              {t('practice.finished')} · {t(`practice.outcome.${played.outcome!}`)}
            </p>
          )}
        </div>
        {!played.done && (
          <div className="chat-input">
            {played.mode === 'free' ? (
              <form
                className="stack"
                onSubmit={(e) => {
                  e.preventDefault()
                  if (draft.trim() && !busy) onSend({ text: draft }, draft)
                }}
              >
                <label htmlFor={`${ids}-reply`} className="sr-only">
                  {t('practice.placeholder')}
                </label>
                <textarea
                  id={`${ids}-reply`}
                  ref={replyRef}
                  value={draft}
                  onChange={(e) => setDraft(e.target.value)}
                  placeholder={t('practice.placeholder')}
                  maxLength={1000}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
                      e.preventDefault()
                      if (draft.trim() && !busy) e.currentTarget.form?.requestSubmit()
                    }
                  }}
                />
                <div className="row spread">
                  {controls}
                  <button className="primary" type="submit" disabled={busy || !draft.trim()}>
                    {busy ? t('practice.sending') : t('practice.send')}
                  </button>
                </div>
              </form>
            ) : (
              <div className="chat-choices" role="group" aria-label={t('practice.chooseReply')} ref={choicesRef}>
                <div className="row spread">
                  <p style={{ margin: 0 }} className="muted">
                    {t('practice.chooseReply')}
                  </p>
                  {controls}
                </div>
                {played.choices.map((c) => (
                  <button
                    key={c.id}
                    type="button"
                    name="choice"
                    value={c.id}
                    disabled={busy}
                    onClick={() => onSend({ choice: c.id }, c.text)}
                  >
                    {c.text}
                    <span className="playtest-choice-id">{t('playtest.choiceId', { id: c.id })}</span>
                  </button>
                ))}
              </div>
            )}
          </div>
        )}
      </section>
    </div>
  )
}

const signed = (n: number) => (n > 0 ? `+${n}` : String(n))

function Explanation({
  turn,
  feedback,
  mode,
  ends,
  saved,
  onSave,
}: {
  turn: PlaytestTurn
  feedback: Feedback | undefined
  mode: Mode
  /** The conversation ended with this reply. */
  ends: boolean
  saved: boolean
  onSave(): void
}) {
  const { t } = useTranslation()
  const delta = turn.emotionAfter - turn.emotionBefore
  const taken = turn.reply ? t('playtest.takenShort', { id: turn.reply.id }) : t('playtest.otherwiseShort')
  const evidence = Object.entries(turn.evidence).filter(([, n]) => n) as [Skill, number][]
  return (
    <details className={`playtest-why ${turn.verdict}`}>
      <summary>
        <span className="playtest-why__label">{t('playtest.why')}</span>
        <span className="playtest-why__gist">
          {t('playtest.whySummary', { taken, from: turn.emotionBefore, to: turn.emotionAfter })}
          {evidence.map(([skill, n]) => (
            <span key={skill} className={`badge ${n > 0 ? 'ok' : 'bad'}`}>
              {t(`skills.${skill}`)} {signed(n)}
            </span>
          ))}
          {turn.breaches.length > 0 && <span className="badge bad">{t('playtest.breaches')}</span>}
        </span>
      </summary>
      <dl>
        {turn.readAs !== null && turn.readAs !== turn.text && (
          <>
            <dt>{t('playtest.readAs')}</dt>
            <dd>{turn.readAs}</dd>
          </>
        )}
        {turn.corrections.length > 0 && (
          <>
            <dt>{t('playtest.corrections')}</dt>
            <dd>
              {turn.corrections.map((c, i) => (
                <span key={i} className="playtest-chip">
                  {c.from} → {c.to}
                  {t('playtest.paren', { text: t(`playtest.correctionKind.${c.kind}`) })}
                </span>
              ))}
            </dd>
          </>
        )}
        {mode === 'free' && (
          <>
            <dt>{t('playtest.intents')}</dt>
            <dd>
              {turn.intents.length === 0
                ? t('playtest.noIntents')
                : turn.intents.map((m, i) => (
                    <span key={i} className="playtest-chip" title={m.cue}>
                      <code>{m.intent}</code> <mark className="word">{m.words}</mark>
                      {m.affirmed && <span className="muted">{t('playtest.paren', { text: t(`playtest.affirmed.${m.affirmed}`) })}</span>}
                    </span>
                  ))}
            </dd>
          </>
        )}
        {turn.discounted.length > 0 && (
          <>
            <dt>{t('playtest.discounted')}</dt>
            <dd>
              <ul className="playtest-list">
                {turn.discounted.map((m, i) => (
                  <li key={i} title={m.cue}>
                    <code>{m.intent}</code> <mark className="word neg">{m.words}</mark>
                    {t('playtest.colon')}
                    {t(`playtest.discount.${m.discounted!}`)}
                  </li>
                ))}
              </ul>
            </dd>
          </>
        )}
        {mode === 'free' && (
          <>
            <dt>{t('playtest.universal')}</dt>
            <dd>
              {turn.findings.length === 0
                ? t('playtest.nothingSeen')
                : turn.findings.map((f, i) => (
                    <span key={i} className={`badge ${NEGATIVE.has(f.behaviour) ? 'bad' : 'ok'}`} title={f.cue}>
                      {t(`behaviours.${f.behaviour}`)}
                      {t('playtest.colon')}“{f.words}”{f.byTone ? t('playtest.paren', { text: t('playtest.byTone') }) : ''}
                    </span>
                  ))}
            </dd>
          </>
        )}
        {turn.tone && (
          <>
            <dt>{t('playtest.tone')}</dt>
            <dd>
              {t('playtest.toneBad', { p: turn.tone.bad.toFixed(2) })} ·{' '}
              {turn.tone.effect === 'added'
                ? t('playtest.toneEffect.added', {
                    fault: t(`behaviours.${turn.tone.fault ?? 'dismissive'}`),
                    cues: turn.tone.cues.map((c) => `“${c}”`).join(t('playtest.sep')),
                  })
                : t(`playtest.toneEffect.${turn.tone.effect}`)}
            </dd>
          </>
        )}
        {turn.breaches.map((b, i) => (
          <div key={`b${i}`} style={{ display: 'contents' }}>
            <dt className="bad">{t('playtest.breaches')}</dt>
            <dd className="bad">
              {t(`practice.breaches.${b.breach}`)}
              {t('playtest.colon')}“{b.words}” · {t(`playtest.breachEffect.${b.effect}`, { cap: b.cap })}
            </dd>
          </div>
        ))}
        <dt>{t('playtest.taken')}</dt>
        <dd>
          {turn.reply ? (
            <>
              <code>{turn.reply.id}</code> {turn.reply.note}
            </>
          ) : (
            <>
              {t(turn.universal ? 'playtest.otherwiseUniversal' : 'playtest.otherwise')}
              {turn.otherwiseNote && <span className="muted"> · {turn.otherwiseNote}</span>}
            </>
          )}
          <span className="muted">
            {' '}
            · {t('playtest.next')} <code>{turn.to}</code>
            {ends && ` · ${t('playtest.ended')}`}
          </span>
        </dd>
        <dt>{t('playtest.emotion')}</dt>
        <dd>
          {turn.emotionBefore} → {turn.emotionAfter}
          {t('playtest.paren', { text: signed(delta) })}
        </dd>
        <dt>{t('playtest.evidence')}</dt>
        <dd>
          {evidence.length === 0
            ? t('playtest.noEvidence')
            : evidence.map(([skill, n]) => (
                <span key={skill} className={`badge ${n > 0 ? 'ok' : 'bad'}`}>
                  {t(`skills.${skill}`)} {signed(n)}
                </span>
              ))}
        </dd>
        <dt>{t('playtest.time')}</dt>
        <dd className={turn.slow ? 'bad' : undefined}>
          {turn.slow ? t('playtest.slow', { seconds: turn.seconds }) : t('playtest.seconds', { seconds: turn.seconds })}
        </dd>
        <dt>{t('playtest.verdict')}</dt>
        <dd>
          <span className={`badge ${turn.verdict === 'good' ? 'ok' : turn.verdict === 'bad' ? 'bad' : ''}`}>
            {t(`playtest.verdicts.${turn.verdict}`)}
          </span>{' '}
          {turn.behaviours.map((b) => t(`behaviours.${b}`)).join(t('playtest.sep'))}
        </dd>
        {feedback && (
          <>
            <dt>{t('playtest.traineeSees')}</dt>
            <dd>
              {feedback.note ??
                (feedback.findings.length
                  ? t('practice.showed', {
                      list: [...new Set(feedback.findings.map((f) => t(`behaviours.${f.behaviour}`)))].join(t('playtest.sep')),
                    })
                  : feedback.words.length
                    ? t('practice.wordsOnly')
                    : t('practice.nothingMatched'))}
              {feedback.missed.length > 0 && (
                <span className="muted">
                  {' '}
                  · {t('practice.missed')}
                  {t('playtest.colon')}
                  {feedback.missed.map((s) => t(`skills.${s}`)).join(t('playtest.sep'))}
                </span>
              )}
            </dd>
          </>
        )}
      </dl>
      {mode === 'free' && (
        <div className="row playtest-sample">
          {turn.sample ? (
            <>
              <button type="button" className="secondary" onClick={onSave} disabled={saved}>
                {saved ? t('playtest.replySaved') : t('playtest.saveReply')}
              </button>
              {turn.sample.verdict !== turn.verdict && (
                <span className="muted">{t('playtest.sampleDiffers', { verdict: t(`playtest.verdicts.${turn.sample.verdict}`) })}</span>
              )}
            </>
          ) : (
            <span className="muted">{t('playtest.sampleTooLong')}</span>
          )}
        </div>
      )}
    </details>
  )
}

function Ending({ played, saved, onSave }: { played: Played; saved: boolean; onSave(): void }) {
  const { t } = useTranslation()
  const ids = useId()
  const { score, transcript } = played
  const expect = transcript?.expect
  return (
    <section className="stack playtest-ending" aria-labelledby={`${ids}-ending`}>
      <h3 id={`${ids}-ending`}>{t('playtest.endingTitle')}</h3>
      {/* The trainee's feedback page's head: total, pass mark and outcome, passed or not. */}
      <div className="card result-head">
        <div>
          <div className="score-big">{t('practice.total', { score: score.total })}</div>
          <p className="muted" style={{ margin: 0 }}>
            {t('practice.passMark', { passMark: played.scenario.passMark })} · {t(`practice.outcome.${score.outcome!}`)}
          </p>
        </div>
        <span className={`badge ${score.passed ? 'ok' : 'bad'}`} style={{ fontSize: '1.1rem', padding: '0.3rem 1rem' }}>
          {score.passed ? t('result.passed') : t('result.failed')}
        </span>
        {transcript && expect && (
          <div className="playtest-save">
            <button type="button" className="primary" onClick={onSave} disabled={saved}>
              {saved ? t('playtest.transcriptSaved') : t('playtest.saveTranscript')}
            </button>
            <span className="muted">
              {t('playtest.transcriptExpect', {
                outcome: t(`practice.outcome.${expect.outcome}`),
                passed: expect.passed ? t('result.passed') : t('result.failed'),
                min: expect.score![0],
                max: expect.score![1],
              })}
            </span>
          </div>
        )}
      </div>
      {score.cappedBy && (
        <p className="alert error">
          {t('practice.cappedBy', { breach: t(`practice.breaches.${score.cappedBy.breach}`), cap: score.cappedBy.cap })}
        </p>
      )}
      <div className="row" style={{ alignItems: 'stretch' }}>
        <section className="card" style={{ flex: '1 1 260px' }} aria-labelledby={`${ids}-skills`}>
          <h4 id={`${ids}-skills`} style={{ marginTop: 0, fontSize: '1.05rem' }}>
            {t('practice.skillScores')}
          </h4>
          <div className="skill-bars">
            {SKILLS.map((s) => (
              <div key={s} className="row">
                <span>{t(`skills.${s}`)}</span>
                <ProgressBar value={score.skills[s]} label={t(`skills.${s}`)} />
                <strong>{score.skills[s]}</strong>
              </div>
            ))}
          </div>
        </section>
        <section className="card" style={{ flex: '2 1 320px' }} aria-labelledby={`${ids}-chart`}>
          <h4 id={`${ids}-chart`} style={{ marginTop: 0, fontSize: '1.05rem' }}>
            {t('practice.emotionChart')}
          </h4>
          <EmotionChart points={played.feedback.trail} label={t('practice.emotion')} angryAt={played.scenario.angryAt} />
        </section>
      </div>
    </section>
  )
}
