import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { Field } from '#app/components/ui/field.tsx'
import { createTeamSchema, setLeadSchema } from '#app/domain/user-forms.ts'
import { createTeam, listTeams, setTeamLead, TeamNameTakenError } from '#app/models/teams.server.ts'
import { listUsers } from '#app/models/users.server.ts'
import { requirePermission } from '#app/utils/auth.server.ts'
import { fieldErrors, formToObject } from '#app/utils/forms.ts'

async function listLeads() {
  return (await listUsers()).filter((u) => u.roles.includes('lead')).map((u) => ({ id: u.id, displayName: u.displayName }))
}

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'manage', 'team')
  const [teams, leads] = await Promise.all([listTeams(), listLeads()])
  return { teams, leads }
}

export async function action({ request }: ActionFunctionArgs) {
  await requirePermission(request, 'manage', 'team')
  const form = await request.formData()
  const values = formToObject(form, [])
  const leads = await listLeads()
  const notALead = (id: string | null) => id !== null && !leads.some((l) => l.id === id)
  if (form.get('intent') === 'set-lead') {
    const parsed = setLeadSchema.safeParse(values)
    if (!parsed.success || notALead(parsed.data.leadId) || !(await setTeamLead(parsed.data.teamId, parsed.data.leadId))) {
      return data({ ok: false, errors: { lead: 'admin.notALead' }, values }, { status: 400 })
    }
    return { ok: true, errors: {}, values: {} }
  }
  const parsed = createTeamSchema.safeParse(values)
  if (!parsed.success) return data({ ok: false, errors: fieldErrors(parsed.error), values }, { status: 400 })
  if (notALead(parsed.data.leadId)) return data({ ok: false, errors: { leadId: 'admin.notALead' }, values }, { status: 400 })
  try {
    await createTeam(parsed.data)
  } catch (error) {
    if (!(error instanceof TeamNameTakenError)) throw error
    return data({ ok: false, errors: { name: 'admin.teamTaken' }, values }, { status: 400 })
  }
  return { ok: true, errors: {}, values: {} }
}

export const meta: MetaFunction = () => [{ title: '团队管理 · 从容 Composure' }]

function LeadSelect({ id, leads, defaultValue }: { id: string; leads: { id: string; displayName: string }[]; defaultValue: string }) {
  const { t } = useTranslation()
  return (
    <select id={id} name="leadId" defaultValue={defaultValue}>
      <option value="">{t('admin.noLead')}</option>
      {leads.map((l) => (
        <option key={l.id} value={l.id}>
          {l.displayName}
        </option>
      ))}
    </select>
  )
}

export default function AdminTeams() {
  const { teams, leads } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const { t } = useTranslation()
  const errors: Record<string, string> = result?.errors ?? {}
  const values = (result?.values ?? {}) as Record<string, string | undefined>
  return (
    <div className="stack">
      <h1>{t('admin.teamsTitle')}</h1>
      {errors.lead && (
        <p className="alert error" role="alert">
          {t(errors.lead)}
        </p>
      )}
      <div className="table-wrap">
        <table className="data">
          <thead>
            <tr>
              <th scope="col">{t('admin.teamName')}</th>
              <th scope="col">{t('admin.members')}</th>
              <th scope="col">{t('admin.lead')}</th>
            </tr>
          </thead>
          <tbody>
            {teams.map((team) => (
              <tr key={team.id}>
                <th scope="row">{team.name}</th>
                <td>{team.members}</td>
                <td>
                  <Form method="post" className="row">
                    <input type="hidden" name="teamId" value={team.id} />
                    <label className="sr-only" htmlFor={`lead-${team.id}`}>
                      {t('admin.lead')} · {team.name}
                    </label>
                    <LeadSelect id={`lead-${team.id}`} leads={leads} defaultValue={team.leadId ?? ''} />
                    <button className="secondary" type="submit" name="intent" value="set-lead">
                      {t('admin.save')}
                    </button>
                  </Form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <section className="card" aria-labelledby="create-team" style={{ maxWidth: 520 }}>
        <h2 id="create-team" style={{ marginTop: 0 }}>
          {t('admin.createTeam')}
        </h2>
        <Form method="post" noValidate>
          <Field label={t('admin.teamName')} name="name" defaultValue={values.name} error={errors.name && t(errors.name)} />
          <div className="field">
            <label htmlFor="new-team-lead">{t('admin.lead')}</label>
            <LeadSelect id="new-team-lead" leads={leads} defaultValue={values.leadId ?? ''} />
            {errors.leadId && (
              <p className="field-error" role="alert">
                {t(errors.leadId)}
              </p>
            )}
          </div>
          <button className="primary" type="submit" name="intent" value="create">
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
