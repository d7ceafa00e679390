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

/** Every field of a form, each as the list of its values, in the order sent. */
export function formValues(form: FormData): Record<string, string[]> {
  const out: Record<string, string[]> = {}
  for (const key of new Set(form.keys())) out[key] = form.getAll(key).map(String)
  return out
}

/** Form fields as an object for a zod schema: repeated fields (roles) as arrays, others as strings. */
export function formToObject(form: FormData, arrays: readonly string[] = ['roles']) {
  const out: Record<string, string | string[]> = {}
  for (const [key, list] of Object.entries(formValues(form))) out[key] = arrays.includes(key) ? list : (list[0] ?? '')
  for (const key of arrays) out[key] ??= []
  return out
}
