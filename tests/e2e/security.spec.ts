import fs from 'node:fs'
import { expect, test } from '@playwright/test'
import { E2E_BASE, readOne } from './db.ts'
import { demoIds } from './fixtures.ts'

// The security suite, against the production server the end-to-end config starts (demo data).
// Requests are made as browsers and attackers make them: documents, `.data` endpoints, forms.
const BASE = E2E_BASE
const DEMO = 'composure-demo'

type Actor = 'anon' | 'trainee' | 'teammate' | 'trainer' | 'lead' | 'otherLead' | 'admin'
const cookies: Partial<Record<Actor, string>> = {}
/** The team the other lead leads (made in beforeAll), and the demo lead's. */
const teams = { lead: '', otherLead: '' }

// Plain fetch: the cookie sent is exactly the one given (no cookie jar, no redirects followed).
async function form(url: string, fields: Record<string, string>, cookie?: string, origin: string | null = BASE) {
  return fetch(url, {
    method: 'POST',
    headers: {
      ...(origin !== null ? { Origin: origin } : {}),
      ...(cookie ? { Cookie: cookie } : {}),
      'Content-Type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  })
}

const get = (url: string, cookie?: string) => fetch(url, { headers: cookie ? { Cookie: cookie } : {}, redirect: 'manual' })
const sessionOf = (res: Response) =>
  res.headers
    .getSetCookie()
    .find((c) => c.startsWith('composure_session='))
    ?.split(';')[0]

async function loginCookie(username: string, password = DEMO) {
  const res = await form(`${BASE}/login`, { username, password })
  const cookie = sessionOf(res)
  if (!cookie) throw new Error(`login ${username}: ${res.status}`)
  return cookie
}

test.describe.configure({ mode: 'serial' })

test.beforeAll(async () => {
  for (const [actor, username] of [
    ['trainee', 'trainee'],
    ['teammate', 'zhouxiao'],
    ['trainer', 'trainer'],
    ['lead', 'lead'],
    ['admin', 'admin'],
  ] as const) {
    cookies[actor] = await loginCookie(username)
  }
  // A lead of another team, made as an admin would, who then chooses a password at first login.
  const name = `lead-${Date.now().toString(36)}`
  await form(
    `${BASE}/admin/users`,
    { username: name, displayName: '别组组长', password: 'set-by-admin-2026', roles: 'lead', teamId: '' },
    cookies.admin,
  )
  const leadId = (await readOne<{ id: string }>('select id from users where username = ?', name))!.id
  await form(`${BASE}/admin/teams`, { intent: 'create', name: `别组-${name}`, leadId }, cookies.admin)
  const teamLedBy = async (username: string) =>
    (await readOne<{ id: string }>('select t.id from teams t join users u on u.id = t.lead_id where u.username = ?', username))!.id
  teams.otherLead = await teamLedBy(name)
  teams.lead = await teamLedBy('lead')
  const first = await loginCookie(name, 'set-by-admin-2026')
  const changed = await form(
    `${BASE}/account/password`,
    { current: 'set-by-admin-2026', password: 'other-lead-own-2026', confirm: 'other-lead-own-2026' },
    first,
  )
  cookies.otherLead = sessionOf(changed)
  expect(cookies.otherLead).toBeTruthy()
})

test('access control: every route, as anonymous and as every role, documents and .data alike', async () => {
  const id = await demoIds()
  // Who may read each page (200); everyone else signed in gets 403 (or is sent elsewhere), anonymous is sent to log in.
  const matrix: [string, Actor[]][] = [
    ['/learn', ['trainee', 'teammate', 'trainer']],
    ['/learn/consumer-law', ['trainee', 'teammate', 'trainer']],
    ['/learn/consumer-law/quiz', ['trainee', 'teammate', 'trainer']],
    [`/quiz-results/${id.quiz}`, ['trainee', 'lead', 'trainer']],
    ['/practice', ['trainee', 'teammate', 'trainer']],
    [`/practice/${id.roleplay}/feedback`, ['trainee', 'lead', 'trainer']],
    // The dashboard: each lead their own team (the other lead's is empty), admins every team.
    ['/team', ['lead', 'otherLead', 'admin']],
    [`/team?team=${teams.lead}`, ['lead', 'admin']],
    [`/team?team=${teams.otherLead}`, ['otherLead', 'admin']],
    // A member's page: their lead, trainers and admins (progress of anyone), and the member themself.
    [`/team/${id.trainee}`, ['lead', 'trainer', 'trainee', 'admin']],
    ['/team/overview', ['admin']],
    ['/team/export', ['lead', 'otherLead', 'admin']],
    [`/team/export?team=${teams.lead}`, ['lead', 'admin']],
    ['/trainer', ['trainer']],
    ['/admin/users', ['admin']],
    [`/admin/users/${id.user}`, ['admin']],
    ['/admin/teams', ['admin']],
    [`/certificates/${id.certificate}`, ['teammate', 'lead', 'trainer', 'admin']],
    [`/certificates/${id.certificate}/credential`, ['teammate', 'lead', 'trainer', 'admin']],
    // Drill pages of 周晓's refresher (it has no drill item, so even she gets no page): nobody else reads them.
    [`/refreshers/${id.refresher}/drill`, []],
    [`/drill-results/${id.refresher}`, []],
    ['/account/password', ['trainee', 'teammate', 'trainer', 'lead', 'otherLead', 'admin']],
    ['/certifications', ['trainee', 'teammate', 'trainer', 'lead', 'otherLead', 'admin']],
    // The studio: trainers and admins write scenarios; only trainers review scores.
    ['/studio', ['trainer', 'admin']],
    ['/studio/scenarios/price-drop', ['trainer', 'admin']],
    ['/studio/scenarios/price-drop/versions', ['trainer', 'admin']],
    ['/studio/scenarios/price-drop/export', ['trainer', 'admin']],
    ['/studio/inbox', ['trainer', 'admin']],
    ['/studio/reviews', ['trainer']],
    [`/studio/reviews/${id.roleplay}`, ['trainer']],
  ]
  const actors: Actor[] = ['anon', 'trainee', 'teammate', 'trainer', 'lead', 'otherLead', 'admin']
  const wrong: string[] = []
  for (const [route, allowed] of matrix as [string, Actor[]][]) {
    for (const actor of actors) {
      const cookie = cookies[actor]
      const doc = await get(`${BASE}${route}`, cookie)
      const [path, query] = route.split('?')
      const data = await get(`${BASE}${path}.data${query ? `?${query}` : ''}`, cookie)
      const leaked = data.status === 200 && /林小雨|周晓/.test(await data.text())
      if (actor === 'anon') {
        if (doc.status !== 302 || !doc.headers.get('location')?.startsWith('/login')) wrong.push(`${route} anon document ${doc.status}`)
        if (data.status === 200) wrong.push(`${route} anon .data 200`)
      } else if (allowed.includes(actor)) {
        if (doc.status !== 200) wrong.push(`${route} ${actor} document ${doc.status} (expected 200)`)
      } else {
        if (doc.status === 200) wrong.push(`${route} ${actor} document 200 (expected refused)`)
        if (leaked) wrong.push(`${route} ${actor} .data ${data.status} shows another person's records`)
      }
    }
  }
  expect(wrong).toEqual([])
  // The public pages answer everyone.
  for (const route of ['/login', '/verify', `/verify/${id.code}`]) expect((await get(`${BASE}${route}`)).status).toBe(200)
})

test('the team dashboard: another team in the URL is a 403 for a lead, on the page, the CSV and the form; a trainee gets 403', async () => {
  const status = async (url: string, actor: Actor) => (await get(`${BASE}${url}`, cookies[actor])).status
  expect(await status(`/team?team=${teams.otherLead}`, 'lead')).toBe(403)
  expect(await status(`/team.data?team=${teams.otherLead}`, 'lead')).toBe(403)
  expect(await status(`/team/export?team=${teams.otherLead}`, 'lead')).toBe(403)
  expect(await status(`/team?team=${teams.lead}`, 'otherLead')).toBe(403)
  expect(await status(`/team/export?team=${teams.lead}`, 'otherLead')).toBe(403)
  expect(await status('/team', 'trainee')).toBe(403)
  expect(await status('/team/export', 'trainee')).toBe(403)
  expect(await status(`/team?team=${teams.otherLead}`, 'admin')).toBe(200)

  // Assigning to a filter naming another team: refused, and nothing stored for its agents.
  const fields = {
    intent: 'assign',
    kind: 'scenario',
    scenarioId: 'price-drop',
    dueDate: new Date(Date.now() + 7 * 86_400_000).toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' }),
    reason: '不该布置到别组',
    clientId: crypto.randomUUID(),
  }
  expect((await form(`${BASE}/team?index`, { ...fields, filter: `team=${teams.lead}` }, cookies.otherLead)).status).toBe(403)
  expect((await form(`${BASE}/team?index`, { ...fields, filter: '' }, cookies.trainee)).status).toBe(403)
  expect(await readOne('select count(*) as n from assignments where batch_id = ?', fields.clientId)).toEqual({ n: 0 })
})

test('the studio refuses trainees and leads on its endpoints too, and nothing is created', async () => {
  const source = fs.readFileSync('scenarios/price-drop.yaml', 'utf8')
  for (const actor of ['trainee', 'lead'] as const) {
    const json = (url: string, body: unknown) =>
      fetch(url, {
        method: 'POST',
        headers: { Origin: BASE, Cookie: cookies[actor]!, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      })
    expect((await json(`${BASE}/studio/check`, { id: 'price-drop', source })).status).toBe(403)
    expect((await json(`${BASE}/studio/playtest`, { scenarioId: 'price-drop', source, mode: 'free', seed: 1, replies: [] })).status).toBe(
      403,
    )
    const created = await form(`${BASE}/studio?index`, { intent: 'create', id: `by-${actor}`, title: 'x' }, cookies[actor])
    expect(created.status).toBe(403)
  }
  expect(await readOne("select count(*) as n from scenario_library where scenario_id like 'by-%'")).toEqual({ n: 0 })
})

test('CSRF: every action refuses a foreign, a null and a missing Origin', async () => {
  const id = await demoIds()
  const actions: [string, Record<string, string>, Actor][] = [
    ['/login', { username: 'trainee', password: DEMO }, 'anon'],
    ['/logout', {}, 'trainee'],
    ['/language', { lng: 'en', redirectTo: '/' }, 'trainee'],
    ['/practice', { scenarioId: 'damaged-on-arrival', mode: 'free' }, 'trainee'],
    ['/learn/consumer-law', { intent: 'finish' }, 'trainee'],
    ['/admin/users', { username: 'csrf-victim', displayName: 'x', password: 'long-enough-pass-1', roles: 'admin' }, 'admin'],
    [`/admin/users/${id.user}`, { intent: 'update', displayName: 'x', roles: 'admin' }, 'admin'],
    ['/admin/teams', { intent: 'create', name: 'csrf' }, 'admin'],
    ['/account/password', { current: DEMO, password: 'csrf-new-password-1', confirm: 'csrf-new-password-1' }, 'trainee'],
    [`/team/${id.trainee}`, { intent: 'assign' }, 'lead'],
    ['/studio?index', { intent: 'create', id: 'csrf-scenario', title: 'csrf' }, 'trainer'],
    ['/studio/scenarios/price-drop', { intent: 'save', source: 'id: price-drop', revision: '' }, 'trainer'],
  ]
  for (const [route, fields, actor] of actions) {
    for (const origin of ['https://evil.example', 'null', null]) {
      const res = await form(`${BASE}${route}`, fields, cookies[actor], origin)
      expect(res.status, `${route} with Origin ${origin}`).toBe(403)
    }
  }
})

test('XSS: names and replies are shown as text, never run', async ({ page }) => {
  const evil = '<img src=x onerror="window.__xss=1"><script>window.__xss=1</script>'
  const start = await form(`${BASE}/practice`, { scenarioId: 'damaged-on-arrival', mode: 'free' }, cookies.trainee)
  const attempt = /\/practice\/([0-9a-f-]{36})/.exec(start.headers.get('location') ?? '')![1]!
  await page.context().addCookies([{ name: 'composure_session', value: cookies.trainee!.split('=').slice(1).join('='), url: BASE }])
  await page.goto(`${BASE}/practice/${attempt}`)
  const input = page.getByLabel('输入回复，Enter 发送，Shift+Enter 换行')
  await input.fill(evil)
  // NOTE: the log shows a reply while it is still being sent; reload only once the server has it.
  const saved = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname.startsWith(`/practice/${attempt}`))
  await input.press('Enter')
  await saved
  await expect(page.getByRole('log')).toContainText('<script>window.__xss=1</script>')
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined()
  await page.reload()
  await expect(page.getByRole('log')).toContainText('onerror=')
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined()
})

test('XSS: a display name with markup is shown as text on the pages that list it', async ({ page }) => {
  const team = (await readOne<{ id: string }>("select t.id from teams t join users u on u.id = t.lead_id where u.username = 'lead'"))!.id
  const name = `xss-${Date.now().toString(36)}`
  const evil = '<b onmouseover=alert(1)>x</b><script>window.__xss=1</script>'
  await form(
    `${BASE}/admin/users`,
    { username: name, displayName: evil.slice(0, 40), password: 'set-by-admin-2026', roles: 'trainee', teamId: team },
    cookies.admin,
  )
  await page.context().addCookies([{ name: 'composure_session', value: cookies.lead!.split('=').slice(1).join('='), url: BASE }])
  await page.goto(`${BASE}/team`)
  await expect(page.getByText(evil.slice(0, 20))).toBeVisible()
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined()
  expect(await page.locator('main b[onmouseover]').count()).toBe(0)
})

test('CSV export: a member name that would run as a formula is written as text', async () => {
  const team = (await readOne<{ id: string }>("select t.id from teams t join users u on u.id = t.lead_id where u.username = 'lead'"))!.id
  const name = `csv-${Date.now().toString(36)}`
  await form(
    `${BASE}/admin/users`,
    { username: name, displayName: '=HYPERLINK("http://evil")', password: 'set-by-admin-2026', roles: 'trainee', teamId: team },
    cookies.admin,
  )
  const csv = await (await get(`${BASE}/team/export`, cookies.lead)).text()
  expect(csv).toContain(`"'=HYPERLINK(""http://evil"")"`)
  expect(csv).not.toMatch(/(^|,)=HYPERLINK/m)
})

test('open redirect, body limits and odd input get a clear 4xx, never a 500 or another site', async () => {
  for (const target of ['/%09/evil.example', '//evil.example', '/\\evil.example', 'https://evil.example', '/%0d%0aSet-Cookie:x=1']) {
    const res = await form(`${BASE}/login`, { username: 'trainee', password: DEMO, redirectTo: target })
    expect(res.status).toBe(302)
    expect(new URL(res.headers.get('location')!, BASE).origin).toBe(BASE)
  }
  const raw = (body: string) =>
    fetch(`${BASE}/login`, {
      method: 'POST',
      headers: { Origin: BASE, 'Content-Type': 'application/x-www-form-urlencoded' },
      body,
      redirect: 'manual',
    })
  expect((await raw('a='.padEnd(2 * 1024 * 1024, 'x'))).status).toBe(413)
  expect((await raw(Array.from({ length: 5000 }, (_, i) => `f${i}=1`).join('&'))).status).toBe(413)
  expect((await form(`${BASE}/login`, { username: 'x'.repeat(100_000), password: 'y' })).status).toBe(400)
  // A body that is not the multipart form it claims to be, and a chunked upload over the limit.
  const junk = await fetch(`${BASE}/verify`, {
    method: 'POST',
    headers: { Origin: BASE, 'Content-Type': 'multipart/form-data; boundary=zzz' },
    body: 'garbage',
    redirect: 'manual',
  })
  expect(junk.status).toBe(400)
  const boundary = 'b0undary'
  const chunks = [
    `--${boundary}\r\nContent-Disposition: form-data; name="credential"; filename="c.json"\r\nContent-Type: application/json\r\n\r\n`,
    'x'.repeat(100 * 1024),
    `\r\n--${boundary}--\r\n`,
  ]
  const chunked = await fetch(`${BASE}/verify`, {
    method: 'POST',
    headers: { Origin: BASE, 'Content-Type': `multipart/form-data; boundary=${boundary}` },
    body: new ReadableStream({
      start: (c) => {
        for (const part of chunks) c.enqueue(new TextEncoder().encode(part))
        c.close()
      },
    }),
    // Node's fetch sends a streamed body chunked, without Content-Length, only with this.
    ...({ duplex: 'half' } as object),
    redirect: 'manual',
  })
  expect(chunked.status).toBe(413)
  for (const odd of ['/learn/%E0%A4%A', '/team/%ZZ', '/%']) expect((await get(`${BASE}${odd}`, cookies.lead)).status).toBe(400)
  const badTeam = await form(
    `${BASE}/admin/users`,
    { username: `t-${Date.now().toString(36)}`, displayName: 'x', password: 'set-by-admin-2026', roles: 'trainee', teamId: 'no-such-team' },
    cookies.admin,
  )
  expect(badTeam.status).toBe(400)
})

test('login throttling slows a guesser without locking the real user out', async () => {
  const attempt = (password: string, address: string) =>
    fetch(`${BASE}/login`, {
      method: 'POST',
      headers: { Origin: BASE, 'X-Forwarded-For': address, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ username: 'wuhao', password }).toString(),
      redirect: 'manual',
    })
  for (let i = 0; i < 6; i++) await attempt(`guess-${i}`, '203.0.113.7')
  const guesser = await attempt(DEMO, '203.0.113.7')
  expect(guesser.status).toBe(429)
  expect(Number(guesser.headers.get('retry-after'))).toBeGreaterThan(0)
  // The real user, from their own address, logs in at once.
  expect((await attempt(DEMO, '198.51.100.2')).status).toBe(302)
})

test('sessions: a fresh id at login, none after logout', async () => {
  // A session id planted before login (fixation) is not the one the login gives: the id rotates.
  const planted = await loginCookie('zhouxiao')
  expect(planted).toBeTruthy()
  const res = await form(`${BASE}/login`, { username: 'wuhao', password: DEMO }, planted)
  const cookie = sessionOf(res)!
  expect(cookie).toBeTruthy()
  expect(cookie).not.toBe(planted)
  expect((await get(`${BASE}/learn`, cookie)).status).toBe(200)
  // The planted id no longer opens anything.
  expect((await get(`${BASE}/learn`, planted)).status).toBe(302)
  await form(`${BASE}/logout`, {}, cookie)
  expect((await get(`${BASE}/learn`, cookie)).status).toBe(302)
})

test('headers: CSP with a nonce and no inline scripts, frame-ancestors none, no-store on personal pages, and on static files too', async () => {
  const page = await get(`${BASE}/learn`, cookies.trainee)
  const csp = page.headers.get('content-security-policy')!
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/)
  expect(csp).not.toContain("'unsafe-inline' 'unsafe-eval'")
  expect(csp).toContain("frame-ancestors 'none'")
  expect(page.headers.get('cache-control')).toBe('no-store')
  expect(page.headers.get('x-content-type-options')).toBe('nosniff')
  const nonce = /'nonce-([^']+)'/.exec(csp)![1]!
  const html = await page.text()
  for (const tag of html.match(/<script[^>]*>/g) ?? []) expect(tag).toContain(`nonce="${nonce}"`)
  const asset = /\/assets\/[^"]+\.js/.exec(html)![0]
  const staticFile = await get(`${BASE}${asset}`)
  expect(staticFile.headers.get('x-content-type-options')).toBe('nosniff')
  expect(staticFile.headers.get('content-security-policy')).toBeTruthy()
})
