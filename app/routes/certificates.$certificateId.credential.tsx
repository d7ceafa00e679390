import type { LoaderFunctionArgs } from '@remix-run/node'
import { credentialFor, requireReadableCertificate } from '#app/certification/certificates.server.ts'
import { requireUser } from '#app/utils/auth.server.ts'

/** The certificate as a signed Open Badges 3.0 credential, to download (decision 009). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const row = await requireReadableCertificate(user, params.certificateId)
  const credential = await credentialFor(row)
  if (!credential) throw new Response('This certificate is no longer in force', { status: 410, statusText: 'Gone' })
  return new Response(JSON.stringify(credential, null, 2), {
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Disposition': `attachment; filename="composure-${row.certificate.certificationId}-${row.certificate.code}.json"`,
      'Cache-Control': 'no-store',
    },
  })
}
