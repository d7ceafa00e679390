import type { ActionFunctionArgs } from '@remix-run/node'
import { z } from 'zod'
import { cleanText } from '#app/domain/text.ts'
import { MAX_YAML_BYTES } from '#app/domain/yaml-validate.ts'
import { SCENARIO_ID } from '#app/studio/library.server.ts'
import { DEFAULT_REPLY_SECONDS, playtest, PlaytestInputError, type PlaytestReply } from '#app/studio/playtest.server.ts'
import { requirePermission } from '#app/utils/auth.server.ts'

/** The studio's playtest (app/studio/playtest.server.ts): a resource route, POST only, records nothing. */

const MAX_REPLIES = 60
const MAX_REPLY_CHARS = 1000

const seconds = z.number().min(0).max(86_400).default(DEFAULT_REPLY_SECONDS)
const reply = z
  .object({
    // Invisible characters are dropped before the judge reads it, as in the trainee's chat.
    text: z
      .string()
      .max(MAX_REPLY_CHARS, `a reply may be at most ${MAX_REPLY_CHARS} characters`)
      .transform((s) => cleanText(s, { multiline: true }))
      .pipe(z.string().min(1, 'a reply must not be empty'))
      .optional(),
    choice: z.string().min(1).max(200).optional(),
    seconds,
  })
  .strict()
  .refine((r) => (r.text === undefined) !== (r.choice === undefined), 'a reply has either text or a choice')
  .transform((r): PlaytestReply =>
    r.text !== undefined ? { text: r.text, seconds: r.seconds } : { choice: r.choice!, seconds: r.seconds },
  )

const inputSchema = z
  .object({
    scenarioId: z.string().max(100).regex(SCENARIO_ID, 'must be a scenario id (kebab-case)'),
    source: z.string().max(MAX_YAML_BYTES, `the script may be at most ${MAX_YAML_BYTES / 1024} KB`),
    mode: z.enum(['guided', 'free']),
    seed: z.coerce
      .number()
      .int()
      .min(0)
      .max(2 ** 31 - 1)
      .default(1),
    replies: z.array(reply).max(MAX_REPLIES, `at most ${MAX_REPLIES} replies`).default([]),
  })
  .strict()

const badRequest = (error: string) => Response.json({ error }, { status: 400 })

/** The body as JSON, or a form whose `replies` field holds the list as JSON. */
async function readBody(request: Request): Promise<unknown> {
  if (/application\/json/i.test(request.headers.get('content-type') ?? '')) return request.json()
  const form = Object.fromEntries(await request.formData())
  const replies = typeof form.replies === 'string' && form.replies.trim() ? JSON.parse(form.replies) : undefined
  return { ...form, replies }
}

export async function action({ request }: ActionFunctionArgs) {
  await requirePermission(request, 'manage', 'scenario')
  if (request.method !== 'POST') return Response.json({ error: 'POST only' }, { status: 405, headers: { Allow: 'POST' } })
  let body: unknown
  try {
    body = await readBody(request)
  } catch {
    return badRequest('the body is not valid JSON (or a form whose replies field is JSON)')
  }
  const parsed = inputSchema.safeParse(body)
  if (!parsed.success)
    return badRequest(parsed.error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; '))
  try {
    return Response.json(playtest(parsed.data))
  } catch (error) {
    if (error instanceof PlaytestInputError) return Response.json({ error: error.message, index: error.index }, { status: 400 })
    throw error
  }
}
