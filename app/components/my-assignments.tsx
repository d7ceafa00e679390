import { Link } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { useFormatDate, useFormatDay } from './dates.ts'

export interface MyAssignment {
  id: string
  kind: 'refresher' | 'module' | 'scenario'
  by: string
  reason: string
  dueDate: string
  completedAt: string | null
  overdue: boolean
  items: { kind: 'quiz' | 'module' | 'scenario'; title: string; href: string }[]
}

/** What the agent's lead set them, open ones first, with due and overdue marks. */
export function MyAssignments({ assignments }: { assignments: MyAssignment[] }) {
  const { t } = useTranslation()
  const day = useFormatDay()
  const formatDate = useFormatDate()
  if (assignments.length === 0) return null
  return (
    <section className="card stack" aria-labelledby="my-assignments">
      <h2 id="my-assignments" style={{ margin: 0, fontSize: '1.1rem' }}>
        {t('assign.home')}
      </h2>
      <ul className="plain stack">
        {assignments.map((a) => (
          <li key={a.id} className={`assignment${a.overdue ? ' overdue' : ''}${a.completedAt ? ' done' : ''}`}>
            <div className="row spread">
              <strong>{t(`assign.kinds.${a.kind}`)}</strong>
              {a.completedAt ? (
                <span className="badge ok">{t('assign.doneOn', { date: formatDate(a.completedAt, false) })}</span>
              ) : a.overdue ? (
                <span className="badge bad">{t('assign.overdue', { date: day(a.dueDate) })}</span>
              ) : (
                <span className="badge reading">{t('assign.dueOn', { date: day(a.dueDate) })}</span>
              )}
            </div>
            <p className="muted small" style={{ margin: '0.25rem 0' }}>
              {t('assign.by', { by: a.by })}：{a.reason}
            </p>
            <ul className="plain">
              {a.items.map((item, i) => (
                <li key={i}>
                  {a.completedAt ? (
                    t(`assign.item.${item.kind}`, { title: item.title })
                  ) : (
                    <Link to={item.href}>{t(`assign.item.${item.kind}`, { title: item.title })}</Link>
                  )}
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
    </section>
  )
}
