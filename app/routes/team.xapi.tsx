import type { LoaderFunctionArgs } from '@remix-run/node'
import { teamStatements } from '#app/reports/xapi.server.ts'
import { requirePermission } from '#app/utils/auth.server.ts'

/**
 * The team's learning records as xAPI statements (a JSON array), for a learning record store.
 * Ids are stable, so importing a later export again adds only what is new.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, 'read', 'team')
  const statements = await teamStatements(user)
  return new Response(JSON.stringify(statements, null, 2), {
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Disposition': 'attachment; filename="team-learning-records.xapi.json"',
      'Cache-Control': 'no-store',
    },
  })
}
