// Builds a large database for load tests and the team-lead dashboard's benchmarks, in a file of
// its own (never the app's): 250 teams of 20 agents, each team with its lead, and two years of
// history ending now. Agents are hired over those two years, read the modules and take their
// quizzes, play role-plays in both modes, are certified, keep their certificates current with
// refreshers (or let them lapse and come back), get weakness drills, refreshers their lead sets
// and trainers' score reviews; a few certificates are revoked. The certification records are
// what the real rules make of that history: `reconcileUsers`, as the pages run it.
//   npm run seed:large [-- --out FILE] [--force] [--seed N] [--now ISO-TIME] [--teams N] [--team-size N]
// Every user's password is `large-seed-2026` (one hash, made once). The same --seed and --now give
// the same records; the ids and codes the app's own functions make (certificates, refreshers,
// their codes, reviews, leads' refreshers) are random. Progress goes to stderr, the summary to stdout.
//
// Role-plays are what the engine makes of real conversations: each shipped scenario's sample
// conversations, and conversations mixed from its labelled replies (the judge corpus's dev part
// and the scenario's sample replies) or its guided choices, each replayed once through the live
// version. Attempts reuse those events, outcome and scores with their own seed (only where the
// score does not depend on it), start time and reply latencies (each kept on its side of the
// scenario's patience, the only way latency moves a score). A sample of stored attempts is
// replayed again at the end to show the stored scores are the engine's.
import fs from 'node:fs'
import { performance } from 'node:perf_hooks'
import type Database from 'better-sqlite3'
import { pinyin } from 'pinyin-pro'
import { loadCertifications } from '#app/certification/certifications.server.ts'
import { drillQuestionSet } from '#app/certification/drill.ts'
import { ensureIssuerKey } from '#app/certification/issuer-key.server.ts'
import {
  DRILL_PASS_MARK,
  drillQuestions,
  holds,
  itemCompletions,
  lapseAt,
  nextScheduled,
  scenarioForSkill,
  type CertificatePeriod,
  type Records,
  type Refresher,
  type RefresherItem,
  type Standing,
  type Status,
} from '#app/certification/rules.ts'
import type { Certification } from '#app/certification/schema.ts'
import { addDays, addMonths, localDate, startOfDay, type LocalDate } from '#app/domain/calendar.ts'
import type { Question } from '#app/domain/content-schema.ts'
import { attemptQuestions, expectedAnswer, scoreQuiz, type AnswerSheet } from '#app/domain/quiz.ts'
import { SKILLS } from '#app/domain/skills.ts'
import { readCorpus } from '#app/judge/corpus.server.ts'
import { JUDGE_VERSION } from '#app/judge/version.ts'
import { assignRefresher, revokeCertificate } from '#app/models/certifications.server.ts'
import { getCatalog, publishCourse, rulesFor } from '#app/certification/catalog.server.ts'
import { reconcileUsers } from '#app/certification/reconcile.server.ts'
import { recordReview } from '#app/models/reviews.server.ts'
import { loadAttemptState } from '#app/roleplay/attempts.server.ts'
import type { LoggedEvent, Mode, Scenario } from '#app/roleplay/engine.ts'
import { judgeLog, replay } from '#app/roleplay/run.ts'
import { liveScenarios, loadScenarios, publishScenarios } from '#app/roleplay/scenarios.server.ts'
import { transcriptEvents } from '#app/roleplay/transcript.ts'
import { loadModules } from '#app/utils/content.server.ts'
import { closeDb, getDb, migrateDatabase } from '#app/utils/db.server.ts'
import { getEnv } from '#app/utils/env.server.ts'
import { hashPassword } from '#app/utils/password.server.ts'
import { Progress } from './progress.ts'

export const LARGE_SEED_PASSWORD = 'large-seed-2026'

const args = process.argv.slice(2)
const option = (name: string) => {
  const i = args.indexOf(`--${name}`)
  return i >= 0 ? args[i + 1] : undefined
}
const flag = (name: string) => args.includes(`--${name}`)
const integer = (name: string, fallback: number, min: number) => {
  const raw = option(name)
  const n = raw === undefined ? fallback : Number(raw)
  if (!Number.isInteger(n) || n < min) fail(`--${name} must be a whole number of at least ${min}`)
  return n
}
function fail(message: string): never {
  console.error(message)
  process.exit(1)
}

const OUT = option('out') ?? './data/large.db'
const SEED = integer('seed', 1, 0)
const TEAMS = integer('teams', 250, 1)
const TEAM_SIZE = integer('team-size', 20, 1)
const NOW = option('now') ? new Date(option('now')!) : new Date()
if (Number.isNaN(NOW.getTime())) fail('--now must be a date and time, e.g. 2026-12-03T10:00:00+08:00')
if (fs.existsSync(OUT) && !flag('force')) fail(`${OUT} exists; pass --force to replace it.`)
for (const suffix of ['', '-wal', '-shm']) fs.rmSync(OUT + suffix, { force: true })
process.env.DATABASE_PATH = OUT

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR
const HISTORY_DAYS = 730
const started = performance.now()

// ---------------------------------------------------------------------------------------------
// Deterministic randomness: one stream per purpose and per agent, so an agent's history does not
// depend on the others'.

/** A 32-bit hash of some numbers (and the --seed), to start a stream. */
function hash32(salt: number, parts: readonly number[]) {
  let h = (0x811c9dc5 ^ SEED ^ Math.imul(salt, 0x9e3779b9)) >>> 0
  for (const p of parts) {
    h = Math.imul(h ^ (p >>> 0), 0x01000193)
    h = Math.imul(h ^ (h >>> 15), 0x85ebca6b)
    h ^= h >>> 13
  }
  return h >>> 0
}

/**
 * sfc32 over 128 bits of state. NOTE: not the app's mulberry32 (seededRandom): its 32-bit state
 * walks one cycle, so thousands of streams overlap and repeat each other's ids.
 */
class Rand {
  private a: number
  private b: number
  private c: number
  private d: number
  /** One stream per purpose: the numbers name it (a stage, an agent's index…). */
  constructor(...parts: number[]) {
    this.a = hash32(1, parts)
    this.b = hash32(2, parts)
    this.c = hash32(3, parts)
    this.d = hash32(4, parts)
    for (let i = 0; i < 12; i++) this.next()
  }
  private next() {
    const t = (((this.a + this.b) | 0) + this.d) | 0
    this.d = (this.d + 1) | 0
    this.a = this.b ^ (this.b >>> 9)
    this.b = (this.c + (this.c << 3)) | 0
    this.c = (this.c << 21) | (this.c >>> 11)
    this.c = (this.c + t) | 0
    return (t >>> 0) / 4294967296
  }
  float() {
    return this.next()
  }
  /** A whole number in [lo, hi]. */
  int(lo: number, hi: number) {
    return lo + Math.floor(this.next() * (hi - lo + 1))
  }
  chance(p: number) {
    return this.next() < p
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!
  }
  weighted<T>(items: readonly T[], weight: (item: T) => number): T {
    const total = items.reduce((s, x) => s + weight(x), 0)
    let at = this.next() * total
    for (const x of items) if ((at -= weight(x)) < 0) return x
    return items.at(-1)!
  }
  seed() {
    return Math.floor(this.next() * 2 ** 31)
  }
  /** A version-4 UUID, as `randomUUID` makes them. */
  uuid() {
    let hex = ''
    for (let i = 0; i < 4; i++) hex += ((this.next() * 2 ** 32) >>> 0).toString(16).padStart(8, '0')
    const variant = ((parseInt(hex[16]!, 16) & 3) | 8).toString(16)
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`
  }
}

// ---------------------------------------------------------------------------------------------
// Progress on stderr: a bar updated in place (a line per quarter when stderr is not a terminal).

const fmt = (n: number) => Math.round(n).toLocaleString('en-US')

// ---------------------------------------------------------------------------------------------
// The database: the schema from the migrations, the shipped scenarios and module versions as
// set-up records them (as if served since before the history begins).

const env = getEnv()
const TZ = env.TIMEZONE
const db = getDb()
// The same connection as the app's functions below (reconcile, reviews), so one set of pragmas applies.
const sqlite = (db as typeof db & { $client: Database.Database }).$client
// NOTE: a scratch file built in one go: if the machine crashes halfway, run it again with --force.
sqlite.pragma('synchronous = OFF')
sqlite.pragma('cache_size = -1048576')
sqlite.pragma('temp_store = MEMORY')
migrateDatabase(db)

const today = localDate(NOW, TZ)
const firstDate = addDays(today, -HISTORY_DAYS)
/** Local midnight of each day of the history; day HISTORY_DAYS is today. */
const dayStart = Array.from({ length: HISTORY_DAYS + 1 }, (_, d) => startOfDay(addDays(firstDate, d), TZ))
const dateOf = (d: number) => addDays(firstDate, d)
const dayOfDate = (date: LocalDate) => Math.round((startOfDay(date, TZ) - dayStart[0]!) / DAY)
const weekday = (d: number) => new Date(`${dateOf(d)}T00:00:00Z`).getUTCDay()
const TODAY = HISTORY_DAYS
const publishedAt = new Date(dayStart[0]! - DAY)

// The certificate signing key, as set-up makes it: the app refuses to start on certificates without it.
await ensureIssuerKey()
await publishScenarios(publishedAt)
const modules = loadModules()
await publishCourse(modules, publishedAt)
const catalog = await getCatalog()
const certifications = loadCertifications()
const ONBOARDING = certifications.find((c) => c.id === 'onboarding') ?? certifications[0]!
const rulesOf = new Map(certifications.map((c) => [c.id, rulesFor(c, catalog)]))
const moduleById = new Map(modules.map((m) => [m.id, m]))

// ---------------------------------------------------------------------------------------------
// Answer sheets: per module, some attempts' question draws (by seed) answered to pass or to fail,
// scored by the app's own scoring; attempts reuse them.

interface Sheet {
  seed: number
  answers: string
  score: number
  passed: boolean
}

function answerSheet(questions: readonly Question[], miss: (i: number) => boolean): AnswerSheet {
  const answers: AnswerSheet = {}
  for (const [i, q] of questions.entries()) {
    if (!miss(i)) answers[q.id] = expectedAnswer(q)
    else if (q.type === 'single') answers[q.id] = q.options.find((o) => o.id !== q.answer)!.id
    else if (q.type === 'multiple') answers[q.id] = q.answer.slice(0, 1)
    else if (q.type === 'truefalse') answers[q.id] = !q.answer
    else answers[q.id] = q.items.map((it) => it.id).reverse()
  }
  return answers
}

function sheetsFor(questionsOf: (seed: number) => readonly Question[], passMark: number, r: Rand, count: number) {
  const pass: Sheet[] = []
  const failSheets: Sheet[] = []
  for (let k = 0; k < count; k++) {
    const seed = r.seed()
    const questions = questionsOf(seed)
    for (const want of [true, false]) {
      let answers = answerSheet(questions, () => r.chance(want ? 0.1 : 0.5))
      let result = scoreQuiz(questions, answers, passMark)
      if (result.passed !== want) {
        answers = answerSheet(questions, (i) => (want ? false : i % 3 !== 0))
        result = scoreQuiz(questions, answers, passMark)
      }
      if (result.passed === want)
        (want ? pass : failSheets).push({ seed, answers: JSON.stringify(answers), score: result.score, passed: want })
    }
  }
  return { pass, fail: failSheets }
}

const sheetRand = new Rand(11)
const quizSheets = new Map(
  modules.map((m) => [m.id, sheetsFor((seed) => attemptQuestions(m, { moduleVersion: m.version, seed }), m.passMark, sheetRand, 40)]),
)
const drillSheetCache = new Map<string, ReturnType<typeof sheetsFor>>()
function drillSheets(questionKeys: readonly string[]) {
  const key = questionKeys.join(',')
  let sheets = drillSheetCache.get(key)
  if (!sheets) {
    const questions = drillQuestionSet(questionKeys, modules)
    sheets = sheetsFor(() => questions, DRILL_PASS_MARK, sheetRand, 12)
    drillSheetCache.set(key, sheets)
  }
  return sheets
}

// ---------------------------------------------------------------------------------------------
// Role-play templates: conversations replayed once through each scenario's live version.

interface TemplateEvent {
  kind: 'reply' | 'patience'
  text: string | null
  choice: string | null
  latencyMs: number
}

interface Template {
  index: number
  scenario: Scenario
  mode: Mode
  seed: number
  /** The score is the same whatever the attempt's seed (checked on two other seeds). */
  anySeed: boolean
  sample: boolean
  events: TemplateEvent[]
  outcome: 'resolved' | 'escalated' | 'left-angry' | 'breach'
  total: number
  passed: boolean
  skills: Record<string, number>
}

const templates: Template[] = []
const templatesOf = new Map<string, Record<Mode, Record<'pass' | 'fail', { all: Template[]; samples: Template[] }>>>()
const toLogged = (e: TemplateEvent): LoggedEvent =>
  e.kind === 'patience'
    ? { type: 'patience.expired', latencyMs: e.latencyMs }
    : { type: 'trainee.reply', ...(e.choice !== null ? { choice: e.choice } : { text: e.text ?? '' }), latencyMs: e.latencyMs }

function scoreOf(scenario: Scenario, mode: Mode, seed: number, events: readonly TemplateEvent[]) {
  const state = replay(scenario, { seed, mode }, events.map(toLogged))
  return { done: state.done, ...state.score }
}

function addTemplate(scenario: Scenario, mode: Mode, seed: number, events: TemplateEvent[], sample: boolean) {
  const score = scoreOf(scenario, mode, seed, events)
  if (!score.done || score.outcome === null) return
  const same = (s: ReturnType<typeof scoreOf>) =>
    s.outcome === score.outcome &&
    s.total === score.total &&
    s.passed === score.passed &&
    JSON.stringify(s.skills) === JSON.stringify(score.skills)
  const anySeed = same(scoreOf(scenario, mode, seed + 7919, events)) && same(scoreOf(scenario, mode, seed + 104_729, events))
  const t: Template = {
    index: templates.length,
    scenario,
    mode,
    seed,
    anySeed,
    sample,
    events,
    outcome: score.outcome,
    total: score.total,
    passed: score.passed,
    skills: score.skills,
  }
  templates.push(t)
  const byMode = templatesOf.get(scenario.script.id)!
  const bucket = byMode[mode][t.passed ? 'pass' : 'fail']
  bucket.all.push(t)
  if (sample) bucket.samples.push(t)
}

/** Plays a conversation step by step, `choose` giving each next event from the state so far; null when it does not end. */
function walk(scenario: Scenario, mode: Mode, seed: number, choose: (state: ReturnType<typeof replay>) => TemplateEvent[] | null) {
  const input = { seed, mode }
  let state = replay(scenario, input, [])
  const events: TemplateEvent[] = []
  while (!state.done) {
    const next = choose(state)
    if (!next || events.length > 16) return null
    for (const e of next) {
      events.push(e)
      const judged = judgeLog(scenario, input, events.map(toLogged), state)
      if (!judged.accepted) return null
      state = judged.state
      if (state.done) break
    }
  }
  return events
}

const templateRand = new Rand(12)
const corpus = readCorpus('dev')
const live = await liveScenarios()
for (const scenario of live) {
  const id = scenario.script.id
  const empty = () => ({ pass: { all: [], samples: [] }, fail: { all: [], samples: [] } })
  templatesOf.set(id, { free: empty(), guided: empty() })
  const file = loadScenarios().find((s) => s.script.id === id)
  const samples = file?.script.samples
  for (const t of samples?.transcripts ?? []) {
    const events = transcriptEvents(t).map((e) => ({
      kind: 'reply' as const,
      text: e.text ?? null,
      choice: e.choice ?? null,
      latencyMs: e.latencyMs,
    }))
    addTemplate(scenario, t.mode, t.seed, events, true)
  }
  const patienceMs = scenario.script.patience.seconds * 1000
  const typed = (text: string) => Math.min(patienceMs - 500, Math.round((5 + text.length * 0.3 + templateRand.float() * 12) * 1000))
  // Free text mixed from the replies written for each beat, the better ones chosen more often by a better trainee.
  const byBeat = new Map<string, { text: string; good: boolean }[]>()
  const add = (beat: string, text: string, verdict: string) =>
    byBeat.set(beat, [...(byBeat.get(beat) ?? []), { text, good: verdict === 'good' }])
  for (const e of corpus) if (e.scenario === id) add(e.beat, e.reply, e.verdict)
  for (const e of samples?.replies ?? []) add(e.beat, e.text, e.verdict)
  for (const goodShare of [0.97, 0.9, 0.8, 0.65, 0.45]) {
    for (let k = 0; k < 10; k++) {
      const seed = templateRand.seed()
      const events = walk(scenario, 'free', seed, (state) => {
        const options = byBeat.get(state.context.beat)
        if (!options?.length) return null
        const good = options.filter((o) => o.good)
        const rest = options.filter((o) => !o.good)
        const { text } = templateRand.pick(good.length && (templateRand.chance(goodShare) || !rest.length) ? good : rest)
        const out: TemplateEvent[] = []
        // Now and then the customer's patience runs out while the trainee is still typing (logged live),
        // or the reply itself comes too late.
        if (templateRand.chance(0.03))
          out.push({ kind: 'patience', text: null, choice: null, latencyMs: patienceMs + templateRand.int(0, 8000) })
        const slow = templateRand.chance(0.05)
        out.push({ kind: 'reply', text, choice: null, latencyMs: slow ? patienceMs + templateRand.int(3000, 40_000) : typed(text) })
        return out
      })
      if (events) addTemplate(scenario, 'free', seed, events, false)
    }
  }
  // Guided: the beat's choices, picked at random.
  for (let k = 0; k < 24; k++) {
    const seed = templateRand.seed()
    const events = walk(scenario, 'guided', seed, (state) => {
      const replies = scenario.script.beats[state.context.beat]?.replies ?? []
      if (!replies.length) return null
      return [
        {
          kind: 'reply',
          text: null,
          choice: templateRand.pick(replies).id,
          latencyMs: Math.min(patienceMs - 500, templateRand.int(3000, 20_000)),
        },
      ]
    })
    if (events) addTemplate(scenario, 'guided', seed, events, false)
  }
}
const scenarioById = new Map(live.map((s) => [s.script.id, s]))
const scenarioIds = [...scenarioById.keys()]

/** An attempt's reply latencies: the template's, varied, each on its side of the patience. */
function latenciesOf(t: Template, seed: number) {
  const r = new Rand(seed)
  const patienceMs = t.scenario.script.patience.seconds * 1000
  return t.events.map((e) => {
    const varied = Math.round(e.latencyMs * (0.7 + 0.6 * r.float()))
    if (e.kind === 'patience') return Math.max(patienceMs, varied)
    return e.latencyMs > patienceMs ? Math.max(patienceMs + 1, varied) : Math.max(1500, Math.min(patienceMs, varied))
  })
}

const prefixScores = new Map<string, { total: number; skills: Record<string, number> }>()
/** What an attempt given up (or still going) after `n` events shows: the engine's score so far. */
function prefixScore(t: Template, n: number) {
  const key = `${t.index}:${n}`
  let s = prefixScores.get(key)
  if (!s) {
    const score = scoreOf(t.scenario, t.mode, t.seed, t.events.slice(0, n))
    s = { total: score.total, skills: score.skills }
    prefixScores.set(key, s)
  }
  return s
}

// ---------------------------------------------------------------------------------------------
// Rows, inserted with prepared statements in transactions of a few thousand.

const statements = {
  team: sqlite.prepare('insert into teams (id, name, lead_id, created_at) values (?, ?, ?, ?)'),
  user: sqlite.prepare(
    'insert into users (id, username, display_name, password_hash, team_id, must_change_password, created_at) values (?, ?, ?, ?, ?, 0, ?)',
  ),
  role: sqlite.prepare('insert into user_roles (user_id, role) values (?, ?)'),
  progress: sqlite.prepare('insert into module_progress (user_id, module_id, module_version, started_at, read_at) values (?, ?, ?, ?, ?)'),
  quiz: sqlite.prepare(
    'insert into quiz_attempts (id, user_id, module_id, module_version, seed, answers, score, passed, started_at, submitted_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  ),
  attempt: sqlite.prepare(
    `insert into roleplay_attempts (id, user_id, scenario_id, scenario_version, mode, seed, status, outcome, total, passed, skills,
       event_count, judge_version, started_at, last_message_at, finished_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ),
  event: sqlite.prepare(
    'insert into roleplay_events (attempt_id, seq, client_id, kind, text, choice, latency_ms, at) values (?, ?, ?, ?, ?, ?, ?, ?)',
  ),
  drill: sqlite.prepare(
    'insert into drill_attempts (id, user_id, refresher_id, seed, answers, score, passed, started_at, submitted_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  ),
}
type Statement = (typeof statements)[keyof typeof statements]

const BATCH = 5000
let pending: [Statement, unknown[]][] = []
const flushNow = sqlite.transaction((rows: [Statement, unknown[]][]) => {
  for (const [statement, values] of rows) statement.run(...values)
})
let inserted = 0
function row(statement: Statement, ...values: unknown[]) {
  pending.push([statement, values])
  if (pending.length >= BATCH) flush()
}
function flush() {
  if (!pending.length) return
  flushNow(pending)
  inserted += pending.length
  pending = []
}

// ---------------------------------------------------------------------------------------------
// Stage 1: teams, their leads, the agents, an admin and the trainers.

const SURNAMES = [
  ...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤',
]
const GIVEN = [
  ...'伟芳娜敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂英华玉萍红建文辉力斌宇浩凯鹏晨婷雪琳欣怡佳悦思雨梦瑶雅琪子轩涵博昊然泽宇航嘉颖晓慧丹倩蕾薇璐蓉秀兰英梅燕莉萱彤诗源鑫磊峰岚春阳天一可心若安宁晴',
]
const REGIONS = ['华东', '华南', '华北', '西南', '华中']
const LINES = ['售后', '售前', '投诉', '物流', '会员']
const numeral = (n: number): string => {
  const digits = '零一二三四五六七八九'
  if (n <= 10) return n === 10 ? '十' : digits[n]!
  if (n < 20) return `十${digits[n - 10]}`
  return `${digits[Math.floor(n / 10)]}十${n % 10 ? digits[n % 10] : ''}`
}

const nameRand = new Rand(21)
const usernames = new Set<string>()
function person() {
  const surname = nameRand.weighted(SURNAMES, (s) => 1 / (1 + SURNAMES.indexOf(s) / 12))
  const given = nameRand.chance(0.3) ? nameRand.pick(GIVEN) : nameRand.pick(GIVEN) + nameRand.pick(GIVEN)
  const displayName = surname + given
  const base = pinyin(displayName, { toneType: 'none', type: 'array', surname: 'head', v: true }).join('')
  let username = base
  for (let n = 2; usernames.has(username); n++) username = `${base}${n}`
  usernames.add(username)
  return { id: nameRand.uuid(), username, displayName }
}

interface Agent {
  index: number
  id: string
  username: string
  displayName: string
  teamIndex: number
  hireDay: number
  /** How likely to pass, 0–1. */
  skill: number
  /** How likely to do what is due on time, 0–1. */
  diligence: number
  /** Practice role-plays per working week once certified. */
  practice: number
  /** Works towards the complaint specialist certification. */
  specialist: boolean
  /** Stops partway through onboarding. */
  stuck: boolean
  revokeDay: number | null
}

const password = await hashPassword(LARGE_SEED_PASSWORD)
const usersBar = new Progress('users', TEAMS * (TEAM_SIZE + 1) + 5)
const teams: { id: string; name: string; lead: ReturnType<typeof person> }[] = []
const agents: Agent[] = []
const admin = { ...person(), username: 'admin' }
const trainers = [1, 2, 3, 4].map((n) => ({ ...person(), username: `trainer${n}` }))
for (let i = 0; i < TEAMS; i++) {
  const region = REGIONS[i % REGIONS.length]!
  const line = LINES[Math.floor(i / REGIONS.length) % LINES.length]!
  const n = Math.floor(i / (REGIONS.length * LINES.length)) + 1
  teams.push({ id: nameRand.uuid(), name: `${region}${line}${numeral(n)}组`, lead: person() })
}
for (const team of teams) row(statements.team, team.id, team.name, team.lead.id, dayStart[0]!)
for (const u of [admin, ...trainers]) row(statements.user, u.id, u.username, u.displayName, password, null, dayStart[0]!)
row(statements.role, admin.id, 'admin')
for (const t of trainers) row(statements.role, t.id, 'trainer')
for (const [i, team] of teams.entries()) {
  row(statements.user, team.lead.id, team.lead.username, team.lead.displayName, password, team.id, dayStart[0]!)
  row(statements.role, team.lead.id, 'lead')
  for (let k = 0; k < TEAM_SIZE; k++) {
    const index = i * TEAM_SIZE + k
    const r = new Rand(22, index)
    // About a third were there when the history begins; the rest joined since, the last this week.
    const hireDay = r.chance(0.35) ? r.int(0, 30) : r.int(0, HISTORY_DAYS - 2)
    const skill = 0.5 + 0.45 * ((r.float() + r.float() + r.float()) / 3)
    const agent: Agent = {
      index,
      ...person(),
      teamIndex: i,
      hireDay,
      skill,
      diligence: Math.min(1, 0.25 + 0.9 * r.float()),
      practice: 0.35 + 1.1 * r.float(),
      specialist: r.chance(skill > 0.75 ? 0.45 : 0.12),
      stuck: r.chance(0.03),
      revokeDay: r.chance(0.005) ? r.int(HISTORY_DAYS - 540, HISTORY_DAYS - 10) : null,
    }
    agents.push(agent)
    const hiredAt = dayStart[hireDay]! + 9 * HOUR
    row(statements.user, agent.id, agent.username, agent.displayName, password, team.id, hiredAt)
    row(statements.role, agent.id, 'trainee')
  }
  usersBar.update(i * (TEAM_SIZE + 1) + 5, inserted + pending.length)
}
flush()
const usersSeconds = usersBar.finish(TEAMS * (TEAM_SIZE + 1) + 5, inserted)

// ---------------------------------------------------------------------------------------------
// Stage 2: each agent's history, day by day. The agent acts on where they stand, which is kept
// with the rules' own shapes and functions (the calendar's refreshers, item completion, lapses);
// what only the rules decide (ids, codes, history) is left to the real reconcile afterwards.

interface EventPlan {
  attemptId: string
  template: Template
  startedAt: number
  latencySeed: number
  count: number
}
interface Checkpoint {
  at: number
  userId: string
  kind: 'drill' | 'revoke'
  certificationId: string
  /** The refresher's key (a drill) or the certificate's key (a revocation). */
  key: string
  sheet?: Sheet
  reason?: string
}

const eventPlans: EventPlan[] = []
const checkpoints: Checkpoint[] = []
const reviews: Parameters<typeof recordReview>[0][] = []
const assignments: Parameters<typeof assignRefresher>[0][] = []
/** Where the simulation left each agent, to compare with what the rules make of the records. */
const simStatus = new Map<string, Status>()
let eventRows = 0

const REVIEW_REASONS = {
  raise: ['顾客情绪已被安抚，判分漏看了道歉和共情', '方案给得完整，判分把追问当成了敷衍', '实际已按规则处理，复核后改为通过'],
  keep: ['复核后维持原判', '分数微调：解释清楚但时效略慢', '核对记录后小幅调整分数'],
}
const ASSIGN_NOTES = [
  '最近几次演练的处理方案不够完整，请再练一遍',
  '顾客投诉提到回复生硬，请复习礼仪模块',
  '下个月大促前巩固一下法规知识',
  '请重做这个情景，注意先核实身份',
]
const REVOKE_REASONS = ['泄露顾客个人信息，经核实撤销认证', '违规承诺赔偿，撤销认证后重新培训']

type Purpose = { kind: 'onboard'; cert: string } | { kind: 'refresher'; cert: string; key: string } | { kind: 'practice' }
type Task =
  | { day: number; kind: 'quiz'; moduleId: string; purpose: Purpose }
  | { day: number; kind: 'play'; scenarioId: string; mode: Mode; purpose: Purpose; untilPass: boolean }
  | { day: number; kind: 'drill'; cert: string; key: string; questions: string[] }
  | { day: number; kind: 'reviewed'; record: Records['roleplays'][number] }

class AgentHistory {
  private readonly r: Rand
  /** The agent's records as the rules read them (every finished role-play, both modes). */
  private readonly records = {
    reading: [] as { moduleId: string; at: number }[],
    quizzes: [] as { moduleId: string; moduleVersion: number; passed: boolean; at: number }[],
    roleplays: [] as Records['roleplays'][number][],
    drills: [] as { refresherKey: string; passed: boolean; at: number }[],
    revocations: [] as Records['revocations'][number][],
    assignments: [] as Records['assignments'][number][],
  }
  /** Free-text role-plays (the certifications' evidence), in time order. */
  private readonly evidence: Records['roleplays'][number][] = []
  /** The latest pass of each module's quiz, and of each scenario in free text. */
  private readonly lastQuizPass = new Map<string, number>()
  private readonly lastScenarioPass = new Map<string, number>()
  private readonly standings = new Map<string, Standing>()
  private readonly since = new Map<string, number>()
  private readonly read = new Set<string>()
  private tasks: Task[] = []
  private attempts = 0
  private revoked = false
  /** Calendar look-ups (time zone arithmetic) cached until the standing changes. */
  private changes = 0
  private readonly nextCache = new Map<string, { changes: number; next: ReturnType<typeof nextScheduled> }>()
  private readonly lapseCache = new WeakMap<Refresher, number>()
  private readonly lead: { id: string; displayName: string }

  constructor(private readonly a: Agent) {
    this.r = new Rand(23, a.index)
    for (const c of certifications) {
      this.standings.set(c.id, { status: 'notStarted', asOf: null, certificates: [], refreshers: [] })
      this.since.set(c.id, -Infinity)
    }
    this.lead = teams[a.teamIndex]!.lead
  }

  run() {
    this.onboard(this.a.hireDay)
    for (let d = this.a.hireDay; d <= TODAY; d++) {
      this.calendar(d)
      for (const act of this.plan(d)) {
        if (act.at >= NOW.getTime()) break
        this.perform(act.task, act.at, d)
      }
    }
    for (const c of certifications) simStatus.set(`${this.a.id}:${c.id}`, this.standings.get(c.id)!.status)
  }

  // --- the agent's intentions ---

  private schedule(task: Task) {
    this.tasks.push(task)
  }

  private shuffled<T>(items: readonly T[]): T[] {
    const out = [...items]
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.r.int(0, i)
      ;[out[i], out[j]] = [out[j]!, out[i]!]
    }
    return out
  }

  /** The onboarding: the modules in order, then the role-plays the certification asks for, with some guided practice. */
  private onboard(from: number) {
    const c = ONBOARDING
    const slow = 1 - this.a.diligence
    const purpose: Purpose = { kind: 'onboard', cert: c.id }
    const plan: Task[] = []
    let day = from + this.r.int(0, 1)
    for (const moduleId of c.requirements.modules) {
      plan.push({ day, kind: 'quiz', moduleId, purpose })
      day += this.r.int(1, 2 + Math.round(3 * slow))
    }
    const need = c.requirements.roleplays
    const difficulty = (id: string) => catalog.scenarios.get(id)?.difficulty ?? 0
    const chosen = new Set(need.required)
    const hard = need.hard
    while (hard && [...chosen].filter((id) => difficulty(id) >= hard.difficulty).length < hard.count) {
      chosen.add(this.r.pick(scenarioIds.filter((id) => difficulty(id) >= hard.difficulty && this.liking(id) > 0.1)))
    }
    while (chosen.size < need.passed) chosen.add(this.r.pick(scenarioIds.filter((id) => difficulty(id) < 3)))
    let playDay = from + this.r.int(2, 4)
    for (const scenarioId of this.shuffled([...chosen])) {
      if (this.r.chance(0.35))
        plan.push({ day: playDay, kind: 'play', scenarioId, mode: 'guided', purpose: { kind: 'practice' }, untilPass: false })
      plan.push({ day: playDay, kind: 'play', scenarioId, mode: 'free', purpose, untilPass: true })
      playDay += this.r.int(1, 2 + Math.round(4 * slow))
    }
    // Some stop partway and never finish.
    const kept = this.a.stuck && from === this.a.hireDay ? plan.slice(0, this.r.int(1, plan.length - 1)) : plan
    for (const t of kept) this.schedule(t)
  }

  /** What the agent means to do about an open refresher, from day `from`: its items not done yet. */
  private respond(cert: Certification, refresher: Refresher, from: number) {
    const purpose: Purpose = { kind: 'refresher', cert: cert.id, key: refresher.key }
    const done = itemCompletions(refresher, rulesOf.get(cert.id)!, this.records)
    let day = from
    for (const [i, item] of refresher.items.entries()) {
      if (done[i] !== null) continue
      if (item.kind === 'quiz' || item.kind === 'module') this.schedule({ day: day++, kind: 'quiz', moduleId: item.moduleId, purpose })
      else if (item.kind === 'scenario')
        this.schedule({ day: day++, kind: 'play', scenarioId: item.scenarioId, mode: 'free', purpose, untilPass: true })
      else if (item.kind === 'drill')
        this.schedule({ day: day++, kind: 'drill', cert: cert.id, key: refresher.key, questions: item.questions })
      else {
        const options = scenarioIds.filter((id) => (catalog.scenarios.get(id)?.difficulty ?? 0) >= item.difficulty)
        const picked = new Set<string>()
        while (picked.size < Math.min(item.count, options.length)) picked.add(this.r.weighted(options, (id) => this.liking(id)))
        for (const scenarioId of picked)
          this.schedule({ day: (day += this.r.int(0, 2)), kind: 'play', scenarioId, mode: 'free', purpose, untilPass: true })
      }
    }
  }

  /** How often the agent picks a scenario to practise: the two hardest only on the specialist track. */
  private liking(scenarioId: string) {
    const difficulty = catalog.scenarios.get(scenarioId)?.difficulty ?? 1
    if (scenarioId === 'abusive-customer' || scenarioId === 'food-safety') return this.a.specialist ? 1 : 0.004
    return difficulty === 3 ? 0.7 : difficulty === 2 ? 1.2 : 1
  }

  /** Whether a planned task is no longer needed. */
  private satisfied(task: Task): boolean {
    if (task.kind === 'reviewed') return false
    if (task.kind === 'drill') return !this.isOpen(task.cert, task.key)
    const p = task.purpose
    if (p.kind === 'practice') return false
    const s = this.standings.get(p.cert)!
    const passedAfter = (t: number) =>
      task.kind === 'quiz'
        ? (this.lastQuizPass.get(task.moduleId) ?? -Infinity) > t
        : (this.lastScenarioPass.get(task.scenarioId) ?? -Infinity) > t
    if (p.kind === 'onboard') {
      if (holds(s.status) || s.status === 'lapsed') return true
      return (task.kind === 'play' && task.mode === 'guided') || passedAfter(this.since.get(p.cert)!)
    }
    const refresher = s.refreshers.find((x) => x.key === p.key)
    if (!refresher || refresher.completedAt !== null || refresher.cancelledAt !== null) return true
    return passedAfter(refresher.opensAt - 1)
  }

  private nextOf(c: Certification, s: Standing) {
    const hit = this.nextCache.get(c.id)
    if (hit && hit.changes === this.changes) return hit.next
    const next = holds(s.status) ? nextScheduled(s, rulesOf.get(c.id)!) : null
    this.nextCache.set(c.id, { changes: this.changes, next })
    return next
  }

  private lapseOf(c: Certification, x: Refresher) {
    let at = this.lapseCache.get(x)
    if (at === undefined) this.lapseCache.set(x, (at = lapseAt(x, rulesOf.get(c.id)!)))
    return at
  }

  private isOpen(certId: string, key: string) {
    const x = this.standings.get(certId)!.refreshers.find((r) => r.key === key)
    return x !== undefined && x.completedAt === null && x.cancelledAt === null
  }

  /** The day's activities in time order: what is due, and practice once certified. */
  private plan(d: number): { at: number; task: Task }[] {
    const weekend = weekday(d) === 0 || weekday(d) === 6
    const due: Task[] = []
    const later: Task[] = []
    for (const t of this.tasks) (t.day <= d && (t.kind === 'reviewed' || !weekend || this.r.chance(0.25)) ? due : later).push(t)
    this.tasks = later
    const onboarding = this.standings.get(ONBOARDING.id)!.status
    if (this.a.revokeDay !== null && !this.revoked && d >= this.a.revokeDay && d <= this.a.revokeDay + 60 && holds(onboarding)) {
      // Before the day's work: an admin acts on a complaint.
      this.revoke(dayStart[d]! + 8.5 * HOUR, d)
    } else if (holds(onboarding) || onboarding === 'lapsed') {
      if (this.r.chance((this.a.practice / 5) * (weekend ? 0.15 : 1) * (onboarding === 'lapsed' ? 0.4 : 1))) {
        const scenarioId = this.r.weighted(scenarioIds, (id) => this.liking(id))
        due.push({
          day: d,
          kind: 'play',
          scenarioId,
          mode: this.r.chance(0.2) ? 'guided' : 'free',
          purpose: { kind: 'practice' },
          untilPass: false,
        })
      }
      if (this.r.chance(weekend ? 0.002 : 0.012))
        due.push({ day: d, kind: 'quiz', moduleId: this.r.pick(modules).id, purpose: { kind: 'practice' } })
      this.maybeAssigned(d, weekend)
    }
    let cursor = dayStart[d]! + (9 * 60 + this.r.int(0, 150)) * MINUTE
    const acts = due.map((task) => {
      if (task.kind === 'reviewed') return { at: task.record.at, task }
      const at = cursor
      cursor += this.r.int(25, 110) * MINUTE
      return { at, task }
    })
    return acts.sort((x, y) => x.at - y.at)
  }

  /** A lead sets a refresher for an agent who holds the certificate, now and then (before the day's work), more often for weaker agents. */
  private maybeAssigned(d: number, weekend: boolean) {
    if (weekend || d < TODAY - 120 || !this.r.chance(this.a.skill < 0.66 ? 0.004 : 0.0006)) return
    const s = this.standings.get(ONBOARDING.id)!
    if (!holds(s.status)) return
    const at = dayStart[d]! + this.r.int(8 * 60, 8 * 60 + 50) * MINUTE
    if (at >= NOW.getTime()) return
    const items: RefresherItem[] = []
    if (this.r.chance(0.7)) items.push({ kind: 'quiz', moduleId: this.r.pick(ONBOARDING.requirements.modules) })
    if (!items.length || this.r.chance(0.5))
      items.push({ kind: 'scenario', scenarioId: this.r.pick(scenarioIds.filter((id) => this.liking(id) > 0.1)) })
    const dueDate = addDays(dateOf(d), this.r.int(14, 40))
    const clientId = this.r.uuid()
    const note = this.r.pick(ASSIGN_NOTES)
    assignments.push({
      userId: this.a.id,
      certificationId: ONBOARDING.id,
      assignedBy: this.lead.id,
      clientId,
      items,
      dueDate,
      note,
      now: new Date(at),
    })
    const refresher: Refresher = {
      key: `assigned:${clientId}`,
      source: 'assigned',
      reason: { type: 'assigned', by: this.lead.displayName, note },
      certificateKey: s.certificates.at(-1)!.key,
      items,
      opensAt: at,
      dueDate,
      completedAt: null,
      cancelledAt: null,
    }
    this.open(ONBOARDING, refresher)
    if (this.r.chance(0.8)) this.respond(ONBOARDING, refresher, d + this.r.int(0, Math.max(0, dayOfDate(dueDate) - d - 2)))
  }

  private revoke(at: number, d: number) {
    const s = this.standings.get(ONBOARDING.id)!
    const cert = s.certificates.at(-1)!
    this.changes++
    this.revoked = true
    const reason = this.r.pick(REVOKE_REASONS)
    checkpoints.push({ at, userId: this.a.id, kind: 'revoke', certificationId: ONBOARDING.id, key: cert.key, reason })
    this.records.revocations.push({ certificateKey: cert.key, at, reason })
    cert.endedAt = at
    cert.endReason = 'revoked'
    for (const x of s.refreshers) if (x.completedAt === null && x.cancelledAt === null) x.cancelledAt = at
    s.status = 'revoked'
    this.since.set(ONBOARDING.id, at)
    if (this.r.chance(0.85)) this.onboard(d + this.r.int(5, 30))
  }

  // --- doing things ---

  private perform(task: Task, at: number, d: number) {
    if (this.satisfied(task)) return
    if (task.kind === 'reviewed') this.roleplayDone(task.record, d)
    else if (task.kind === 'quiz') this.quiz(task, at, d)
    else if (task.kind === 'play') this.play(task, at, d)
    else this.drill(task, at, d)
  }

  private quiz(task: Extract<Task, { kind: 'quiz' }>, at: number, d: number) {
    const m = moduleById.get(task.moduleId)!
    let startedAt = at
    if (!this.read.has(m.id)) {
      this.read.add(m.id)
      const readAt = at + this.r.int(20, 55) * MINUTE
      row(statements.progress, this.a.id, m.id, m.version, at, readAt)
      this.records.reading.push({ moduleId: m.id, at })
      this.after({ kind: 'reading', moduleId: m.id }, at, d)
      startedAt = readAt + this.r.int(2, 10) * MINUTE
    }
    const retake = this.records.quizzes.some((q) => q.moduleId === m.id)
    const passed = this.r.chance(Math.min(0.97, 0.45 + 0.45 * this.a.skill + (retake ? 0.15 : 0)))
    const sheets = quizSheets.get(m.id)!
    const sheet = this.r.pick(passed ? sheets.pass : sheets.fail)
    const submittedAt = startedAt + this.r.int(8, 25) * MINUTE + this.r.int(0, 59_999)
    if (submittedAt >= NOW.getTime()) return
    row(
      statements.quiz,
      this.r.uuid(),
      this.a.id,
      m.id,
      m.version,
      sheet.seed,
      sheet.answers,
      sheet.score,
      sheet.passed ? 1 : 0,
      startedAt,
      submittedAt,
    )
    this.records.quizzes.push({ moduleId: m.id, moduleVersion: m.version, passed: sheet.passed, at: submittedAt })
    if (sheet.passed) this.lastQuizPass.set(m.id, submittedAt)
    this.after({ kind: 'quiz', moduleId: m.id }, submittedAt, d)
    if (!sheet.passed && task.purpose.kind !== 'practice') this.schedule({ ...task, day: d + this.r.int(1, 3) })
  }

  private play(task: Extract<Task, { kind: 'play' }>, at: number, d: number) {
    const scenario = scenarioById.get(task.scenarioId)!
    this.attempts++
    // Better with practice, and once certified; a certified agent's misses are less often breaches.
    const holder = holds(this.standings.get(ONBOARDING.id)!.status)
    const p =
      this.a.skill +
      Math.min(0.12, this.attempts * 0.004) +
      (holder ? 0.06 : 0) -
      0.09 * (scenario.script.difficulty - 1) +
      (task.mode === 'guided' ? 0.08 : 0)
    const want = this.r.chance(Math.max(0.08, Math.min(0.97, p))) ? 'pass' : 'fail'
    const buckets = templatesOf.get(task.scenarioId)![task.mode]
    const bucket = buckets[want].all.length ? buckets[want] : buckets[want === 'pass' ? 'fail' : 'pass']
    if (!bucket.all.length) return
    const template =
      bucket.samples.length && this.r.chance(0.35) ? this.r.pick(bucket.samples) : this.r.weighted(bucket.all, (x) => this.fit(x, holder))
    const latencySeed = this.r.seed()
    const times: number[] = []
    let t = at
    for (const l of latenciesOf(template, latencySeed)) times.push((t += l))
    const id = this.r.uuid()
    const nowMs = NOW.getTime()
    let count = times.length
    let status: 'finished' | 'abandoned' | 'active' = 'finished'
    if (times.at(-1)! >= nowMs) {
      count = times.filter((x) => x < nowMs).length
      status = 'active'
    } else if (task.purpose.kind === 'practice' && count > 1 && this.r.chance(0.015)) {
      count = this.r.int(1, count - 1)
      status = 'abandoned'
    }
    if (count === 0) return
    // A fresh seed where the score does not depend on it; a part of a conversation keeps the template's.
    const seed = template.anySeed && status === 'finished' ? this.r.seed() : template.seed
    const last = times[count - 1]!
    const version = template.scenario.script.version
    const base = [id, this.a.id, task.scenarioId, version, task.mode, seed, status] as const
    if (status === 'finished') {
      row(
        statements.attempt,
        ...base,
        template.outcome,
        template.total,
        template.passed ? 1 : 0,
        JSON.stringify(template.skills),
        count,
        JUDGE_VERSION,
        at,
        last,
        last,
      )
    } else {
      const partial = prefixScore(template, count)
      const finishedAt = status === 'abandoned' ? Math.min(nowMs - 1, last + this.r.int(1, 15) * MINUTE) : null
      row(
        statements.attempt,
        ...base,
        null,
        partial.total,
        null,
        JSON.stringify(partial.skills),
        count,
        JUDGE_VERSION,
        at,
        last,
        finishedAt,
      )
    }
    eventPlans.push({ attemptId: id, template, startedAt: at, latencySeed, count })
    eventRows += count
    if (status !== 'finished') {
      if (task.untilPass) this.schedule({ ...task, day: d + this.r.int(1, 3) })
      return
    }
    const record = { id, scenarioId: task.scenarioId, mode: task.mode, passed: template.passed, at: last, skills: template.skills }
    const reviewAt = last + this.r.int(1, 4) * DAY + this.r.int(0, 8 * 60) * MINUTE
    const passMark = template.scenario.script.passMark
    const reviewer = () => this.r.pick(trainers).id
    if (
      task.mode === 'free' &&
      !template.passed &&
      template.outcome !== 'breach' &&
      template.total >= passMark - 12 &&
      reviewAt < nowMs &&
      this.r.chance(0.05)
    ) {
      // A trainer raises a near miss to a pass; certification counts it from the review (decision 014).
      const total = Math.min(100, passMark + this.r.int(0, 6))
      reviews.push({
        attemptId: id,
        reviewerId: reviewer(),
        clientId: this.r.uuid(),
        total,
        passed: true,
        reason: this.r.pick(REVIEW_REASONS.raise),
        now: new Date(reviewAt),
      })
      this.schedule({
        day: Math.floor((reviewAt - dayStart[0]!) / DAY),
        kind: 'reviewed',
        record: { ...record, passed: true, at: reviewAt },
      })
    } else {
      if (reviewAt < nowMs && this.r.chance(0.004)) {
        const moved = template.total + this.r.int(-5, 5)
        const total = template.passed ? Math.max(passMark, Math.min(100, moved)) : Math.max(0, Math.min(passMark - 1, moved))
        reviews.push({
          attemptId: id,
          reviewerId: reviewer(),
          clientId: this.r.uuid(),
          total,
          passed: template.passed,
          reason: this.r.pick(REVIEW_REASONS.keep),
          now: new Date(reviewAt),
        })
      }
      this.roleplayDone(record, d)
    }
    if (task.untilPass && !template.passed) this.schedule({ ...task, day: d + this.r.int(1, 3) })
  }

  /**
   * How likely this agent's conversation is like the template: a stronger agent's are more even
   * across the skills; a certified agent's misses are less often breaches.
   */
  private fit(t: Template, holder: boolean) {
    const lowest = Math.min(...['etiquette', 'empathy', 'resolution', 'compliance'].map((k) => t.skills[k] ?? 100))
    const even = ((lowest + 10) / 110) ** (1 + 6 * (this.a.skill - 0.5))
    return even * (holder && (t.skills.compliance ?? 100) < 40 ? 0.3 : 1)
  }

  private roleplayDone(record: Records['roleplays'][number], d: number) {
    this.records.roleplays.push(record)
    if (record.mode === 'free') {
      this.evidence.push(record)
      if (record.passed) this.lastScenarioPass.set(record.scenarioId, record.at)
    }
    this.after({ kind: 'roleplay', record }, record.at, d)
  }

  private drill(task: Extract<Task, { kind: 'drill' }>, at: number, d: number) {
    const sheets = drillSheets(task.questions)
    const sheet = this.r.pick(this.r.chance(0.85) || !sheets.fail.length ? sheets.pass : sheets.fail)
    const submittedAt = at + this.r.int(6, 18) * MINUTE
    if (submittedAt >= NOW.getTime()) return
    checkpoints.push({ at: submittedAt, userId: this.a.id, kind: 'drill', certificationId: task.cert, key: task.key, sheet })
    this.records.drills.push({ refresherKey: task.key, passed: sheet.passed, at: submittedAt })
    this.after({ kind: 'drill' }, submittedAt, d)
    if (!sheet.passed) this.schedule({ ...task, day: d + this.r.int(1, 2) })
  }

  // --- where the agent stands: the rules' events, in their order at one instant ---

  /** A record was made at `t`: refreshers it completes, a weakness it reveals, requirements it meets. */
  private after(
    what: { kind: 'reading' | 'quiz'; moduleId: string } | { kind: 'drill' } | { kind: 'roleplay'; record: Records['roleplays'][number] },
    t: number,
    d: number,
  ) {
    for (const c of certifications) {
      const s = this.standings.get(c.id)!
      const rules = rulesOf.get(c.id)!
      if (
        s.status === 'notStarted' &&
        (what.kind === 'roleplay' || ('moduleId' in what && c.requirements.modules.includes(what.moduleId)))
      ) {
        s.status = 'inProgress'
      }
      let happened = false
      if (holds(s.status) || s.status === 'lapsed') {
        for (const x of [...s.refreshers]) {
          if (x.completedAt !== null || x.cancelledAt !== null) continue
          if (itemCompletions(x, rules, this.records).some((v) => v === null)) continue
          this.complete(c, x, t)
          happened = true
        }
      }
      // NOTE: the rules' weakness check looks after the last event, so it misses a role-play that
      // completed a refresher at the same instant.
      if (!happened && holds(s.status) && what.kind === 'roleplay' && what.record.mode === 'free') this.weakness(c, what.record, d)
      if ((s.status === 'inProgress' || s.status === 'revoked') && this.requirementsMet(c)) this.certify(c, t, d)
    }
  }

  /** The certification's requirements, met by records since its `since` (a revocation asks for everything again). */
  private requirementsMet(c: Certification) {
    const since = this.since.get(c.id)!
    if (!c.requirements.modules.every((m) => (this.lastQuizPass.get(m) ?? -Infinity) > since)) return false
    const need = c.requirements.roleplays
    const distinct = scenarioIds.filter((id) => (this.lastScenarioPass.get(id) ?? -Infinity) > since)
    const hard = need.hard
    return (
      distinct.length >= need.passed &&
      (!hard || distinct.filter((id) => (catalog.scenarios.get(id)?.difficulty ?? 0) >= hard.difficulty).length >= hard.count) &&
      need.required.every((id) => distinct.includes(id))
    )
  }

  private certify(c: Certification, t: number, d: number) {
    this.changes++
    const s = this.standings.get(c.id)!
    s.certificates.push(this.period(c, t))
    s.status = 'certified'
    const spec = certifications.find((x) => x.id !== ONBOARDING.id)
    if (c.id === ONBOARDING.id && spec && this.a.specialist && s.certificates.length === 1) {
      const purpose: Purpose = { kind: 'onboard', cert: spec.id }
      let day = d + this.r.int(60, 240)
      for (const scenarioId of spec.requirements.roleplays.required) {
        this.schedule({ day, kind: 'play', scenarioId, mode: 'free', purpose, untilPass: true })
        day += this.r.int(2, 6)
      }
    }
  }

  private period(c: Certification, t: number): CertificatePeriod {
    const issuedDate = localDate(t, TZ)
    return {
      key: String(t),
      issuedAt: t,
      issuedDate,
      cycleStart: issuedDate,
      validUntil: addMonths(issuedDate, c.validity.months),
      moduleVersions: Object.fromEntries(c.requirements.modules.map((id) => [id, moduleById.get(id)?.version ?? 0])),
      endedAt: null,
      endReason: null,
    }
  }

  private open(c: Certification, refresher: Refresher) {
    this.changes++
    const s = this.standings.get(c.id)!
    s.refreshers.push(refresher)
    if (s.status === 'certified') s.status = 'refresherDue'
  }

  private complete(c: Certification, x: Refresher, t: number) {
    this.changes++
    const s = this.standings.get(c.id)!
    x.completedAt = t
    const stillOpen = s.refreshers.some((y) => y.completedAt === null && y.cancelledAt === null)
    const cert = s.certificates.at(-1)
    if (s.status === 'lapsed') {
      // Every open refresher done: certified again, with a new certificate.
      if (!stillOpen) {
        s.certificates.push(this.period(c, t))
        s.status = 'certified'
      }
      return
    }
    if (x.source === 'renewal' && cert) {
      cert.cycleStart = cert.validUntil
      cert.validUntil = addMonths(cert.validUntil, c.validity.months)
    }
    if (!stillOpen) s.status = 'certified'
  }

  /**
   * The weakness rule: a skill averaging below the mark over the recent role-plays since the
   * certificate (or since the last refresher for that skill) opens a drill and a scenario to redo,
   * at the attempt that tipped it; one per attempt, the first skill in order.
   */
  private weakness(c: Certification, tipping: Records['roleplays'][number], d: number) {
    const s = this.standings.get(c.id)!
    const cert = s.certificates.at(-1)!
    const { below, recent, atLeast, days } = c.refresher.weakSkill
    const rules = rulesOf.get(c.id)!
    for (const skill of SKILLS) {
      const forSkill = s.refreshers.filter((x) => x.reason.type === 'weakness' && x.reason.skill === skill && x.certificateKey === cert.key)
      if (forSkill.some((x) => x.completedAt === null && x.cancelledAt === null)) continue
      const boundary = Math.max(cert.issuedAt, ...forSkill.map((x) => x.completedAt ?? x.cancelledAt ?? x.opensAt))
      const window: number[] = []
      for (let i = this.evidence.length - 1; i >= 0 && window.length < recent; i--) {
        const x = this.evidence[i]!
        if (!(x.at > boundary || (forSkill.length === 0 && x.at >= boundary))) break
        const v = x.skills[skill]
        if (typeof v === 'number') window.push(v)
      }
      if (this.evidence.at(-1) !== tipping || window.length < atLeast) continue
      const average = Math.round(window.reduce((sum, v) => sum + v, 0) / window.length)
      if (average >= below) continue
      const questions = drillQuestions(rules, skill)
      const scenarioId = scenarioForSkill(rules, skill)
      const items: RefresherItem[] = [
        ...(questions.length ? [{ kind: 'drill' as const, skill, questions }] : []),
        ...(scenarioId ? [{ kind: 'scenario' as const, scenarioId }] : []),
      ]
      if (!items.length) return
      const refresher: Refresher = {
        key: `weakness:${cert.key}:${skill}:${tipping.id}`,
        source: 'weakness',
        reason: { type: 'weakness', skill, average, attempts: window.length },
        certificateKey: cert.key,
        items,
        opensAt: tipping.at,
        dueDate: addDays(localDate(tipping.at, TZ), days),
        completedAt: null,
        cancelledAt: null,
      }
      this.open(c, refresher)
      if (this.r.chance(0.9)) this.respond(c, refresher, d + this.r.int(1, 5))
      return
    }
  }

  /** Midnight: a refresher past its grace lapses the certificate; the calendar opens the next refresher. */
  private calendar(d: number) {
    const t = dayStart[d]!
    for (const c of certifications) {
      const s = this.standings.get(c.id)!
      if (holds(s.status)) {
        const overdue = s.refreshers.filter((x) => x.completedAt === null && x.cancelledAt === null && this.lapseOf(c, x) <= t)
        if (overdue.length) {
          this.changes++
          const cert = s.certificates.at(-1)!
          cert.endedAt = Math.min(...overdue.map((x) => this.lapseOf(c, x)))
          cert.endReason = 'lapsed'
          s.status = 'lapsed'
          // Many come back and finish what is open, which certifies them again.
          if (this.r.chance(0.4 + 0.45 * this.a.diligence)) {
            let day = d + this.r.int(3, 45)
            for (const x of s.refreshers.filter((y) => y.completedAt === null && y.cancelledAt === null)) this.respond(c, x, day++)
          }
          continue
        }
      }
      for (let next = this.nextOf(c, s); next && next.opensAt <= t; next = this.nextOf(c, s)) {
        const refresher: Refresher = {
          key: next.key,
          source: next.source,
          reason: { type: next.source },
          certificateKey: s.certificates.at(-1)!.key,
          items: [
            ...c.refresher.items.quizzes.map((moduleId): RefresherItem => ({ kind: 'quiz', moduleId })),
            ...(c.refresher.items.roleplays ? [{ kind: 'roleplays' as const, ...c.refresher.items.roleplays }] : []),
          ],
          opensAt: next.opensAt,
          dueDate: next.dueDate,
          completedAt: null,
          cancelledAt: null,
        }
        this.open(c, refresher)
        // Most do it within the window; some late but within the grace days; the rest let it lapse.
        const onTime = c.id === ONBOARDING.id || this.a.specialist ? 0.55 + 0.4 * this.a.diligence : 0.3 + 0.3 * this.a.diligence
        const dueDay = dayOfDate(next.dueDate)
        const roll = this.r.float()
        this.respond(
          c,
          refresher,
          roll < onTime
            ? d + this.r.int(1, Math.max(1, c.refresher.windowDays - 6))
            : roll < onTime + (1 - onTime) / 2
              ? dueDay + this.r.int(1, Math.max(1, c.graceDays - 4))
              : dueDay + c.graceDays + this.r.int(3, 60),
        )
      }
    }
  }
}

const historyBar = new Progress('history', agents.length)
for (const [i, agent] of agents.entries()) {
  new AgentHistory(agent).run()
  historyBar.update(i + 1, inserted + pending.length)
}
flush()
// Reviews and leads' refreshers through the app's own functions, in time order.
reviews.sort((x, y) => x.now.getTime() - y.now.getTime())
for (const review of reviews) {
  if ((await recordReview(review)) !== 'stored') throw new Error(`review of ${review.attemptId} was not stored`)
}
for (const assignment of assignments) await assignRefresher(assignment)
const historySeconds = historyBar.finish(agents.length, inserted + reviews.length + assignments.length)

// ---------------------------------------------------------------------------------------------
// Stage 3: every attempt's reply events, from its template with its own latencies.

const eventsBar = new Progress('events', eventRows)
let eventsDone = 0
const insertedBefore = inserted
for (const plan of eventPlans) {
  const latencies = latenciesOf(plan.template, plan.latencySeed)
  const ids = new Rand(plan.latencySeed, 1)
  let at = plan.startedAt
  for (let i = 0; i < plan.count; i++) {
    const e = plan.template.events[i]!
    at += latencies[i]!
    row(
      statements.event,
      plan.attemptId,
      i + 1,
      e.kind === 'patience' ? `patience:${i}` : ids.uuid(),
      e.kind,
      e.text,
      e.choice,
      latencies[i]!,
      at,
    )
  }
  eventsDone += plan.count
  eventsBar.update(eventsDone, inserted + pending.length - insertedBefore)
}
flush()
const eventsSeconds = eventsBar.finish(eventRows, inserted - insertedBefore)

// ---------------------------------------------------------------------------------------------
// Stage 4: the standings, by the real reconcile. Records that need a row the rules create (a
// drill answers a refresher; a revocation is made on a certificate) are added at their moment:
// the agent's standing is reconciled up to just before, then the record is made. Then every
// agent is reconciled up to now, in batches, as the team table does.

const reconcileBar = new Progress('reconcile', checkpoints.length + agents.length)
// Rows the rules wrote so far (nothing is deleted, so the largest rowid is the count, and cheap to read).
const rulesRows = sqlite.prepare(
  `select ${['certification_events', 'refreshers', 'certificates', 'certification_standings', 'drill_attempts']
    .map((t) => `coalesce((select max(rowid) from ${t}), 0)`)
    .join(' + ')} as n`,
)
const countRows = () => (rulesRows.get() as { n: number }).n
const refresherByKey = sqlite.prepare('select id from refreshers where user_id = ? and certification_id = ? and key = ?')
const certificateByKey = sqlite.prepare('select id from certificates where user_id = ? and certification_id = ? and key = ?')
const missed = { drills: 0, revocations: 0 }
const checkpointsStarted = performance.now()
// A day's drills and revocations at once: everyone concerned reconciled up to that midnight (the
// refreshers they answer opened earlier), then each user's records in time order; a row not
// there yet is reconciled for up to the record's moment.
const dayOfInstant = (at: number) => Math.floor((at - dayStart[0]!) / DAY)
checkpoints.sort((x, y) => x.at - y.at)
let checkpointsDone = 0
for (let i = 0; i < checkpoints.length;) {
  const day = dayOfInstant(checkpoints[i]!.at)
  let j = i
  while (j < checkpoints.length && dayOfInstant(checkpoints[j]!.at) === day) j++
  const batch = checkpoints.slice(i, j)
  await reconcileUsers([...new Set(batch.map((cp) => cp.userId))], new Date(dayStart[day]! - 1))
  for (const cp of batch) {
    const lookup = cp.kind === 'drill' ? refresherByKey : certificateByKey
    let found = lookup.get(cp.userId, cp.certificationId, cp.key) as { id: string } | undefined
    if (!found) {
      await reconcileUsers([cp.userId], new Date(cp.at - 1))
      found = lookup.get(cp.userId, cp.certificationId, cp.key) as { id: string } | undefined
    }
    if (cp.kind === 'drill') {
      if (!found) {
        missed.drills++
        continue
      }
      const sheet = cp.sheet!
      const r = new Rand(31, checkpointsDone++)
      statements.drill.run(
        r.uuid(),
        cp.userId,
        found.id,
        sheet.seed,
        sheet.answers,
        sheet.score,
        sheet.passed ? 1 : 0,
        cp.at - r.int(5, 15) * MINUTE,
        cp.at,
      )
    } else if (
      !found ||
      !(await revokeCertificate({ certificateId: found.id, by: admin.id, reason: cp.reason ?? '', now: new Date(cp.at) }))
    ) {
      missed.revocations++
    }
  }
  i = j
  reconcileBar.update(i, countRows())
}
const checkpointSeconds = (performance.now() - checkpointsStarted) / 1000
const RECONCILE_BATCH = 100
for (let i = 0; i < agents.length; i += RECONCILE_BATCH) {
  await reconcileUsers(
    agents.slice(i, i + RECONCILE_BATCH).map((a) => a.id),
    NOW,
  )
  reconcileBar.update(checkpoints.length + Math.min(agents.length, i + RECONCILE_BATCH), countRows())
}
const reconcileSeconds = reconcileBar.finish(checkpoints.length + agents.length, countRows())

// ---------------------------------------------------------------------------------------------
// Checks and the summary.

// The stored scores are the engine's: replay some stored attempts from their events.
const checkRand = new Rand(41)
const finished = sqlite.prepare("select id, outcome, total, passed from roleplay_attempts where status = 'finished'").all() as {
  id: string
  outcome: string
  total: number
  passed: number
}[]
let replayed = 0
let agree = 0
for (let k = 0; k < Math.min(300, finished.length); k++) {
  const a = checkRand.pick(finished)
  const state = await loadAttemptState(a.id)
  replayed++
  if (
    state &&
    state.state.done &&
    state.state.score.outcome === a.outcome &&
    state.state.score.total === a.total &&
    state.state.score.passed === Boolean(a.passed)
  )
    agree++
}
// How often the agents' own picture of where they stand matched the rules' (only the rules' counts).
const stored = sqlite
  .prepare('select user_id as userId, certification_id as certificationId, status from certification_standings')
  .all() as {
  userId: string
  certificationId: string
  status: Status
}[]
const storedStatus = new Map(stored.map((s) => [`${s.userId}:${s.certificationId}`, s.status]))
let simAgree = 0
for (const [key, status] of simStatus) if ((storedStatus.get(key) ?? 'notStarted') === status) simAgree++

sqlite.pragma('wal_checkpoint(TRUNCATE)')
const tables = (
  sqlite
    .prepare(
      "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '\\_\\_%' escape '\\' order by name",
    )
    .all() as { name: string }[]
).map((t) => t.name)
const counts = tables.map((name) => ({ name, n: (sqlite.prepare(`select count(*) as n from "${name}"`).get() as { n: number }).n }))
const byStatus = sqlite
  .prepare('select certification_id as c, status, count(*) as n from certification_standings group by 1, 2 order by 1, 2')
  .all() as { c: string; status: string; n: number }[]
const elapsed = (performance.now() - started) / 1000
closeDb()
const size = fs.statSync(OUT).size

console.log(
  `\n${OUT}: ${TEAMS} teams of ${TEAM_SIZE} agents, history ${firstDate} – ${today} (seed ${SEED}), ${(size / 2 ** 20).toFixed(0)} MiB, ${elapsed.toFixed(1)} s`,
)
console.log(
  `  stages: users ${usersSeconds.toFixed(1)} s, history ${historySeconds.toFixed(1)} s, events ${eventsSeconds.toFixed(1)} s, reconcile ${reconcileSeconds.toFixed(1)} s (${fmt(checkpoints.length)} drills and revocations at their moment ${checkpointSeconds.toFixed(1)} s, then everyone up to now)`,
)
console.log('\n  table                       rows')
for (const { name, n } of counts.filter((c) => c.n > 0)) console.log(`  ${name.padEnd(24)} ${fmt(n).padStart(10)}`)
console.log(
  `  quiz + role-play attempts ${fmt((counts.find((c) => c.name === 'quiz_attempts')?.n ?? 0) + (counts.find((c) => c.name === 'roleplay_attempts')?.n ?? 0)).padStart(10)}`,
)
console.log('\n  standings')
for (const c of certifications) {
  const line = byStatus
    .filter((s) => s.c === c.id)
    .map((s) => `${s.status} ${fmt(s.n)}`)
    .join(', ')
  console.log(`  ${c.id.padEnd(22)} ${line}`)
}
console.log(
  `\n  role-play templates: ${templates.length} conversations replayed (${templates.filter((t) => t.sample).length} shipped samples); replay check: ${agree}/${replayed} stored attempts score as the engine replays them`,
)
console.log(
  `  drills and revocations made at their moment: ${checkpoints.length - missed.drills - missed.revocations} of ${checkpoints.length}; the agents' own picture matched the rules' for ${((100 * simAgree) / Math.max(1, simStatus.size)).toFixed(1)}% of standings`,
)
console.log(
  `\n  logins (password "${LARGE_SEED_PASSWORD}"): admin, trainer1…trainer4, a lead: ${teams[0]!.lead.username} (${teams[0]!.name}), an agent: ${agents[0]!.username}`,
)
console.log(`  browse it: DATABASE_PATH=${OUT} npm run dev`)
