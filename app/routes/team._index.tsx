import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useLocation, useSubmit } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { AssignForm } from '#app/components/assign-form.tsx'
import { StatusBadge } from '#app/components/certification.tsx'
import { DashboardCharts } from '#app/components/dashboard-charts.tsx'
import { useFormatDate, useFormatDay } from '#app/components/dates.ts'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { ProgressBar } from '#app/components/ui/progress-bar.tsx'
import { SelectField } from '#app/components/ui/select-field.tsx'
import { assign, assignOptions } from '#app/certification/assign.server.ts'
import { RECENT_ROLEPLAYS, SUMMARY_MODES } from '#app/certification/summary.ts'
import { STATUSES } from '#app/certification/rules.ts'
import { dashboardCharts, dashboardTable, dashboardTeams, filteredAgentIds, type DashboardRow } from '#app/dashboard/dashboard.server.ts'
import { PER_PAGE, filterQuery, readFilter, type DashboardFilter, type SortKey } from '#app/dashboard/filter.ts'
import { can, canForAnyone } from '#app/domain/permissions.ts'
import { SKILLS, type Skill } from '#app/domain/skills.ts'
import { requirePermission, requireUser } from '#app/utils/auth.server.ts'
import { formToObject } from '#app/utils/forms.ts'

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const filter = readFilter(new URL(request.url).searchParams)
  // The table first: it brings any summary the calendar job has not reached up to date.
  const table = await dashboardTable(user, filter)
  const [charts, teams] = await Promise.all([dashboardCharts(user, filter), dashboardTeams(user)])
  return {
    filter,
    teams,
    table,
    charts,
    overview: canForAnyone(user, 'read', 'team'),
    assign: can(user, 'create', 'refresher') ? await assignOptions() : null,
  }
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, 'create', 'refresher')
  const form = await request.formData()
  if (form.get('intent') !== 'assign') throw new Response('Unknown intent', { status: 400 })
  // The filter the lead was looking at, as the page's URL had it; the server reads its agents again.
  const filter = readFilter(new URLSearchParams(String(form.get('filter') ?? '')))
  const ids = await filteredAgentIds(user, filter)
  const result = await assign({ userIds: ids, leadId: user.id, values: formToObject(form, ['quiz', 'scenario']) })
  return data(result, { status: result.ok ? 200 : 400 })
}

export const meta: MetaFunction = () => [{ title: '团队看板 · 从容 Composure' }]

const SKILL_KEYS: readonly Skill[] = SKILLS

export default function Team() {
  const { filter, teams, table, charts, overview, assign: assignChoices } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const { t } = useTranslation()
  const location = useLocation()
  const query = filterQuery({ ...filter, page: 1 })
  const link = (change: Partial<DashboardFilter>) => `?${filterQuery({ ...filter, ...change })}`
  const filtered = Boolean(filter.status || filter.overdue || (filter.skill && filter.below) || filter.q || filter.team)
  return (
    <div className="stack">
      <div className="row spread">
        <h1>{t('team.title')}</h1>
        <span className="row">
          {overview && (
            <Link className="button secondary" to="/team/overview">
              {t('dashboard.overview')}
            </Link>
          )}
          <a className="button secondary" href={`/team/export${query ? `?${query}` : ''}`} download>
            {t('team.export')}
          </a>
          <a className="button secondary" href="/team/xapi" download title={t('team.exportXapiHint')}>
            {t('team.exportXapi')}
          </a>
        </span>
      </div>
      {teams.length === 0 ? (
        <p className="card">{t('team.noTeam')}</p>
      ) : (
        <>
          <FilterForm filter={filter} teams={teams} key={location.search} />
          <section aria-labelledby="charts-heading" className="stack">
            <h2 id="charts-heading">{t('dashboard.charts')}</h2>
            <DashboardCharts charts={charts} />
          </section>
          <section aria-labelledby="table-heading" className="stack">
            <div className="row spread">
              <h2 id="table-heading">{t('dashboard.agentsHeading')}</h2>
              <p className="muted" role="status">
                {t('dashboard.count', { count: table.total })}
              </p>
            </div>
            {assignChoices && table.total > 0 && (
              <AssignForm
                options={assignChoices}
                result={result}
                target={{ filter: filterQuery({ ...filter, page: 1, per: 25 }) }}
                idPrefix="bulk"
                title={filtered ? t('assign.toFilter', { count: table.total }) : t('assign.toAll', { count: table.total })}
                intro={t('assign.intro')}
              />
            )}
            <AgentTable rows={table.rows} filter={filter} link={link} />
            <Pager filter={filter} pages={table.pages} link={link} />
          </section>
        </>
      )}
    </div>
  )
}

function FilterForm({ filter, teams }: { filter: DashboardFilter; teams: { id: string; name: string }[] }) {
  const { t } = useTranslation()
  const submit = useSubmit()
  return (
    <Form method="get" className="card filters" role="search" aria-label={t('dashboard.filter')}>
      <input type="hidden" name="sort" value={filter.sort} />
      <input type="hidden" name="dir" value={filter.dir} />
      <div className="filters__grid">
        <div className="field">
          <label htmlFor="f-q">{t('dashboard.search')}</label>
          <input id="f-q" name="q" type="search" defaultValue={filter.q ?? ''} placeholder={t('dashboard.searchHint')} />
        </div>
        {teams.length > 1 && (
          <SelectField
            id="f-team"
            label={t('dashboard.team')}
            name="team"
            value={filter.team}
            any={t('dashboard.allTeams')}
            options={teams.map((team) => ({ value: team.id, label: team.name }))}
          />
        )}
        <SelectField
          id="f-status"
          label={t('dashboard.status')}
          name="status"
          value={filter.status}
          any={t('dashboard.any')}
          options={STATUSES.map((s) => ({ value: s, label: t(`cert.status.${s}`) }))}
        />
        <SelectField
          id="f-mode"
          label={t('dashboard.mode')}
          name="mode"
          value={filter.mode}
          options={SUMMARY_MODES.map((m) => ({ value: m, label: t(`dashboard.modes.${m}`) }))}
        />
        <div className="field">
          <label htmlFor="f-skill">{t('dashboard.skillBelow')}</label>
          <span className="row">
            <select id="f-skill" name="skill" defaultValue={filter.skill ?? ''} aria-label={t('dashboard.skill')}>
              <option value="">{t('dashboard.anySkill')}</option>
              {SKILL_KEYS.map((s) => (
                <option key={s} value={s}>
                  {t(`skills.${s}`)}
                </option>
              ))}
            </select>
            <input
              name="below"
              type="number"
              min={1}
              max={100}
              inputMode="numeric"
              defaultValue={filter.below ?? ''}
              aria-label={t('dashboard.belowScore')}
              placeholder="70"
              style={{ width: '5.5rem' }}
            />
          </span>
        </div>
        <label className="choice filters__check">
          <input type="checkbox" name="overdue" value="1" defaultChecked={filter.overdue} />
          <span>{t('dashboard.overdueOnly')}</span>
        </label>
        <div className="field">
          <label htmlFor="f-per">{t('dashboard.perPage')}</label>
          <select id="f-per" name="per" defaultValue={filter.per} onChange={(e) => submit(e.currentTarget.form)}>
            {PER_PAGE.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div className="row">
        <button type="submit" className="primary">
          {t('dashboard.apply')}
        </button>
        <Link to="/team" className="button secondary">
          {t('dashboard.reset')}
        </Link>
      </div>
    </Form>
  )
}

const COLUMNS: { key: SortKey; label: string; numeric?: boolean }[] = [
  { key: 'name', label: 'team.member' },
  { key: 'status', label: 'cert.team.column' },
  { key: 'progress', label: 'team.progress' },
  { key: 'due', label: 'dashboard.column.due' },
  { key: 'lastActive', label: 'team.lastActive' },
  { key: 'passRate', label: 'dashboard.column.passRate', numeric: true },
  { key: 'score', label: 'dashboard.column.score', numeric: true },
  ...SKILLS.map((s) => ({ key: s, label: `skills.${s}`, numeric: true })),
]

function Trend({ trend }: { trend: 'up' | 'down' | 'level' | null }) {
  const { t } = useTranslation()
  if (!trend) return null
  const mark = { up: '▲', down: '▼', level: '▶' }[trend]
  return (
    <span className={`trend trend--${trend}`} title={t(`dashboard.trend.${trend}`)}>
      <span aria-hidden="true">{mark}</span>
      <span className="sr-only">{t(`dashboard.trend.${trend}`)}</span>
    </span>
  )
}

function AgentTable({
  rows,
  filter,
  link,
}: {
  rows: DashboardRow[]
  filter: DashboardFilter
  link: (c: Partial<DashboardFilter>) => string
}) {
  const { t } = useTranslation()
  const formatDate = useFormatDate()
  const day = useFormatDay()
  if (rows.length === 0) return <p className="card">{t('dashboard.noneMatch')}</p>
  return (
    <div className="table-wrap">
      <table className="data dashboard-table">
        <caption className="sr-only">{t('dashboard.caption', { count: RECENT_ROLEPLAYS })}</caption>
        <thead>
          <tr>
            {COLUMNS.map((c) => {
              const active = filter.sort === c.key
              const next = active && filter.dir === 'asc' ? 'desc' : 'asc'
              return (
                <th
                  key={c.key}
                  scope="col"
                  aria-sort={active ? (filter.dir === 'asc' ? 'ascending' : 'descending') : undefined}
                  className={c.numeric ? 'num' : undefined}
                >
                  <Link to={link({ sort: c.key, dir: active ? next : 'asc', page: 1 })} preventScrollReset>
                    {t(c.label)}
                    <span aria-hidden="true" className="sort-mark">
                      {active ? (filter.dir === 'asc' ? ' ↑' : ' ↓') : ' ↕'}
                    </span>
                  </Link>
                </th>
              )
            })}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.userId}>
              <th scope="row">
                <Link to={`/team/${r.userId}`}>{r.displayName}</Link>
                <div className="muted small">
                  @{r.username} · {r.teamName}
                </div>
              </th>
              <td>
                <ul className="cert-cells">
                  {r.certifications.map((c) => (
                    <li key={c.id}>
                      <span className="cert-cells__title">{c.title}</span> <StatusBadge status={c.status} />
                    </li>
                  ))}
                </ul>
              </td>
              <td style={{ minWidth: '8rem' }}>
                <ProgressBar value={r.percent} label={`${r.displayName} ${t('team.progress')}`} />
                <div className="muted small">{t('dashboard.modules', { passed: r.modulesPassed, total: r.modulesTotal })}</div>
              </td>
              <td>
                {r.due && (
                  <div className={r.due.overdue ? 'due overdue' : 'due'}>
                    {r.due.overdue
                      ? t('cert.team.overdueSince', { date: day(r.due.date) })
                      : t('cert.team.dueOn', { date: day(r.due.date) })}
                  </div>
                )}
                {r.assignments.open > 0 && r.assignments.dueDate && (
                  <div className={r.assignments.overdue ? 'due overdue' : 'due'}>
                    {t(r.assignments.overdue ? 'dashboard.assignmentsOverdue' : 'dashboard.assignmentsOpen', {
                      count: r.assignments.open,
                      date: day(r.assignments.dueDate),
                    })}
                  </div>
                )}
                {!r.due &&
                  r.assignments.open === 0 &&
                  (r.nextDue ? <span className="muted">{t('dashboard.nextDue', { date: day(r.nextDue) })}</span> : '—')}
              </td>
              <td>{r.lastActive ? formatDate(r.lastActive, false) : t('team.never')}</td>
              <td className="num">{r.passRate === null ? '—' : `${Math.round(r.passRate)}%`}</td>
              <td className="num">
                {r.score === null ? '—' : Math.round(r.score)} <Trend trend={r.scoreTrend} />
              </td>
              {SKILLS.map((s) => {
                const v = r.skills[s].value
                return (
                  <td key={s} className={`num${v !== null && v < 60 ? ' weak' : ''}`}>
                    {v === null ? '—' : Math.round(v)} <Trend trend={r.skills[s].trend} />
                  </td>
                )
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

function Pager({ filter, pages, link }: { filter: DashboardFilter; pages: number; link: (c: Partial<DashboardFilter>) => string }) {
  const { t } = useTranslation()
  if (pages <= 1) return null
  const near = [...new Set([1, filter.page - 2, filter.page - 1, filter.page, filter.page + 1, filter.page + 2, pages])]
    .filter((p) => p >= 1 && p <= pages)
    .sort((a, b) => a - b)
  return (
    <nav aria-label={t('dashboard.pages')} className="pager">
      {filter.page > 1 && <Link to={link({ page: filter.page - 1 })}>{t('dashboard.previous')}</Link>}
      {near.map((p, i) => (
        <span key={p}>
          {i > 0 && near[i - 1]! < p - 1 && <span aria-hidden="true"> … </span>}
          {p === filter.page ? (
            <span aria-current="page" className="pager__current">
              {p}
            </span>
          ) : (
            <Link to={link({ page: p })} aria-label={t('dashboard.page', { page: p })}>
              {p}
            </Link>
          )}
        </span>
      ))}
      {filter.page < pages && <Link to={link({ page: filter.page + 1 })}>{t('dashboard.next')}</Link>}
    </nav>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
