import { Link } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import type { CertificationView, HistoryView, RefresherView, TodoItem } from '#app/certification/view.server.ts'
import type { CertificationPath } from '#app/certification/path.ts'
import { DRILL_PASS_MARK, type Status } from '#app/certification/rules.ts'
import { useFormatDate, useFormatDay } from './dates.ts'
import { ProgressBar } from './ui/progress-bar.tsx'

const STATUS_TONE: Record<Status, string> = {
  notStarted: '',
  inProgress: 'reading',
  certified: 'ok',
  refresherDue: 'reading',
  lapsed: 'bad',
  revoked: 'bad',
}

export function StatusBadge({ status }: { status: Status }) {
  const { t } = useTranslation()
  return <span className={`badge ${STATUS_TONE[status]}`}>{t(`cert.status.${status}`)}</span>
}

/** One line of what to do: the task in words, done or not, and a link to do it. */
export function useTodoText() {
  const { t } = useTranslation()
  return (item: TodoItem) => {
    switch (item.kind) {
      case 'module':
        return t('cert.item.module', { title: item.title })
      case 'quiz':
        return t('cert.item.quiz', { title: item.title })
      case 'scenario':
        return t('cert.item.scenario', { title: item.title })
      case 'hard':
        if (item.difficulty === 3) return t('cert.item.hardTop', { needed: item.needed, have: item.have })
        return t('cert.item.hard', {
          needed: item.needed,
          have: item.have,
          level: t(`practice.difficulty.${item.difficulty as 1 | 2 | 3}`),
        })
      case 'roleplays':
        if (item.have === undefined) {
          const level = t(`practice.difficulty.${(item.difficulty ?? 1) as 1 | 2 | 3}`)
          return item.difficulty === 3
            ? t('cert.item.roleplaysNextTop', { needed: item.needed })
            : t('cert.item.roleplaysNext', { needed: item.needed, level })
        }
        if (item.difficulty === 3) return t('cert.item.roleplaysAgainTop', { needed: item.needed, have: item.have })
        return item.difficulty
          ? t('cert.item.roleplaysAgain', {
              needed: item.needed,
              have: item.have,
              level: t(`practice.difficulty.${item.difficulty as 1 | 2 | 3}`),
            })
          : t('cert.item.roleplays', { needed: item.needed, have: item.have })
      case 'drill':
        return t('cert.item.drill', { skill: t(`skills.${item.skill}`), count: item.count, passMark: DRILL_PASS_MARK })
    }
  }
}

export function TodoList({ items, linked = true }: { items: TodoItem[]; linked?: boolean }) {
  const { t } = useTranslation()
  const text = useTodoText()
  return (
    <ul className="todo">
      {items.map((item, i) => (
        <li key={i} className={item.done ? 'done' : ''}>
          <span className="mark" aria-hidden="true">
            {item.done ? '✓' : '○'}
          </span>
          <span className="sr-only">{item.done ? t('cert.done') : t('cert.todo')}：</span>
          {linked && !item.done ? <Link to={item.href}>{text(item)}</Link> : <span>{text(item)}</span>}
        </li>
      ))}
    </ul>
  )
}

/**
 * A certification's ticks as every page shows them (`certificationPath`): the percentage, done of
 * total, and only what is still missing, or, with a refresher open, what to redo.
 */
export function PathProgress({
  title,
  path,
  guidedCounts,
  linked = true,
  list = true,
}: {
  title: string
  path: CertificationPath
  guidedCounts: boolean
  linked?: boolean
  /** False where the open refreshers are shown one by one below, with their own lists. */
  list?: boolean
}) {
  const { t } = useTranslation()
  const refresher = path.basis === 'refreshers'
  if (refresher && path.total === 0) return null
  const heading = path.missing.length === 0 ? t('cert.allDone') : refresher ? t('cert.redo') : t('cert.missing')
  return (
    <div className="stack">
      <div className="row spread">
        <h3 style={{ margin: 0, fontSize: '1rem' }}>{refresher ? t('cert.refresherProgress') : t('cert.progress')}</h3>
        <span>{t('cert.ticks', { done: path.done, total: path.total, percent: path.percent })}</span>
      </div>
      <ProgressBar value={path.percent} label={`${title} ${refresher ? t('cert.refresherProgress') : t('cert.progress')}`} />
      {list && <h3 style={{ fontSize: '1rem', marginBottom: 0 }}>{heading}</h3>}
      {list && path.missing.length > 0 && <TodoList items={path.missing} linked={linked} />}
      {list && path.missing.some((i) => i.kind === 'roleplays' || i.kind === 'hard' || i.kind === 'scenario') && (
        <p className="muted" style={{ margin: 0, fontSize: '0.9rem' }}>
          {guidedCounts ? t('cert.guidedCounts') : t('cert.freeTextOnly')}
        </p>
      )}
    </div>
  )
}

export function RefresherCard({
  refresher: r,
  linked = true,
  lapsed = false,
}: {
  refresher: RefresherView
  linked?: boolean
  lapsed?: boolean
}) {
  const { t } = useTranslation()
  const day = useFormatDay()
  const reason =
    r.reason.type === 'content'
      ? t('cert.reason.content', { title: r.reason.title, version: r.reason.version })
      : r.reason.type === 'weakness'
        ? t('cert.reason.weakness', { skill: t(`skills.${r.reason.skill}`), average: r.reason.average, attempts: r.reason.attempts })
        : r.reason.type === 'assigned'
          ? t('cert.reason.assigned', { by: r.reason.by, note: r.reason.note })
          : t(`cert.reason.${r.reason.type}`)
  const label = `${t(`cert.refresherSource.${r.source}`)} ${t('cert.progress')}`
  return (
    <section className={`refresher${r.overdue ? ' overdue' : ''}`} aria-label={t(`cert.refresherSource.${r.source}`)}>
      <div className="row spread">
        <strong>{t(`cert.refresherSource.${r.source}`)}</strong>
        <span className={`badge ${r.overdue ? 'bad' : 'reading'}`}>
          {lapsed
            ? t('cert.overdueLapsed', { date: day(r.dueDate) })
            : r.overdue
              ? t('cert.overdue', { date: day(r.graceUntil) })
              : t('cert.due', { date: day(r.dueDate) })}
        </span>
      </div>
      <p className="muted" style={{ margin: '0.25rem 0' }}>
        {reason}
      </p>
      <TodoList items={r.items} linked={linked} />
      <ProgressBar value={r.percent} label={label} />
    </section>
  )
}

export function HistoryList({ history }: { history: HistoryView[] }) {
  const { t } = useTranslation()
  const formatDate = useFormatDate()
  const day = useFormatDay()
  if (history.length === 0) return <p className="muted">{t('cert.noHistory')}</p>
  const describe = (h: HistoryView) => {
    const source = h.detail.source ? t(`cert.refresherSource.${h.detail.source}`) : ''
    switch (h.cause.type) {
      case 'started':
        return h.detail.title ? t('cert.cause.started', { title: h.detail.title }) : t('cert.cause.startedPlain')
      case 'refresherOpened':
      case 'refresherCompleted':
        return t(`cert.cause.${h.cause.type}`, { source })
      case 'renewed':
        return t('cert.cause.renewed', { date: day(h.detail.validUntil ?? '') })
      case 'revoked':
        return t('cert.cause.revoked', { reason: h.detail.reason ?? '' })
      default:
        return t(`cert.cause.${h.cause.type}`)
    }
  }
  return (
    <ol className="timeline">
      {history.map((h, i) => (
        <li key={i}>
          <time dateTime={h.at}>{formatDate(h.at, false)}</time>
          <span>{describe(h)}</span>
          {h.from !== h.to && (
            <span className="transition">
              <StatusBadge status={h.from} /> → <StatusBadge status={h.to} />
            </span>
          )}
        </li>
      ))}
    </ol>
  )
}

/**
 * The notices a trainee sees on the home page: refreshers due soon, due, overdue, a lapse, or a
 * revocation (when, why, and that every requirement is asked again).
 */
export function CertificationNotices({
  notices,
}: {
  notices: Pick<CertificationView, 'id' | 'title' | 'status' | 'urgency' | 'refreshers' | 'next' | 'certificate'>[]
}) {
  const { t } = useTranslation()
  const day = useFormatDay()
  const shown = notices.filter((n) => n.urgency !== 'none' || n.status === 'revoked')
  if (shown.length === 0) return null
  return (
    <div className="stack" aria-label={t('cert.title')} role="region">
      {shown.map((n) => {
        if (n.status === 'revoked') {
          const c = n.certificate
          return (
            <div key={n.id} className="alert error row spread" role="alert">
              <span>
                {t('cert.notice.revoked', { title: n.title, date: day(c?.endedDate ?? '') })}
                {c?.revokeReason && ` ${t('cert.revokeReason', { reason: c.revokeReason })}`}
                <br />
                {t('cert.notice.revokedWhat')}
              </span>
              <Link to="/certifications">{t('cert.notice.action')}</Link>
            </div>
          )
        }
        const first = n.refreshers[0]
        const date =
          n.urgency === 'upcoming'
            ? (n.next?.opensDate ?? '')
            : n.urgency === 'overdue'
              ? (first?.graceUntil ?? '')
              : (first?.dueDate ?? '')
        const tone = n.urgency === 'upcoming' ? 'ok' : n.urgency === 'due' ? 'warn' : 'error'
        return (
          <p key={n.id} className={`alert ${tone} row spread`} role={n.urgency === 'upcoming' ? 'status' : 'alert'}>
            <span>
              {t(`cert.notice.${n.urgency as 'upcoming' | 'due' | 'overdue' | 'lapsed'}`, { title: n.title, date: date && day(date) })}
            </span>
            <Link to="/certifications">{t('cert.notice.action')}</Link>
          </p>
        )
      })}
    </div>
  )
}
