import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { useFormatDate } from '#app/components/dates.ts'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { diffVersions, openScenario, scenarioHistory, type VersionRef } from '#app/studio/library.server.ts'
import { titleOf } from '#app/studio/source-edit.ts'
import { requirePermission } from '#app/utils/auth.server.ts'
import { notFound } from '#app/utils/http.ts'

function refOf(value: string | null): VersionRef | null {
  if (value === 'draft' || value === 'offered') return value
  return value && /^\d+$/.test(value) ? Number(value) : null
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, 'manage', 'scenario')
  const id = params.scenarioId!
  const opened = await openScenario(id)
  if (!opened) throw notFound()
  const history = await scenarioHistory(id)
  const url = new URL(request.url)
  const withSource = history.versions.filter((v) => v.hasSource)
  // By default: the live version against the draft, or the two newest versions.
  const a = refOf(url.searchParams.get('a')) ?? withSource[opened.draft ? 0 : 1]?.version ?? null
  const b = refOf(url.searchParams.get('b')) ?? (opened.draft ? 'draft' : (withSource[0]?.version ?? null))
  const diff = a !== null && b !== null ? await diffVersions(id, a, b) : null
  const title = titleOf(opened.source) ?? id
  return { id, title, history, a, b, diff, hasDraft: Boolean(opened.draft), offered: opened.offered }
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ''} 版本历史 · 剧本工作室 · 从容 Composure` }]

function VersionSelect(props: {
  id: string
  name: string
  label: string
  options: { value: string; label: string }[]
  value: VersionRef | null
}) {
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      <select id={props.id} name={props.name} defaultValue={props.value === null ? '' : String(props.value)}>
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  )
}

/** Unchanged lines further than this from a change are folded. */
const CONTEXT = 3

export default function ScenarioVersions() {
  const { id, title, history, a, b, diff, hasDraft, offered } = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  const formatDate = useFormatDate()
  const name = (ref: VersionRef | null) =>
    ref === 'draft' ? t('studio.history.draft') : ref === 'offered' ? t('studio.history.offered') : ref === null ? '—' : `v${ref}`
  const options = [
    ...(hasDraft ? [{ value: 'draft', label: t('studio.history.draft') }] : []),
    ...(offered ? [{ value: 'offered', label: `${t('studio.history.offered')} v${offered.version}` }] : []),
    ...history.versions.filter((v) => v.hasSource).map((v) => ({ value: String(v.version), label: `v${v.version}` })),
  ]
  const near = new Set<number>()
  diff?.forEach((line, i) => {
    if (line.kind !== 'same') for (let k = i - CONTEXT; k <= i + CONTEXT; k++) near.add(k)
  })
  const added = diff?.filter((l) => l.kind === 'added').length ?? 0
  const removed = diff?.filter((l) => l.kind === 'removed').length ?? 0
  return (
    <div className="stack">
      <p>
        <Link to={`/studio/scenarios/${id}`}>← {title}</Link>
      </p>
      <h1>{t('studio.history.heading', { title })}</h1>
      <section aria-labelledby="versions-heading">
        <h2 id="versions-heading">{t('studio.history.versions')}</h2>
        <div className="table-wrap">
          <table className="data">
            <thead>
              <tr>
                <th scope="col">{t('studio.history.version')}</th>
                <th scope="col">{t('studio.history.origin')}</th>
                <th scope="col">{t('studio.history.publishedAt')}</th>
                <th scope="col">{t('studio.history.publishedBy')}</th>
                <th scope="col">{t('common.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {history.versions.map((v) => (
                <tr key={v.version}>
                  <th scope="row">v{v.version}</th>
                  <td>{v.origin === 'file' ? t('studio.history.file') : t('studio.history.studio')}</td>
                  <td>{formatDate(v.publishedAt)}</td>
                  <td>{v.publishedBy ?? t('studio.history.system')}</td>
                  <td>
                    {v.hasSource ? (
                      <a href={`/studio/scenarios/${id}/export?v=${v.version}`} download>
                        {t('studio.history.export')}
                      </a>
                    ) : (
                      '—'
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section aria-labelledby="compare-heading" className="stack">
        <h2 id="compare-heading">{t('studio.history.compare')}</h2>
        <Form method="get" className="row">
          <VersionSelect id="diff-a" name="a" label={t('studio.history.from')} options={options} value={a} />
          <VersionSelect id="diff-b" name="b" label={t('studio.history.to')} options={options} value={b} />
          <button type="submit" className="button secondary">
            {t('studio.history.show')}
          </button>
        </Form>
        {a !== null && b !== null && diff === null && <p className="alert warn">{t('studio.history.unavailable')}</p>}
        {diff && (
          <>
            <h3>
              {name(a)} → {name(b)}{' '}
              <span className="muted">
                · {t('studio.history.added', { count: added })} · {t('studio.history.removed', { count: removed })}
              </span>
            </h3>
            {added + removed === 0 ? (
              <p>{t('studio.history.noDiff')}</p>
            ) : (
              <table className="diff" aria-label={`${name(a)} → ${name(b)}`}>
                <tbody>
                  {diff.map((line, i) =>
                    near.has(i) ? (
                      <tr key={i} className={`diff-${line.kind}`}>
                        <td className="diff-no">{line.from ?? ''}</td>
                        <td className="diff-no">{line.to ?? ''}</td>
                        <td className="diff-sign" aria-hidden="true">
                          {line.kind === 'added' ? '+' : line.kind === 'removed' ? '−' : ' '}
                        </td>
                        <td className="diff-text">
                          <span className="sr-only">
                            {line.kind === 'added'
                              ? `${t('studio.history.to')}: `
                              : line.kind === 'removed'
                                ? `${t('studio.history.from')}: `
                                : ''}
                          </span>
                          {line.text}
                        </td>
                      </tr>
                    ) : near.has(i - 1) ? (
                      <tr key={i} className="diff-fold">
                        <td colSpan={4}>⋯</td>
                      </tr>
                    ) : null,
                  )}
                </tbody>
              </table>
            )}
          </>
        )}
      </section>
      <section aria-labelledby="audit-heading">
        <h2 id="audit-heading">{t('studio.history.audit')}</h2>
        {history.audit.length === 0 ? (
          <p className="muted">{t('studio.history.noAudit')}</p>
        ) : (
          <div className="table-wrap">
            <table className="data">
              <thead>
                <tr>
                  <th scope="col">{t('studio.history.when')}</th>
                  <th scope="col">{t('studio.history.action')}</th>
                  <th scope="col">{t('studio.history.who')}</th>
                </tr>
              </thead>
              <tbody>
                {history.audit.map((e, i) => (
                  <tr key={i}>
                    <td>{formatDate(e.at)}</td>
                    <td>
                      {t(`studio.history.actions.${e.action}`)}
                      {e.version !== null && ` v${e.version}`}
                      {e.revision !== null && e.action !== 'publish' && ` · r${e.revision}`}
                    </td>
                    <td>{e.by ?? t('studio.history.system')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
