/**
 * A trainer's verdict on one reply, from what the judge saw and the scripted reply the machine
 * took: bad when it shows any fault; good when it moves the case on (a solution, the correct
 * rule, an escalation or privacy care) with the tone the moment needs, or when it is a scripted
 * reply that earns at least two points; ok otherwise.
 */
import { isNegative, type Behaviour, type Verdict } from './behaviours.ts'

const MOVES = new Set<Behaviour>(['solution', 'policy-correct', 'escalate', 'privacy-safe'])
const WARMTH = new Set<Behaviour>(['apology', 'empathy'])

export function verdictOf(behaviours: readonly Behaviour[], scripted: { points: number; breach: boolean } | null): Verdict {
  if (behaviours.some(isNegative) || scripted?.breach) return 'bad'
  if (scripted && scripted.points >= 2) return 'good'
  const moves = behaviours.filter((b) => MOVES.has(b)).length
  const warm = behaviours.some((b) => WARMTH.has(b))
  if ((moves >= 1 && warm) || moves >= 2) return 'good'
  return 'ok'
}
