import { z } from 'zod'
import { SKILLS } from '#app/domain/skills.ts'
import { BEHAVIOURS, VERDICTS } from '#app/judge/behaviours.ts'

/** Kinds of compliance breach a reply can commit. */
export const BREACHES = ['insult', 'blame', 'disclose', 'illegal-promise', 'superlative', 'induce-review'] as const
export type Breach = (typeof BREACHES)[number]

export const OUTCOMES = ['resolved', 'escalated', 'left-angry', 'breach'] as const
export type Outcome = (typeof OUTCOMES)[number]

const slug = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be kebab-case (a-z, 0-9, -)')
const text = z.string().trim().min(1, 'must not be empty')
const lines = z.union([text.transform((t) => [t]), z.array(text).min(1)])
const skill = z.enum(SKILLS, { error: `must be one of ${SKILLS.join(', ')}` })
const breach = z.enum(BREACHES, { error: `must be one of ${BREACHES.join(', ')}` })
const intentRef = z.union([slug.transform((s) => [s]), z.array(slug).min(1)])
const behaviour = z.enum(BEHAVIOURS, { error: `must be one of ${BEHAVIOURS.join(', ')}` })

/**
 * An intent: a list of phrases, or phrases and patterns (`{slot}`, `…` gaps, `(a|b)`) with
 * what the judge makes of it. See scenarios/README.md.
 */
const intentDefinition = z.union([
  z
    .array(text)
    .min(1)
    .transform((phrases) => ({ phrases, patterns: [] as string[] })),
  z
    .object({
      phrases: z.array(text).default([]),
      patterns: z.array(text).default([]),
      behaviour: behaviour.optional(),
      breach: z.enum(BREACHES, { error: `must be one of ${BREACHES.join(', ')}` }).optional(),
      /** Counts only when asserted: hedged, conditional or asked, it does not. */
      commitment: z.boolean().optional(),
      /** A weak sign: counts only when the reply shows nothing better. */
      weak: z.boolean().optional(),
    })
    .strict()
    .refine((d) => d.phrases.length + d.patterns.length > 0, 'needs phrases or patterns'),
])

/** Which recognised intents a free-text reply needs. */
const when = z
  .object({ all: intentRef.optional(), any: intentRef.optional(), none: intentRef.optional() })
  .strict()
  .refine((w) => w.all || w.any, 'needs `all` or `any`')

/** Conditions on the conversation so far. */
const condition = z
  .object({
    emotionBelow: z.number().int().min(0).max(101).optional(),
    emotionAtLeast: z.number().int().min(0).max(100).optional(),
    turnsAtLeast: z.number().int().min(1).optional(),
    turnsBelow: z.number().int().min(1).optional(),
  })
  .strict()

const evidence = z.partialRecord(skill, z.number().int().min(-3).max(3))

const reply = z
  .object({
    id: slug,
    /** The trainee's line in guided mode. */
    choice: text,
    /** How a free-text reply is recognised as this one. */
    when,
    if: condition.optional(),
    emotion: z.number().int().min(-50).max(50).default(0),
    skills: evidence.default({}),
    /** A guided choice that commits a breach (free text is checked by the vocabulary). */
    breach: breach.optional(),
    /** What the reply did, shown in the feedback. */
    note: text,
    /** The customer's answer; when absent, the next beat's line is said. */
    customer: lines.optional(),
    next: slug,
  })
  .strict()

const beat = z
  .object({
    customer: lines,
    replies: z.array(reply).optional(),
    /** When a free-text reply matches none of the replies. */
    otherwise: z
      .object({ emotion: z.number().int().min(-50).max(50).default(5), customer: lines, note: text.optional() })
      .strict()
      .optional(),
    /** A model reply a trainer would give here, shown in the feedback. */
    model: text.optional(),
    outcome: z.enum(OUTCOMES).optional(),
  })
  .strict()
  .superRefine((b, ctx) => {
    if (b.outcome && b.replies?.length)
      ctx.addIssue({ code: 'custom', path: ['replies'], message: 'an outcome beat ends the conversation: it has no replies' })
    if (!b.outcome && !b.replies?.length)
      ctx.addIssue({ code: 'custom', path: ['replies'], message: 'a beat needs replies, or an outcome to end the conversation' })
    if (!b.outcome && !b.otherwise)
      ctx.addIssue({
        code: 'custom',
        path: ['otherwise'],
        message: 'a beat with replies needs `otherwise` for free text that matches none',
      })
    if (!b.outcome && !b.model)
      ctx.addIssue({ code: 'custom', path: ['model'], message: 'a beat with replies needs a model reply for the feedback' })
  })

const breachEffect = z.object({ effect: z.enum(['end', 'zero', 'cap']), cap: z.number().int().min(0).max(100).optional() }).strict()

export const DEFAULT_BREACHES: Record<Breach, { effect: 'end' | 'zero' | 'cap'; cap?: number }> = {
  insult: { effect: 'end' },
  disclose: { effect: 'end' },
  'illegal-promise': { effect: 'cap', cap: 40 },
  blame: { effect: 'cap', cap: 60 },
  superlative: { effect: 'cap', cap: 60 },
  'induce-review': { effect: 'cap', cap: 50 },
}

export const DEFAULT_WEIGHTS = { etiquette: 15, empathy: 25, resolution: 30, compliance: 20, timeliness: 10 } as const

/** A reply the trainer expects the judge to read a certain way at a beat: a regression test. */
const sampleReply = z
  .object({
    beat: slug,
    text: z.string().trim().min(1).max(300),
    verdict: z.enum(VERDICTS, { error: `must be one of ${VERDICTS.join(', ')}` }),
    /** Behaviours the judge must see (it may see more). */
    behaviours: z.array(behaviour).default([]),
    note: text.optional(),
  })
  .strict()

const transcriptReply = z.union([
  z.object({ text: z.string().min(1), seconds: z.number().min(0).default(10) }).strict(),
  z.object({ choice: z.string().min(1), seconds: z.number().min(0).default(10) }).strict(),
])

/** A sample conversation a trainer (or a test) replays through a scenario. */
export const transcriptSchema = z
  .object({
    mode: z.enum(['free', 'guided']),
    seed: z.number().int().min(0).default(1),
    replies: z.array(transcriptReply).min(1),
    expect: z
      .object({
        outcome: z.enum(OUTCOMES),
        passed: z.boolean().optional(),
        /** The total must fall in [min, max]. */
        score: z.tuple([z.number().int().min(0).max(100), z.number().int().min(0).max(100)]).optional(),
      })
      .strict()
      .optional(),
  })
  .strict()

const sampleTranscript = transcriptSchema.safeExtend({ name: text }).strict()

/**
 * Sample replies and transcripts: the scenario's own regression tests, run by the studio on
 * every change and by `npm run scenario -- check`. They are not part of a version's definition.
 */
export const samplesSchema = z
  .object({ replies: z.array(sampleReply).default([]), transcripts: z.array(sampleTranscript).default([]) })
  .strict()

export type SampleReply = z.infer<typeof sampleReply>
export type SampleTranscript = z.infer<typeof sampleTranscript>
export type Samples = z.infer<typeof samplesSchema>

export const scenarioSchema = z
  .object({
    id: slug,
    title: text,
    version: z.number().int().min(1),
    difficulty: z.union([z.literal(1), z.literal(2), z.literal(3)], { error: 'must be 1 (入门), 2 (进阶) or 3 (困难)' }),
    skills: z.array(skill).min(1),
    summary: text,
    passMark: z.number().int().min(1).max(100),
    passOutcomes: z.array(z.enum(OUTCOMES)).min(1).default(['resolved', 'escalated']),
    weights: z.record(skill, z.number().int().min(0)).optional(),
    persona: z.object({ name: text, profile: text }).strict(),
    order: z.object({ id: text, item: text, price: z.number().min(0), status: text, facts: z.array(text).default([]) }).strict(),
    emotion: z.number().int().min(0).max(100),
    patience: z
      .object({
        seconds: z.number().int().min(5).default(60),
        emotion: z.number().int().min(0).max(50).default(10),
        nudges: z.array(text).min(1).default(['还在吗？']),
      })
      .strict()
      .default({ seconds: 60, emotion: 10, nudges: ['还在吗？'] }),
    limits: z
      .object({ angryAt: z.number().int().min(1).max(100).default(100), maxTurns: z.number().int().min(1).default(12) })
      .strict()
      .default({ angryAt: 100, maxTurns: 12 }),
    /** What the customer says when leaving angry, and after a breach that ends the chat. */
    closings: z
      .object({
        angry: lines.default(['算了，不跟你说了，我直接去投诉。']),
        breach: lines.default(['你这是什么态度？我要投诉你！']),
      })
      .strict()
      .default({ angry: ['算了，不跟你说了，我直接去投诉。'], breach: ['你这是什么态度？我要投诉你！'] }),
    vocabularies: z.array(slug).default(['service']),
    intents: z.record(slug, intentDefinition).default({}),
    /** What the judge sees in this scenario's own intents (a deflection here is policy-wrong). */
    behaviours: z.record(slug, behaviour).default({}),
    /** What the customer says to a reply the universal judge finds rude, dismissive or blaming. */
    reactions: z.partialRecord(z.enum(['dismissive', 'blame', 'policy-wrong']), lines).default({}),
    breaches: z.partialRecord(breach, breachEffect).default({}),
    start: slug,
    beats: z.record(slug, beat),
    samples: samplesSchema.optional(),
  })
  .strict()
  .superRefine((s, ctx) => {
    if (!s.beats[s.start]) ctx.addIssue({ code: 'custom', path: ['start'], message: `no beat "${s.start}"` })
    for (const [id, b] of Object.entries(s.beats)) {
      b.replies?.forEach((r, i) => {
        if (!s.beats[r.next]) ctx.addIssue({ code: 'custom', path: ['beats', id, 'replies', i, 'next'], message: `no beat "${r.next}"` })
      })
    }
  })

export const vocabularySchema = z
  .object({
    id: slug,
    /** English words and net slang read as Chinese ("sorry" → 抱歉). */
    aliases: z.record(z.string().min(1), text).default({}),
    /** Word lists patterns refer to as {name}. */
    slots: z.record(slug, z.array(text).min(1)).default({}),
    intents: z.record(slug, intentDefinition),
  })
  .strict()

export type ScenarioScript = z.infer<typeof scenarioSchema>
export type Beat = ScenarioScript['beats'][string]
export type Reply = NonNullable<Beat['replies']>[number]
export type Vocabulary = z.infer<typeof vocabularySchema>
