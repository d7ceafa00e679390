import { useEffect, useState } from 'react'
import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'

/** The customer's emotion after each turn. Drawn in the browser; the caption carries the same data. */
export function EmotionChart({ points, label, angryAt }: { points: { turn: number; emotion: number }[]; label: string; angryAt: number }) {
  const [mounted, setMounted] = useState(false)
  useEffect(() => setMounted(true), [])
  return (
    <figure style={{ margin: 0 }}>
      <div style={{ width: '100%', height: 240 }} aria-hidden="true">
        {mounted && (
          <ResponsiveContainer width="100%" height="100%">
            <LineChart data={points} margin={{ top: 10, right: 20, bottom: 5, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" stroke="#d9ddd8" />
              <XAxis dataKey="turn" />
              <YAxis domain={[0, 100]} />
              <ReferenceLine y={angryAt} stroke="#b3261e" strokeDasharray="4 4" />
              <Tooltip />
              <Line type="monotone" dataKey="emotion" name={label} stroke="#0f6b5c" strokeWidth={3} dot={{ r: 4 }} isAnimationActive={false} />
            </LineChart>
          </ResponsiveContainer>
        )}
      </div>
      <figcaption className="sr-only">
        {label}: {points.map((p) => p.emotion).join(' → ')}
      </figcaption>
    </figure>
  )
}
