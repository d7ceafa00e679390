import type { LoaderFunctionArgs } from '@remix-run/node'
import { toCsv } from '#app/domain/team-report.ts'
import { getTeamReport } from '#app/models/team-report.server.ts'
import { requirePermission } from '#app/utils/auth.server.ts'

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, 'read', 'team')
  const { modules, rows } = await getTeamReport(user)
  const header = ['用户名', '姓名', '通过模块', '模块总数', '平均最好成绩', '最近学习', ...modules.map((m) => `${m.title} 最好成绩`)]
  const body = rows.map((r) => [
    r.username,
    r.displayName,
    r.passed,
    r.total,
    r.averageBest,
    r.lastActive?.toISOString() ?? null,
    ...r.standings.map((s) => s.bestScore),
  ])
  return new Response(toCsv(header, body), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': 'attachment; filename="team-progress.csv"',
      'Cache-Control': 'no-store',
    },
  })
}
