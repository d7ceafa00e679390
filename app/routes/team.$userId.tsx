import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { AssignRefresherForm } from '#app/components/assign-refresher-form.tsx'
import { assignFromForm, assignOptions } from '#app/certification/assign.server.ts'
import { can } from '#app/domain/permissions.ts'
import { holds } from '#app/certification/rules.ts'
import { formToObject } from '#app/utils/forms.ts'
import { useTranslation } from 'react-i18next'
import { AttemptTable } from '#app/components/attempt-table.tsx'
import { CertificationCard } from '#app/components/certification-card.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { learningPath } from '#app/certification/learning-path.server.ts'
import { roleplayRows } from '#app/roleplay/attempt-rows.server.ts'
import { getUserById } from '#app/models/users.server.ts'
import { assertCan, requirePermission, requireUser } from '#app/utils/auth.server.ts'
import { notFound } from '#app/utils/http.ts'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const member = await getUserById(params.userId ?? '')
  if (!member) throw notFound()
  const owner = { userId: member.id, teamId: member.teamId }
  assertCan(user, 'read', 'progress', owner)
  assertCan(user, 'read', 'roleplay-attempt', owner)
  assertCan(user, 'read', 'certification', owner)
  // The same path the member sees on /learn: one computation for the cards and the module table.
  const { certifications, modules, attempts } = await learningPath(member.id)
  const titles = new Map(modules.map((m) => [m.id, m.title]))
  return {
    member: { displayName: member.displayName, username: member.username, teamName: member.teamName },
    modules: modules.map(({ id, title, status, bestScore, certification }) => ({ moduleId: id, title, status, bestScore, certification })),
    roleplays: await roleplayRows([member.id]),
    certifications: certifications.map((c) => ({
      ...c,
      assign: can(user, 'create', 'refresher', owner) && holds(c.status) ? assignOptions(c.id) : null,
    })),
    attempts: attempts.map((a) => ({
      id: a.id,
      href: `/quiz-results/${a.id}`,
      title: titles.get(a.moduleId) ?? a.moduleId,
      version: a.moduleVersion,
      score: a.score,
      passed: a.passed,
      submittedAt: a.submittedAt!.toISOString(),
    })),
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const member = await getUserById(params.userId ?? '')
  if (!member) throw notFound()
  const lead = await requirePermission(request, 'create', 'refresher', { userId: member.id, teamId: member.teamId })
  const form = await request.formData()
  if (form.get('intent') !== 'assign-refresher') throw new Response('Unknown intent', { status: 400 })
  const values = formToObject(form, ['quiz', 'scenario'])
  const result = assignFromForm({ memberId: member.id, leadId: lead.id, values })
  if (!result.ok) return data({ ...result, certificationId: String(values.certificationId ?? ''), values }, { status: 400 })
  return { ok: true as const, errors: {} as Record<string, string>, certificationId: String(values.certificationId ?? ''), values: {} }
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.member.displayName ?? ''} · 从容 Composure` }]

export default function Member() {
  const { member, modules, attempts, roleplays, certifications } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const { t } = useTranslation()
  return (
    <div className="stack">
      <p>
        <Link to="/team">← {t('team.title')}</Link>
      </p>
      <h1>
        {member.displayName}{' '}
        <span className="muted" style={{ fontSize: '1rem' }}>
          @{member.username} · {member.teamName}
        </span>
      </h1>
      {certifications.map((c) => (
        <div key={c.id} className="stack">
          <CertificationCard view={c} own={false} />
          {c.assign && <AssignRefresherForm options={c.assign} result={result?.certificationId === c.id ? result : undefined} />}
        </div>
      ))}
      <div className="table-wrap">
        <table className="data">
          <thead>
            <tr>
              <th scope="col">{t('trainer.modules')}</th>
              <th scope="col">{t('team.progress')}</th>
              <th scope="col">{t('learn.certification.column')}</th>
              <th scope="col">{t('common.score')}</th>
            </tr>
          </thead>
          <tbody>
            {modules.map((m) => (
              <tr key={m.moduleId}>
                <th scope="row">{m.title}</th>
                <td>{t(`learn.status.${m.status}`)}</td>
                <td>{m.certification ? t(`learn.certification.${m.certification}`) : '—'}</td>
                <td>{m.bestScore ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>{t('team.attempts')}</h2>
      <AttemptTable attempts={attempts} />
      <h2>{t('practice.title')}</h2>
      <AttemptTable attempts={roleplays} titleLabel="practice.title" />
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
