import type { LoaderFunctionArgs } from '@remix-run/node'
import { dashboardExport } from '#app/dashboard/dashboard.server.ts'
import { readFilter } from '#app/dashboard/filter.ts'
import { RECENT_ROLEPLAYS } from '#app/certification/summary.ts'
import { loadCertifications } from '#app/certification/certifications.server.ts'
import { toCsv } from '#app/domain/csv.ts'
import { localDateTime } from '#app/domain/calendar.ts'
import { SKILLS } from '#app/domain/skills.ts'
import zh from '#app/locales/zh.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { getEnv } from '#app/utils/env.server.ts'

// The export is for spreadsheets in the team's language: the dashboard's table, filtered and
// sorted as the link says, every row of it.
const STATUS_LABELS = zh.cert.status

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const filter = readFilter(new URL(request.url).searchParams)
  const rows = await dashboardExport(user, filter)
  const certs = loadCertifications()
  const timeZone = getEnv().TIMEZONE
  const header = [
    '用户名',
    '姓名',
    '团队',
    ...certs.flatMap((c) => [`${c.title} 状态`, `${c.title} 有效期至`, `${c.title} 复训截止`]),
    '复训逾期',
    '认证进度（%）',
    '通过模块',
    '模块总数',
    '最近活动（本地时间）',
    '未完成任务',
    '任务最早截止',
    '任务逾期',
    `近 ${RECENT_ROLEPLAYS} 次演练数`,
    '演练通过率（%）',
    '演练平均分',
    ...SKILLS.map((s) => `${zh.skills[s]}（平均分）`),
  ]
  const yes = (b: boolean) => (b ? '是' : '否')
  const body = rows.map((r) => [
    r.username,
    r.displayName,
    r.teamName,
    ...certs.flatMap((c) => {
      const cert = r.certifications.find((x) => x.id === c.id)
      return cert ? [STATUS_LABELS[cert.status], cert.validUntil, cert.dueDate] : [null, null, null]
    }),
    yes(r.due?.overdue ?? false),
    r.percent,
    r.modulesPassed,
    r.modulesTotal,
    // Local time in the installation's timezone, as the team reads its clock.
    r.lastActive ? localDateTime(new Date(r.lastActive), timeZone) : null,
    r.assignments.open,
    r.assignments.dueDate,
    yes(r.assignments.overdue),
    r.roleplays,
    r.passRate,
    r.score,
    ...SKILLS.map((s) => r.skills[s].value),
  ])
  return new Response(toCsv(header, body), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': 'attachment; filename="team-dashboard.csv"',
      'Cache-Control': 'no-store',
    },
  })
}
