import QRCode from 'qrcode'
import type { CertificateRow } from '#db/schema.ts'
import { endOfDay, localDate } from '#app/domain/calendar.ts'
import { can, type Actor } from '#app/domain/permissions.ts'
import { getCertificateByCode, getCertificateById, revokeCertificate } from '#app/models/certifications.server.ts'
import { getCatalog } from './catalog.server.ts'
import { afterRecords, reconcileUser } from './reconcile.server.ts'
import { getEnv } from '#app/utils/env.server.ts'
import { forbidden, notFound } from '#app/utils/http.ts'
import { loadCertifications } from './certifications.server.ts'
import { formatCode, normalizeCode } from './codes.ts'
import type { Catalog, Status } from './rules.ts'
import type { Certification } from './schema.ts'

/** What a certificate is worth today, the only thing the public page says of it. */
export type CertificateState = 'valid' | 'refresher' | 'lapsed' | 'revoked'

export function certificateState(row: Pick<CertificateRow, 'endedAt' | 'endReason'>, status: Status): CertificateState {
  if (row.endReason === 'revoked') return 'revoked'
  if (row.endedAt) return 'lapsed'
  return status === 'refresherDue' ? 'refresher' : 'valid'
}

const inForce = (state: CertificateState) => state === 'valid' || state === 'refresher'

type CertificateWithHolder = NonNullable<Awaited<ReturnType<typeof getCertificateById>>>

/** The certificate, if the actor may see it (its holder, their lead, trainers, admins); else 404 or 403. */
export async function requireReadableCertificate(actor: Actor, certificateId: string | undefined): Promise<CertificateWithHolder> {
  const row = certificateId ? await getCertificateById(certificateId) : null
  if (!row) throw notFound()
  if (!can(actor, 'read', 'certification', { userId: row.holder.id, teamId: row.holder.teamId })) throw forbidden()
  return row
}

// NOTE: the signing libraries take about a third of a second to load; only the two pages that
// sign or check a credential pay for it, once, instead of every server start.
const credentials = () => import('./credential.server.ts')

/** The requirements in one sentence, for the certificate and the credential's criteria. */
export function criteriaText(c: Certification, catalog: Catalog): string {
  const modules = c.requirements.modules.map((m) => `《${catalog.modules.get(m)?.title ?? m}》`).join('')
  const { passed, hard, required } = c.requirements.roleplays
  const level = (d: number) => ['', '入门', '进阶', '困难'][d] ?? String(d)
  const parts = [`学完${modules}并通过各模块测验`, `通过 ${passed} 个不同的情景演练`]
  if (hard)
    parts.push(
      hard.difficulty === 3 ? `其中至少 ${hard.count} 个为困难情景` : `其中至少 ${hard.count} 个为${level(hard.difficulty)}或更难的情景`,
    )
  if (required.length) parts.push(`必须包括${required.map((s) => `《${catalog.scenarios.get(s)?.title ?? s}》`).join('')}`)
  return `${parts.join('，')}；认证有效期 ${c.validity.months} 个月，每 ${c.refresher.everyMonths} 个月复训一次。`
}

function certificationOf(id: string) {
  const c = loadCertifications().find((x) => x.id === id)
  if (!c) throw notFound()
  return c
}

/** The certificate as it stands after its holder is brought up to date, with the holder's status. */
async function current(row: CertificateWithHolder, now: Date) {
  const standing = (await reconcileUser(row.holder.id, now)).find((r) => r.certification.id === row.certificate.certificationId)
  const fresh = standing?.rows.certificates.find((c) => c.id === row.certificate.id) ?? row.certificate
  return { certificate: fresh, holder: row.holder, status: standing?.standing.status ?? 'notStarted' }
}

export function verifyUrl(code: string) {
  return `${getEnv().PUBLIC_URL}/verify/${formatCode(code)}`
}

/** A QR code as one SVG path of its dark modules, drawn by React: no markup from strings. */
export function qrPath(text: string) {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' })
  const size = qr.modules.size
  let d = ''
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) if (qr.modules.data[y * size + x]) d += `M${x + 4} ${y + 4}h1v1h-1z`
  }
  // Four modules of quiet zone on every side.
  return { size: size + 8, d }
}

/** The certificate page's data (the caller checks who may see it: `requireReadableCertificate`). */
export async function certificatePage(row: CertificateWithHolder, now = new Date()) {
  const { certificate: c, holder, status } = await current(row, now)
  const certification = certificationOf(c.certificationId)
  const url = verifyUrl(c.code)
  return {
    holder,
    certificate: {
      id: c.id,
      code: formatCode(c.code),
      issuedDate: c.issuedDate,
      validUntil: c.validUntil,
      endedDate: c.endedAt ? localDate(c.endedAt, getEnv().TIMEZONE) : null,
      state: certificateState(c, status),
    },
    certification: { id: certification.id, title: certification.title, criteria: criteriaText(certification, await getCatalog()) },
    verifyUrl: url,
    qr: qrPath(url),
  }
}

/** The public answer for a code: the certificate's state and what is printed on it, nothing more. */
export async function verifyCode(code: string, now = new Date()) {
  const row = await getCertificateByCode(code)
  if (!row) return null
  const { certificate: c, holder, status } = await current(row, now)
  const certification = certificationOf(c.certificationId)
  return {
    code: formatCode(c.code),
    holderName: holder.displayName,
    certificationTitle: certification.title,
    issuedDate: c.issuedDate,
    validUntil: c.validUntil,
    endedDate: c.endedAt ? localDate(c.endedAt, getEnv().TIMEZONE) : null,
    state: certificateState(c, status),
  }
}

/** The signed Open Badges credential of a certificate in force; null once it lapsed or was revoked. */
export async function credentialFor(row: CertificateWithHolder, now = new Date()) {
  const { certificate: c, holder, status } = await current(row, now)
  if (!inForce(certificateState(c, status))) return null
  const { issueCredential } = await credentials()
  const certification = certificationOf(c.certificationId)
  const timeZone = getEnv().TIMEZONE
  return issueCredential({
    code: formatCode(c.code),
    holder: { name: holder.displayName },
    certification: {
      id: certification.id,
      title: certification.title,
      summary: certification.summary,
      criteria: criteriaText(certification, await getCatalog()),
    },
    issuedAt: c.issuedAt,
    // Valid through the last day: until that day's end.
    validUntil: new Date(endOfDay(c.validUntil, timeZone)),
    origin: getEnv().PUBLIC_URL,
  })
}

export type UploadCheck =
  | { ok: false; reason: 'malformed' | 'not-ours' | 'bad-signature'; detail: string }
  | { ok: true; status: NonNullable<Awaited<ReturnType<typeof verifyCode>>> | null; code: string }

/** Checks an uploaded credential's signature, then the certificate's state today. */
export async function verifyUpload(json: unknown, now = new Date()): Promise<UploadCheck> {
  const { verifyCredential } = await credentials()
  const check = await verifyCredential(json)
  if (!check.ok) return check
  return { ok: true, code: formatCode(normalizeCode(check.code)), status: await verifyCode(check.code, now) }
}

/** A user's certificates, newest first, for the admin page (standing brought up to date first). */
export async function certificatesOf(userId: string, now = new Date()) {
  return (await reconcileUser(userId, now))
    .flatMap(({ certification, standing, rows }) =>
      rows.certificates.map((c) => {
        const state = certificateState(c, standing.status)
        return {
          id: c.id,
          title: certification.title,
          code: formatCode(c.code),
          issuedDate: c.issuedDate,
          validUntil: c.validUntil,
          issuedAt: c.issuedAt.getTime(),
          state,
          inForce: inForce(state),
        }
      }),
    )
    .sort((a, b) => b.issuedAt - a.issuedAt)
    .map(({ issuedAt: _issuedAt, ...c }) => c)
}

/**
 * Revokes one of a holder's certificates in force, with who and why, and brings the holder's
 * standing up to date. 'ended' when it had already lapsed or been revoked.
 */
export async function revokeHolderCertificate(input: {
  holderId: string
  certificateId: string
  by: string
  reason: string
  now?: Date
}): Promise<'revoked' | 'ended'> {
  const row = await getCertificateById(input.certificateId)
  if (!row || row.holder.id !== input.holderId) throw notFound()
  const now = input.now ?? new Date()
  const revoked = await afterRecords(
    [input.holderId],
    () => revokeCertificate({ certificateId: row.certificate.id, by: input.by, reason: input.reason, now }),
    now,
  )
  return revoked ? 'revoked' : 'ended'
}
