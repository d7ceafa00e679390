// The views bench:dashboard times, the same on both engines (scripts/bench-dashboard.ts for
// SQLite, scripts/bench-dashboard-pg.ts for PostgreSQL): signed-in requests to the dashboard's
// loaders, for random teams and agents, after warm-up views. Each script says how to measure
// one view (`measure`) and what it records beside the loader's time.
import type { LoaderFunctionArgs } from '@remix-run/node'

type Loader = (args: LoaderFunctionArgs) => Promise<unknown>

export interface Pages<R> {
  teamPage: R
  drillDown: R
  overview: R
  overviewCold: R
  everyTeam: R
}

export interface PageSetup<R> {
  teams: { id: string; leadId: string }[]
  members: Map<string, string[]>
  adminId: string
  iterations: number
  orgIterations: number
  warmup: number
  random: () => number
  newRun: () => R
  /** Times one view; `record` is false for warm-up views. */
  measure: (run: R, record: boolean, view: () => Promise<unknown>) => Promise<void>
}

/** The loaders, the session storage and the org-figure cache, imported after the environment is set. */
export async function loadApp() {
  const { sessionStorage } = await import('#app/utils/session.server.ts')
  const { loader: team } = await import('#app/routes/team._index.tsx')
  const { loader: member } = await import('#app/routes/team.$userId.tsx')
  const { loader: overview } = await import('#app/routes/team.overview.tsx')
  const { clearOrgFigures } = await import('#app/dashboard/dashboard.server.ts')
  return { sessionStorage, loaders: { team, member, overview } as Record<string, Loader>, clearOrgFigures }
}

type App = Awaited<ReturnType<typeof loadApp>>

/** Signs in each user once (a session row, as a login makes), and signs them all out at the end. */
export function sessions(app: App) {
  const cookies = new Map<string, string>()
  return {
    async cookieFor(userId: string) {
      let cookie = cookies.get(userId)
      if (!cookie) {
        const session = await app.sessionStorage().getSession()
        session.set('userId', userId)
        cookie = (await app.sessionStorage().commitSession(session)).split(';')[0]!
        cookies.set(userId, cookie)
      }
      return cookie
    },
    async signOutAll() {
      for (const cookie of cookies.values()) await app.sessionStorage().destroySession(await app.sessionStorage().getSession(cookie))
    },
  }
}

const request = (url: string, cookie: string) => new Request(new URL(url, 'http://localhost'), { headers: { Cookie: cookie } })
const loaderArgs = (req: Request, params: Record<string, string> = {}) => ({ request: req, params, context: {} }) as LoaderFunctionArgs
const SORTS = ['status', 'score', 'name', 'due', 'compliance']

export async function timePages<R>(app: App, signIn: ReturnType<typeof sessions>, setup: PageSetup<R>): Promise<Pages<R>> {
  const { teams, members, warmup, iterations, orgIterations, random, newRun, measure } = setup
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!
  const pages: Pages<R> = { teamPage: newRun(), drillDown: newRun(), overview: newRun(), overviewCold: newRun(), everyTeam: newRun() }
  console.error(`Warming up and measuring (${warmup} + ${iterations} views of each page, ${orgIterations} organisation overviews)…`)
  for (let i = 0; i < warmup + iterations; i++) {
    const team = pick(teams)
    const cookie = await signIn.cookieFor(team.leadId)
    // Half plain, half with a sort and a filter, as leads use it.
    const query = i % 2 ? `?sort=${pick(SORTS)}&dir=desc${i % 4 === 1 ? '&overdue=1' : ''}` : ''
    await measure(pages.teamPage, i >= warmup, () => app.loaders.team!(loaderArgs(request(`/team${query}`, cookie))))
  }
  for (let i = 0; i < warmup + iterations; i++) {
    const team = pick(teams)
    const member = pick(members.get(team.id)!)
    const cookie = await signIn.cookieFor(team.leadId)
    await measure(pages.drillDown, i >= warmup, () =>
      app.loaders.member!(loaderArgs(request(`/team/${member}`, cookie), { userId: member })),
    )
  }
  const adminCookie = await signIn.cookieFor(setup.adminId)
  for (let i = 0; i < warmup + orgIterations; i++) {
    await measure(pages.overview, i >= warmup, () => app.loaders.overview!(loaderArgs(request('/team/overview', adminCookie))))
  }
  // The organisation's figures are cached for a minute per server: the view that recomputes them.
  for (let i = 0; i < warmup + orgIterations; i++) {
    app.clearOrgFigures()
    await measure(pages.overviewCold, i >= warmup, () => app.loaders.overview!(loaderArgs(request('/team/overview', adminCookie))))
  }
  for (let i = 0; i < warmup + orgIterations; i++) {
    const query = `?sort=${pick(SORTS)}&page=${1 + Math.floor(random() * 50)}`
    await measure(pages.everyTeam, i >= warmup, () => app.loaders.team!(loaderArgs(request(`/team${query}`, adminCookie))))
  }
  return pages
}

/** A team page view as its lead opens it, for the SQLite run's lock probe. */
export async function viewTeamPage(app: App, signIn: ReturnType<typeof sessions>, leadId: string) {
  await app.loaders.team!(loaderArgs(request('/team', await signIn.cookieFor(leadId))))
}

// --- figures ---
export const quantile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length ? s[Math.min(s.length - 1, Math.floor(p * s.length))]! : NaN
}
export const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length)
export const ms = (n: number) => (n >= 100 ? n.toFixed(0) : n.toFixed(1))
export const fmt = (n: number | string) => Number(n).toLocaleString('en-US')

/** A Markdown table, the first column left-aligned and the rest right-aligned. */
export function printTable(header: string[], rows: string[][]) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)))
  const line = (cells: string[]) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`
  console.log(line(header))
  console.log(`|${widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`)
  for (const r of rows) console.log(line(r))
}

/** The pages' rows, as both engines print them. */
export function pageRows<R>(pages: Pages<R>, agents: string): [string, R, string][] {
  return [
    ['team page, as its lead (team._index loader)', pages.teamPage, 'p99 < 150 ms'],
    ['agent drill-down, as the lead (team.$userId loader)', pages.drillDown, '—'],
    ['organisation overview, as an admin (team.overview loader)', pages.overview, 'p99 < 500 ms'],
    ['organisation overview, its once-a-minute recompute of the org figures', pages.overviewCold, 'p99 < 500 ms'],
    [`every team's table, as an admin (team._index, ${agents} rows, sorted, paged)`, pages.everyTeam, '—'],
  ]
}
