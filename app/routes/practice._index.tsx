import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { abandonAttempt, listFinishedAttempts, listOpenAttempts, startAttempt } from '#app/models/roleplay.server.ts'
import { bestByScenario } from '#app/roleplay/feedback.ts'
import { liveScenario, liveScenarios } from '#app/roleplay/scenarios.server.ts'
import { requirePermission } from '#app/utils/auth.server.ts'
import { notFound } from '#app/utils/http.ts'

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, 'create', 'roleplay-attempt')
  const best = bestByScenario(await listFinishedAttempts(user.id))
  const open = new Map<string, { id: string; mode: 'free' | 'guided'; turns: number; lastMessageAt: string }>()
  for (const a of await listOpenAttempts(user.id)) {
    if (!open.has(a.scenarioId))
      open.set(a.scenarioId, { id: a.id, mode: a.mode, turns: a.replies, lastMessageAt: a.lastMessageAt.toISOString() })
  }
  const scenarios = (await liveScenarios())
    .map(({ script }) => ({
      id: script.id,
      title: script.title,
      summary: script.summary,
      difficulty: script.difficulty,
      skills: script.skills,
      persona: script.persona.name,
      best: best.get(script.id) ?? null,
      open: open.get(script.id) ?? null,
    }))
    .sort((a, b) => a.difficulty - b.difficulty || a.title.localeCompare(b.title, 'zh'))
  return { scenarios }
}

const startSchema = z.object({ scenarioId: z.string().min(1), mode: z.enum(['guided', 'free']) })
const abandonSchema = z.object({ intent: z.literal('abandon'), attemptId: z.string().min(1) })

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, 'create', 'roleplay-attempt')
  const form = Object.fromEntries(await request.formData())
  const abandon = abandonSchema.safeParse(form)
  if (abandon.success) {
    // Only one's own active attempt; anything else (finished, someone else's) is left as it is.
    if (!(await abandonAttempt(user.id, abandon.data.attemptId))) throw notFound()
    return redirect('/practice')
  }
  const parsed = startSchema.safeParse(form)
  if (!parsed.success) throw new Response('Choose a scenario and a mode', { status: 400 })
  const scenario = await liveScenario(parsed.data.scenarioId)
  if (!scenario) throw notFound()
  const id = await startAttempt(user.id, scenario, parsed.data.mode)
  return redirect(`/practice/${id}`)
}

export const meta: MetaFunction = () => [{ title: '情景演练 · 从容 Composure' }]

export default function PracticeList() {
  const { scenarios } = useLoaderData<typeof loader>()
  const navigation = useNavigation()
  const { t } = useTranslation()
  return (
    <div className="stack">
      <h1>{t('practice.title')}</h1>
      <p className="muted">{t('practice.intro')}</p>
      <p className="muted">{t('practice.modesNote')}</p>
      <ul className="scenario-grid">
        {scenarios.map((s) => (
          <li key={s.id} id={s.id} className="card stack">
            <div className="row spread">
              <span className={`badge level-${s.difficulty}`}>{t(`practice.difficulty.${s.difficulty}`)}</span>
              {s.best ? (
                <span className={`badge ${s.best.passed ? 'ok' : 'bad'}`}>
                  {s.best.passed ? t('practice.passed') : t('practice.notPassed')} · {t('practice.best', { score: s.best.total })}
                </span>
              ) : (
                <span className="badge">{t('practice.notTried')}</span>
              )}
            </div>
            <h2 style={{ margin: 0, fontSize: '1.1rem' }}>{s.title}</h2>
            <p className="muted" style={{ margin: 0 }}>
              {s.summary}
            </p>
            <p style={{ margin: 0, fontSize: '0.85rem' }} className="muted">
              {s.skills.map((k) => t(`skills.${k}`)).join(' · ')}
              {s.best && ` · ${t('practice.attempts', { count: s.best.attempts })}`}
            </p>
            {s.open ? (
              <div className="stack" style={{ gap: '0.5rem' }}>
                <p className="alert warn" style={{ margin: 0 }}>
                  {t('practice.unfinished', {
                    mode: t(s.open.mode === 'guided' ? 'practice.guidedShort' : 'practice.freeShort'),
                    turns: s.open.turns,
                  })}
                </p>
                <div className="row">
                  <Link className="button primary" to={`/practice/${s.open.id}`}>
                    {t('practice.resume')}
                    <span className="sr-only"> {s.title}</span>
                  </Link>
                  <Form method="post">
                    <input type="hidden" name="intent" value="abandon" />
                    <input type="hidden" name="attemptId" value={s.open.id} />
                    <button className="secondary" type="submit" disabled={navigation.state !== 'idle'}>
                      {t('practice.abandon')}
                      <span className="sr-only"> {s.title}</span>
                    </button>
                  </Form>
                </div>
              </div>
            ) : (
              <Form method="post" className="row">
                <input type="hidden" name="scenarioId" value={s.id} />
                <fieldset className="row" style={{ gap: '0.5rem' }}>
                  <legend className="sr-only">
                    {t('practice.mode')} · {s.title}
                  </legend>
                  <label className="choice">
                    <input type="radio" name="mode" value="free" defaultChecked />
                    <span>{t('practice.free')}</span>
                  </label>
                  <label className="choice">
                    <input type="radio" name="mode" value="guided" />
                    <span>{t('practice.guided')}</span>
                  </label>
                </fieldset>
                <button className="primary" type="submit" disabled={navigation.state !== 'idle'}>
                  {s.best ? t('practice.retry') : t('practice.start')}
                  <span className="sr-only"> {s.title}</span>
                </button>
              </Form>
            )}
          </li>
        ))}
      </ul>
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
