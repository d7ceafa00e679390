import { randomUUID } from 'node:crypto'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useFetcher, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { useFormatDate } from '#app/components/dates.ts'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { BEHAVIOURS, VERDICTS, type Behaviour, type Verdict } from '#app/judge/behaviours.ts'
import { INBOX_LIMIT } from '#app/models/inbox.server.ts'
import {
  applyInboxAction,
  dismissGroup,
  GROUPS_SHOWN,
  InboxError,
  inboxView,
  previewInboxAction,
  type InboxAction,
  type InboxGroupView,
  type InboxPreview,
} from '#app/studio/inbox.server.ts'
import { SCENARIO_ID } from '#app/studio/library.server.ts'
import { requirePermission } from '#app/utils/auth.server.ts'
import { formValues } from '#app/utils/forms.ts'
import { i18next } from '#app/utils/i18n.server.ts'

const PAGE = '/studio/inbox'
const slug = z.string().max(100).regex(SCENARIO_ID)

const filterSchema = z.object({ scenario: slug.optional().catch(undefined), beat: slug.optional().catch(undefined) })
const doneSchema = z.object({
  done: z.enum(['phrase', 'sample', 'dismissed']),
  sid: slug,
  n: z.coerce.number().int().min(0),
  rev: z.coerce.number().int().min(0).optional(),
})

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'manage', 'scenario')
  const params = new URL(request.url).searchParams
  const filter = filterSchema.parse({ scenario: params.get('scenario') || undefined, beat: params.get('beat') || undefined })
  const view = await inboxView({ scenarioId: filter.scenario, beat: filter.scenario ? filter.beat : undefined })
  const done = doneSchema.safeParse(Object.fromEntries(params))
  const t = await i18next.getFixedT(request)
  return {
    title: t('inbox.title'),
    filter,
    ...view,
    done: done.success ? { ...done.data, title: view.scenarios.find((s) => s.id === done.data.sid)?.title ?? done.data.sid } : null,
    shown: GROUPS_SHOWN,
    // A fresh id per rendered page: a resent confirmation carries the same one (recorded with the edit).
    clientId: randomUUID(),
  }
}

const ids = z
  .string()
  .regex(/^\d+(,\d+)*$/)
  .transform((s) => [...new Set(s.split(',').map(Number))])
  .refine((list) => list.length <= INBOX_LIMIT)
const group = { groupKey: z.string().max(300), scenarioId: slug, beat: slug, text: z.string().max(2000), ids }
const phraseSchema = z.object({
  ...group,
  kind: z.literal('phrase'),
  intentId: slug,
  phrase: z
    .string()
    .trim()
    .min(1)
    .max(40)
    .refine((p) => !/[\n\r]/.test(p)),
})
const sampleSchema = z.object({
  ...group,
  kind: z.literal('sample'),
  sampleText: z.string().trim().min(1).max(300),
  verdict: z.enum(VERDICTS),
  behaviours: z.array(z.enum(BEHAVIOURS)).max(BEHAVIOURS.length),
  note: z.string().trim().max(200).optional(),
})
const actSchema = z.discriminatedUnion('kind', [phraseSchema, sampleSchema])
const dismissSchema = z.object({ scenarioId: slug, ids })

/** The fields as sent, to keep in the form and to carry into the confirmation. */
type Values = Record<string, string | string[]>

function backTo(request: Request, done: Record<string, string | number>) {
  const from = new URL(request.url).searchParams
  const params = new URLSearchParams()
  for (const k of ['scenario', 'beat']) if (from.get(k)) params.set(k, from.get(k)!)
  for (const [k, v] of Object.entries(done)) params.set(k, String(v))
  return redirect(`${PAGE}?${params}`)
}

interface Refusal {
  key: string
  values: Record<string, string>
  problems: string[]
}

function refusal(groupKey: string, kind: string, values: Values, error: Partial<Refusal> & { key: string }, status = 400) {
  const full: Refusal = { values: {}, problems: [], ...error }
  return data({ groupKey, kind, values, ok: false as const, error: full }, { status })
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, 'manage', 'scenario')
  const form = formValues(await request.formData())
  const one = (k: string) => form[k]?.[0]
  const values: Values = { ...Object.fromEntries(Object.entries(form).map(([k, v]) => [k, v[0] ?? ''])), behaviours: form.behaviours ?? [] }
  const intent = one('intent')
  const groupKey = one('groupKey') ?? ''
  const kind = one('kind') ?? ''

  if (intent === 'dismiss') {
    const parsed = dismissSchema.safeParse({ scenarioId: one('scenarioId'), ids: one('ids') })
    if (!parsed.success) return refusal(groupKey, 'dismiss', values, { key: 'badForm' })
    const { marked } = await dismissGroup(user, { scenarioId: parsed.data.scenarioId, ids: parsed.data.ids })
    return backTo(request, { done: 'dismissed', sid: parsed.data.scenarioId, n: marked })
  }
  if (intent !== 'preview' && intent !== 'apply') throw new Response('Unknown intent', { status: 400 })

  const parsed = actSchema.safeParse({ ...values, note: one('note') || undefined })
  if (!parsed.success)
    return refusal(groupKey, kind, values, { key: kind === 'sample' ? 'badSample' : kind === 'phrase' ? 'badPhrase' : 'badForm' })
  const p = parsed.data
  const act: InboxAction =
    p.kind === 'phrase'
      ? { kind: 'phrase', intent: p.intentId, phrase: p.phrase }
      : {
          kind: 'sample',
          beat: p.beat,
          text: p.sampleText,
          verdict: p.verdict,
          behaviours: p.behaviours,
          ...(p.note ? { note: p.note } : {}),
        }
  try {
    if (intent === 'preview') {
      const preview = await previewInboxAction({ scenarioId: p.scenarioId, action: act, beat: p.beat, text: p.text })
      return { groupKey: p.groupKey, kind: p.kind, values, ok: true as const, preview }
    }
    const applied = await applyInboxAction(user, { scenarioId: p.scenarioId, ids: p.ids, action: act, clientId: one('clientId') ?? '' })
    return backTo(request, { done: p.kind, sid: p.scenarioId, n: applied.marked, rev: applied.revision })
  } catch (e) {
    if (!(e instanceof InboxError)) throw e
    return refusal(
      p.groupKey,
      p.kind,
      values,
      {
        key: e.key,
        values: { intent: p.kind === 'phrase' ? p.intentId : '', message: e.message },
        problems: e.problems.map((pr) => `${pr.line}:${pr.column} ${pr.field ? `${pr.field}: ` : ''}${pr.message}`),
      },
      e.key === 'conflict' || e.key === 'nothingOpen' ? 409 : 400,
    )
  }
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? '待识别回复'} · 从容 Composure` }]

type ActionResult = NonNullable<ReturnType<typeof useActionData<typeof action>>>

export default function Inbox() {
  const d = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation()
  const chosen = d.scenarios.find((s) => s.id === d.filter.scenario)
  return (
    <div className="stack inbox">
      <h1>{t('inbox.title')}</h1>
      <p className="muted">{t('inbox.intro')}</p>
      {d.done && (
        <p className="alert ok" role="status">
          {d.done.done === 'dismissed'
            ? t('inbox.done.dismissed', { count: d.done.n })
            : t(`inbox.done.${d.done.done}`, { title: d.done.title, revision: d.done.rev ?? '', count: d.done.n })}{' '}
          {d.done.done !== 'dismissed' && <Link to={`/studio/scenarios/${d.done.sid}`}>{t('inbox.done.review')} →</Link>}
        </p>
      )}
      <section className="card" aria-labelledby="inbox-filters">
        <h2 id="inbox-filters" className="inbox__subhead">
          {t('inbox.filters.title')}
        </h2>
        {/* A GET form: the filter lives in the URL, so the library can link to one scenario's replies. */}
        <Form method="get" className="inbox-filters">
          <div className="field">
            <label htmlFor="inbox-scenario">{t('inbox.filters.scenario')}</label>
            <select id="inbox-scenario" name="scenario" defaultValue={d.filter.scenario ?? ''}>
              <option value="">{t('inbox.filters.allScenarios')}</option>
              {d.scenarios.map((s) => (
                <option key={s.id} value={s.id}>
                  {t('inbox.filters.option', { label: s.title, count: s.open })}
                </option>
              ))}
            </select>
          </div>
          {chosen && chosen.beats.length > 0 && (
            <div className="field">
              <label htmlFor="inbox-beat">{t('inbox.filters.beat')}</label>
              <select id="inbox-beat" name="beat" defaultValue={d.filter.beat ?? ''}>
                <option value="">{t('inbox.filters.allBeats')}</option>
                {chosen.beats.map((b) => (
                  <option key={b.id} value={b.id}>
                    {t('inbox.filters.option', { label: b.id, count: b.open })}
                  </option>
                ))}
              </select>
            </div>
          )}
          <div className="row">
            <button type="submit" className="secondary">
              {t('inbox.filters.apply')}
            </button>
            {d.filter.scenario && <Link to={PAGE}>{t('inbox.filters.clear')}</Link>}
          </div>
        </Form>
      </section>
      <p className="muted">
        {t('inbox.summary', { groups: d.total.groups, replies: d.total.replies })}
        {d.total.groups > d.shown && ` ${t('inbox.onlyFirst', { shown: d.shown })}`}
      </p>
      {d.groups.length === 0 ? (
        <p className="card">{t(d.filter.scenario ? 'inbox.emptyFiltered' : 'inbox.empty')}</p>
      ) : (
        <ol className="inbox-groups">
          {d.groups.map((g) => (
            <GroupCard
              key={g.key}
              group={g}
              intents={d.intents[g.scenarioId] ?? []}
              clientId={d.clientId}
              fallback={actionData && 'groupKey' in actionData && actionData.groupKey === g.key ? actionData : undefined}
            />
          ))}
        </ol>
      )}
    </div>
  )
}

/** The fields that say which group an action is for. */
function GroupFields({ group }: { group: InboxGroupView }) {
  return (
    <>
      <input type="hidden" name="groupKey" value={group.key} />
      <input type="hidden" name="scenarioId" value={group.scenarioId} />
      <input type="hidden" name="beat" value={group.beat} />
      <input type="hidden" name="text" value={group.representative} />
      <input type="hidden" name="ids" value={group.ids.join(',')} />
    </>
  )
}

function GroupCard({
  group: g,
  intents,
  clientId,
  fallback,
}: {
  group: InboxGroupView
  intents: readonly string[]
  clientId: string
  /** Without JavaScript the forms post the page: the result comes back as the page's action data. */
  fallback: ActionResult | undefined
}) {
  const { t } = useTranslation()
  const formatDate = useFormatDate()
  const fetcher = useFetcher<typeof action>()
  const result = (fetcher.data ?? fallback) as ActionResult | undefined
  const busy = fetcher.state !== 'idle'
  const kept = result?.values
  const forKind = (kind: 'phrase' | 'sample') => (result?.kind === kind ? result : undefined)
  const headingId = `group-${g.key.replace(/[^a-z0-9]+/gi, '-')}`
  const others = g.variants.slice(1)
  const keptValue = (kind: 'phrase' | 'sample', name: string) => {
    const v = forKind(kind) && kept?.[name]
    return typeof v === 'string' ? v : undefined
  }
  const keptBehaviours = forKind('sample') && Array.isArray(kept?.behaviours) ? (kept.behaviours as Behaviour[]) : null
  return (
    <li className="card inbox-group" aria-labelledby={headingId}>
      <div className="inbox-group__head">
        <span className="inbox-group__count" title={t('inbox.group.countLabel', { count: g.count })}>
          {t('inbox.group.count', { count: g.count })}
        </span>
        <div className="inbox-group__main">
          <h2 id={headingId} className="inbox-group__text">
            “{g.representative}”
          </h2>
          <p className="muted inbox-group__meta">
            {g.scenarioTitle} · <code>{t('inbox.group.beat', { beat: g.beat })}</code> ·{' '}
            {t('inbox.group.seen', { first: formatDate(g.firstSeen), last: formatDate(g.lastSeen) })}
          </p>
          <p className="inbox-group__reasons">
            {g.reasons.otherwise > 0 && <span className="badge">{t('inbox.group.reasons.otherwise', { count: g.reasons.otherwise })}</span>}{' '}
            {g.reasons.ambiguous > 0 && (
              <span className="badge reading">{t('inbox.group.reasons.ambiguous', { count: g.reasons.ambiguous })}</span>
            )}
          </p>
        </div>
      </div>
      {g.customer ? (
        <p className="inbox-group__customer">
          <span className="muted">{t('inbox.group.customer')}</span> {g.customer}
        </p>
      ) : (
        <p className="muted">{t('inbox.group.noBeat')}</p>
      )}
      {g.now && (
        <p className="inbox-group__now">
          <span className="muted">{t('inbox.group.now')}</span> <Reading reading={g.now} />
        </p>
      )}
      {others.length > 0 && (
        <details className="inbox-group__variants">
          <summary>{t('inbox.group.variants', { count: others.length })}</summary>
          <ul>
            {others.map((v) => (
              <li key={v.text}>
                “{v.text}” <span className="muted">{t('inbox.group.times', { count: v.count })}</span>
              </li>
            ))}
          </ul>
        </details>
      )}

      <div className="inbox-group__actions">
        <details className="inbox-action" open={Boolean(forKind('phrase'))}>
          <summary>{t('inbox.phrase.title')}</summary>
          {intents.length === 0 ? (
            <p className="muted">{t('inbox.phrase.noIntents')}</p>
          ) : (
            <fetcher.Form method="post" className="inbox-action__form">
              <GroupFields group={g} />
              <input type="hidden" name="kind" value="phrase" />
              <div className="inbox-action__fields">
                <div className="field">
                  <label htmlFor={`${headingId}-intent`}>{t('inbox.phrase.intent')}</label>
                  <select
                    id={`${headingId}-intent`}
                    name="intentId"
                    defaultValue={keptValue('phrase', 'intentId') ?? g.suggestion.intent ?? intents[0]}
                  >
                    {intents.map((i) => (
                      <option key={i} value={i}>
                        {i === g.suggestion.intent ? t('inbox.phrase.suggested', { intent: i }) : i}
                      </option>
                    ))}
                  </select>
                </div>
                <div className="field">
                  <label htmlFor={`${headingId}-phrase`}>{t('inbox.phrase.phrase')}</label>
                  <input
                    id={`${headingId}-phrase`}
                    type="text"
                    name="phrase"
                    maxLength={40}
                    required
                    defaultValue={keptValue('phrase', 'phrase') ?? g.suggestion.phrase ?? g.representative.slice(0, 40)}
                    aria-describedby={`${headingId}-phrase-hint`}
                  />
                </div>
              </div>
              <p className="hint muted" id={`${headingId}-phrase-hint`}>
                {t('inbox.phrase.hint')}
              </p>
              <button type="submit" name="intent" value="preview" className="secondary" disabled={busy}>
                {busy && fetcher.formData?.get('kind') === 'phrase' ? t('inbox.previewing') : t('inbox.preview')}
              </button>
            </fetcher.Form>
          )}
          <Outcome result={forKind('phrase')} group={g} clientId={clientId} fetcher={fetcher} />
        </details>

        <details className="inbox-action" open={Boolean(forKind('sample'))}>
          <summary>{t('inbox.sample.title')}</summary>
          <fetcher.Form method="post" className="inbox-action__form">
            <GroupFields group={g} />
            <input type="hidden" name="kind" value="sample" />
            <div className="field">
              <label htmlFor={`${headingId}-sample`}>{t('inbox.sample.text')}</label>
              <input
                id={`${headingId}-sample`}
                type="text"
                name="sampleText"
                maxLength={300}
                required
                defaultValue={keptValue('sample', 'sampleText') ?? g.representative}
              />
            </div>
            <div className="field">
              <label htmlFor={`${headingId}-verdict`}>{t('inbox.sample.verdict')}</label>
              <select id={`${headingId}-verdict`} name="verdict" defaultValue={keptValue('sample', 'verdict') ?? g.now?.verdict ?? 'ok'}>
                {VERDICTS.map((v) => (
                  <option key={v} value={v}>
                    {t(`inbox.verdicts.${v}`)}
                  </option>
                ))}
              </select>
            </div>
            <fieldset className="field">
              <legend>{t('inbox.sample.behaviours')}</legend>
              <div className="checks">
                {BEHAVIOURS.map((b) => (
                  <label key={b} className="inbox-check">
                    <input
                      type="checkbox"
                      name="behaviours"
                      value={b}
                      defaultChecked={(keptBehaviours ?? g.now?.behaviours ?? []).includes(b)}
                    />{' '}
                    {t(`behaviours.${b}`)}
                  </label>
                ))}
              </div>
            </fieldset>
            <div className="field">
              <label htmlFor={`${headingId}-note`}>{t('inbox.sample.note')}</label>
              <input id={`${headingId}-note`} type="text" name="note" maxLength={200} defaultValue={keptValue('sample', 'note') ?? ''} />
            </div>
            <p className="hint muted">{t('inbox.sample.hint')}</p>
            <button type="submit" name="intent" value="preview" className="secondary" disabled={busy}>
              {busy && fetcher.formData?.get('kind') === 'sample' ? t('inbox.previewing') : t('inbox.preview')}
            </button>
          </fetcher.Form>
          <Outcome result={forKind('sample')} group={g} clientId={clientId} fetcher={fetcher} />
        </details>

        <fetcher.Form method="post" className="inbox-dismiss">
          <input type="hidden" name="groupKey" value={g.key} />
          <input type="hidden" name="scenarioId" value={g.scenarioId} />
          <input type="hidden" name="ids" value={g.ids.join(',')} />
          <button
            type="submit"
            name="intent"
            value="dismiss"
            className="secondary"
            disabled={busy}
            aria-describedby={`${headingId}-dismiss`}
          >
            {t('inbox.dismiss')}
          </button>{' '}
          <span className="muted hint" id={`${headingId}-dismiss`}>
            {t('inbox.dismissHint')}
          </span>
        </fetcher.Form>
        {result?.kind === 'dismiss' && !result.ok && <RefusalNote error={result.error} />}
      </div>
    </li>
  )
}

type Reading = NonNullable<InboxGroupView['now']>

function Reading({ reading }: { reading: Reading }) {
  const { t } = useTranslation()
  return (
    <>
      {reading.reply ? t('inbox.group.takenAs', { reply: reading.reply.id }) : t('inbox.group.otherwise')} ·{' '}
      <span className={`badge ${reading.verdict === 'bad' ? 'bad' : reading.verdict === 'good' ? 'ok' : ''}`}>
        {t('inbox.group.verdict', { verdict: t(`inbox.verdicts.${reading.verdict}`) })}
      </span>{' '}
      ·{' '}
      {reading.behaviours.length
        ? t('inbox.group.sees', { behaviours: reading.behaviours.map((b) => t(`behaviours.${b}`)).join(t('inbox.sep')) })
        : t('inbox.group.seesNothing')}
    </>
  )
}

function RefusalNote({ error }: { error: Refusal }) {
  const { t } = useTranslation()
  return (
    <div className="alert error" role="alert">
      <p className="inbox__flush">{t(`inbox.errors.${error.key}`, error.values)}</p>
      {error.problems.length > 0 && (
        <ul>
          {error.problems.map((p) => (
            <li key={p}>
              <code>{p}</code>
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}

/** The preview of an action and its confirmation, or why it was refused. */
function Outcome({
  result,
  group: g,
  clientId,
  fetcher,
}: {
  result: ActionResult | undefined
  group: InboxGroupView
  clientId: string
  fetcher: ReturnType<typeof useFetcher<typeof action>>
}) {
  const { t } = useTranslation()
  if (!result) return null
  if (!result.ok) return <RefusalNote error={result.error} />
  const v = result.values
  const str = (k: string) => (typeof v[k] === 'string' ? (v[k] as string) : '')
  const saving = fetcher.state !== 'idle' && fetcher.formData?.get('intent') === 'apply'
  return (
    <section className="inbox-preview" aria-label={t('inbox.result.title')}>
      <h3 className="inbox__subhead">{t('inbox.result.title')}</h3>
      <p className="inbox__flush">
        {result.kind === 'phrase'
          ? t('inbox.result.phrase', { phrase: str('phrase'), intent: str('intentId') })
          : t('inbox.result.sample', {
              text: str('sampleText'),
              beat: g.beat,
              verdict: t(`inbox.verdicts.${str('verdict') as Verdict}`),
            })}
      </p>
      <p className="inbox__flush muted">
        {result.preview.draft
          ? t('inbox.result.intoDraft', { revision: result.preview.draft.revision })
          : t('inbox.result.intoNew', { version: result.preview.liveVersion ?? '—' })}
      </p>
      {result.preview.unchanged && <p className="alert warn">{t('inbox.result.unchanged')}</p>}
      {/* A sample changes no reading; a phrase is there to change one. */}
      {result.kind === 'phrase' && <Readings preview={result.preview} />}
      {result.preview.sample && <SampleVerdict sample={result.preview.sample} />}
      <Changes preview={result.preview} />
      <fetcher.Form method="post" className="inbox-confirm">
        {Object.entries(v).flatMap(([k, value]) =>
          k === 'intent' || k === 'clientId'
            ? []
            : (Array.isArray(value) ? value : [value]).map((x, i) => <input key={`${k}-${i}`} type="hidden" name={k} value={x} />),
        )}
        <input type="hidden" name="clientId" value={clientId} />
        <button type="submit" name="intent" value="apply" className="primary" disabled={saving}>
          {saving ? t('inbox.saving') : t('inbox.confirm')}
        </button>
        <span className="muted hint">{t('inbox.result.saveHint')}</span>
      </fetcher.Form>
    </section>
  )
}

function Readings({ preview }: { preview: InboxPreview }) {
  const { t } = useTranslation()
  const { before, after } = preview.reading
  if (!before || !after) return null
  return (
    <dl className="inbox-readings">
      <dt>{t('inbox.result.reading')}</dt>
      <dd>
        <span className="muted">{t('inbox.result.before')}</span> <Reading reading={before} />
      </dd>
      <dd>
        <span className="muted">{t('inbox.result.after')}</span> <Reading reading={after} />
      </dd>
    </dl>
  )
}

function SampleVerdict({ sample }: { sample: NonNullable<InboxPreview['sample']> }) {
  const { t } = useTranslation()
  if (sample.pass) return <p className="alert ok">{t('inbox.result.samplePasses')}</p>
  const text =
    sample.got && sample.got.verdict !== sample.expected.verdict
      ? t('inbox.result.sampleFails', { got: t(`inbox.verdicts.${sample.got.verdict}`) })
      : t('inbox.result.sampleFailsMissing', { behaviours: sample.missing.map((b) => t(`behaviours.${b}`)).join(t('inbox.sep')) })
  return <p className="alert warn">{text}</p>
}

function Changes({ preview }: { preview: InboxPreview }) {
  const { t } = useTranslation()
  const total = preview.totals.replies + preview.totals.transcripts + preview.totals.corpus
  if (preview.changes.length === 0) return <p className="inbox__flush">{t('inbox.result.noChanges', { total })}</p>
  const verdict = (v: Verdict | null) => (v ? t(`inbox.verdicts.${v}`) : '—')
  return (
    <div>
      <p className="inbox__flush">
        <strong>{t('inbox.result.changes', { count: preview.changes.length })}</strong>
      </p>
      <ul className="inbox-changes">
        {preview.changes.map((c) => {
          const d = c.detail
          let why: string
          if (d.kind === 'reply') {
            why = d.got
              ? [
                  t('inbox.result.replyDetail', { expected: verdict(d.expected.verdict), got: verdict(d.got.verdict) }),
                  ...(d.missing.length
                    ? [t('inbox.result.missing', { behaviours: d.missing.map((b) => t(`behaviours.${b}`)).join(t('inbox.sep')) })]
                    : []),
                ].join(' · ')
              : t('inbox.result.noBeat', { beat: d.beat })
          } else if (d.kind === 'corpus') {
            why = t('inbox.result.corpusDetail', { label: verdict(d.label), got: verdict(d.verdict) })
          } else {
            why = t('inbox.result.transcriptDetail', {
              expected: t(`practice.outcome.${d.expected.outcome}`),
              got: d.got.done && d.got.outcome ? t(`practice.outcome.${d.got.outcome}`) : t('inbox.result.notEnded'),
              total: d.got.total,
            })
          }
          return (
            <li key={c.key} className={c.change === 'now-fails' ? 'fails' : 'passes'}>
              <span className={`badge ${c.change === 'now-fails' ? 'bad' : 'ok'}`}>
                {t(c.change === 'now-fails' ? 'inbox.result.nowFails' : 'inbox.result.nowPasses')}
              </span>{' '}
              <span className="muted">{t(`inbox.result.kinds.${c.kind}`)}</span> “{c.label}” — {why}
            </li>
          )
        })}
      </ul>
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
