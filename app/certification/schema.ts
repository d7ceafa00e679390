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
            hard: z.object({ difficulty: z.union([z.literal(1), z.literal(2), z.literal(3)]), count: z.number().int().min(1) }).strict().optional(),
            /** Scenarios that must be among the passed ones. */
            required: z.array(slug).default([]),
          })
          .strict(),
      })
      .strict(),
    validity: z.object({ months: z.number().int().min(1).max(60) }).strict(),
    refresher: z
      .object({
        everyMonths: z.number().int().min(1).max(60),
        /** Days before the refresher date when it becomes due. */
        windowDays: z.number().int().min(1).max(180),
        /** A material module change makes holders due within this many days. */
        materialChangeDays: z.number().int().min(1).max(180),
        /** A skill below this (recent role-play average) yields a targeted refresher. */
        weakSkillBelow: z.number().int().min(1).max(100),
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
      ctx.addIssue({ code: 'custom', path: ['requirements', 'roleplays', 'required'], message: 'lists more scenarios than `passed` asks for' })
    }
    if (c.refresher.everyMonths > c.validity.months) {
      ctx.addIssue({ code: 'custom', path: ['refresher', 'everyMonths'], message: 'must not be longer than the validity' })
    }
  })

export type Certification = z.infer<typeof certificationSchema>
