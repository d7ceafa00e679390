import { z } from 'zod'
import { STATUSES } from '#app/certification/rules.ts'
import { SUMMARY_MODES } from '#app/certification/summary.ts'
import { SKILLS } from '#app/domain/skills.ts'

// The dashboard's filter as it lives in the URL (shared by the page, its links and the server).

export const SORT_KEYS = [
  'name',
  'team',
  'status',
  'progress',
  'lastActive',
  'due',
  'assignments',
  'roleplays',
  'passRate',
  'score',
  'etiquette',
  'empathy',
  'resolution',
  'compliance',
  'timeliness',
] as const
export type SortKey = (typeof SORT_KEYS)[number]

export const PER_PAGE = [25, 50, 100] as const
const filterSchema = z.object({
  team: z.string().min(1).optional().catch(undefined),
  mode: z.enum(SUMMARY_MODES).catch('all'),
  status: z.enum(STATUSES).optional().catch(undefined),
  overdue: z
    .enum(['1'])
    .optional()
    .catch(undefined)
    .transform((v) => v === '1'),
  skill: z.enum(SKILLS).optional().catch(undefined),
  below: z.coerce.number().int().min(1).max(100).optional().catch(undefined),
  q: z.string().trim().max(60).optional().catch(undefined),
  sort: z.enum(SORT_KEYS).catch('status'),
  dir: z.enum(['asc', 'desc']).catch('asc'),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
  per: z.coerce
    .number()
    .refine((n) => (PER_PAGE as readonly number[]).includes(n))
    .catch(25),
})

export type DashboardFilter = z.infer<typeof filterSchema>

/** The filter as the URL gives it; a value that makes no sense falls back to the default. */
export function readFilter(params: URLSearchParams): DashboardFilter {
  return filterSchema.parse(Object.fromEntries([...params].filter(([, v]) => v !== '')))
}

/** The URL query of a filter, leaving out defaults so links stay short. */
export function filterQuery(f: Partial<DashboardFilter>): string {
  const out = new URLSearchParams()
  const defaults: Partial<Record<keyof DashboardFilter, unknown>> = { mode: 'all', sort: 'status', dir: 'asc', page: 1, per: 25 }
  for (const [k, v] of Object.entries(f)) {
    if (v === undefined || v === false || v === '' || defaults[k as keyof DashboardFilter] === v) continue
    out.set(k, v === true ? '1' : String(v))
  }
  return out.toString()
}
