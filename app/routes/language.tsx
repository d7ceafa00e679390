import { redirect, type ActionFunctionArgs } from '@remix-run/node'
import { z } from 'zod'
import { LANGUAGES } from '#app/i18n.ts'
import { safeRedirect } from '#app/utils/auth.server.ts'
import { languageCookie } from '#app/utils/i18n.server.ts'

const schema = z.object({ lng: z.enum(LANGUAGES), redirectTo: z.string().optional() })

export async function loader() {
  return redirect('/')
}

// Open to everyone, signed in or not: it only sets the visitor's own language cookie.
export async function action({ request }: ActionFunctionArgs) {
  const parsed = schema.safeParse(Object.fromEntries(await request.formData()))
  if (!parsed.success) throw new Response('Unknown language', { status: 400 })
  return redirect(safeRedirect(parsed.data.redirectTo, '/'), {
    headers: { 'Set-Cookie': await languageCookie.serialize(parsed.data.lng) },
  })
}
