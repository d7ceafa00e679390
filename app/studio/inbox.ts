/**
 * The inbox of unrecognised replies, the pure part: which replies the role-play collects (those
 * that fell to `otherwise`, and those the judge found ambiguous), how they are grouped by
 * similarity per scenario and beat, and what the studio suggests a trainer do with a group (a
 * phrase and the intent it might belong to). Pure and deterministic: the same replies give the
 * same groups in the same order, whatever order they are read in.
 */
import type { Judged } from '#app/roleplay/engine.ts'
import { normalise } from '#app/judge/normalise.ts'
import { isFaultIntent, type Lexicon } from '#app/judge/recognise.ts'
import { TONE_FAULT, TONE_FAULT_OVER_SCOPE, TONE_VETO } from '#app/judge/tone.ts'

export type InboxReason = 'otherwise' | 'ambiguous'

/** How near the tone model's line p(bad) must fall for the reading to count as unsure. */
export const AMBIGUOUS_MARGIN = 0.1

/**
 * Whether the judge's reading of a reply is ambiguous, from its own output:
 *
 * - `disagreed`: the tone model overruled the rules: it added a fault no phrase names (`added`)
 *   or set aside a fault the rules found (`vetoed`). The verdict then rests on the model alone,
 *   against the rules' reading; a phrase, or a sample that says which reading is right, settles it.
 * - `unsure`: the model agreed, but its p(bad) fell within AMBIGUOUS_MARGIN of the line that
 *   would have flipped the verdict for this reply: TONE_VETO when the rules found a fault the
 *   model could set aside (no breach, no fault of the scenario's own intents, which it never
 *   overrules), TONE_FAULT (TONE_FAULT_OVER_SCOPE when the rules discounted a fault phrase) when
 *   they found none. A slightly different wording would have been judged the other way.
 *
 * Without a tone model nothing is ambiguous: the rules alone read every reply one way.
 */
export function ambiguityOf(judged: Pick<Judged, 'tone' | 'faults' | 'findings' | 'breaches' | 'matches'>, lexicon: Lexicon) {
  const tone = judged.tone
  if (!tone) return null
  if (tone.effect !== 'agreed') return 'disagreed' as const
  if (judged.faults.length > 0) {
    const scripted = judged.findings.some((f) => lexicon.intents.get(f.intent)?.source === 'scenario')
    if (judged.breaches.length > 0 || scripted) return null
    return tone.bad < TONE_VETO + AMBIGUOUS_MARGIN ? ('unsure' as const) : null
  }
  const overScope = judged.matches.some((m) => m.discounted && m.discounted !== 'tone' && isFaultIntent(lexicon, m.intent))
  const line = overScope ? TONE_FAULT_OVER_SCOPE : TONE_FAULT
  return tone.bad >= line - AMBIGUOUS_MARGIN ? ('unsure' as const) : null
}

/**
 * Why a free-text reply goes to the inbox, or null when it does not: no scripted reply took it
 * (`otherwise`), or one did but the judge's reading was ambiguous. Guided choices never come here.
 */
export function inboxReason(replyId: string | null, judged: Judged | undefined, lexicon: Lexicon): InboxReason | null {
  if (!judged) return null
  if (replyId === null) return 'otherwise'
  return ambiguityOf(judged, lexicon) ? 'ambiguous' : null
}

// --- Grouping -------------------------------------------------------------------------------

/** Replies at least this similar (Sørensen–Dice over character bigrams) are linked in one group. */
export const SIMILAR = 0.5

const PUNCTUATION = /[\p{P}\s]/gu
/** Particles and address words carry tone, not what a reply says: left out of the comparison. */
const PARTICLES = /[啊呀吧呢哦嘛啦哈嗯噢喔呐亲~～]/gu

/**
 * The form replies are compared in: normalised as the judge reads them (width, script, case,
 * aliases), without punctuation, particles, or the 你/您 distinction.
 */
export function comparisonForm(text: string) {
  const basic = normalise(text).text
  const form = basic.replace(PUNCTUATION, '').replace(PARTICLES, '').replace(/你/g, '您')
  return form || basic.replace(/\s+/g, '')
}

function bigrams(form: string): Set<string> {
  const chars = [...form]
  if (chars.length < 2) return new Set(chars)
  const out = new Set<string>()
  for (let i = 0; i + 1 < chars.length; i++) out.add(chars[i]! + chars[i + 1]!)
  return out
}

function dice(a: ReadonlySet<string>, b: ReadonlySet<string>) {
  if (a.size === 0 && b.size === 0) return 1
  let shared = 0
  for (const g of a) if (b.has(g)) shared++
  return (2 * shared) / (a.size + b.size)
}

/** How alike two replies are, 0 to 1, in their comparison forms. */
export function similarity(a: string, b: string) {
  return dice(bigrams(comparisonForm(a)), bigrams(comparisonForm(b)))
}

export interface InboxItem {
  id: number
  scenarioId: string
  beat: string
  text: string
  reason: InboxReason
  /** When it was written (ms since the epoch). */
  at: number
}

/** One way of saying it: the replies whose comparison forms are the same. */
export interface InboxVariant {
  /** As trainees typed it most often (the first seen, on a tie). */
  text: string
  count: number
  ids: number[]
}

export interface InboxGroup {
  /** Stable while the group's earliest reply stays in it. */
  key: string
  scenarioId: string
  beat: string
  /** The most central variant: the one most like all the others, weighed by how often each was typed. */
  representative: string
  count: number
  /** The representative's first, then by count; each once. */
  variants: InboxVariant[]
  ids: number[]
  firstSeen: number
  lastSeen: number
  reasons: Record<InboxReason, number>
  /** A phrase the replies share, to add to an intent (a suggestion the trainer edits). */
  phrase: string | null
}

interface Variant {
  form: string
  grams: Set<string>
  texts: Map<string, { count: number; first: number }>
  ids: number[]
  first: number
  last: number
  reasons: Record<InboxReason, number>
}

function byItemOrder(a: InboxItem, b: InboxItem) {
  return a.at - b.at || a.id - b.id
}

/**
 * Groups replies per (scenario, beat): identical comparison forms are one variant; variants at
 * least SIMILAR alike are linked, and a group is a connected set of links (single link), so the
 * result does not depend on the order the replies come in. Groups come most replies first, then
 * earliest first.
 */
export function groupReplies(items: readonly InboxItem[], threshold = SIMILAR): InboxGroup[] {
  const buckets = new Map<string, InboxItem[]>()
  for (const item of [...items].sort(byItemOrder)) {
    const key = `${item.scenarioId}\u0000${item.beat}`
    let bucket = buckets.get(key)
    if (!bucket) buckets.set(key, (bucket = []))
    bucket.push(item)
  }
  const groups: InboxGroup[] = []
  for (const bucket of buckets.values()) groups.push(...groupBucket(bucket, threshold))
  return groups.sort((a, b) => b.count - a.count || a.firstSeen - b.firstSeen || a.key.localeCompare(b.key))
}

function groupBucket(items: readonly InboxItem[], threshold: number): InboxGroup[] {
  const { scenarioId, beat } = items[0]!
  const byForm = new Map<string, Variant>()
  for (const item of items) {
    const form = comparisonForm(item.text)
    let v = byForm.get(form)
    if (!v) {
      v = { form, grams: bigrams(form), texts: new Map(), ids: [], first: item.at, last: item.at, reasons: { otherwise: 0, ambiguous: 0 } }
      byForm.set(form, v)
    }
    const seen = v.texts.get(item.text)
    if (seen) seen.count++
    else v.texts.set(item.text, { count: 1, first: item.at })
    v.ids.push(item.id)
    v.last = Math.max(v.last, item.at)
    v.reasons[item.reason]++
  }
  // Variants in the order first seen (items are sorted), so every tie below breaks the same way.
  const variants = [...byForm.values()]
  const parent = variants.map((_, i) => i)
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)))
  const sims = new Map<number, Map<number, number>>()
  const byGram = new Map<string, number[]>()
  variants.forEach((v, i) => {
    for (const g of v.grams) {
      let list = byGram.get(g)
      if (!list) byGram.set(g, (list = []))
      list.push(i)
    }
  })
  variants.forEach((v, i) => {
    const candidates = new Set<number>()
    for (const g of v.grams) for (const j of byGram.get(g)!) if (j > i) candidates.add(j)
    for (const j of candidates) {
      const s = dice(v.grams, variants[j]!.grams)
      if (s < threshold) continue
      ;(sims.get(i) ?? sims.set(i, new Map()).get(i)!).set(j, s)
      ;(sims.get(j) ?? sims.set(j, new Map()).get(j)!).set(i, s)
      const [a, b] = [find(i), find(j)]
      if (a !== b) parent[Math.max(a, b)] = Math.min(a, b)
    }
  })
  const components = new Map<number, number[]>()
  variants.forEach((_, i) => {
    const root = find(i)
    ;(components.get(root) ?? components.set(root, []).get(root)!).push(i)
  })
  return [...components.values()].map((members) => {
    const count = (i: number) => variants[i]!.ids.length
    // The weighted medoid: most alike the group's replies (each variant counts as often as typed).
    const centrality = (i: number) =>
      members.reduce((sum, j) => sum + count(j) * (i === j ? 1 : (sims.get(i)?.get(j) ?? dice(variants[i]!.grams, variants[j]!.grams))), 0)
    const scored = members.map((i) => ({ i, c: centrality(i) }))
    const centre = scored.reduce((best, s) =>
      s.c > best.c + 1e-9 || (Math.abs(s.c - best.c) <= 1e-9 && count(s.i) > count(best.i)) ? s : best,
    ).i
    const ordered = [centre, ...members.filter((i) => i !== centre).sort((a, b) => count(b) - count(a) || a - b)]
    const shown = ordered.map((i): InboxVariant => ({ text: displayText(variants[i]!), count: count(i), ids: [...variants[i]!.ids] }))
    const ids = ordered.flatMap((i) => variants[i]!.ids)
    const reasons = { otherwise: 0, ambiguous: 0 }
    for (const i of members) {
      reasons.otherwise += variants[i]!.reasons.otherwise
      reasons.ambiguous += variants[i]!.reasons.ambiguous
    }
    return {
      key: `${scenarioId}/${beat}/${Math.min(...ids)}`,
      scenarioId,
      beat,
      representative: shown[0]!.text,
      count: ids.length,
      variants: shown,
      ids,
      firstSeen: Math.min(...members.map((i) => variants[i]!.first)),
      lastSeen: Math.max(...members.map((i) => variants[i]!.last)),
      reasons,
      phrase: suggestPhrase(shown.map((v) => v.text)),
    }
  })
}

function displayText(v: Variant) {
  let best: [string, { count: number; first: number }] | null = null
  for (const entry of v.texts) if (!best || entry[1].count > best[1].count) best = entry
  return best![0]
}

// --- Suggestions ----------------------------------------------------------------------------

const HAN = /\p{Script=Han}/gu
const EDGE = /^[啊呀吧呢哦嘛啦哈嗯噢喔呐亲~～]+|[啊呀吧呢哦嘛啦哈嗯噢喔呐亲~～]+$/gu
/** At most this many variants are compared for a phrase: the most typed ones. */
const PHRASE_VARIANTS = 20

const hanCount = (s: string) => s.match(HAN)?.length ?? 0

/** The clauses of a reply as the judge reads it: normalised, split at punctuation and spaces. */
function clauses(text: string) {
  return normalise(text)
    .text.split(/[\p{P}\s]+/u)
    .filter(Boolean)
}

/** The longest string found in some clause of every reply (the first such in the first reply, on a tie). */
function longestCommon(texts: readonly string[]): string {
  const [first, ...rest] = texts.map(clauses)
  if (!first) return ''
  let best = ''
  for (const clause of first) {
    const chars = [...clause]
    for (let i = 0; i < chars.length; i++) {
      for (let j = chars.length; j - i > [...best].length; j--) {
        const candidate = chars.slice(i, j).join('')
        if (rest.every((cs) => cs.some((c) => c.includes(candidate)))) {
          best = candidate
          break
        }
      }
    }
  }
  return best
}

/**
 * A phrase to add to an intent: the longest run of words every variant shares (at most the
 * PHRASE_VARIANTS most typed), trimmed of particles; when they share none of two or more Han
 * characters, what the first two share. Null when nothing of two Han characters is common.
 */
export function suggestPhrase(texts: readonly string[]): string | null {
  const variants = texts.slice(0, PHRASE_VARIANTS)
  for (const set of [variants, variants.slice(0, 2)]) {
    if (set.length === 0) continue
    const phrase = longestCommon(set).replace(EDGE, '')
    if (hanCount(phrase) >= 2) return phrase
  }
  return null
}

export interface IntentCandidate {
  id: string
  phrases: readonly string[]
}

/**
 * The intent a group's phrase might belong to: one of the scenario's own intents that the beat's
 * replies ask for (`all`, `any`) and that the judge did not find in the reply, the one whose
 * phrases are most like the suggestion (the first the beat names, on a tie). Null when the beat
 * asks for none of the scenario's own intents, or the judge found them all.
 */
export function suggestIntent(input: {
  phrase: string | null
  text: string
  /** Intents the judge found in the reply. */
  matched: readonly string[]
  /** The beat's replies, in order. */
  replies: readonly { when: { all?: readonly string[]; any?: readonly string[] } }[]
  /** The scenario's own intents (only these can take a phrase here). */
  own: readonly IntentCandidate[]
}): string | null {
  const own = new Map(input.own.map((i) => [i.id, i]))
  const matched = new Set(input.matched)
  const candidates: IntentCandidate[] = []
  for (const r of input.replies)
    for (const id of [...(r.when.all ?? []), ...(r.when.any ?? [])]) {
      const intent = own.get(id)
      if (intent && !matched.has(id) && !candidates.includes(intent)) candidates.push(intent)
    }
  if (candidates.length === 0) return null
  const grams = bigrams(comparisonForm(input.phrase ?? input.text))
  const score = (c: IntentCandidate) => Math.max(0, ...c.phrases.map((p) => dice(grams, bigrams(comparisonForm(p)))))
  return candidates.reduce((best, c) => (score(c) > score(best) ? c : best)).id
}
