import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { AssignForm } from '#app/components/assign-form.tsx'
import { HistoryList } from '#app/components/certification.tsx'
import { SkillsOverTimeChart } from '#app/components/charts/team-charts.tsx'
import { useFormatDate, useFormatDay } from '#app/components/dates.ts'
import { assign, assignOptions } from '#app/certification/assign.server.ts'
import { assignmentHistory, skillsByWeek } from '#app/dashboard/agent.server.ts'
import { can } from '#app/domain/permissions.ts'
import { SKILLS } from '#app/domain/skills.ts'
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
  assertCan(user, 'read', 'certification', owner)
  // Admins see the standing and the scores; what an agent typed stays with their lead and trainers.
  const attemptsVisible = can(user, 'read', 'roleplay-attempt', owner) && can(user, 'read', 'quiz-attempt', owner)
  // The same path the member sees on /learn: one computation for the cards and the module table.
  const { certifications, modules, attempts } = await learningPath(member.id)
  const titles = new Map(modules.map((m) => [m.id, m.title]))
  const [skills, assignments] = await Promise.all([skillsByWeek(member.id), assignmentHistory(member.id)])
  return {
    member: { displayName: member.displayName, username: member.username, teamName: member.teamName },
    skills,
    assignments,
    assign: can(user, 'create', 'refresher', owner) ? await assignOptions() : null,
    // Every certification's events in one timeline, newest first.
    timeline: certifications
      .flatMap((c) => c.history.map((h) => ({ ...h, certification: c.title })))
      .sort((a, b) => b.at.localeCompare(a.at)),
    modules: modules.map(({ id, title, status, bestScore, certification }) => ({ moduleId: id, title, status, bestScore, certification })),
    roleplays: attemptsVisible ? await roleplayRows([member.id]) : null,
    certifications,
    attempts: (attemptsVisible ? attempts : []).map((a) => ({
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
  if (form.get('intent') !== 'assign') throw new Response('Unknown intent', { status: 400 })
  const result = await assign({ userIds: [member.id], leadId: lead.id, values: formToObject(form, ['quiz', 'scenario']) })
  return data(result, { status: result.ok ? 200 : 400 })
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.member.displayName ?? ''} · 从容 Composure` }]

export default function Member() {
  const {
    member,
    modules,
    attempts,
    roleplays,
    certifications,
    timeline,
    skills,
    assignments,
    assign: choices,
  } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const { t } = useTranslation()
  const formatDate = useFormatDate()
  const day = useFormatDay()
  const skillLabels = Object.fromEntries(SKILLS.map((s) => [s, t(`skills.${s}`)]))
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
      {choices && (
        <AssignForm options={choices} result={result} target={{}} idPrefix="agent" title={t('assign.toOne')} intro={t('assign.intro')} />
      )}
      <div className="chart-grid">
        {certifications.map((c) => (
          <CertificationCard key={c.id} view={c} own={false} />
        ))}
      </div>
      <section aria-labelledby="timeline-heading" className="card stack">
        <h2 id="timeline-heading">{t('agent.timeline')}</h2>
        <HistoryList history={timeline} />
      </section>
      <SkillsOverTimeChart
        title={t('agent.skillsOverTime')}
        tableLabel={t('dashboard.asTable')}
        emptyLabel={t('dashboard.noRoleplays')}
        skillLabels={skillLabels}
        weeks={skills.map((w) => ({ ...w, label: t('dashboard.weekOf', { date: w.week.slice(5) }) }))}
      />
      <section aria-labelledby="assignments-heading" className="stack">
        <h2 id="assignments-heading">{t('agent.assignments')}</h2>
        {assignments.length === 0 ? (
          <p className="muted">{t('agent.noAssignments')}</p>
        ) : (
          <div className="table-wrap">
            <table className="data">
              <thead>
                <tr>
                  <th scope="col">{t('assign.kind')}</th>
                  <th scope="col">{t('assign.reason')}</th>
                  <th scope="col">{t('cert.assign.dueDate')}</th>
                  <th scope="col">{t('team.progress')}</th>
                </tr>
              </thead>
              <tbody>
                {assignments.map((a) => (
                  <tr key={a.id}>
                    <th scope="row">
                      {t(`assign.kinds.${a.kind}`)}
                      <ul className="plain small">
                        {a.items.map((item, i) => (
                          <li key={i}>{t(`assign.item.${item.kind}`, { title: item.title })}</li>
                        ))}
                      </ul>
                    </th>
                    <td>
                      {a.reason} <span className="muted small">· {t('assign.by', { by: a.by })}</span>
                    </td>
                    <td className={a.overdue ? 'due overdue' : undefined}>
                      {a.overdue ? t('assign.overdue', { date: day(a.dueDate) }) : day(a.dueDate)}
                    </td>
                    <td>{a.completedAt ? t('assign.doneOn', { date: formatDate(a.completedAt, false) }) : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <h2>{t('trainer.modules')}</h2>
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
      {roleplays && (
        <>
          <h2>{t('agent.quizHistory')}</h2>
          <AttemptTable attempts={attempts} />
          <h2>{t('agent.roleplays')}</h2>
          <AttemptTable attempts={roleplays} titleLabel="practice.title" />
        </>
      )}
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
