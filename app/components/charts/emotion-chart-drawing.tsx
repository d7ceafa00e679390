import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'

/** The drawing itself: loaded on demand, so recharts stays off the page's first download. */
export default function EmotionChartDrawing({
  points,
  label,
  angryAt,
}: {
  points: { turn: number; emotion: number }[]
  label: string
  angryAt: number
}) {
  return (
    <ResponsiveContainer width="100%" height="100%">
      {/* The figure's caption carries the data for screen readers: the drawing takes no focus. */}
      <LineChart data={points} margin={{ top: 10, right: 20, bottom: 5, left: 0 }} accessibilityLayer={false} tabIndex={-1}>
        <CartesianGrid strokeDasharray="3 3" stroke="#d9ddd8" />
        <XAxis dataKey="turn" />
        <YAxis domain={[0, 100]} />
        <ReferenceLine y={angryAt} stroke="#b3261e" strokeDasharray="4 4" />
        <Tooltip />
        <Line type="monotone" dataKey="emotion" name={label} stroke="#0f6b5c" strokeWidth={3} dot={{ r: 4 }} isAnimationActive={false} />
      </LineChart>
    </ResponsiveContainer>
  )
}
