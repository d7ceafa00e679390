import { lazy, Suspense, useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import href from '@xyflow/react/dist/style.css?url'
import type { GraphNode, GraphPath, ScenarioGraph } from '../graph.ts'

/** xyflow's stylesheet: the route adds it to its `links`. */
export const graphStylesHref = href

// xyflow needs the DOM: the drawing is loaded and mounted in the browser only.
const Flow = lazy(() => import('./scenario-graph-flow.tsx'))

export type GraphHighlight = 'none' | 'passing' | 'failing'

export interface ScenarioGraphProps {
  graph: ScenarioGraph
  /** A beat was clicked, or Enter pressed on it; `line` is 0 for an automatic ending. */
  onBeatClick(beatId: string, line: number): void
  highlight: GraphHighlight
  onHighlightChange(highlight: GraphHighlight): void
  /** `title`: the accessible name of the drawing (default: graph.title). */
  labels?: { title?: string }
}

const HIGHLIGHTS: GraphHighlight[] = ['none', 'passing', 'failing']

/**
 * The scenario's beats and replies as a graph: outcome beats marked by kind, beats with
 * problems marked, a passing or failing path highlighted. A text list of every beat and where
 * it leads sits below it, for keyboards and screen readers.
 */
export function ScenarioGraphView({ graph, onBeatClick, highlight, onHighlightChange, labels }: ScenarioGraphProps) {
  const { t } = useTranslation()
  const [mounted, setMounted] = useState(false)
  useEffect(() => setMounted(true), [])
  const pathOf = (kind: GraphHighlight) => (kind === 'none' ? null : (graph.paths.find((p) => p.kind === kind) ?? null))
  const path = pathOf(highlight)
  const title = labels?.title ?? t('graph.title')
  const nameOf = (n: GraphNode) =>
    n.implicit && (n.kind === 'left-angry' || n.kind === 'breach') ? t(`graph.implicit.${n.kind}`) : n.label
  const byId = new Map(graph.nodes.map((n) => [n.id, n]))

  return (
    <div className="studio-graph">
      <div className="studio-graph__toolbar">
        <div role="group" aria-label={t('graph.highlight')} className="studio-graph__toggle">
          <span className="studio-graph__toggle-label" aria-hidden="true">
            {t('graph.highlight')}
          </span>
          {HIGHLIGHTS.map((h) => (
            <button
              key={h}
              type="button"
              aria-pressed={highlight === h}
              disabled={h !== 'none' && !pathOf(h)}
              onClick={() => onHighlightChange(h)}
            >
              {t(`graph.highlightOptions.${h}`)}
            </button>
          ))}
        </div>
        <p className="studio-graph__summary" aria-live="polite">
          {path ? <PathSummary path={path} /> : highlight !== 'none' ? t('graph.noPath') : null}
        </p>
      </div>
      <div className="studio-graph__canvas">
        {mounted ? (
          <Suspense fallback={<p className="studio-graph__placeholder">{t('graph.loading')}</p>}>
            <Flow graph={graph} path={path} onBeatClick={onBeatClick} label={title} />
          </Suspense>
        ) : (
          <p className="studio-graph__placeholder">{t('graph.loading')}</p>
        )}
      </div>
      <details className="studio-graph__list">
        <summary>{t('graph.listTitle')}</summary>
        <ul>
          {graph.nodes.map((n) => {
            const out = graph.edges.filter((e) => e.source === n.id && !e.implicit)
            const badge = n.kind === 'beat' ? null : t(`graph.kind.${n.kind}`)
            return (
              <li key={n.id}>
                {n.line > 0 ? (
                  <button type="button" className="studio-graph__beat" onClick={() => onBeatClick(n.id, n.line)}>
                    {nameOf(n)}
                  </button>
                ) : (
                  <strong>{nameOf(n)}</strong>
                )}
                {badge && !n.implicit && <> （{badge}）</>}
                {n.line > 0 && <span className="muted"> · {t('graph.line', { line: n.line })}</span>}
                {path?.beats.includes(n.id) && <span> · {t('graph.onPath')}</span>}
                {n.implicit && (n.kind === 'left-angry' || n.kind === 'breach') && (
                  <div className="muted">{t(`graph.implicitWhy.${n.kind}`)}</div>
                )}
                {n.problems.length > 0 && (
                  <ul className="studio-graph__problems">
                    {n.problems.map((p, i) => (
                      <li key={i} className={`is-${p.severity}`}>
                        {t(`editor.problems.${p.severity}`)}：{p.message}
                      </li>
                    ))}
                  </ul>
                )}
                {out.length > 0 && (
                  <ul>
                    {out.map((e) => {
                      const target = byId.get(e.target)
                      return (
                        <li key={e.id}>
                          {e.kind === 'otherwise' ? t('graph.otherwise') : `${e.label} → ${target ? nameOf(target) : e.target}`}
                          {path?.edges.includes(e.id) && <span> · {t('graph.onPath')}</span>}
                        </li>
                      )
                    })}
                  </ul>
                )}
              </li>
            )
          })}
        </ul>
      </details>
    </div>
  )
}

function PathSummary({ path }: { path: GraphPath }) {
  const { t } = useTranslation()
  const outcome = ['resolved', 'escalated', 'left-angry', 'breach'].includes(path.outcome)
    ? t(`practice.outcome.${path.outcome}`)
    : path.outcome
  return (
    <>
      {t('graph.pathSummary', {
        kind: t(`graph.highlightOptions.${path.kind}`),
        score: path.score,
        outcome,
        count: path.beats.length,
      })}
    </>
  )
}
