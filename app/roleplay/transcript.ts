import type { z } from 'zod'
import type { ReplyEvent } from './engine.ts'
import { transcriptSchema } from './schema.ts'

export { transcriptSchema }

export type Transcript = z.infer<typeof transcriptSchema>

export function transcriptEvents(t: Transcript): ReplyEvent[] {
  return t.replies.map((r) => ({
    type: 'trainee.reply',
    ...('text' in r ? { text: r.text } : { choice: r.choice }),
    latencyMs: Math.round(r.seconds * 1000),
  }))
}
