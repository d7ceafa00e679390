/**
 * Certification rules: where an agent stands on one certification, computed from their
 * records and the clock, never set by hand. Pure: takes `now` and the timezone, does no I/O.
 *
 * The standing moves by events, processed in time order from where it was last seen
 * (`asOf`) up to `now`: requirements met, a refresher opening (by the calendar, a material
 * module change or a weak skill), a refresher done, a refresher overdue past the grace
 * period, a revocation. Running it once over two years or once a day gives the same history.
 */
import { addDays, addMonths, endOfDay, localDate, startOfDay, type LocalDate } from '#app/domain/calendar.ts'
import { SKILLS, type Skill } from '#app/domain/skills.ts'
import type { Certification } from './schema.ts'

export const STATUSES = ['notStarted', 'inProgress', 'certified', 'refresherDue', 'lapsed', 'revoked'] as const
export type Status = (typeof STATUSES)[number]

/** A weakness drill is passed at this percentage. */
export const DRILL_PASS_MARK = 80
/** At most this many questions in a weakness drill. */
export const DRILL_SIZE = 10

// ---------------------------------------------------------------------------------------------
// Inputs

/** What the rules need to know of the course and the scenarios. */
export interface Catalog {
  modules: ReadonlyMap<string, CatalogModule>
  scenarios: ReadonlyMap<string, CatalogScenario>
}

export interface CatalogModule {
  id: string
  title: string
  version: number
  /** Every known version: whether it changed the material, and when this installation first served it. */
  versions: readonly { version: number; material: boolean; publishedAt: number }[]
  questions: readonly { id: string; skill: Skill }[]
}

export interface CatalogScenario {
  id: string
  title: string
  difficulty: number
  skills: readonly Skill[]
  weights: Readonly<Record<Skill, number>>
}

/** An agent's records: only what finished (submitted quizzes, finished role-plays, submitted drills). Times in ms. */
export interface Records {
  reading: readonly { moduleId: string; at: number }[]
  quizzes: readonly { moduleId: string; moduleVersion: number; passed: boolean; at: number }[]
  /** Finished role-plays; `mode` says whether the trainee typed (free) or picked (guided). */
  roleplays: readonly {
    id: string
    scenarioId: string
    mode: 'free' | 'guided'
    passed: boolean
    at: number
    skills: Partial<Record<Skill, number>>
  }[]
  drills: readonly { refresherKey: string; passed: boolean; at: number }[]
  /** Revocations, by certificate key. */
  revocations: readonly { certificateKey: string; at: number; reason: string }[]
  /** Refreshers a team lead set, with the items and due date they chose. */
  assignments: readonly { id: string; at: number; dueDate: LocalDate; items: RefresherItem[]; by: string; note: string }[]
}

export const NO_RECORDS: Records = { reading: [], quizzes: [], roleplays: [], drills: [], revocations: [], assignments: [] }

// ---------------------------------------------------------------------------------------------
// Standing

export interface CertificatePeriod {
  /** Stable identity within the agent and certification: the issue instant, in ms, as text. */
  key: string
  issuedAt: number
  issuedDate: LocalDate
  /** Start of the current validity cycle: the issue date, then each renewal's old end. */
  cycleStart: LocalDate
  /** Valid through this date (renewals move it). */
  validUntil: LocalDate
  /** Module versions the holder has learned (content refreshers move them). */
  moduleVersions: Record<string, number>
  endedAt: number | null
  endReason: 'lapsed' | 'revoked' | null
}

export type RefresherSource = 'time' | 'renewal' | 'content' | 'weakness' | 'assigned'

export type RefresherItem =
  /** Pass the module's quiz again. */
  | { kind: 'quiz'; moduleId: string }
  /** Pass the module's quiz at this version or a later one (a material change). */
  | { kind: 'module'; moduleId: string; version: number }
  /** Pass this scenario. */
  | { kind: 'scenario'; scenarioId: string }
  /** Pass this many role-plays at or above a difficulty. */
  | { kind: 'roleplays'; count: number; difficulty: number }
  /** Pass the drill of these questions (`moduleId--questionId`), all exercising one skill. */
  | { kind: 'drill'; skill: Skill; questions: string[] }

export type RefresherReason =
  | { type: 'time' }
  | { type: 'renewal' }
  | { type: 'content'; moduleId: string; version: number }
  | { type: 'weakness'; skill: Skill; average: number; attempts: number }
  | { type: 'assigned'; by: string; note: string }

export interface Refresher {
  key: string
  source: RefresherSource
  reason: RefresherReason
  certificateKey: string
  items: RefresherItem[]
  opensAt: number
  dueDate: LocalDate
  completedAt: number | null
  cancelledAt: number | null
}

export interface Standing {
  status: Status
  /** The moment the standing was last brought up to date; null before the first time. */
  asOf: number | null
  /** Every certificate period, oldest first; the last one is current (or ended). */
  certificates: CertificatePeriod[]
  refreshers: Refresher[]
}

export const INITIAL_STANDING: Standing = { status: 'notStarted', asOf: null, certificates: [], refreshers: [] }

export type Cause =
  | { type: 'started'; moduleId?: string; scenarioId?: string }
  | { type: 'requirementsMet'; certificateKey: string }
  | { type: 'refresherOpened'; refresherKey: string; source: RefresherSource }
  | { type: 'refresherCompleted'; refresherKey: string; source: RefresherSource }
  | { type: 'renewed'; certificateKey: string; validUntil: LocalDate }
  | { type: 'lapsed'; refresherKey: string; certificateKey: string }
  | { type: 'recertified'; certificateKey: string }
  | { type: 'revoked'; certificateKey: string; reason: string }

export interface HistoryEntry {
  at: number
  from: Status
  to: Status
  cause: Cause
}

export interface Rules {
  certification: Certification
  catalog: Catalog
  timeZone: string
}

// ---------------------------------------------------------------------------------------------
// Requirements

export type RequirementItem =
  | { kind: 'module'; moduleId: string; title: string; done: boolean }
  | { kind: 'scenario'; scenarioId: string; title: string; done: boolean }
  | { kind: 'hard'; difficulty: number; needed: number; have: number; done: boolean }
  | { kind: 'roleplays'; needed: number; have: number; done: boolean }

export interface RequirementProgress {
  /** Each requirement, done or not; how far along that is, the pages count with `ticks` (path.ts). */
  items: RequirementItem[]
  /** When the last missing requirement was met, or null while something is missing. */
  metAt: number | null
}

/**
 * The version of a module that was current at an instant: the latest one published by then;
 * before the first was published here (records older than the installation), the first.
 */
export function versionAt(m: CatalogModule, t: number): number {
  let v: number | null = null
  for (const x of m.versions) if (x.publishedAt <= t && (v === null || x.version > v)) v = x.version
  return v ?? (m.versions.length ? Math.min(...m.versions.map((x) => x.version)) : m.version)
}

/**
 * What of the certification's requirements the records meet by `now`, counting only records
 * after `since` (a revocation asks for everything again). A module counts when its quiz was
 * passed at the version current at the time, so a module changed before the agent finished
 * must be learned again.
 */
export function requirementProgress(rules: Rules, records: Records, since = -Infinity, now = Infinity): RequirementProgress {
  const { requirements } = rules.certification
  const { modules, scenarios } = rules.catalog
  const need = requirements.roleplays
  const quizPasses = records.quizzes.filter((q) => q.passed && q.at > since && q.at <= now)
  const plays = evidence(rules, records).filter((r) => r.passed && r.at > since && r.at <= now && scenarios.has(r.scenarioId))
  const hardOf = (id: string) => (need.hard ? (scenarios.get(id)?.difficulty ?? 0) >= need.hard.difficulty : false)

  const moduleDone = (moduleId: string, t: number) => {
    const m = modules.get(moduleId)
    return m !== undefined && quizPasses.some((q) => q.moduleId === moduleId && q.at <= t && q.moduleVersion === versionAt(m, t))
  }
  const passedBy = (t: number) => new Set(plays.filter((p) => p.at <= t).map((p) => p.scenarioId))
  const roleplaysDone = (distinct: Set<string>) =>
    distinct.size >= need.passed &&
    (!need.hard || [...distinct].filter(hardOf).length >= need.hard.count) &&
    need.required.every((id) => distinct.has(id))

  // The requirements can only become met at the moment of a pass: try each in order.
  let metAt: number | null = null
  for (const t of [...new Set([...quizPasses.map((q) => q.at), ...plays.map((p) => p.at)])].sort((a, b) => a - b)) {
    if (requirements.modules.every((m) => moduleDone(m, t)) && roleplaysDone(passedBy(t))) {
      metAt = t
      break
    }
  }

  const items: RequirementItem[] = requirements.modules.map((moduleId) => ({
    kind: 'module',
    moduleId,
    title: modules.get(moduleId)?.title ?? moduleId,
    done: moduleDone(moduleId, now),
  }))
  const distinct = passedBy(now)
  for (const scenarioId of need.required) {
    items.push({ kind: 'scenario', scenarioId, title: scenarios.get(scenarioId)?.title ?? scenarioId, done: distinct.has(scenarioId) })
  }
  const hardHave = [...distinct].filter(hardOf).length
  if (need.hard)
    items.push({
      kind: 'hard',
      difficulty: need.hard.difficulty,
      needed: need.hard.count,
      have: Math.min(hardHave, need.hard.count),
      done: hardHave >= need.hard.count,
    })
  items.push({ kind: 'roleplays', needed: need.passed, have: Math.min(distinct.size, need.passed), done: distinct.size >= need.passed })

  return { items, metAt }
}

/**
 * The role-plays that count as evidence for this certification: free-text attempts only, unless
 * its file lists guided mode too. Guided mode is practice: picking from choices shows what an
 * agent recognises, not what they would write to a customer.
 */
export function evidence(rules: Rules, records: Records): Records['roleplays'] {
  const modes = rules.certification.requirements.roleplays.modes
  return records.roleplays.filter((r) => modes.includes(r.mode))
}

function firstTime<T extends { at: number }>(rows: readonly T[], match: (row: T) => boolean): number | null {
  let best: number | null = null
  for (const r of rows) if (match(r) && (best === null || r.at < best)) best = r.at
  return best
}

// ---------------------------------------------------------------------------------------------
// Refreshers

/** When each item of a refresher was done (null while not), from records after it opened. */
export function itemCompletions(refresher: Refresher, rules: Rules, records: Records): (number | null)[] {
  const after = refresher.opensAt
  return refresher.items.map((item) => {
    switch (item.kind) {
      case 'quiz':
        return firstTime(records.quizzes, (q) => q.moduleId === item.moduleId && q.passed && q.at >= after)
      case 'module':
        return firstTime(records.quizzes, (q) => q.moduleId === item.moduleId && q.moduleVersion >= item.version && q.passed)
      case 'scenario':
        return firstTime(evidence(rules, records), (r) => r.scenarioId === item.scenarioId && r.passed && r.at >= after)
      case 'roleplays': {
        const passes = evidence(rules, records)
          .filter((r) => r.passed && r.at >= after && (rules.catalog.scenarios.get(r.scenarioId)?.difficulty ?? 0) >= item.difficulty)
          .sort((a, b) => a.at - b.at)
        const distinct = new Set<string>()
        for (const p of passes) {
          distinct.add(p.scenarioId)
          if (distinct.size >= item.count) return p.at
        }
        return null
      }
      case 'drill':
        return firstTime(records.drills, (d) => d.refresherKey === refresher.key && d.passed && d.at >= after)
    }
  })
}

function completionTime(refresher: Refresher, rules: Rules, records: Records): number | null {
  const times = itemCompletions(refresher, rules, records)
  if (times.some((t) => t === null)) return null
  return Math.max(refresher.opensAt, ...(times as number[]))
}

/** The instant after which an unfinished refresher lapses the certificate: the end of its due date plus the grace days. */
export function lapseAt(refresher: Pick<Refresher, 'dueDate'>, rules: Rules): number {
  return endOfDay(addDays(refresher.dueDate, rules.certification.graceDays), rules.timeZone)
}

/** The end of a refresher's due date: done after this, it is overdue. */
export function dueAt(refresher: Pick<Refresher, 'dueDate'>, rules: Rules): number {
  return endOfDay(refresher.dueDate, rules.timeZone)
}

function periodicItems(rules: Rules): RefresherItem[] {
  const { quizzes, roleplays } = rules.certification.refresher.items
  return [
    ...quizzes.map((moduleId): RefresherItem => ({ kind: 'quiz', moduleId })),
    ...(roleplays ? [{ kind: 'roleplays' as const, count: roleplays.count, difficulty: roleplays.difficulty }] : []),
  ]
}

/** The calendar refreshers of a cycle: every `everyMonths` from its start, and the renewal at its end. */
function cycleSchedule(cert: CertificatePeriod, rules: Rules) {
  const { everyMonths } = rules.certification.refresher
  const out: { key: string; source: 'time' | 'renewal'; dueDate: LocalDate }[] = []
  for (let k = 1; ; k++) {
    const due = addMonths(cert.cycleStart, k * everyMonths)
    if (due >= cert.validUntil) break
    out.push({ key: `time:${cert.key}:${cert.cycleStart}:${k}`, source: 'time', dueDate: due })
  }
  out.push({ key: `renewal:${cert.key}:${cert.validUntil}`, source: 'renewal', dueDate: cert.validUntil })
  return out
}

/** The next calendar refresher of the current certificate that has not opened yet, with when it opens. */
export function nextScheduled(standing: Standing, rules: Rules) {
  const cert = standing.certificates.at(-1)
  if (!cert || cert.endedAt !== null) return null
  const known = new Set(standing.refreshers.map((r) => r.key))
  const next = cycleSchedule(cert, rules).find((s) => !known.has(s.key))
  if (!next) return null
  const opensAt = Math.max(startOfDay(addDays(next.dueDate, -rules.certification.refresher.windowDays), rules.timeZone), cert.issuedAt)
  return { ...next, opensAt }
}

/** Questions of the certification's modules that exercise a skill, in course order. */
export function drillQuestions(rules: Rules, skill: Skill): string[] {
  const out: string[] = []
  for (const moduleId of rules.certification.requirements.modules) {
    for (const q of rules.catalog.modules.get(moduleId)?.questions ?? []) if (q.skill === skill) out.push(`${moduleId}--${q.id}`)
  }
  return out.slice(0, DRILL_SIZE)
}

/** The scenario that exercises a skill most: listed for it, heaviest weight, then hardest, then by id. */
export function scenarioForSkill(rules: Rules, skill: Skill): string | null {
  const candidates = [...rules.catalog.scenarios.values()].filter((s) => s.skills.includes(skill))
  candidates.sort((a, b) => b.weights[skill] - a.weights[skill] || b.difficulty - a.difficulty || a.id.localeCompare(b.id))
  return candidates[0]?.id ?? null
}

// ---------------------------------------------------------------------------------------------
// Events

type Event =
  | { type: 'start'; at: number; cause: Extract<Cause, { type: 'started' }> }
  | { type: 'certify'; at: number }
  | { type: 'open'; at: number; refresher: Refresher }
  | { type: 'complete'; at: number; key: string }
  | { type: 'lapse'; at: number; key: string }
  | { type: 'revoke'; at: number; reason: string }

/** At equal times: a revocation first, then a lapse (done exactly at the lapse instant is late), then the rest. */
const PRIORITY: Record<Event['type'], number> = { revoke: 0, lapse: 1, complete: 2, open: 3, certify: 4, start: 5 }

/** Whether the standing holds a certificate in force. */
export function holds(status: Status): boolean {
  return status === 'certified' || status === 'refresherDue'
}

/** Records after this count toward the requirements: after a revocation, everything is asked again. */
export function requirementsSince(s: Standing): number {
  const cert = s.certificates.at(-1)
  return s.status === 'revoked' && cert?.endedAt != null ? cert.endedAt : -Infinity
}

function candidates(rules: Rules, records: Records, s: Standing, t: number, now: number): Event[] {
  const out: Event[] = []
  const cert = s.certificates.at(-1) ?? null
  const open = s.refreshers.filter((r) => r.completedAt === null && r.cancelledAt === null)
  const since = requirementsSince(s)
  const at = (x: number) => Math.max(x, t)

  if (s.status === 'notStarted') {
    const c = rules.certification.requirements
    const first = [
      ...records.reading.filter((r) => c.modules.includes(r.moduleId)).map((r) => ({ at: r.at, moduleId: r.moduleId })),
      ...records.quizzes.filter((q) => c.modules.includes(q.moduleId)).map((q) => ({ at: q.at, moduleId: q.moduleId })),
      ...records.roleplays.filter((r) => rules.catalog.scenarios.has(r.scenarioId)).map((r) => ({ at: r.at, scenarioId: r.scenarioId })),
    ].sort((a, b) => a.at - b.at)[0]
    if (first && first.at <= now) {
      const { at: when, ...ref } = first
      out.push({ type: 'start', at: at(when), cause: { type: 'started', ...ref } })
    }
  }

  if (s.status === 'notStarted' || s.status === 'inProgress' || s.status === 'revoked') {
    const { metAt } = requirementProgress(rules, records, since, now)
    if (metAt !== null && metAt <= now) out.push({ type: 'certify', at: at(metAt) })
  }

  if (cert && cert.endedAt === null && holds(s.status)) {
    const revocation = records.revocations.find((r) => r.certificateKey === cert.key)
    if (revocation && revocation.at <= now) out.push({ type: 'revoke', at: at(revocation.at), reason: revocation.reason })

    const next = nextScheduled(s, rules)
    if (next && next.opensAt <= now) {
      out.push({
        type: 'open',
        at: at(next.opensAt),
        refresher: {
          key: next.key,
          source: next.source,
          reason: { type: next.source },
          certificateKey: cert.key,
          items: periodicItems(rules),
          opensAt: at(next.opensAt),
          dueDate: next.dueDate,
          completedAt: null,
          cancelledAt: null,
        },
      })
    }

    const weak = weaknessEvent(rules, records, s, cert, t, now)
    if (weak) out.push(weak)

    // A lead's assignment to a holder: open from when it was set, due when the lead said.
    for (const a of records.assignments) {
      const key = `assigned:${a.id}`
      if (a.at > now || a.at < cert.issuedAt || s.refreshers.some((r) => r.key === key)) continue
      out.push({
        type: 'open',
        at: at(a.at),
        refresher: {
          key,
          source: 'assigned',
          reason: { type: 'assigned', by: a.by, note: a.note },
          certificateKey: cert.key,
          items: a.items,
          opensAt: at(a.at),
          dueDate: a.dueDate,
          completedAt: null,
          cancelledAt: null,
        },
      })
    }
  }

  // Material module changes reach holders, and those whose certificate lapsed (they must learn
  // the new version before they are certified again).
  if (cert && (holds(s.status) || s.status === 'lapsed')) {
    for (const moduleId of rules.certification.requirements.modules) {
      const m = rules.catalog.modules.get(moduleId)
      const held = cert.moduleVersions[moduleId] ?? 0
      const material = m?.versions
        .filter((v) => v.version > held && v.version <= m.version && v.material)
        .sort((a, b) => b.version - a.version)[0]
      if (!material || material.publishedAt > now) continue
      const key = `content:${cert.key}:${moduleId}@${material.version}`
      if (s.refreshers.some((r) => r.key === key)) continue
      const when = at(Math.max(material.publishedAt, cert.issuedAt))
      out.push({
        type: 'open',
        at: when,
        refresher: {
          key,
          source: 'content',
          reason: { type: 'content', moduleId, version: material.version },
          certificateKey: cert.key,
          items: [{ kind: 'module', moduleId, version: material.version }],
          opensAt: when,
          dueDate: addDays(localDate(when, rules.timeZone), rules.certification.refresher.materialChange.days),
          completedAt: null,
          cancelledAt: null,
        },
      })
    }
  }

  if (holds(s.status) || s.status === 'lapsed') {
    for (const r of open) {
      const done = completionTime(r, rules, records)
      if (done !== null && done <= now) out.push({ type: 'complete', at: at(done), key: r.key })
      const lapse = lapseAt(r, rules)
      if (s.status !== 'lapsed' && lapse <= now) out.push({ type: 'lapse', at: at(lapse), key: r.key })
    }
  }
  return out
}

/**
 * A skill averaging below the threshold over the agent's recent role-plays opens a targeted
 * refresher, at the moment of the attempt that tipped it. Only role-plays since the
 * certificate and since the last refresher for that skill count, so one weakness is asked
 * about once.
 */
function weaknessEvent(rules: Rules, records: Records, s: Standing, cert: CertificatePeriod, t: number, now: number): Event | null {
  const { below, recent, atLeast, days } = rules.certification.refresher.weakSkill
  const attempts = evidence(rules, records)
    .filter((r) => r.at >= cert.issuedAt && r.at <= now)
    .sort((a, b) => a.at - b.at)
  let best: Event | null = null
  for (const skill of SKILLS) {
    const forSkill = s.refreshers.filter((r) => r.reason.type === 'weakness' && r.reason.skill === skill && r.certificateKey === cert.key)
    if (forSkill.some((r) => r.completedAt === null && r.cancelledAt === null)) continue
    const boundary = Math.max(cert.issuedAt, ...forSkill.map((r) => r.completedAt ?? r.cancelledAt ?? r.opensAt))
    const counted = attempts.filter((a) => a.at > boundary || (forSkill.length === 0 && a.at >= boundary))
    for (let i = 0; i < counted.length; i++) {
      const tipping = counted[i]!
      if (tipping.at <= t) continue
      const window = counted
        .slice(Math.max(0, i + 1 - recent), i + 1)
        .map((a) => a.skills[skill])
        .filter((v): v is number => typeof v === 'number')
      if (window.length < atLeast) continue
      const average = Math.round(window.reduce((a, b) => a + b, 0) / window.length)
      if (average >= below) continue
      if (best && best.at <= tipping.at) break
      const questions = drillQuestions(rules, skill)
      const scenarioId = scenarioForSkill(rules, skill)
      const items: RefresherItem[] = [
        ...(questions.length ? [{ kind: 'drill' as const, skill, questions }] : []),
        ...(scenarioId ? [{ kind: 'scenario' as const, scenarioId }] : []),
      ]
      if (items.length === 0) break
      best = {
        type: 'open',
        at: tipping.at,
        refresher: {
          key: `weakness:${cert.key}:${skill}:${tipping.id}`,
          source: 'weakness',
          reason: { type: 'weakness', skill, average, attempts: window.length },
          certificateKey: cert.key,
          items,
          opensAt: tipping.at,
          dueDate: addDays(localDate(tipping.at, rules.timeZone), days),
          completedAt: null,
          cancelledAt: null,
        },
      }
      break
    }
  }
  return best
}

function newCertificate(rules: Rules, at: number): CertificatePeriod {
  const issuedDate = localDate(at, rules.timeZone)
  return {
    key: String(at),
    issuedAt: at,
    issuedDate,
    cycleStart: issuedDate,
    validUntil: addMonths(issuedDate, rules.certification.validity.months),
    moduleVersions: Object.fromEntries(
      rules.certification.requirements.modules.map((id) => {
        const m = rules.catalog.modules.get(id)
        return [id, m ? versionAt(m, at) : 0]
      }),
    ),
    endedAt: null,
    endReason: null,
  }
}

function apply(rules: Rules, s: Standing, e: Event, log: HistoryEntry[]) {
  const from = s.status
  const record = (to: Status, cause: Cause) => {
    s.status = to
    log.push({ at: e.at, from, to, cause })
  }
  const cert = s.certificates.at(-1)
  switch (e.type) {
    case 'start':
      return record('inProgress', e.cause)
    case 'certify': {
      const c = newCertificate(rules, e.at)
      s.certificates.push(c)
      return record('certified', { type: 'requirementsMet', certificateKey: c.key })
    }
    case 'open':
      s.refreshers.push(e.refresher)
      return record(from === 'certified' ? 'refresherDue' : from, {
        type: 'refresherOpened',
        refresherKey: e.refresher.key,
        source: e.refresher.source,
      })
    case 'complete': {
      const r = s.refreshers.find((x) => x.key === e.key)!
      r.completedAt = e.at
      const stillOpen = s.refreshers.some((x) => x.completedAt === null && x.cancelledAt === null)
      if (cert && from !== 'lapsed') {
        for (const item of r.items)
          if (item.kind === 'module') cert.moduleVersions[item.moduleId] = Math.max(cert.moduleVersions[item.moduleId] ?? 0, item.version)
      }
      if (from === 'lapsed') {
        record('lapsed', { type: 'refresherCompleted', refresherKey: r.key, source: r.source })
        if (!stillOpen) {
          const c = newCertificate(rules, e.at)
          s.certificates.push(c)
          log.push({ at: e.at, from: 'lapsed', to: 'certified', cause: { type: 'recertified', certificateKey: c.key } })
          s.status = 'certified'
        }
        return
      }
      if (r.source === 'renewal' && cert) {
        cert.cycleStart = cert.validUntil
        cert.validUntil = addMonths(cert.validUntil, rules.certification.validity.months)
        record(stillOpen ? from : 'certified', { type: 'renewed', certificateKey: cert.key, validUntil: cert.validUntil })
        return
      }
      return record(stillOpen ? from : 'certified', { type: 'refresherCompleted', refresherKey: r.key, source: r.source })
    }
    case 'lapse':
      if (cert) {
        cert.endedAt = e.at
        cert.endReason = 'lapsed'
      }
      return record('lapsed', { type: 'lapsed', refresherKey: e.key, certificateKey: cert?.key ?? '' })
    case 'revoke':
      if (cert) {
        cert.endedAt = e.at
        cert.endReason = 'revoked'
      }
      for (const r of s.refreshers) if (r.completedAt === null && r.cancelledAt === null) r.cancelledAt = e.at
      return record('revoked', { type: 'revoked', certificateKey: cert?.key ?? '', reason: e.reason })
  }
}

function clone(s: Standing): Standing {
  return {
    status: s.status,
    asOf: s.asOf,
    certificates: s.certificates.map((c) => ({ ...c, moduleVersions: { ...c.moduleVersions } })),
    refreshers: s.refreshers.map((r) => ({ ...r, items: r.items.map((i) => ({ ...i })) })),
  }
}

/**
 * Brings a standing up to `now`: every event between its `asOf` and `now`, in time order.
 * Returns the new standing and what happened, each entry with its cause.
 */
export function advance(
  rules: Rules,
  records: Records,
  standing: Standing,
  now: Date | number,
): { standing: Standing; history: HistoryEntry[] } {
  const end = typeof now === 'number' ? now : now.getTime()
  const s = clone(standing)
  const log: HistoryEntry[] = []
  let t = s.asOf ?? -Infinity
  // Every event changes the standing, so this ends; the bound only guards against a bug.
  for (let guard = 0; guard < 10_000; guard++) {
    const next = candidates(rules, records, s, t, end).sort((a, b) => a.at - b.at || PRIORITY[a.type] - PRIORITY[b.type])[0]
    if (!next) break
    apply(rules, s, next, log)
    t = next.at
  }
  s.asOf = Math.max(end, s.asOf ?? -Infinity)
  return { standing: s, history: log }
}

/**
 * When the calendar alone next changes a standing brought up to `now` (a refresher opening, a
 * grace period ending, a module change reaching the agent), or null when nothing is scheduled.
 * Until then, with no new records, `advance` changes nothing: the calendar job need not look.
 */
export function nextChangeAt(rules: Rules, records: Records, standing: Standing, now: Date | number): number | null {
  const t = typeof now === 'number' ? now : now.getTime()
  const times = candidates(rules, records, standing, t, Infinity)
    .map((e) => e.at)
    .filter((at) => at > t)
  return times.length ? Math.min(...times) : null
}

// ---------------------------------------------------------------------------------------------
// Reading a standing

/** Open refreshers (opened and not done), soonest due first. */
export function openRefreshers(standing: Standing): Refresher[] {
  return standing.refreshers
    .filter((r) => r.completedAt === null && r.cancelledAt === null)
    .sort((a, b) => a.dueDate.localeCompare(b.dueDate))
}

export type Urgency = 'none' | 'upcoming' | 'due' | 'overdue' | 'lapsed'

/**
 * How pressing the agent's next step is: a refresher past its due date (`overdue`), one open
 * (`due`), one opening within `soonDays` (`upcoming`), or the certificate gone (`lapsed`).
 */
export function urgency(standing: Standing, rules: Rules, now: number, soonDays = 14): Urgency {
  if (standing.status === 'lapsed') return 'lapsed'
  const open = openRefreshers(standing)
  if (open.some((r) => dueAt(r, rules) <= now)) return 'overdue'
  if (open.length) return 'due'
  const next = nextScheduled(standing, rules)
  if (next && next.opensAt - now <= soonDays * 24 * 60 * 60 * 1000) return 'upcoming'
  return 'none'
}
