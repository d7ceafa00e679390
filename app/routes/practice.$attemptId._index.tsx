import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import type { ShouldRevalidateFunction } from '@remix-run/react'
import { useActionData, useFetcher, useLoaderData } from '@remix-run/react'
import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { cleanText } from '#app/domain/text.ts'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { EmotionMeter } from '#app/components/emotion-meter.tsx'
import { conversationView, loadAttemptState, recordPatience, submitReply } from '#app/roleplay/attempts.server.ts'
import { ProgressBar } from '#app/components/ui/progress-bar.tsx'
import { isReplyResult } from '#app/roleplay/reply-result.ts'
import { assertCan, requireUser } from '#app/utils/auth.server.ts'
import { notFound } from '#app/utils/http.ts'

async function load(request: Request, attemptId: string | undefined, action: 'read' | 'create') {
  const user = await requireUser(request)
  const loaded = await loadAttemptState(attemptId ?? '')
  if (!loaded) throw notFound()
  assertCan(user, action, 'roleplay-attempt', { userId: loaded.owner.id, teamId: loaded.owner.teamId })
  return { user, loaded }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, loaded } = await load(request, params.attemptId, 'read')
  const { attempt, scenario, state } = loaded
  if (attempt.status === 'abandoned') throw redirect('/practice')
  // Only the trainee plays; everyone else (and the trainee, once it is over) reads the feedback.
  if (state.done || attempt.userId !== user.id) throw redirect(`/practice/${attempt.id}/feedback`)
  const { script } = scenario
  return {
    attemptId: attempt.id,
    mode: attempt.mode,
    title: script.title,
    persona: script.persona,
    order: script.order,
    patienceSeconds: script.patience.seconds,
    maxTurns: script.limits.maxTurns,
    view: conversationView(loaded, state, attempt.eventCount, attempt.lastMessageAt),
  }
}

const waitSchema = z.object({ intent: z.literal('wait'), afterSeq: z.coerce.number().int().min(0) })
const replySchema = z.object({
  clientId: z.string().uuid(),
  afterSeq: z.coerce.number().int().min(0),
  // Invisible characters are dropped before the judge reads it; a reply with nothing left is refused.
  text: z
    .string()
    .max(2000)
    .transform((s) => cleanText(s, { multiline: true }))
    .pipe(z.string().min(1).max(500))
    .optional(),
  choice: z.string().optional(),
})

/** The conversation as the log now holds it (after a resent or overtaken request), or its feedback once over. */
async function asItStands(attemptId: string, feedback: string) {
  const again = await loadAttemptState(attemptId)
  if (!again || again.state.done) return redirect(feedback)
  return { error: null, view: conversationView(again, again.state, again.attempt.eventCount, again.attempt.lastMessageAt) }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { loaded } = await load(request, params.attemptId, 'create')
  const form = Object.fromEntries(await request.formData())
  const feedback = `/practice/${loaded.attempt.id}/feedback`
  // The browser's timer says the customer has waited out their patience; the server's clock decides.
  const wait = waitSchema.safeParse(form)
  if (wait.success) {
    const { result, after, eventCount, now } = await recordPatience(loaded, wait.data.afterSeq)
    if (result.status === 'appended')
      return result.judged.done ? redirect(feedback) : { error: null, view: conversationView(loaded, after!, eventCount, now) }
    if (result.status === 'finished') return redirect(feedback)
    // Early, already logged or overtaken by a reply: the conversation as it stands.
    return asItStands(loaded.attempt.id, feedback)
  }
  const parsed = replySchema.safeParse(form)
  if (!parsed.success) return data({ error: 'invalid' as const }, { status: 400 })
  const { text, choice, ...ids } = parsed.data
  const { result, after, eventCount, now } = await submitReply(loaded, {
    ...ids,
    ...(loaded.attempt.mode === 'guided' ? { choice } : { text }),
  })
  switch (result.status) {
    case 'appended':
      // The reply's answer goes straight back: the page needs no second request to show it.
      return result.judged.done ? redirect(feedback) : { error: null, view: conversationView(loaded, after!, eventCount, now) }
    case 'duplicate':
      return asItStands(loaded.attempt.id, feedback)
    case 'finished':
      return redirect(feedback)
    case 'stale':
      return data({ error: 'stale' as const }, { status: 409 })
    case 'rejected':
      return data({ error: 'invalid' as const }, { status: 400 })
  }
}

/** A reply's answer carries the new conversation, so the page is not reloaded after it. */
export const shouldRevalidate: ShouldRevalidateFunction = ({ actionResult, defaultShouldRevalidate }) =>
  isReplyResult(actionResult) ? false : defaultShouldRevalidate

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ''} · 情景演练 · 从容 Composure` }]

export default function Chat() {
  const page = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const fetcher = useFetcher<typeof action>()
  const waitFetcher = useFetcher<typeof action>()
  // The newest conversation any answer carried: a reply's, or a live nudge's.
  const viewOf = (answer: typeof fetcher.data) => (answer && 'view' in answer ? [answer.view] : [])
  const latest = [page.view, ...viewOf(fetcher.data), ...viewOf(waitFetcher.data)].reduce((a, b) => (b.afterSeq >= a.afterSeq ? b : a))
  const d = { ...page, ...latest }
  const { t } = useTranslation()
  const logRef = useRef<HTMLDivElement>(null)
  const [draft, setDraft] = useState('')
  const pending = fetcher.state !== 'idle'
  const pendingText = pending ? String(fetcher.formData?.get('text') ?? '') : ''
  const error = fetcher.data?.error ?? actionData?.error ?? null
  const waited = useSecondsSince(d.lastMessageAt)
  const choicesRef = useRef<HTMLFormElement>(null)

  // The customer's patience runs out live: ask the server to log the nudge, once per silence.
  const asked = useRef(-1)
  useEffect(() => {
    if (waited < d.patienceSeconds || pending || waitFetcher.state !== 'idle' || asked.current === d.afterSeq) return
    asked.current = d.afterSeq
    waitFetcher.submit({ intent: 'wait', afterSeq: String(d.afterSeq) }, { method: 'post' })
  }, [waited, d.patienceSeconds, d.afterSeq, pending, waitFetcher])

  // Guided mode: after each turn, keyboard focus goes back to the first choice.
  useEffect(() => {
    if (d.mode !== 'guided') return
    const first = choicesRef.current?.querySelector<HTMLButtonElement>('button[name="choice"]')
    if (
      first &&
      (document.activeElement === document.body || choicesRef.current?.contains(document.activeElement) || !document.activeElement)
    )
      first.focus()
  }, [d.afterSeq, d.mode])

  useEffect(() => {
    logRef.current?.scrollTo({ top: logRef.current.scrollHeight })
  }, [d.messages.length, pending])
  useEffect(() => {
    if (fetcher.state === 'idle' && fetcher.data?.error === null) setDraft('')
  }, [fetcher.state, fetcher.data])

  return (
    <div className="chat-layout">
      <aside className="chat-side">
        <section className="card" aria-labelledby="persona-title">
          <h2 id="persona-title" style={{ margin: '0 0 0.4rem', fontSize: '1rem' }}>
            {t('practice.persona')}：{d.persona.name}
          </h2>
          <p style={{ margin: 0 }} className="muted">
            {d.persona.profile}
          </p>
        </section>
        <section className="card" aria-labelledby="order-title">
          <h2 id="order-title" style={{ margin: '0 0 0.4rem', fontSize: '1rem' }}>
            {t('practice.order')}
          </h2>
          <dl>
            <dt>{t('practice.orderId')}</dt>
            <dd>{d.order.id}</dd>
            <dt>{t('practice.order')}</dt>
            <dd>{d.order.item}</dd>
            <dt>{t('practice.price')}</dt>
            <dd>¥{d.order.price.toFixed(2)}</dd>
            <dt>{t('practice.status')}</dt>
            <dd>{d.order.status}</dd>
          </dl>
          {d.order.facts.length > 0 && (
            <ul style={{ margin: '0.5rem 0 0', paddingLeft: '1.1rem' }}>
              {d.order.facts.map((f) => (
                <li key={f}>{f}</li>
              ))}
            </ul>
          )}
        </section>
        <section className="card">
          <EmotionMeter value={d.emotion} />
          <p className="muted" style={{ margin: '0.5rem 0 0', fontSize: '0.85rem' }}>
            {t('practice.patience', { seconds: d.patienceSeconds })}
          </p>
        </section>
      </aside>
      <section className="card chat" aria-labelledby="chat-title">
        <header className="chat-head">
          <h1 id="chat-title">{d.title}</h1>
          <p className="muted">
            <span className="badge">{t(d.mode === 'guided' ? 'practice.guidedShort' : 'practice.freeShort')}</span>{' '}
            {t('practice.turnOf', { n: Math.min(d.turns + 1, d.maxTurns), max: d.maxTurns })}
          </p>
        </header>
        <div className="chat-log" ref={logRef} role="log" aria-live="polite" aria-label={d.title}>
          {d.messages.map((m, i) => (
            <p key={i} className={`bubble ${m.from}${m.nudge ? ' nudge' : ''}`}>
              <span className="who">{m.from === 'customer' ? d.persona.name : t('practice.you')}</span>
              {m.text}
            </p>
          ))}
          {pending && pendingText && (
            <p className="bubble trainee pending">
              <span className="who">{t('practice.sending')}</span>
              {pendingText}
            </p>
          )}
        </div>
        <div className="chat-input">
          {error && (
            <p className="alert error" role="alert" style={{ margin: 0 }}>
              {t(error === 'stale' ? 'practice.stale' : 'practice.invalid')}
            </p>
          )}
          {d.mode === 'free' ? (
            <fetcher.Form method="post" className="stack">
              <input type="hidden" name="clientId" value={d.clientId} />
              <input type="hidden" name="afterSeq" value={d.afterSeq} />
              <label htmlFor="reply" className="sr-only">
                {t('practice.placeholder')}
              </label>
              <textarea
                id="reply"
                name="text"
                value={draft}
                onChange={(e) => setDraft(e.target.value)}
                placeholder={t('practice.placeholder')}
                maxLength={500}
                autoFocus
                onKeyDown={(e) => {
                  if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
                    e.preventDefault()
                    if (draft.trim() && !pending) e.currentTarget.form?.requestSubmit()
                  }
                }}
              />
              <div className="row spread">
                <Waiting waited={waited} patience={d.patienceSeconds} />
                <button className="primary" type="submit" disabled={pending || !draft.trim()}>
                  {pending ? t('practice.sending') : t('practice.send')}
                </button>
              </div>
            </fetcher.Form>
          ) : (
            <fetcher.Form method="post" className="chat-choices" aria-label={t('practice.chooseReply')} ref={choicesRef}>
              <input type="hidden" name="clientId" value={d.clientId} />
              <input type="hidden" name="afterSeq" value={d.afterSeq} />
              <div className="row spread">
                <p style={{ margin: 0 }} className="muted">
                  {t('practice.chooseReply')}
                </p>
                <Waiting waited={waited} patience={d.patienceSeconds} />
              </div>
              {d.choices.map((c) => (
                <button key={c.id} type="submit" name="choice" value={c.id} disabled={pending}>
                  {c.text}
                </button>
              ))}
            </fetcher.Form>
          )}
        </div>
      </section>
    </div>
  )
}

/** How long the customer has waited, against their patience: a number and a bar. */
function Waiting({ waited, patience }: { waited: number; patience: number }) {
  const { t } = useTranslation()
  const over = waited >= patience
  return (
    <span className={`waiting${over ? ' over' : ''}`}>
      <span>{t('practice.waitedOf', { seconds: waited, patience })}</span>
      <ProgressBar className="progress wait-bar" value={(100 * Math.min(waited, patience)) / patience} label={t('practice.waitLabel')} />
    </span>
  )
}

/** Seconds since the customer's last message, ticking in the browser (display only). */
function useSecondsSince(iso: string) {
  const [now, setNow] = useState(() => Date.parse(iso))
  useEffect(() => {
    setNow(Date.now())
    const id = setInterval(() => setNow(Date.now()), 1000)
    return () => clearInterval(id)
  }, [iso])
  return Math.max(0, Math.round((now - Date.parse(iso)) / 1000))
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
