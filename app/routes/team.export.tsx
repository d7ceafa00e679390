import type { LoaderFunctionArgs } from '@remix-run/node'
import { toCsv } from '#app/domain/team-report.ts'
import { getTeamReport } from '#app/models/team-report.server.ts'
import { requirePermission } from '#app/utils/auth.server.ts'
import { loadCertifications } from '#app/certification/certifications.server.ts'
import { holds } from '#app/certification/rules.ts'
import zh from '#app/locales/zh.ts'
import { localDateTime } from '#app/domain/calendar.ts'
import { getEnv } from '#app/utils/env.server.ts'

// The export is for spreadsheets in the team's language.
const STATUS_LABELS = zh.cert.status

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, 'read', 'team')
  const { modules, rows, certifications } = await getTeamReport(user)
  const certs = loadCertifications()
  const timeZone = getEnv().TIMEZONE
  const header = [
    '用户名',
    '姓名',
    '通过模块',
    '模块总数',
    '平均最好成绩',
    '最近学习（本地时间）',
    ...modules.map((m) => `${m.title} 最好成绩`),
    ...certs.flatMap((c) => [`${c.title} 状态`, `${c.title} 有效期至`, `${c.title} 复训截止`]),
  ]
  const body = rows.map((r) => [
    r.username,
    r.displayName,
    r.passed,
    r.total,
    r.averageBest,
    // Local time in the installation's timezone, as the team reads its clock.
    r.lastActive ? localDateTime(r.lastActive, timeZone) : null,
    ...r.standings.map((s) => s.bestScore),
    ...certs.flatMap((c) => {
      const view = certifications.get(r.userId)?.find((v) => v.id === c.id)
      if (!view) return [null, null, null]
      return [
        STATUS_LABELS[view.status],
        holds(view.status) ? (view.certificate?.validUntil ?? null) : null,
        view.refreshers[0]?.dueDate ?? null,
      ]
    }),
  ])
  return new Response(toCsv(header, body), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': 'attachment; filename="team-progress.csv"',
      'Cache-Control': 'no-store',
    },
  })
}
