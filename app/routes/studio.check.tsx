import { data, type ActionFunctionArgs } from '@remix-run/node'
import { z } from 'zod'
import { MAX_YAML_BYTES } from '#app/domain/yaml-validate.ts'
import { studioView } from '#app/studio/view.server.ts'
import { SCENARIO_ID } from '#app/studio/library.server.ts'
import { requirePermission } from '#app/utils/auth.server.ts'

const input = z.object({ id: z.string().regex(SCENARIO_ID), source: z.string() })

/**
 * The editor's check, as the trainer types: the same compile and lint as set-up and the CLI,
 * the graph and the regression tests. Reads only; nothing is saved.
 */
export async function action({ request }: ActionFunctionArgs) {
  await requirePermission(request, 'manage', 'scenario')
  const parsed = input.safeParse(await request.json().catch(() => null))
  if (!parsed.success) return data({ error: 'send { id, source }' }, { status: 400 })
  const { id, source } = parsed.data
  // Too large is a problem to show at line 1, like the CLI's; the check itself refuses it.
  if (source.length > MAX_YAML_BYTES * 2) return data({ error: 'the text is far too large' }, { status: 413 })
  return studioView(id, source)
}
