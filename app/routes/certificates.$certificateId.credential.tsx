import type { LoaderFunctionArgs } from '@remix-run/node'
import { credentialFor } from '#app/certification/certificates.server.ts'
import { getCertificateById } from '#app/models/certifications.server.ts'
import { assertCan, requireUser } from '#app/utils/auth.server.ts'
import { notFound } from '#app/utils/http.ts'

/** The certificate as a signed Open Badges 3.0 credential, to download (decision 009). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const row = getCertificateById(params.certificateId ?? '')
  if (!row) throw notFound()
  assertCan(user, 'read', 'certification', { userId: row.holder.id, teamId: row.holder.teamId })
  const credential = await credentialFor(row.certificate.id)
  if (!credential) throw new Response('This certificate is no longer in force', { status: 410, statusText: 'Gone' })
  return new Response(JSON.stringify(credential, null, 2), {
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Disposition': `attachment; filename="composure-${row.certificate.certificationId}-${row.certificate.code}.json"`,
      'Cache-Control': 'no-store',
    },
  })
}
