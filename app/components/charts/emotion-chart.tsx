import { lazy, Suspense, useEffect, useState } from 'react'

const Drawing = lazy(() => import('./emotion-chart-drawing.tsx'))

/** The customer's emotion after each turn. Drawn in the browser; the caption carries the same data. */
export function EmotionChart({ points, label, angryAt }: { points: { turn: number; emotion: number }[]; label: string; angryAt: number }) {
  const [mounted, setMounted] = useState(false)
  useEffect(() => setMounted(true), [])
  return (
    <figure style={{ margin: 0 }}>
      <div style={{ width: '100%', height: 240 }} aria-hidden="true" {...{ inert: '' }}>
        {mounted && (
          <Suspense fallback={null}>
            <Drawing points={points} label={label} angryAt={angryAt} />
          </Suspense>
        )}
      </div>
      <figcaption className="sr-only">
        {label}: {points.map((p) => p.emotion).join(' → ')}
      </figcaption>
    </figure>
  )
}
