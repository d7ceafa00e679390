import type { z } from 'zod'

/** Field errors keyed by field name: the first message of each. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {}
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? 'form')
    out[key] ??= issue.message
  }
  return out
}

/** No form of the app has more fields than this; a longer one is refused before any work. */
export const MAX_FORM_FIELDS = 1000

export class TooManyFieldsError extends Error {
  constructor(readonly count: number) {
    super(`a form may have at most ${MAX_FORM_FIELDS} fields; this one has ${count}`)
    this.name = 'TooManyFieldsError'
  }
}

/** Every field of a form, each as the list of its values, in the order sent: one pass, linear. */
export function formValues(form: FormData): Record<string, string[]> {
  const out: Record<string, string[]> = Object.create(null)
  let count = 0
  for (const [key, value] of form.entries()) {
    if (++count > MAX_FORM_FIELDS) throw new TooManyFieldsError(count)
    ;(out[key] ??= []).push(String(value))
  }
  return out
}

/** Form fields as an object for a zod schema: repeated fields (roles) as arrays, others as strings. */
export function formToObject(form: FormData, arrays: readonly string[] = ['roles']) {
  const out: Record<string, string | string[]> = {}
  for (const [key, list] of Object.entries(formValues(form))) out[key] = arrays.includes(key) ? list : (list[0] ?? '')
  for (const key of arrays) out[key] ??= []
  return out
}
