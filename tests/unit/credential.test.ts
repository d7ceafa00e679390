import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest'
import { hasObSchema, obSchemaErrors } from '#tests/ob-schema.ts'

type CredentialModule = typeof import('#app/certification/credential.server.ts')
type KeyModule = typeof import('#app/certification/issuer-key.server.ts')

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'composure-issuer-'))
// Nested and not yet existing: the key's directory is made on demand.
const keyFile = path.join(tmp, 'keys', 'issuer-key.json')

let credentials: CredentialModule
let keys: KeyModule

// NOTE: the vitest set-up has already read (and cached) the environment, so the key path is
// stubbed and the modules re-imported; the tests never touch ./keys.
beforeAll(async () => {
  vi.stubEnv('ISSUER_KEY_PATH', keyFile)
  vi.resetModules()
  credentials = await import('#app/certification/credential.server.ts')
  keys = await import('#app/certification/issuer-key.server.ts')
})

afterAll(() => {
  vi.unstubAllEnvs()
  vi.resetModules()
  fs.rmSync(tmp, { recursive: true, force: true })
})

function anInput(overrides: Partial<import('#app/certification/credential.server.ts').CredentialInput> = {}) {
  return {
    code: 'K7Q2M-9XW4T-H3PZ8',
    holder: { name: '王小明' },
    certification: {
      id: 'onboarding',
      title: '新员工上岗认证',
      summary: '掌握服务礼仪、情绪管理与售后流程的基础能力。',
      criteria: '通过全部课程测验，并完成三次角色扮演考核。',
    },
    issuedAt: new Date('2026-03-01T08:30:00.250Z'),
    validUntil: new Date('2027-03-01T08:30:00Z'),
    origin: 'http://localhost:3000',
    ...overrides,
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the tests tamper with a signed credential field by field, at any depth
type Credential = Record<string, any>
const copy = (c: Record<string, unknown>): Credential => JSON.parse(JSON.stringify(c))
const tempFile = (name: string) => path.join(fs.mkdtempSync(path.join(tmp, 'case-')), name)

describe('issued credentials', () => {
  test.skipIf(!hasObSchema)(
    // Skipped only on a machine without ../shared (CI always has it): the schema is not copied into the project.
    'validate against the official Open Badges 3.0 AchievementCredential JSON Schema',
    async () => {
      const errors = obSchemaErrors(await credentials.issueCredential(anInput()))
      expect(errors, JSON.stringify(errors, null, 2)).toEqual([])
    },
  )

  test('are signed OpenBadgeCredentials that name the holder, the achievement and our did:key', async () => {
    const credential = copy(await credentials.issueCredential(anInput()))

    expect(credential['@context']).toEqual([
      'https://www.w3.org/ns/credentials/v2',
      'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
    ])
    expect(credential).toMatchObject({
      id: 'http://localhost:3000/verify/K7Q2M-9XW4T-H3PZ8',
      type: ['VerifiableCredential', 'OpenBadgeCredential'],
      issuer: { id: await keys.issuerDid(), type: ['Profile'], name: '从容 Composure' },
      validFrom: '2026-03-01T08:30:00Z',
      validUntil: '2027-03-01T08:30:00Z',
      name: '新员工上岗认证',
      credentialSubject: {
        type: ['AchievementSubject'],
        name: '王小明',
        identifier: [{ type: 'IdentityObject', identityType: 'name', identityHash: '王小明', hashed: false }],
        achievement: {
          id: 'http://localhost:3000/certifications/onboarding',
          type: ['Achievement'],
          achievementType: 'Certification',
          name: '新员工上岗认证',
          description: '掌握服务礼仪、情绪管理与售后流程的基础能力。',
          criteria: { narrative: '通过全部课程测验，并完成三次角色扮演考核。' },
        },
      },
    })
    expect(credential.issuer.id).toMatch(/^did:key:z6Mk/)
    expect(credential.proof).toEqual([
      expect.objectContaining({
        type: 'DataIntegrityProof',
        cryptosuite: 'eddsa-rdfc-2022',
        proofPurpose: 'assertionMethod',
        verificationMethod: `${credential.issuer.id}#${credential.issuer.id.slice('did:key:'.length)}`,
        proofValue: expect.stringMatching(/^z[1-9A-HJ-NP-Za-km-z]+$/),
      }),
    ])
    // The key came from the stubbed path, made on first use.
    expect(fs.existsSync(keyFile)).toBe(true)
  })

  test('verify, with the verification code taken from the id, after a JSON round trip', async () => {
    const credential = await credentials.issueCredential(anInput())

    const check = await credentials.verifyCredential(JSON.parse(JSON.stringify(credential)))

    expect(check).toEqual({
      ok: true,
      code: 'K7Q2M-9XW4T-H3PZ8',
      issuer: await keys.issuerDid(),
      validFrom: '2026-03-01T08:30:00Z',
      validUntil: '2027-03-01T08:30:00Z',
    })
  })

  test('verify whatever the key order and whitespace of the JSON', async () => {
    const credential = copy(await credentials.issueCredential(anInput()))
    const reordered = Object.fromEntries(Object.entries(credential).reverse())
    reordered.credentialSubject = Object.fromEntries(Object.entries(credential.credentialSubject).reverse())

    const check = await credentials.verifyCredential(JSON.parse(JSON.stringify(reordered, null, 4)))

    expect(check.ok).toBe(true)
  })

  test('still verify after validUntil: lapsing is for the database to say, not the signature', async () => {
    const credential = await credentials.issueCredential(
      anInput({ issuedAt: new Date('2020-01-01T00:00:00Z'), validUntil: new Date('2021-01-01T00:00:00Z') }),
    )

    expect(await credentials.verifyCredential(copy(credential))).toMatchObject({ ok: true, validUntil: '2021-01-01T00:00:00Z' })
  })

  test('carry an opaque code safely in the id', async () => {
    const credential = await credentials.issueCredential(anInput({ code: 'A/B?C#D 码' }))

    expect(credential.id).toBe('http://localhost:3000/verify/A%2FB%3FC%23D%20%E7%A0%81')
    expect(await credentials.verifyCredential(copy(credential))).toMatchObject({ ok: true, code: 'A/B?C#D 码' })
  })
})

describe('tampering', () => {
  let signed: Credential
  beforeAll(async () => {
    signed = copy(await credentials.issueCredential(anInput()))
  })

  const cases: [string, (c: Credential) => void][] = [
    ['the holder’s name', (c) => (c.credentialSubject.name = '李四')],
    ['the holder’s identifier', (c) => (c.credentialSubject.identifier[0].identityHash = '李四')],
    ['validUntil', (c) => (c.validUntil = '2099-03-01T08:30:00Z')],
    ['the code in the id', (c) => (c.id = 'http://localhost:3000/verify/K7Q2M-9XW4T-H3PZ9')],
    ['the achievement', (c) => (c.credentialSubject.achievement.name = '投诉处理专项认证')],
    ['the proof value', (c) => (c.proof[0].proofValue = `z${'1'.repeat(87)}`)],
    ['an added property', (c) => (c.credentialSubject.role = '组长')],
    ['the proof’s key, to one that is not the issuer’s', (c) => (c.proof[0].verificationMethod = 'https://keys.example/issuer#key-1')],
  ]
  test.each(cases)('of %s breaks the signature', async (_, tamper) => {
    const credential = copy(signed)
    tamper(credential)

    const check = await credentials.verifyCredential(credential)

    expect(check).toMatchObject({ ok: false, reason: 'bad-signature' })
  })
})

describe('other issuers', () => {
  test('a credential from another did:key is not ours', async () => {
    const other = await keys.loadIssuerKey(tempFile('other.json'))
    const foreign = await credentials.signCredential(credentials.buildCredential(anInput(), other.did), other)

    const check = await credentials.verifyCredential(copy(foreign))

    expect(check).toMatchObject({ ok: false, reason: 'not-ours' })
    expect(other.did).not.toBe(await keys.issuerDid())
  })

  test('a credential that names us as issuer but is signed by another key fails its signature', async () => {
    const other = await keys.loadIssuerKey(tempFile('forger.json'))
    const forged = await credentials.signCredential(credentials.buildCredential(anInput(), await keys.issuerDid()), other)

    const check = await credentials.verifyCredential(copy(forged))

    expect(check).toMatchObject({ ok: false, reason: 'bad-signature' })
  })
})

describe('garbage', () => {
  const circular: Record<string, unknown> = {}
  circular.self = circular
  test.each([
    ['a string', 'K7Q2M-9XW4T-H3PZ8'],
    ['an empty object', {}],
    ['null', null],
    ['undefined', undefined],
    ['a number', 42],
    ['an array', []],
    ['a circular object', circular],
  ])('%s is malformed', async (_, input) => {
    const check = await credentials.verifyCredential(input)

    expect(check).toMatchObject({ ok: false, reason: 'malformed', detail: expect.any(String) })
  })

  test('a credential without its proof is malformed', async () => {
    const { proof: _, ...unsigned } = copy(await credentials.issueCredential(anInput()))

    expect(await credentials.verifyCredential(unsigned)).toMatchObject({
      ok: false,
      reason: 'malformed',
      detail: expect.stringContaining('proof'),
    })
  })

  test('a context that is not bundled is refused, not fetched', async () => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch')
    const credential = copy(await credentials.issueCredential(anInput()))
    credential['@context'].push('https://example.com/contexts/extra.json')

    const check = await credentials.verifyCredential(credential)

    expect(check).toMatchObject({
      ok: false,
      reason: 'malformed',
      detail: expect.stringMatching(/Refusing to load https:\/\/example\.com\/contexts\/extra\.json/),
    })
    expect(fetchSpy).not.toHaveBeenCalled()
  })
})

describe('the issuer key file', () => {
  test('is made with mode 0600 when missing, in a directory made for it', async () => {
    const file = path.join(tmp, 'fresh', 'deeper', 'issuer-key.json')

    const result = await keys.ensureIssuerKey(file)

    expect(result).toEqual({ created: true, did: expect.stringMatching(/^did:key:z6Mk[1-9A-HJ-NP-Za-km-z]+$/) })
    if (process.platform !== 'win32') expect(fs.statSync(file).mode & 0o777).toBe(0o600)
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toMatchObject({ type: 'Multikey', controller: result.did })
  })

  test('is reused when present: same DID, file untouched', async () => {
    const file = tempFile('issuer-key.json')
    const first = await keys.ensureIssuerKey(file)
    const bytes = fs.readFileSync(file)

    const second = await keys.ensureIssuerKey(file)
    vi.resetModules()
    const reloaded = await (await import('#app/certification/issuer-key.server.ts')).loadIssuerKey(file)

    expect(second).toEqual({ created: false, did: first.did })
    expect(reloaded.did).toBe(first.did)
    expect(fs.readFileSync(file).equals(bytes)).toBe(true)
  })

  const keyFileJson = async () => {
    const file = tempFile('issuer-key.json')
    await keys.ensureIssuerKey(file)
    return JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, string>
  }
  test.each<[string, () => Promise<string>]>([
    ['not JSON', async () => '{"type": "Multikey",'],
    ['a JSON without the key', async () => '{"hello": "world"}'],
    ['an id that is not its did:key', async () => JSON.stringify({ ...(await keyFileJson()), id: (await keyFileJson()).id })],
    [
      'a secret key from another key pair',
      async () => JSON.stringify({ ...(await keyFileJson()), secretKeyMultibase: (await keyFileJson()).secretKeyMultibase }),
    ],
  ])('that is malformed (%s) stops with a message naming the file, and is kept', async (_, contents) => {
    const file = tempFile('issuer-key.json')
    const text = await contents()
    fs.writeFileSync(file, text)

    await expect(keys.ensureIssuerKey(file)).rejects.toThrow(`The issuer key file ${file} is malformed`)
    await expect(keys.loadIssuerKey(file)).rejects.toThrow(file)
    expect(fs.readFileSync(file, 'utf8')).toBe(text)
  })
})
