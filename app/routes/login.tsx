import { data, redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useNavigation, useSearchParams } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { Field } from '#app/components/ui/field.tsx'
import { homePath } from '#app/domain/permissions.ts'
import { getUserById } from '#app/models/users.server.ts'
import { clientAddress, createUserSession, getOptionalUser, login, safeRedirect } from '#app/utils/auth.server.ts'
import { fieldErrors } from '#app/utils/forms.ts'

const schema = z.object({
  // Lengths are capped before anything is stored: a username is at most 32 characters.
  username: z.string().trim().toLowerCase().min(1, 'login.required').max(64, 'login.invalid'),
  password: z.string().min(1, 'login.required').max(1024, 'login.invalid'),
  redirectTo: z.string().max(2048).optional(),
})

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getOptionalUser(request)
  if (user) throw redirect(homePath(user.roles))
  return null
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = Object.fromEntries(await request.formData())
  const parsed = schema.safeParse(form)
  if (!parsed.success) {
    return data({ error: null, fields: fieldErrors(parsed.error), username: String(form.username ?? '').slice(0, 64) }, { status: 400 })
  }
  const { username, password, redirectTo } = parsed.data
  const result = await login({ username, password, address: clientAddress(context) })
  if (!result.ok) {
    return data(
      { error: result.reason, fields: {}, username, retryAfter: result.reason === 'throttled' ? result.retryAfterSeconds : 0 },
      {
        status: result.reason === 'throttled' ? 429 : 400,
        headers: result.reason === 'throttled' ? { 'Retry-After': String(result.retryAfterSeconds) } : {},
      },
    )
  }
  const user = await getUserById(result.userId)
  return createUserSession(request, result.userId, safeRedirect(redirectTo, homePath(user?.roles ?? [])))
}

/** A throttled login says when to try again (Retry-After), on the page as in the header. */
export const headers: HeadersFunction = ({ actionHeaders }) => {
  const retry = actionHeaders.get('Retry-After')
  const out = new Headers()
  if (retry) out.set('Retry-After', retry)
  return out
}

export const meta: MetaFunction = () => [{ title: '登录 · 从容 Composure' }]

export default function Login() {
  const actionData = useActionData<typeof action>()
  const [params] = useSearchParams()
  const navigation = useNavigation()
  const { t } = useTranslation()
  const fields: Record<string, string> = actionData?.fields ?? {}
  return (
    <div className="narrow card">
      <h1>{t('login.title')}</h1>
      <p className="muted">{t('login.intro')}</p>
      {actionData?.error && (
        <p className="alert error" role="alert">
          {actionData.error === 'throttled' ? t('login.throttled', { seconds: actionData.retryAfter }) : t('login.invalid')}
        </p>
      )}
      <Form method="post" noValidate>
        <input type="hidden" name="redirectTo" value={params.get('redirectTo') ?? ''} />
        <Field
          label={t('login.username')}
          name="username"
          autoComplete="username"
          autoFocus
          defaultValue={actionData?.username}
          error={fields.username && t(fields.username)}
        />
        <Field
          label={t('login.password')}
          name="password"
          type="password"
          autoComplete="current-password"
          error={fields.password && t(fields.password)}
        />
        <button className="primary" type="submit" disabled={navigation.state === 'submitting'}>
          {t('login.submit')}
        </button>
      </Form>
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
