import { z } from 'zod'
import type { ReplyEvent } from './engine.ts'
import { OUTCOMES } from './schema.ts'

/** A sample conversation a trainer (or a test) replays through a scenario. */
export const transcriptSchema = z
  .object({
    mode: z.enum(['free', 'guided']),
    seed: z.number().int().min(0).default(1),
    replies: z
      .array(
        z.union([
          z.object({ text: z.string().min(1), seconds: z.number().min(0).default(10) }).strict(),
          z.object({ choice: z.string().min(1), seconds: z.number().min(0).default(10) }).strict(),
        ]),
      )
      .min(1),
    expect: z
      .object({ outcome: z.enum(OUTCOMES), passed: z.boolean() })
      .strict()
      .optional(),
  })
  .strict()

export type Transcript = z.infer<typeof transcriptSchema>

export function transcriptEvents(t: Transcript): ReplyEvent[] {
  return t.replies.map((r) => ({
    type: 'trainee.reply',
    ...('text' in r ? { text: r.text } : { choice: r.choice }),
    latencyMs: Math.round(r.seconds * 1000),
  }))
}
