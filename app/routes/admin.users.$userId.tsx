import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { Field } from '#app/components/ui/field.tsx'
import { RoleAndTeamFields } from '#app/components/user-fields.tsx'
import { resetPasswordSchema, updateUserSchema } from '#app/domain/user-forms.ts'
import { listTeams } from '#app/models/teams.server.ts'
import { getUserById, setPassword, updateUser } from '#app/models/users.server.ts'
import { requirePermission } from '#app/utils/auth.server.ts'
import { notFound } from '#app/utils/http.ts'
import { fieldErrors, formToObject } from '#app/utils/forms.ts'

async function findUser(id: string | undefined) {
  const user = id ? await getUserById(id) : null
  if (!user) throw notFound()
  return user
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, 'manage', 'user')
  const user = await findUser(params.userId)
  const teams = await listTeams()
  return {
    user: { id: user.id, username: user.username, displayName: user.displayName, roles: user.roles, teamId: user.teamId ?? '' },
    teams: teams.map(({ id, name }) => ({ id, name })),
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  await requirePermission(request, 'manage', 'user')
  const user = await findUser(params.userId)
  const form = await request.formData()
  const intent = form.get('intent')
  const values = formToObject(form)
  if (intent === 'update') {
    const parsed = updateUserSchema.safeParse(values)
    if (!parsed.success) return data({ intent, ok: false, errors: fieldErrors(parsed.error) }, { status: 400 })
    await updateUser(user.id, parsed.data)
    return { intent, ok: true, errors: {} }
  }
  if (intent === 'reset-password') {
    const parsed = resetPasswordSchema.safeParse(values)
    if (!parsed.success) return data({ intent, ok: false, errors: fieldErrors(parsed.error) }, { status: 400 })
    await setPassword(user.id, parsed.data.password)
    return { intent, ok: true, errors: {} }
  }
  throw new Response('Unknown intent', { status: 400 })
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.user.username ?? ''} · 用户管理 · 从容 Composure` },
]

export default function EditUser() {
  const { user, teams } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const { t } = useTranslation()
  const errorsFor = (intent: string): Record<string, string> => (result?.intent === intent ? result.errors : {})
  const okFor = (intent: string) => result?.intent === intent && result.ok
  return (
    <div className="stack" style={{ maxWidth: 640 }}>
      <p>
        <Link to="/admin/users">← {t('admin.usersTitle')}</Link>
      </p>
      <h1>{user.username}</h1>
      <section className="card" aria-labelledby="edit-title">
        <h2 id="edit-title" style={{ marginTop: 0 }}>
          {t('admin.edit')}
        </h2>
        {okFor('update') && (
          <p className="alert ok" role="status">
            {t('admin.saved')}
          </p>
        )}
        <Form method="post" noValidate>
          <Field label={t('admin.displayName')} name="displayName" defaultValue={user.displayName} error={errorsFor('update').displayName && t(errorsFor('update').displayName!)} />
          <RoleAndTeamFields teams={teams} roles={user.roles} teamId={user.teamId} errors={errorsFor('update')} />
          <button className="primary" type="submit" name="intent" value="update">
            {t('admin.save')}
          </button>
        </Form>
      </section>
      <section className="card" aria-labelledby="reset-title">
        <h2 id="reset-title" style={{ marginTop: 0 }}>
          {t('admin.resetPassword')}
        </h2>
        {okFor('reset-password') && (
          <p className="alert ok" role="status">
            {t('admin.passwordReset')}
          </p>
        )}
        <Form method="post" noValidate>
          <Field label={t('admin.newPassword')} name="password" type="password" autoComplete="new-password" hint={t('admin.passwordHint')} error={errorsFor('reset-password').password && t(errorsFor('reset-password').password!)} />
          <button className="primary" type="submit" name="intent" value="reset-password">
            {t('admin.resetPassword')}
          </button>
        </Form>
      </section>
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
