// The certificate issuer's Ed25519 signing key. It lives in a JSON file outside the database
// (ISSUER_KEY_PATH), so a database backup or dump never carries it; the issuer is the did:key
// of its public half, which anyone can resolve offline (decision 009).
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
// @ts-expect-error -- the package ships no types; the part used is typed by MultikeyPair below.
import * as Ed25519Multikey from '@digitalcredentials/ed25519-multikey'
import { z } from 'zod'
import { getEnv } from '#app/utils/env.server.ts'

/** An Ed25519 key pair from @digitalcredentials/ed25519-multikey (the part this app uses). */
export interface MultikeyPair {
  id: string
  controller: string
  publicKeyMultibase: string
  signer(): { id: string; algorithm: string; sign(args: { data: Uint8Array }): Promise<Uint8Array> }
  verifier(): { id: string; algorithm: string; verify(args: { data: Uint8Array; signature: Uint8Array }): Promise<boolean> }
  export(options: { publicKey?: boolean; secretKey?: boolean; includeContext?: boolean }): Promise<Record<string, unknown>>
}
const multikey = Ed25519Multikey as { generate(): Promise<MultikeyPair>; from(key: unknown): Promise<MultikeyPair> }

export interface IssuerKey {
  /** `did:key:z6Mk…`: the credential's issuer. */
  did: string
  /** `did:key:z6Mk…#z6Mk…`: the proof's verificationMethod. */
  verificationMethod: string
  keyPair: MultikeyPair
}

export class IssuerKeyError extends Error {
  override name = 'IssuerKeyError'
}

// A base58btc multibase Ed25519 public key starts "z6Mk" (the multicodec 0xed01 prefix).
const base58 = /^z[1-9A-HJ-NP-Za-km-z]+$/
const keyFileSchema = z
  .object({
    '@context': z.literal('https://w3id.org/security/multikey/v1').optional(),
    type: z.literal('Multikey'),
    id: z.string(),
    controller: z.string(),
    publicKeyMultibase: z.string().regex(base58).startsWith('z6Mk', 'must be an Ed25519 key (z6Mk…)'),
    secretKeyMultibase: z.string().regex(base58),
  })
  .refine((k) => k.controller === `did:key:${k.publicKeyMultibase}` && k.id === `${k.controller}#${k.publicKeyMultibase}`, {
    message: 'id and controller must be the did:key of publicKeyMultibase',
  })

const cache = new Map<string, Promise<IssuerKey>>()

/**
 * Makes the key file if it does not exist yet (mode 0600, in a directory made on demand);
 * never overwrites one. For set-up; `loadIssuerKey` does the same on first use.
 */
export async function ensureIssuerKey(file = getEnv().ISSUER_KEY_PATH, { issued = 0 } = {}): Promise<{ created: boolean; did: string }> {
  const resolved = path.resolve(file)
  // Credentials already issued were signed with a key that must be here: a new one would leave
  // every one of them unverifiable. Refuse instead of making one silently.
  if (issued > 0 && !fs.existsSync(resolved)) {
    throw new IssuerKeyError(
      `The issuer key file ${resolved} is missing, but ${issued} certificates were issued with it. Restore it from the backup (ISSUER_KEY_PATH says where it is read); a new key would make every issued credential unverifiable.`,
    )
  }
  const { key, created } = await readOrCreate(resolved)
  cache.set(resolved, Promise.resolve(key))
  return { created, did: key.did }
}

/** The issuer key, read once per process; made first if the file does not exist. */
export function loadIssuerKey(file = getEnv().ISSUER_KEY_PATH): Promise<IssuerKey> {
  const resolved = path.resolve(file)
  let key = cache.get(resolved)
  if (!key) {
    const loading = readOrCreate(resolved).then((r) => r.key)
    // A failure is not cached: fixing the file and retrying works without a restart.
    loading.catch(() => cache.get(resolved) === loading && cache.delete(resolved))
    cache.set(resolved, (key = loading))
  }
  return key
}

/** The DID that signs this installation's credentials. */
export async function issuerDid(): Promise<string> {
  return (await loadIssuerKey()).did
}

async function readOrCreate(file: string): Promise<{ key: IssuerKey; created: boolean }> {
  let text: string
  try {
    text = fs.readFileSync(file, 'utf8')
  } catch (error) {
    if (errorCode(error) !== 'ENOENT') throw new IssuerKeyError(`Cannot read the issuer key file ${file}: ${messageOf(error)}`)
    return create(file)
  }
  return { key: await parse(file, text), created: false }
}

async function create(file: string): Promise<{ key: IssuerKey; created: boolean }> {
  const generated = await multikey.generate()
  const did = `did:key:${generated.publicKeyMultibase}`
  const keyPair = await multikey.from({
    ...(await generated.export({ publicKey: true, secretKey: true, includeContext: true })),
    id: `${did}#${generated.publicKeyMultibase}`,
    controller: did,
  })
  const json = await keyPair.export({ publicKey: true, secretKey: true, includeContext: true })
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 })
    // NOTE: flag "wx" fails if the file exists, so two processes starting at once cannot
    // overwrite each other's key; the loser reads the winner's.
    fs.writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`, { flag: 'wx', mode: 0o600 })
  } catch (error) {
    if (errorCode(error) === 'EEXIST') return readOrCreate(file)
    throw new IssuerKeyError(`Cannot write the issuer key file ${file}: ${messageOf(error)}`)
  }
  return { key: toIssuerKey(keyPair), created: true }
}

async function parse(file: string, text: string): Promise<IssuerKey> {
  const malformed = (why: string) =>
    new IssuerKeyError(
      `The issuer key file ${file} is malformed: ${why}. Restore it from a backup; if it is deleted a new key is made, ` +
        'and credentials signed with the old one no longer verify as ours.',
    )
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch {
    throw malformed('not JSON')
  }
  const parsed = keyFileSchema.safeParse(data)
  if (!parsed.success)
    throw malformed(parsed.error.issues.map((i) => (i.path.length ? `${i.path.join('.')} ${i.message}` : i.message)).join('; '))
  let keyPair: MultikeyPair
  try {
    keyPair = await multikey.from(parsed.data)
  } catch (error) {
    throw malformed(messageOf(error))
  }
  // A secret key that is not the public key's partner would sign credentials nobody can verify.
  const probe = crypto.randomBytes(32)
  const signature = await keyPair.signer().sign({ data: probe })
  if (!(await keyPair.verifier().verify({ data: probe, signature }))) throw malformed('the secret key does not belong to the public key')
  return toIssuerKey(keyPair)
}

function toIssuerKey(keyPair: MultikeyPair): IssuerKey {
  return { did: keyPair.controller, verificationMethod: keyPair.id, keyPair }
}

function errorCode(error: unknown) {
  return error instanceof Error && 'code' in error ? error.code : undefined
}

function messageOf(error: unknown) {
  return error instanceof Error ? error.message : String(error)
}
