/**
 * Learning records as xAPI 1.0.3 statements, for a learning record store. Pure.
 *
 * Ids are stable: a statement's id is a name-based UUID (version 5 layout, SHA-1) of what it
 * states — the record and the verb — under this installation's origin, and activity ids are
 * URLs under the origin. Exporting the same records twice gives the same statements, so a store
 * that receives both keeps one of each (xAPI: a statement id is stored once).
 */
import { createHash } from 'node:crypto'

export const VERBS = {
  completed: { id: 'http://adlnet.gov/expapi/verbs/completed', display: { 'en-US': 'completed', 'zh-CN': '完成' } },
  passed: { id: 'http://adlnet.gov/expapi/verbs/passed', display: { 'en-US': 'passed', 'zh-CN': '通过' } },
  failed: { id: 'http://adlnet.gov/expapi/verbs/failed', display: { 'en-US': 'failed', 'zh-CN': '未通过' } },
  answered: { id: 'http://adlnet.gov/expapi/verbs/answered', display: { 'en-US': 'answered', 'zh-CN': '回答' } },
} as const

const ACTIVITY_TYPES = {
  assessment: 'http://adlnet.gov/expapi/activities/assessment',
  simulation: 'http://adlnet.gov/expapi/activities/simulation',
  interaction: 'http://adlnet.gov/expapi/activities/cmi.interaction',
}

/** A name-based UUID: SHA-1 of the namespace and the name, with the version 5 and variant bits. */
export function nameUuid(namespace: string, name: string): string {
  const bytes = createHash('sha1').update(`${namespace}\n${name}`).digest().subarray(0, 16)
  bytes[6] = (bytes[6]! & 0x0f) | 0x50
  bytes[8] = (bytes[8]! & 0x3f) | 0x80
  const hex = bytes.toString('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

/** ISO 8601 duration of a span in milliseconds, e.g. PT4M12.5S. */
export function isoDuration(ms: number): string {
  const seconds = Math.max(0, ms) / 1000
  const h = Math.floor(seconds / 3600)
  const m = Math.floor((seconds % 3600) / 60)
  const s = Math.round((seconds % 60) * 100) / 100
  return `PT${h ? `${h}H` : ''}${m ? `${m}M` : ''}${s}S`
}

export interface XapiLearner {
  id: string
  displayName: string
}

export interface QuizRecord {
  id: string
  userId: string
  moduleId: string
  moduleTitle: string
  moduleVersion: number
  /** Percent, 0–100. */
  score: number
  passed: boolean
  startedAt: Date
  submittedAt: Date
}

export interface RoleplayTurnRecord {
  beat: string
  text: string
  /** The scripted reply it was taken as, or null (`otherwise`). */
  replyId: string | null
  emotionBefore: number
  emotionAfter: number
  /** Skill points the turn earned or cost. */
  evidence: Record<string, number>
  latencyMs: number
}

export interface RoleplayRecord {
  id: string
  userId: string
  scenarioId: string
  scenarioTitle: string
  scenarioVersion: number
  mode: 'guided' | 'free'
  outcome: string | null
  /** The score as it counts: a trainer's review when there is one. */
  total: number
  passed: boolean
  reviewed: boolean
  startedAt: Date
  finishedAt: Date
  turns: RoleplayTurnRecord[]
}

export interface Statement {
  id: string
  actor: { objectType: 'Agent'; name: string; account: { homePage: string; name: string } }
  verb: (typeof VERBS)[keyof typeof VERBS]
  object: {
    objectType: 'Activity'
    id: string
    definition: { type: string; name: Record<string, string>; extensions?: Record<string, unknown> }
  }
  result?: {
    score?: { scaled: number; raw: number; min: number; max: number }
    success?: boolean
    completion?: boolean
    duration?: string
    response?: string
    extensions?: Record<string, unknown>
  }
  context: {
    registration: string
    platform: string
    language: string
    contextActivities?: { parent?: { objectType: 'Activity'; id: string }[] }
    extensions?: Record<string, unknown>
  }
  timestamp: string
  version: '1.0.3'
}

/** Builds statements for one installation (its origin names the activities and the accounts). */
export function xapiBuilder(origin: string) {
  const base = origin.replace(/\/$/, '')
  const ext = (name: string) => `${base}/xapi/extensions/${name}`
  const actor = (l: XapiLearner) => ({ objectType: 'Agent' as const, name: l.displayName, account: { homePage: base, name: l.id } })
  const score = (total: number) => ({ scaled: Math.round(total * 10) / 1000, raw: total, min: 0, max: 100 })
  const id = (...parts: string[]) => nameUuid(base, parts.join(':'))
  const common = { version: '1.0.3' as const }

  function quiz(learner: XapiLearner, q: QuizRecord): Statement[] {
    const object = {
      objectType: 'Activity' as const,
      id: `${base}/xapi/modules/${q.moduleId}/quiz`,
      definition: {
        type: ACTIVITY_TYPES.assessment,
        name: { 'zh-CN': `${q.moduleTitle} · 测验` },
        extensions: { [ext('module-version')]: q.moduleVersion },
      },
    }
    const context = { registration: id('registration', 'quiz', q.id), platform: 'Composure', language: 'zh-CN' }
    const result = {
      score: score(q.score),
      success: q.passed,
      completion: true,
      duration: isoDuration(q.submittedAt.getTime() - q.startedAt.getTime()),
    }
    const timestamp = q.submittedAt.toISOString()
    return [
      { ...common, id: id('quiz', q.id, 'completed'), actor: actor(learner), verb: VERBS.completed, object, result, context, timestamp },
      {
        ...common,
        id: id('quiz', q.id, 'verdict'),
        actor: actor(learner),
        verb: q.passed ? VERBS.passed : VERBS.failed,
        object,
        result: { score: result.score, success: q.passed },
        context,
        timestamp,
      },
    ]
  }

  function roleplay(learner: XapiLearner, r: RoleplayRecord): Statement[] {
    const scenario = `${base}/xapi/scenarios/${r.scenarioId}`
    const object = {
      objectType: 'Activity' as const,
      id: scenario,
      definition: {
        type: ACTIVITY_TYPES.simulation,
        name: { 'zh-CN': r.scenarioTitle },
        extensions: { [ext('scenario-version')]: r.scenarioVersion },
      },
    }
    const context = {
      registration: id('registration', 'roleplay', r.id),
      platform: 'Composure',
      language: 'zh-CN',
      extensions: { [ext('mode')]: r.mode, [ext('reviewed')]: r.reviewed },
    }
    const timestamp = r.finishedAt.toISOString()
    const verdict = {
      ...common,
      id: id('roleplay', r.id, 'verdict'),
      actor: actor(learner),
      verb: r.passed ? VERBS.passed : VERBS.failed,
      object,
      result: { score: score(r.total), success: r.passed, ...(r.outcome ? { extensions: { [ext('outcome')]: r.outcome } } : {}) },
      context,
      timestamp,
    }
    const completed = {
      ...common,
      id: id('roleplay', r.id, 'completed'),
      actor: actor(learner),
      verb: VERBS.completed,
      object,
      result: {
        score: score(r.total),
        success: r.passed,
        completion: true,
        duration: isoDuration(r.finishedAt.getTime() - r.startedAt.getTime()),
      },
      context,
      timestamp,
    }
    let at = r.startedAt.getTime()
    const turns = r.turns.map((t, i): Statement => {
      at += t.latencyMs
      return {
        ...common,
        id: id('roleplay', r.id, 'turn', String(i + 1)),
        actor: actor(learner),
        verb: VERBS.answered,
        object: {
          objectType: 'Activity',
          id: `${scenario}/beats/${t.beat}`,
          definition: { type: ACTIVITY_TYPES.interaction, name: { 'zh-CN': `${r.scenarioTitle} · ${t.beat}` } },
        },
        result: {
          response: t.text,
          duration: isoDuration(t.latencyMs),
          extensions: {
            [ext('reply')]: t.replyId ?? 'otherwise',
            [ext('emotion')]: { before: t.emotionBefore, after: t.emotionAfter },
            [ext('skill-points')]: t.evidence,
          },
        },
        context: { ...context, contextActivities: { parent: [{ objectType: 'Activity', id: scenario }] } },
        timestamp: new Date(Math.min(at, r.finishedAt.getTime())).toISOString(),
      }
    })
    return [...turns, completed, verdict]
  }

  return { quiz, roleplay }
}
