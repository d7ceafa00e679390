/**
 * Where an agent stands on one certification as a list of ticks: the one computation the
 * learning path (/learn), 我的认证 and the lead's member page all show. Pure, fed by the rules'
 * result (requirements met and missing, open refreshers and their items done), so every page
 * gives the same percentage and names the same missing items.
 */
import type { Skill } from '#app/domain/skills.ts'
import type { Status } from './rules.ts'

/** One thing to do, with where to do it. */
export type TodoItem =
  | { kind: 'module'; moduleId: string; title: string; done: boolean; href: string }
  | { kind: 'quiz'; moduleId: string; title: string; done: boolean; href: string }
  | { kind: 'scenario'; title: string; done: boolean; href: string }
  | { kind: 'hard'; difficulty: number; needed: number; have: number; done: boolean; href: string }
  | {
      kind: 'roleplays'
      needed: number
      /** Absent for a refresher not open yet. */ have?: number
      done: boolean
      href: string
      difficulty?: number
    }
  | { kind: 'drill'; skill: Skill; count: number; done: boolean; href: string }

/** A module as the certification counts it now: met, still required, or to be taken again for a refresher. */
export type ModuleState = 'met' | 'missing' | 'redo'

export interface Ticks {
  done: number
  total: number
  /** `done / total`, rounded down; 100 when there is nothing to tick. */
  percent: number
}

export interface CertificationPath extends Ticks {
  /**
   * What the ticks are: the certification's requirements (not started, in progress, or
   * revoked: everything is asked again), or the open refreshers' items (refresher due, lapsed).
   * A holder with nothing open has no ticks: nothing is missing.
   */
  basis: 'requirements' | 'refreshers'
  /** Every tick, done or not, in the order the certification lists them. */
  items: TodoItem[]
  /** Only the ticks not done yet: what is missing, or what to redo. */
  missing: TodoItem[]
  /** Each module the certification requires, by id. */
  modules: Record<string, ModuleState>
}

export function ticks(items: readonly { done: boolean }[]): Ticks {
  const done = items.filter((i) => i.done).length
  return { done, total: items.length, percent: items.length ? Math.floor((done / items.length) * 100) : 100 }
}

export interface PathInput {
  status: Status
  /** The certification's required modules. */
  moduleIds: readonly string[]
  /** The requirements as the rules count them (since a revocation, if any). */
  requirements: readonly TodoItem[]
  /** The open refreshers' items, done or not. */
  refreshers: readonly { items: readonly TodoItem[] }[]
}

export function certificationPath({ status, moduleIds, requirements, refreshers }: PathInput): CertificationPath {
  const working = status === 'notStarted' || status === 'inProgress' || status === 'revoked'
  const items = working ? [...requirements] : refreshers.flatMap((r) => r.items)
  // Working towards it, a module counts once its requirement is ticked; holding or lapsed, it
  // counts unless an open refresher asks for its quiz again.
  const modules: Record<string, ModuleState> = {}
  for (const id of moduleIds) modules[id] = working ? 'missing' : 'met'
  for (const item of items) {
    if ((item.kind !== 'module' && item.kind !== 'quiz') || !(item.moduleId in modules)) continue
    if (working) modules[item.moduleId] = item.done ? 'met' : 'missing'
    else if (!item.done) modules[item.moduleId] = 'redo'
  }
  return { basis: working ? 'requirements' : 'refreshers', items, missing: items.filter((i) => !i.done), modules, ...ticks(items) }
}

const WEIGHT: Record<ModuleState, number> = { met: 0, missing: 1, redo: 2 }

/**
 * The certifications on a learning path have one state per module: redo when any refresher
 * asks for it, missing when any requirement still does, met otherwise.
 */
export function modulesOnPath(paths: readonly Pick<CertificationPath, 'modules'>[]): Record<string, ModuleState> {
  const out: Record<string, ModuleState> = {}
  for (const p of paths)
    for (const [id, state] of Object.entries(p.modules)) if (!(id in out) || WEIGHT[state] > WEIGHT[out[id]!]) out[id] = state
  return out
}

/**
 * The certifications a learning path follows: the first one always (everyone starts there),
 * and every other one the agent has started.
 */
export function onPath<T extends { status: Status }>(certifications: readonly T[]): T[] {
  return certifications.filter((c, i) => i === 0 || c.status !== 'notStarted')
}
