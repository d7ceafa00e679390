import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { Field } from '#app/components/ui/field.tsx'
import { RoleAndTeamFields } from '#app/components/user-fields.tsx'
import { resetPasswordSchema, updateUserSchema } from '#app/domain/user-forms.ts'
import { listTeams } from '#app/models/teams.server.ts'
import { reconcileUser } from '#app/certification/reconcile.server.ts'
import { getUserById, LastAdminError, NoSuchTeamError, setPassword, updateUser } from '#app/models/users.server.ts'
import { z } from 'zod'
import { certificatesOf, revokeHolderCertificate } from '#app/certification/certificates.server.ts'
import { useFormatDay } from '#app/components/dates.ts'
import { can } from '#app/domain/permissions.ts'
import { requirePermission } from '#app/utils/auth.server.ts'
import { notFound } from '#app/utils/http.ts'
import { fieldErrors, formToObject } from '#app/utils/forms.ts'

async function findUser(id: string | undefined) {
  const user = id ? await getUserById(id) : null
  if (!user) throw notFound()
  return user
}

const revokeSchema = z.object({
  certificateId: z.string().min(1),
  reason: z.string().trim().min(4, 'cert.admin.reasonRequired').max(500),
})

export async function loader({ request, params }: LoaderFunctionArgs) {
  const admin = await requirePermission(request, 'manage', 'user')
  const user = await findUser(params.userId)
  const teams = await listTeams()
  return {
    certificates: can(admin, 'manage', 'certification') ? await certificatesOf(user.id) : null,
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
    try {
      await updateUser(user.id, parsed.data)
      // The dashboard sorts by the name and lists by team: the agent's summary follows.
      await reconcileUser(user.id)
    } catch (error) {
      const refused = (field: string, key: string, status: number) =>
        data({ intent, ok: false, errors: { [field]: key } as Record<string, string> }, { status })
      if (error instanceof NoSuchTeamError) return refused('teamId', 'admin.noSuchTeam', 400)
      if (error instanceof LastAdminError) return refused('roles', 'admin.lastAdmin', 409)
      throw error
    }
    return { intent, ok: true, errors: {} }
  }
  if (intent === 'revoke') {
    const admin = await requirePermission(request, 'manage', 'certification')
    const parsed = revokeSchema.safeParse(values)
    // The reason typed, and which certificate it was for, come back with the error.
    const kept = { certificateId: String(values.certificateId ?? ''), reason: String(values.reason ?? '') }
    if (!parsed.success) return data({ intent, ok: false, errors: fieldErrors(parsed.error), ...kept }, { status: 400 })
    const outcome = await revokeHolderCertificate({
      holderId: user.id,
      certificateId: parsed.data.certificateId,
      by: admin.id,
      reason: parsed.data.reason,
    })
    if (outcome === 'ended')
      return data({ intent, ok: false, errors: { form: 'cert.admin.alreadyEnded' } as Record<string, string> }, { status: 409 })
    return { intent, ok: true, errors: {} }
  }
  if (intent === 'reset-password') {
    const parsed = resetPasswordSchema.safeParse(values)
    if (!parsed.success) return data({ intent, ok: false, errors: fieldErrors(parsed.error) }, { status: 400 })
    await setPassword(user.id, parsed.data.password, { mustChange: true })
    return { intent, ok: true, errors: {} }
  }
  throw new Response('Unknown intent', { status: 400 })
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.user.username ?? ''} · 用户管理 · 从容 Composure` }]

export default function EditUser() {
  const { user, teams, certificates } = useLoaderData<typeof loader>()
  const day = useFormatDay()
  const result = useActionData<typeof action>()
  const { t } = useTranslation()
  const errorsFor = (intent: string): Record<string, string> => (result?.intent === intent ? result.errors : {})
  const okFor = (intent: string) => result?.intent === intent && result.ok
  // NOTE: the action's answers lose their optional fields in the inferred union; this one is the refused revocation's.
  const refusedRevoke =
    result?.intent === 'revoke' && !result.ok
      ? (result as unknown as { certificateId: string; reason: string; errors: Record<string, string> })
      : undefined
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
          <Field
            label={t('admin.displayName')}
            name="displayName"
            defaultValue={user.displayName}
            error={errorsFor('update').displayName && t(errorsFor('update').displayName!)}
          />
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
          <Field
            label={t('admin.newPassword')}
            name="password"
            type="password"
            autoComplete="new-password"
            hint={t('admin.passwordHint')}
            error={errorsFor('reset-password').password && t(errorsFor('reset-password').password!)}
          />
          <button className="primary" type="submit" name="intent" value="reset-password">
            {t('admin.resetPassword')}
          </button>
        </Form>
      </section>
      {certificates && (
        <section className="card stack" aria-labelledby="certificates-title">
          <h2 id="certificates-title" style={{ marginTop: 0 }}>
            {t('cert.admin.title')}
          </h2>
          {okFor('revoke') && (
            <p className="alert ok" role="status">
              {t('cert.admin.revoked')}
            </p>
          )}
          {errorsFor('revoke').form && (
            <p className="alert error" role="alert">
              {t(errorsFor('revoke').form!)}
            </p>
          )}
          {certificates.length === 0 && <p className="muted">{t('cert.admin.none')}</p>}
          {certificates.map((c) => (
            <div key={c.id} className="stack" style={{ borderTop: '1px solid var(--line)', paddingTop: '0.75rem' }}>
              <p className="row spread" style={{ margin: 0 }}>
                <span>
                  <Link to={`/certificates/${c.id}`}>{c.title}</Link> · {day(c.issuedDate)} – {day(c.validUntil)} ·{' '}
                  <span className="code">{c.code}</span>
                </span>
                <span className={`badge ${c.inForce ? 'ok' : 'bad'}`}>{t(`cert.verify.state.${c.state}`)}</span>
              </p>
              {c.inForce && (
                <Form method="post" noValidate>
                  <input type="hidden" name="certificateId" value={c.id} />
                  <Field
                    label={`${t('cert.admin.reason')}（${c.title}）`}
                    name="reason"
                    hint={t('cert.admin.reasonHint')}
                    defaultValue={refusedRevoke?.certificateId === c.id ? refusedRevoke.reason : ''}
                    error={
                      refusedRevoke?.certificateId === c.id && refusedRevoke.errors.reason ? t(refusedRevoke.errors.reason) : undefined
                    }
                  />
                  <button className="secondary" type="submit" name="intent" value="revoke">
                    {t('cert.admin.revoke')}
                  </button>
                </Form>
              )}
            </div>
          ))}
        </section>
      )}
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
