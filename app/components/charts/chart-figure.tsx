import { Suspense, useEffect, useState, type ReactNode } from 'react'

export interface ChartFigureProps {
  /** The chart's title, shown as the figure's caption. */
  title: string
  /** The summary of the disclosure that holds the table. */
  tableLabel: string
  /** Height of the drawing in px; the space is kept before the drawing loads so the page does not jump. */
  height?: number
  /** The drawing: rendered only after mount, so the server sends no SVG and recharts loads on demand. */
  drawing: ReactNode
  /** The same numbers as a table: plain HTML, rendered on the server too. */
  table: ReactNode
  id?: string
  /** When set, the figure shows this text instead of the drawing and the table. */
  empty?: string
}

/** A dashboard chart: caption, drawing (hidden from assistive technology), and the table that carries its data. */
export function ChartFigure({ title, tableLabel, height = 260, drawing, table, id, empty }: ChartFigureProps) {
  const [mounted, setMounted] = useState(false)
  useEffect(() => setMounted(true), [])
  return (
    <figure className="chart-figure" id={id}>
      <figcaption className="chart-title">{title}</figcaption>
      {empty !== undefined ? (
        <p className="chart-empty">{empty}</p>
      ) : (
        <>
          {/* NOTE: the table below carries the numbers for screen readers; the drawing takes no focus and no input. */}
          <div className="chart-drawing" style={{ height }} aria-hidden="true" {...{ inert: '' }}>
            {mounted && <Suspense fallback={null}>{drawing}</Suspense>}
          </div>
          <details className="chart-table">
            <summary>{tableLabel}</summary>
            <div className="table-wrap">{table}</div>
          </details>
        </>
      )}
    </figure>
  )
}
