import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { useFormatDate } from '#app/components/dates.ts'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { PassBadge } from '#app/components/attempt-table.tsx'
import { OUTCOMES } from '#app/roleplay/schema.ts'
import { reviewList, type ReviewQuery } from '#app/roleplay/review.server.ts'
import { requirePermission } from '#app/utils/auth.server.ts'
import { i18next } from '#app/utils/i18n.server.ts'

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'manage', 'roleplay-attempt')
  const t = await i18next.getFixedT(request)
  return { title: t('review.title'), ...(await reviewList(new URL(request.url).searchParams)) }
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? '成绩复核'} · 从容 Composure` }]

const LIST = '/studio/reviews'

/** The list's URL with the same filters and another page. */
function pageHref(query: ReviewQuery, page: number) {
  const params = new URLSearchParams()
  for (const [k, v] of Object.entries({ ...query, page: page > 1 ? String(page) : undefined })) if (v) params.set(k, String(v))
  const search = params.toString()
  return search ? `${LIST}?${search}` : LIST
}

export default function Reviews() {
  const d = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  const formatDate = useFormatDate()
  const q = d.query
  return (
    <div className="stack">
      <h1>{t('review.title')}</h1>
      <p className="muted">{t('review.intro')}</p>
      <section className="card" aria-labelledby="review-filters">
        <h2 id="review-filters" style={{ marginTop: 0, fontSize: '1.05rem' }}>
          {t('review.filters.title')}
        </h2>
        {/* A GET form: the filters live in the URL, so a filtered list can be bookmarked and shared. */}
        <Form method="get" className="review-filters">
          <div className="field">
            <label htmlFor="f-scenario">{t('review.filters.scenario')}</label>
            <select id="f-scenario" name="scenario" defaultValue={q.scenario ?? ''}>
              <option value="">{t('review.filters.any')}</option>
              {d.scenarios.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.title}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="f-team">{t('review.filters.team')}</label>
            <select id="f-team" name="team" defaultValue={q.team ?? ''}>
              <option value="">{t('review.filters.any')}</option>
              {d.teams.map((team) => (
                <option key={team.id} value={team.id}>
                  {team.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="f-outcome">{t('review.filters.outcome')}</label>
            <select id="f-outcome" name="outcome" defaultValue={q.outcome ?? ''}>
              <option value="">{t('review.filters.any')}</option>
              {OUTCOMES.map((o) => (
                <option key={o} value={o}>
                  {t(`practice.outcome.${o}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="f-mode">{t('review.filters.mode')}</label>
            <select id="f-mode" name="mode" defaultValue={q.mode ?? ''}>
              <option value="">{t('review.filters.any')}</option>
              <option value="free">{t('practice.freeShort')}</option>
              <option value="guided">{t('practice.guidedShort')}</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor="f-reviewed">{t('review.filters.reviewed')}</label>
            <select id="f-reviewed" name="reviewed" defaultValue={q.reviewed ?? ''}>
              <option value="">{t('review.filters.any')}</option>
              <option value="no">{t('review.filters.reviewedNo')}</option>
              <option value="yes">{t('review.filters.reviewedYes')}</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor="f-from">{t('review.filters.from')}</label>
            <input id="f-from" type="date" name="from" defaultValue={q.from ?? ''} />
          </div>
          <div className="field">
            <label htmlFor="f-to">{t('review.filters.to')}</label>
            <input id="f-to" type="date" name="to" defaultValue={q.to ?? ''} />
          </div>
          <div className="row review-filters__actions">
            <button className="primary" type="submit">
              {t('review.filters.apply')}
            </button>
            <Link className="button secondary" to={LIST}>
              {t('review.filters.clear')}
            </Link>
          </div>
        </Form>
      </section>
      {d.badRange && (
        <p className="alert warn" role="status">
          {t('review.filters.badRange')}
        </p>
      )}
      <p role="status" className="muted" style={{ margin: '1rem 0 0' }}>
        {t('review.count', { count: d.total })}
      </p>
      {d.attempts.length === 0 ? (
        <p className="card">{t('review.none')}</p>
      ) : (
        <div className="table-wrap">
          <table className="data review-table">
            <thead>
              <tr>
                <th scope="col">{t('review.columns.finishedAt')}</th>
                <th scope="col">{t('review.columns.trainee')}</th>
                <th scope="col">{t('review.columns.team')}</th>
                <th scope="col">{t('review.columns.scenario')}</th>
                <th scope="col">{t('review.columns.outcome')}</th>
                <th scope="col">{t('review.columns.original')}</th>
                <th scope="col">{t('review.columns.reviewed')}</th>
                <th scope="col">{t('common.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {d.attempts.map((a) => (
                <tr key={a.id}>
                  <td className="nowrap">{formatDate(a.finishedAt)}</td>
                  <th scope="row">{a.displayName}</th>
                  <td className="nowrap">{a.teamName ?? <span className="muted">{t('review.noTeam')}</span>}</td>
                  <td>
                    {a.title}
                    <span className="muted"> v{a.version}</span>{' '}
                    <span className="badge">{t(a.mode === 'guided' ? 'practice.guidedShort' : 'practice.freeShort')}</span>
                  </td>
                  <td>{a.outcome ? t(`practice.outcome.${a.outcome}`) : '—'}</td>
                  <td>
                    {a.total ?? '—'} <PassBadge passed={a.passed} />
                  </td>
                  <td>
                    {a.review ? (
                      <>
                        {a.review.total} <PassBadge passed={a.review.passed} />
                      </>
                    ) : (
                      <span className="muted">{t('review.notReviewed')}</span>
                    )}
                  </td>
                  <td className="nowrap">
                    <Link to={`${LIST}/${a.id}`}>
                      {t('review.open')}
                      <span className="sr-only">
                        {' '}
                        {a.displayName} {a.title}
                      </span>
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {d.pages > 1 && (
        <nav className="row review-pager" aria-label={t('review.pager.label')}>
          {d.page > 1 && (
            <Link to={pageHref(q, d.page - 1)} rel="prev">
              {t('review.pager.prev')}
            </Link>
          )}
          <span aria-current="page">{t('review.pager.page', { page: d.page, pages: d.pages })}</span>
          {d.page < d.pages && (
            <Link to={pageHref(q, d.page + 1)} rel="next">
              {t('review.pager.next')}
            </Link>
          )}
        </nav>
      )}
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
