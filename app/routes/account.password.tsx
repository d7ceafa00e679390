import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { Field } from '#app/components/ui/field.tsx'
import { homePath } from '#app/domain/permissions.ts'
import { changePasswordSchema } from '#app/domain/user-forms.ts'
import { changeOwnPassword, createUserSession, requireUser, safeRedirect } from '#app/utils/auth.server.ts'
import { fieldErrors, formToObject } from '#app/utils/forms.ts'

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  return { mustChange: user.mustChangePassword }
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request)
  const form = await request.formData()
  const parsed = changePasswordSchema.safeParse(formToObject(form))
  if (!parsed.success) return data({ errors: fieldErrors(parsed.error) }, { status: 400 })
  if ((await changeOwnPassword(user, parsed.data.current, parsed.data.password)) === 'wrong-current') {
    return data({ errors: { current: 'account.wrongCurrent' } as Record<string, string> }, { status: 400 })
  }
  // Every other session ended with the old password; this one starts afresh.
  const to = safeRedirect(new URL(request.url).searchParams.get('redirectTo'), homePath(user.roles))
  return createUserSession(request, user.id, to === '/account/password' ? homePath(user.roles) : to)
}

export const meta: MetaFunction = () => [{ title: '修改密码 · 从容 Composure' }]

export default function ChangePassword() {
  const { mustChange } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const navigation = useNavigation()
  const { t } = useTranslation()
  const errors: Record<string, string> = result?.errors ?? {}
  return (
    <div className="narrow card">
      <h1>{t('account.title')}</h1>
      <p className={mustChange ? 'alert warn' : 'muted'}>{t(mustChange ? 'account.mustChange' : 'account.intro')}</p>
      <Form method="post" noValidate>
        <Field
          label={t('account.current')}
          name="current"
          type="password"
          autoComplete="current-password"
          autoFocus
          error={errors.current && t(errors.current)}
        />
        <Field
          label={t('account.new')}
          name="password"
          type="password"
          autoComplete="new-password"
          hint={t('admin.passwordHint')}
          error={errors.password && t(errors.password)}
        />
        <Field
          label={t('account.confirm')}
          name="confirm"
          type="password"
          autoComplete="new-password"
          error={errors.confirm && t(errors.confirm)}
        />
        <button className="primary" type="submit" disabled={navigation.state === 'submitting'}>
          {t('account.submit')}
        </button>
      </Form>
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
