import { z } from 'zod'
import { ROLES } from './permissions.ts'

// Messages are i18n keys; the page translates them.
export const usernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9._-]{3,32}$/, 'admin.usernameHint')
export const passwordSchema = z.string().min(10, 'admin.passwordHint').max(200, 'admin.passwordHint')
const displayName = z.string().trim().min(1, 'login.required').max(40)
const roles = z.array(z.enum(ROLES)).min(1, 'admin.roleRequired')
const teamId = z
  .string()
  .optional()
  .transform((v) => (v ? v : null))

export const createUserSchema = z.object({ username: usernameSchema, displayName, password: passwordSchema, roles, teamId })
export const updateUserSchema = z.object({ displayName, roles, teamId })
export const resetPasswordSchema = z.object({ password: passwordSchema })
export const createTeamSchema = z.object({
  name: z.string().trim().min(1, 'login.required').max(40),
  leadId: teamId,
})

/** Form fields as an object, with repeated fields (roles) as arrays. */
export function formToObject(form: FormData, arrays: readonly string[] = ['roles']) {
  const out: Record<string, unknown> = {}
  for (const key of new Set(form.keys())) {
    out[key] = arrays.includes(key) ? form.getAll(key).map(String) : String(form.get(key))
  }
  for (const key of arrays) out[key] ??= []
  return out
}
