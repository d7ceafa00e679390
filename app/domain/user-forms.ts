import { z } from 'zod'
import { isCommonPassword } from './common-passwords.ts'
import { cleanText } from './text.ts'
import { ROLES } from './permissions.ts'

// Messages are i18n keys; the page translates them.
export const usernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9._-]{3,32}$/, 'admin.usernameHint')
export const passwordSchema = z
  .string()
  .min(10, 'admin.passwordHint')
  .max(200, 'admin.passwordHint')
  .refine((p) => !isCommonPassword(p), 'admin.passwordCommon')
/** Changing one's own password: the current one, and the new one twice. */
export const changePasswordSchema = z
  .object({ current: z.string().min(1, 'login.required').max(1024), password: passwordSchema, confirm: z.string() })
  .refine((v) => v.password === v.confirm, { path: ['confirm'], message: 'account.mismatch' })
  .refine((v) => v.password !== v.current, { path: ['password'], message: 'account.sameAsCurrent' })
const displayName = z
  .string()
  .transform((s) => cleanText(s))
  .pipe(z.string().min(1, 'login.required').max(40))
const roles = z.array(z.enum(ROLES)).min(1, 'admin.roleRequired')
const optionalId = z
  .string()
  .optional()
  .transform((v) => (v ? v : null))

export const createUserSchema = z.object({ username: usernameSchema, displayName, password: passwordSchema, roles, teamId: optionalId })
export const updateUserSchema = z.object({ displayName, roles, teamId: optionalId })
export const resetPasswordSchema = z.object({ password: passwordSchema })
export const createTeamSchema = z.object({
  name: z
    .string()
    .transform((s) => cleanText(s))
    .pipe(z.string().min(1, 'login.required').max(40)),
  leadId: optionalId,
})
export const setLeadSchema = z.object({ teamId: z.string().min(1), leadId: optionalId })
