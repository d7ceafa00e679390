import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useFetcher, useLoaderData, useLocation, useSearchParams, type ShouldRevalidateFunction } from '@remix-run/react'
import { useCallback, useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useFormatDate } from '#app/components/dates.ts'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { DraftConflictError } from '#app/models/studio.server.ts'
import { getUserById } from '#app/models/users.server.ts'
import { PlaytestPanel } from '#app/studio/components/playtest-panel.tsx'
import { RefusalMessage, type Refusal } from '#app/studio/components/refusal.tsx'
import { ScenarioGraphView, graphStylesHref } from '#app/studio/components/scenario-graph.tsx'
import { TestsPanel } from '#app/studio/components/tests-panel.tsx'
import { ProblemList, YamlEditor, type YamlEditorHandle } from '#app/studio/components/yaml-editor.tsx'
import {
  adoptOffered,
  discardScenarioDraft,
  openScenario,
  publishScenario,
  saveScenarioDraft,
  StudioError,
} from '#app/studio/library.server.ts'
import { addSampleReply, addSampleTranscript, titleOf } from '#app/studio/source-edit.ts'
import { studioView, type StudioView } from '#app/studio/view.server.ts'
import { requirePermission } from '#app/utils/auth.server.ts'
import { notFound } from '#app/utils/http.ts'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: graphStylesHref }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, 'manage', 'scenario')
  const opened = await openScenario(params.scenarioId!)
  if (!opened) throw notFound()
  const view = opened.missingSource ? null : await studioView(opened.id, opened.source)
  return { opened, view }
}

type ActionResult =
  | { ok: 'saved'; revision: number; source: string }
  | { ok: 'published'; version: number }
  | { refusal: Refusal }
  | { conflict: { revision: number; name: string | null; at: string | null } }

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, 'manage', 'scenario')
  const id = params.scenarioId!
  const form = await request.formData()
  const intent = String(form.get('intent') ?? '')
  const revisionField = String(form.get('revision') ?? '')
  const revision = revisionField === '' ? null : Number(revisionField)
  try {
    if (intent === 'save' || intent === 'publish') {
      const source = String(form.get('source') ?? '')
      const saved = await saveScenarioDraft(user, { id, source, revision })
      if (intent === 'save') return data<ActionResult>({ ok: 'saved', revision: saved.revision, source })
      const version = await publishScenario(user, { id, revision: saved.revision })
      return data<ActionResult>({ ok: 'published', version })
    }
    if (intent === 'discard' && revision !== null) {
      await discardScenarioDraft(user, { id, revision })
      return redirect(`/studio/scenarios/${id}?discarded=1`)
    }
    if (intent === 'adopt') {
      await adoptOffered(user, { id })
      return redirect(`/studio/scenarios/${id}`)
    }
  } catch (error) {
    if (error instanceof StudioError)
      return data<ActionResult>({ refusal: { key: error.key, values: error.values, problems: error.problems } }, { status: 400 })
    if (error instanceof DraftConflictError) {
      const name = error.current.updatedBy ? ((await getUserById(error.current.updatedBy))?.displayName ?? null) : null
      return data<ActionResult>(
        { conflict: { revision: error.current.revision, name, at: error.current.revision ? error.current.updatedAt.toISOString() : null } },
        { status: 409 },
      )
    }
    throw error
  }
  throw new Response('Unknown form', { status: 400 })
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.opened.id ?? ''} · 剧本工作室 · 从容 Composure` }]

/**
 * A save answers with its new revision, and the editor keeps the text it has: reloading the page's
 * data then would only race the trainer's typing. Publishing, discarding and adopting reload it.
 */
export const shouldRevalidate: ShouldRevalidateFunction = ({ formData, defaultShouldRevalidate }) =>
  formData?.get('intent') === 'save' ? false : defaultShouldRevalidate

type Tab = 'problems' | 'graph' | 'playtest' | 'tests'
const TABS: Tab[] = ['problems', 'graph', 'playtest', 'tests']

/** Checks the text on the server as the trainer types, the newest request winning. */
function useLiveCheck(id: string, initial: StudioView | null) {
  const [view, setView] = useState(initial)
  const [checking, setChecking] = useState(false)
  const timer = useRef<ReturnType<typeof setTimeout>>()
  const inflight = useRef<AbortController>()
  const schedule = useCallback(
    (source: string) => {
      clearTimeout(timer.current)
      timer.current = setTimeout(async () => {
        inflight.current?.abort()
        const controller = new AbortController()
        inflight.current = controller
        setChecking(true)
        try {
          const response = await fetch('/studio/check', {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ id, source }),
            signal: controller.signal,
          })
          if (response.ok) setView((await response.json()) as StudioView)
        } catch (error) {
          if ((error as Error).name !== 'AbortError') throw error
        } finally {
          if (inflight.current === controller) setChecking(false)
        }
      }, 400)
    },
    [id],
  )
  useEffect(() => () => clearTimeout(timer.current), [])
  return { view, setView, checking, schedule }
}

export default function ScenarioEditor() {
  const { opened, view: initialView } = useLoaderData<typeof loader>()
  const [params] = useSearchParams()
  const { t } = useTranslation()
  const formatDate = useFormatDate()
  const editor = useRef<YamlEditorHandle>(null)
  const fetcher = useFetcher<ActionResult>()
  const { view, setView, checking, schedule } = useLiveCheck(opened.id, initialView)
  const [tab, setTab] = useState<Tab>('problems')
  const [revision, setRevision] = useState<number | null>(opened.revision)
  const [saved, setSaved] = useState(opened.source)
  const [current, setCurrent] = useState(opened.source)
  const [highlight, setHighlight] = useState<'none' | 'passing' | 'failing'>('none')
  const [note, setNote] = useState<string | null>(null)

  // A publish (a new live version), a discard or an adopted file (a navigation) is the editor's new
  // starting point. Nothing else replaces the trainer's text: not a save, and not a refused one.
  const location = useLocation()
  const generation = `${location.key}:${opened.liveVersion}`
  const loaded = useRef({ opened, initialView })
  loaded.current = { opened, initialView }
  useEffect(() => {
    const { opened: o, initialView: v } = loaded.current
    setRevision(o.revision)
    setSaved(o.source)
    setCurrent(o.source)
    setView(v)
  }, [generation, setView])

  const result = fetcher.data
  useEffect(() => {
    if (result && 'ok' in result && result.ok === 'saved') {
      setRevision(result.revision)
      setSaved(result.source)
      setNote(t('studio.editor.saved', { revision: result.revision }))
    }
    if (result && 'ok' in result && result.ok === 'published') setNote(t('studio.editor.published', { version: result.version }))
  }, [result, t])

  const onChange = useCallback(
    (source: string) => {
      setCurrent(source)
      setNote(null)
      schedule(source)
    },
    [schedule],
  )
  const jump = useCallback((line: number, column = 1) => editor.current?.jumpTo(line, column), [])
  const getSource = useCallback(() => editor.current?.getValue() ?? current, [current])

  const submit = (intent: 'save' | 'publish') =>
    fetcher.submit({ intent, source: getSource(), revision: revision === null ? '' : String(revision) }, { method: 'post' })

  const addSample = useCallback(
    (sample: Parameters<React.ComponentProps<typeof PlaytestPanel>['onAddSample']>[0]) => {
      const source = getSource()
      try {
        const next = sample.kind === 'reply' ? addSampleReply(source, sample.value) : addSampleTranscript(source, sample.value)
        editor.current?.setValue(next)
        onChange(next)
        setNote(t('studio.editor.sampleAdded'))
      } catch (error) {
        setNote((error as Error).message)
      }
    },
    [getSource, onChange, t],
  )

  const errors = view?.problems.filter((p) => p.severity === 'error').length ?? 0
  const failing = view?.regressions ? view.regressions.summary.replies.failing + view.regressions.summary.transcripts.failing : 0
  const dirty = current !== saved || revision === null
  const busy = fetcher.state !== 'idle'
  const title = titleOf(current) ?? opened.id

  const onTabKey = (event: React.KeyboardEvent) => {
    const i = TABS.indexOf(tab)
    const next =
      event.key === 'ArrowRight'
        ? TABS[(i + 1) % TABS.length]
        : event.key === 'ArrowLeft'
          ? TABS[(i + TABS.length - 1) % TABS.length]
          : null
    if (next) {
      event.preventDefault()
      setTab(next)
      document.getElementById(`tab-${next}`)?.focus()
    }
  }

  if (opened.missingSource) return <p className="alert warn">{t('studio.editor.missingSource')}</p>

  return (
    <div className="stack studio-editor">
      <p>
        <Link to="/studio">← {t('studio.editor.back')}</Link>
      </p>
      <header className="studio-editor__head">
        <div>
          <h1>{title}</h1>
          <p className="muted">
            <code>{opened.id}</code> ·{' '}
            {opened.liveVersion === null ? t('studio.editor.notLive') : t('studio.editor.live', { version: opened.liveVersion })} ·{' '}
            {opened.draft && revision === opened.draft.revision
              ? t('studio.editor.draftBy', { revision, name: opened.draft.updatedBy ?? '—', date: formatDate(opened.draft.updatedAt) })
              : revision === null
                ? t('studio.editor.noDraftYet')
                : `r${revision}`}
            {current !== saved && <strong className="unsaved"> · {t('studio.editor.unsaved')}</strong>}
          </p>
        </div>
        <div className="row studio-editor__actions">
          <button type="button" className="button" onClick={() => submit('save')} disabled={busy || !dirty}>
            {t('studio.editor.save')}
          </button>
          <button
            type="button"
            className="button"
            onClick={() => submit('publish')}
            disabled={busy || errors > 0 || !view?.compiled}
            aria-describedby="publish-hint"
          >
            {t('studio.editor.publish')}
          </button>
          {opened.draft && (
            <Form
              method="post"
              onSubmit={(event) => {
                if (!confirm(t('studio.editor.discardConfirm'))) event.preventDefault()
              }}
            >
              <input type="hidden" name="intent" value="discard" />
              <input type="hidden" name="revision" value={opened.draft.revision} />
              <button type="submit" className="button secondary" disabled={busy}>
                {t('studio.editor.discard')}
              </button>
            </Form>
          )}
          <a className="button secondary" href={`/studio/scenarios/${opened.id}/export${revision !== null ? '?v=draft' : ''}`} download>
            {t('studio.editor.export')}
          </a>
          <Link className="button secondary" to={`/studio/scenarios/${opened.id}/versions`}>
            {t('studio.editor.versions')}
          </Link>
        </div>
      </header>
      <p id="publish-hint" className="muted">
        {t('studio.editor.publishHint')}
      </p>
      {opened.offered && (
        <div className="alert warn row spread">
          <span>{t('studio.editor.offered', { version: opened.offered.version })}</span>
          <span className="row">
            <Link to={`/studio/scenarios/${opened.id}/versions?a=${opened.liveVersion}&b=offered`}>{t('studio.editor.compare')}</Link>
            <Form method="post">
              <input type="hidden" name="intent" value="adopt" />
              <button type="submit" className="button secondary">
                {t('studio.editor.adopt')}
              </button>
            </Form>
          </span>
        </div>
      )}
      <div role="status" aria-live="polite" className="studio-status">
        {params.get('discarded') && !note && <p className="alert ok">{t('studio.editor.discarded')}</p>}
        {note && <p className="alert ok">{note}</p>}
      </div>
      {result && 'refusal' in result && <RefusalMessage refusal={result.refusal} onJump={jump} />}
      {result && 'conflict' in result && (
        <div className="alert error" role="alert">
          {result.conflict.name && result.conflict.at
            ? t('studio.editor.conflict', {
                name: result.conflict.name,
                date: formatDate(result.conflict.at),
                revision: result.conflict.revision,
              })
            : t('studio.editor.conflictUnknown')}
        </div>
      )}
      <div className="studio-editor__panes">
        <div className="studio-editor__source">
          <YamlEditor
            key={generation}
            ref={editor}
            value={opened.source}
            onChange={onChange}
            diagnostics={view?.problems ?? []}
            completions={view?.completions ?? { intents: [], beats: [], skills: [], behaviours: [] }}
            label={t('studio.editor.sourceLabel')}
          />
          <p className="muted check-state" aria-live="polite">
            {checking ? t('studio.editor.checking') : t('studio.editor.checked')}
          </p>
        </div>
        <div className="studio-editor__side">
          <div role="tablist" aria-label={t('studio.editor.tabs.label')} className="tabs">
            {TABS.map((name) => (
              <button
                key={name}
                id={`tab-${name}`}
                type="button"
                role="tab"
                aria-selected={tab === name}
                aria-controls={`panel-${name}`}
                tabIndex={tab === name ? 0 : -1}
                onClick={() => setTab(name)}
                onKeyDown={onTabKey}
              >
                {name === 'problems'
                  ? t('studio.editor.tabs.problems', { count: view?.problems.length ?? 0 })
                  : name === 'tests'
                    ? t('studio.editor.tabs.tests', { failing })
                    : t(`studio.editor.tabs.${name}`)}
              </button>
            ))}
          </div>
          <section id="panel-problems" role="tabpanel" aria-labelledby="tab-problems" hidden={tab !== 'problems'}>
            <ProblemList
              problems={view?.problems ?? []}
              onJump={jump}
              emptyText={t('studio.editor.noProblems')}
              label={t('studio.editor.tabs.problems', { count: view?.problems.length ?? 0 })}
            />
            {view && !view.compiled && <p className="muted">{t('studio.editor.notCompiled')}</p>}
          </section>
          <section id="panel-graph" role="tabpanel" aria-labelledby="tab-graph" hidden={tab !== 'graph'}>
            {tab === 'graph' &&
              (view?.graph ? (
                <ScenarioGraphView
                  graph={view.graph}
                  onBeatClick={(_beat, line) => line > 0 && jump(line)}
                  highlight={highlight}
                  onHighlightChange={setHighlight}
                />
              ) : (
                <p className="muted">{t('studio.editor.notCompiled')}</p>
              ))}
          </section>
          <section id="panel-playtest" role="tabpanel" aria-labelledby="tab-playtest" hidden={tab !== 'playtest'}>
            <PlaytestPanel scenarioId={opened.id} getSource={getSource} onAddSample={addSample} />
          </section>
          <section id="panel-tests" role="tabpanel" aria-labelledby="tab-tests" hidden={tab !== 'tests'}>
            {view?.regressions ? <TestsPanel regressions={view.regressions} /> : <p className="muted">{t('studio.editor.notCompiled')}</p>}
          </section>
        </div>
      </div>
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
