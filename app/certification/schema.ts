import { z } from 'zod'

const slug = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be kebab-case (a-z, 0-9, -)')
const text = z.string().trim().min(1, 'must not be empty')

/**
 * A certification: what an agent must have done, how long it stays valid, and how it is kept
 * current. Files in `content/certifications/`.
 */
export const certificationSchema = z
  .object({
    id: slug,
    title: text,
    /** Position in lists (the onboarding certification first). */
    order: z.number().int().min(1),
    summary: text,
    requirements: z
      .object({
        /** Modules read and quiz passed at their current version. */
        modules: z.array(slug).min(1),
        roleplays: z
          .object({
            /** Distinct scenarios passed. */
            passed: z.number().int().min(0),
            /** Of those, at least `count` at or above `difficulty`. */
            hard: z
              .object({ difficulty: z.union([z.literal(1), z.literal(2), z.literal(3)]), count: z.number().int().min(1) })
              .strict()
              .optional(),
            /** Scenarios that must be among the passed ones. */
            required: z.array(slug).default([]),
            /** Which attempts count: free text only unless a file says otherwise (guided mode is practice). */
            modes: z
              .array(z.enum(['free', 'guided']))
              .min(1)
              .default(['free']),
          })
          .strict(),
      })
      .strict(),
    validity: z.object({ months: z.number().int().min(1).max(60) }).strict(),
    refresher: z
      .object({
        /** A refresher falls due this many months after certification, and again each time after. */
        everyMonths: z.number().int().min(1).max(60),
        /** Days before the due date when the refresher opens. */
        windowDays: z.number().int().min(1).max(180),
        /** What a periodic refresher (and the renewal at the end of validity) asks for. */
        items: z
          .object({
            /** Module quizzes to pass again. */
            quizzes: z.array(slug).default([]),
            /** Role-plays to pass again, at or above a difficulty. */
            roleplays: z
              .object({ count: z.number().int().min(1), difficulty: z.union([z.literal(1), z.literal(2), z.literal(3)]) })
              .strict()
              .optional(),
          })
          .strict()
          .refine((i) => i.quizzes.length > 0 || i.roleplays, 'a refresher needs quizzes or role-plays'),
        /** A module version marked material makes holders due within this many days. */
        materialChange: z.object({ days: z.number().int().min(1).max(180) }).strict(),
        /** A skill averaging below `below` over the last `recent` role-plays (at least `atLeast` of them) yields a targeted refresher due in `days`. */
        weakSkill: z
          .object({
            below: z.number().int().min(1).max(100),
            recent: z.number().int().min(1).max(20),
            atLeast: z.number().int().min(1).max(20),
            days: z.number().int().min(1).max(180),
          })
          .strict(),
      })
      .strict(),
    /** Days after the due date before the certification lapses. */
    graceDays: z.number().int().min(0).max(180),
  })
  .strict()
  .superRefine((c, ctx) => {
    const { roleplays } = c.requirements
    if (roleplays.hard && roleplays.hard.count > roleplays.passed) {
      ctx.addIssue({ code: 'custom', path: ['requirements', 'roleplays', 'hard', 'count'], message: 'cannot exceed `passed`' })
    }
    if (roleplays.required.length > roleplays.passed) {
      ctx.addIssue({
        code: 'custom',
        path: ['requirements', 'roleplays', 'required'],
        message: 'lists more scenarios than `passed` asks for',
      })
    }
    if (c.refresher.everyMonths > c.validity.months) {
      ctx.addIssue({ code: 'custom', path: ['refresher', 'everyMonths'], message: 'must not be longer than the validity' })
    }
    if (c.refresher.windowDays >= c.refresher.everyMonths * 28) {
      ctx.addIssue({ code: 'custom', path: ['refresher', 'windowDays'], message: 'must be shorter than the time between refreshers' })
    }
    if (c.refresher.weakSkill.atLeast > c.refresher.weakSkill.recent) {
      ctx.addIssue({ code: 'custom', path: ['refresher', 'weakSkill', 'atLeast'], message: 'cannot exceed `recent`' })
    }
  })

export type Certification = z.infer<typeof certificationSchema>
