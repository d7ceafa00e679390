import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useEffect, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { Field } from '#app/components/ui/field.tsx'
import { RoleAndTeamFields } from '#app/components/user-fields.tsx'
import { createUserSchema } from '#app/domain/user-forms.ts'
import { listTeams } from '#app/models/teams.server.ts'
import { createUser, listUsers, NoSuchTeamError, UsernameTakenError } from '#app/models/users.server.ts'
import { requirePermission } from '#app/utils/auth.server.ts'
import { fieldErrors, formToObject } from '#app/utils/forms.ts'

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'manage', 'user')
  const [users, teams] = await Promise.all([listUsers(), listTeams()])
  return {
    users: users.map(({ id, username, displayName, roles, teamName, disabled }) => ({
      id,
      username,
      displayName,
      roles,
      teamName,
      disabled,
    })),
    teams: teams.map(({ id, name }) => ({ id, name })),
  }
}

export async function action({ request }: ActionFunctionArgs) {
  await requirePermission(request, 'manage', 'user')
  const values = formToObject(await request.formData())
  const parsed = createUserSchema.safeParse(values)
  const { password: _password, ...kept } = values
  if (!parsed.success) return data({ ok: false as const, errors: fieldErrors(parsed.error), values: kept }, { status: 400 })
  try {
    await createUser({ ...parsed.data, mustChangePassword: true })
  } catch (error) {
    if (error instanceof NoSuchTeamError)
      return data({ ok: false as const, errors: { teamId: 'admin.noSuchTeam' }, values: kept }, { status: 400 })
    if (!(error instanceof UsernameTakenError)) throw error
    return data({ ok: false as const, errors: { username: 'admin.usernameTaken' }, values: kept }, { status: 400 })
  }
  return { ok: true as const, created: parsed.data.username, errors: {}, values: {} }
}

export const meta: MetaFunction = () => [{ title: '用户管理 · 从容 Composure' }]

export default function AdminUsers() {
  const { users, teams } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const navigation = useNavigation()
  const { t } = useTranslation()
  const formRef = useRef<HTMLFormElement>(null)
  const errors: Record<string, string> = result?.errors ?? {}
  const values = (result?.values ?? {}) as Record<string, string | string[] | undefined>
  useEffect(() => {
    if (result?.ok) formRef.current?.reset()
  }, [result])
  return (
    <div className="stack">
      <h1>{t('admin.usersTitle')}</h1>
      <div className="table-wrap">
        <table className="data">
          <thead>
            <tr>
              <th scope="col">{t('admin.username')}</th>
              <th scope="col">{t('admin.displayName')}</th>
              <th scope="col">{t('admin.roles')}</th>
              <th scope="col">{t('admin.team')}</th>
              <th scope="col">{t('common.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id}>
                <td>{u.username}</td>
                <td>{u.displayName}</td>
                <td>{u.roles.map((r) => t(`roles.${r}`)).join('、')}</td>
                <td>{u.teamName ?? '—'}</td>
                <td>
                  <Link to={`/admin/users/${u.id}`}>
                    {t('admin.edit')}
                    <span className="sr-only"> {u.username}</span>
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <section className="card" aria-labelledby="create-user">
        <h2 id="create-user" style={{ marginTop: 0 }}>
          {t('admin.createUser')}
        </h2>
        {result?.ok && (
          <p className="alert ok" role="status">
            {t('admin.created', { username: result.created })}
          </p>
        )}
        <Form method="post" ref={formRef} noValidate key={result?.ok ? result.created : 'form'}>
          <Field
            label={t('admin.username')}
            name="username"
            hint={t('admin.usernameHint')}
            defaultValue={values.username as string}
            error={errors.username && t(errors.username)}
            autoComplete="off"
          />
          <Field
            label={t('admin.displayName')}
            name="displayName"
            defaultValue={values.displayName as string}
            error={errors.displayName && t(errors.displayName)}
          />
          <Field
            label={t('admin.password')}
            name="password"
            type="password"
            hint={t('admin.passwordHint')}
            error={errors.password && t(errors.password)}
            autoComplete="new-password"
          />
          <RoleAndTeamFields
            teams={teams}
            roles={(values.roles as string[] | undefined) ?? ['trainee']}
            teamId={(values.teamId as string) ?? ''}
            errors={errors}
          />
          <button className="primary" type="submit" disabled={navigation.state === 'submitting'}>
            {t('admin.create')}
          </button>
        </Form>
      </section>
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
