import type { LoaderFunctionArgs } from '@remix-run/node'
import { exportScenario, type VersionRef } from '#app/studio/library.server.ts'
import { getLibraryEntry } from '#app/models/studio.server.ts'
import { requirePermission } from '#app/utils/auth.server.ts'
import { notFound } from '#app/utils/http.ts'

/** Downloads a version's text (`?v=3`), the draft's (`?v=draft`) or the live version's: exactly the `scenarios/` format. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, 'manage', 'scenario')
  const id = params.scenarioId!
  const v = new URL(request.url).searchParams.get('v')
  let ref: VersionRef
  if (v === 'draft' || v === 'offered') ref = v
  else if (v && /^\d+$/.test(v)) ref = Number(v)
  else {
    const live = (await getLibraryEntry(id))?.currentVersion
    if (live === null || live === undefined) throw notFound()
    ref = live
  }
  const file = await exportScenario(id, ref)
  if (!file) throw notFound()
  return new Response(file.text, {
    headers: {
      'Content-Type': 'application/yaml; charset=utf-8',
      'Content-Disposition': `attachment; filename="${file.fileName}"`,
    },
  })
}
