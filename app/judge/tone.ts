/**
 * The tone model: a reply's character n-grams, weighed by logistic regressions trained on the dev
 * part of the corpus (scripts/train-judge.ts), give the probability that a trainer calls it bad
 * and, for each fault, that the trainer sees that fault. It reads what phrase lists miss — cold
 * refusals, blame put as advice, contempt without a rude word — and it explains itself by the
 * n-grams that weighed most. See docs/decisions/011-tone-model.md for how it joins the rules.
 */
import { isNegative, NEGATIVE_BEHAVIOURS, type Behaviour, type NegativeBehaviour } from './behaviours.ts'

export const TONE_HEADS = ['bad', ...NEGATIVE_BEHAVIOURS] as const
export type ToneHead = (typeof TONE_HEADS)[number]

export interface ToneModel {
  version: 1
  /** SHA-256 of the dev corpus files it was trained on, so a stale model is noticed. */
  corpus: string
  ngrams: [number, number]
  vocab: string[]
  idf: number[]
  heads: Record<ToneHead, { bias: number; weights: number[] }>
}

export interface Tone {
  /** Probability a trainer calls the reply bad. */
  bad: number
  /** Probability of each fault. */
  faults: Record<NegativeBehaviour, number>
  /** The n-grams that weighed most towards "bad", heaviest first. */
  cues: string[]
}

/**
 * Text as the model reads it: the reply as the rules read it (normalised), each phrase the rules
 * discounted (negated, asked, hedged, quoted back) replaced by 〇, so "不用寄回来" does not read
 * as asking for a return. The model learns what the rules' scope already knows.
 */
export function toneInput(text: string, discounted: readonly { start: number; end: number }[] = []): string {
  let out = ''
  let at = 0
  for (const span of [...discounted].sort((a, b) => a.start - b.start)) {
    if (span.start < at) continue
    out += text.slice(at, span.start) + MASK
    at = span.end
  }
  return (out + text.slice(at)).replace(/\s+/g, ' ').trim()
}

export const MASK = '〇'

/** Character n-gram counts, as sklearn's char analyzer makes them. */
export function ngramCounts(text: string, [lo, hi]: readonly [number, number]): Map<string, number> {
  const chars = [...text]
  const counts = new Map<string, number>()
  for (let i = 0; i < chars.length; i++) {
    let g = ''
    for (let n = 1; n <= hi && i + n <= chars.length; n++) {
      g += chars[i + n - 1]
      if (n >= lo) counts.set(g, (counts.get(g) ?? 0) + 1)
    }
  }
  return counts
}

/** Sublinear tf × idf, L2-normalised, over the model's vocabulary. */
export function vectorise(text: string, ngrams: readonly [number, number], index: ReadonlyMap<string, number>, idf: readonly number[]) {
  const entries: [number, number][] = []
  for (const [g, c] of ngramCounts(text, ngrams)) {
    const j = index.get(g)
    if (j !== undefined) entries.push([j, (1 + Math.log(c)) * idf[j]!])
  }
  const norm = Math.sqrt(entries.reduce((s, [, v]) => s + v * v, 0)) || 1
  return entries.map(([j, v]) => [j, v / norm] as [number, number])
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z))

export interface LoadedToneModel {
  model: ToneModel
  index: Map<string, number>
}

export function loadToneModel(model: ToneModel): LoadedToneModel {
  return { model, index: new Map(model.vocab.map((g, i) => [g, i])) }
}

/** Scores a reply read by toneInput. */
export function scoreTone({ model, index }: LoadedToneModel, input: string): Tone {
  const x = vectorise(input, model.ngrams, index, model.idf)
  const p = (head: ToneHead) => {
    const { bias, weights } = model.heads[head]
    return sigmoid(x.reduce((z, [j, v]) => z + v * weights[j]!, bias))
  }
  const faults = Object.fromEntries(NEGATIVE_BEHAVIOURS.map((b) => [b, p(b)])) as Record<NegativeBehaviour, number>
  return { bad: p('bad'), faults, cues: cuesOf(input, x, model) }
}

const WORDLIKE = /^[\p{Script=Han}a-z0-9]+$/u

/**
 * The words that weighed most towards "bad": the heaviest word-like n-grams, found in the text
 * and merged where they overlap, in reading order ("您当时怎么" + "下单" from the top grams).
 */
function cuesOf(input: string, x: readonly [number, number][], model: ToneModel): string[] {
  const w = model.heads.bad.weights
  const top = x
    .filter(([j]) => w[j]! > 0 && model.vocab[j]!.length >= 2 && WORDLIKE.test(model.vocab[j]!))
    .sort((a, b) => b[1] * w[b[0]]! - a[1] * w[a[0]]!)
    .slice(0, 5)
  const spans = top
    .map(([j]) => {
      const start = input.indexOf(model.vocab[j]!)
      return { start, end: start + model.vocab[j]!.length }
    })
    .filter((s) => s.start >= 0)
    .sort((a, b) => a.start - b.start)
  const merged: { start: number; end: number }[] = []
  for (const s of spans) {
    const last = merged.at(-1)
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end)
    else merged.push({ ...s })
  }
  // Nothing word-like weighed (a grunt, a shrug): the reply itself is the evidence.
  if (merged.length === 0) return [[...input].slice(0, 16).join('')]
  return merged.slice(0, 3).map((s) => input.slice(s.start, s.end))
}

/** A finding of the tone model counts when it is at least this sure the reply is bad. */
export const TONE_FAULT = 0.5
/** …and at least this sure where the rules discounted a fault phrase in the reply. */
export const TONE_FAULT_OVER_SCOPE = 0.7
/** A fault the rules found stands unless the tone model is this sure the reply is sound. */
export const TONE_VETO = 0.3

/** The fault the tone model sees most, for a reply it calls bad. */
export function likeliestFault(tone: Tone): NegativeBehaviour {
  return NEGATIVE_BEHAVIOURS.reduce((best, b) => (tone.faults[b] > tone.faults[best] ? b : best), NEGATIVE_BEHAVIOURS[0])
}

let installed: LoadedToneModel | null = null

/** Sets the tone model later judgements use (null: rules only, as the benchmark can compare). */
export function setToneModel(model: ToneModel | null) {
  installed = model ? loadToneModel(model) : null
}

export function currentToneModel(): LoadedToneModel | null {
  return installed
}

/** What the tone model did to a recognition, for the explanation. */
export interface ToneVerdict {
  bad: number
  cues: string[]
  /** `vetoed`: the rules' faults were dropped; `added`: the model's fault was added; `agreed`: neither. */
  effect: 'vetoed' | 'added' | 'agreed'
  /** The fault the model added, when it added one. */
  fault?: NegativeBehaviour
}

export const TONE_INTENT = '(tone)'

interface Recognised {
  matches: { intent: string; discounted: string | null; negated: boolean }[]
  intents: string[]
  behaviours: { behaviour: Behaviour; intent: string; words: string; cue: string }[]
  breaches: { intent: string }[]
}

/**
 * Joins the tone model to what the rules recognised (the scope the rules read comes first: a reply
 * whose fault phrase the rules discounted needs TONE_FAULT_OVER_SCOPE). A fault the rules found stands unless the
 * model is sure the reply is sound (below TONE_VETO) and the fault is no compliance breach; then
 * its matches are discounted ("tone") and the intent no longer counts. A reply the rules found no
 * fault in, that the model calls bad (TONE_FAULT or more), gets the model's likeliest fault, with
 * the n-grams behind it. The model never records a breach nor sets one aside: a breach rests on
 * the words the rules name.
 */
export function joinTone<R extends Recognised>(
  r: R,
  tone: Tone,
  isFaultIntent: (intent: string) => boolean,
  /** The scenario's own intents: a wrong rule its author named for this case, which tone cannot judge. */
  isScriptIntent: (intent: string) => boolean = () => false,
): { recognition: R; tone: ToneVerdict } {
  const hasFault = r.behaviours.some((b) => isNegative(b.behaviour))
  const scripted = r.behaviours.some((b) => isNegative(b.behaviour) && isScriptIntent(b.intent))
  const verdict = { bad: Math.round(tone.bad * 1000) / 1000, cues: tone.cues }
  // A compliance breach rests on the words the rules name, both ways: the model neither records
  // one nor sets one aside.
  // …nor a wrong rule the scenario's author named: tone cannot know the rule.
  if (hasFault && tone.bad < TONE_VETO && r.breaches.length === 0 && !scripted) {
    const dropped = new Set(r.behaviours.filter((b) => isNegative(b.behaviour)).map((b) => b.intent))
    for (const m of r.matches)
      if (!m.discounted && (dropped.has(m.intent) || isFaultIntent(m.intent))) Object.assign(m, { discounted: 'tone', negated: true })
    const live = new Set(r.matches.filter((m) => !m.discounted).map((m) => m.intent))
    return {
      recognition: {
        ...r,
        intents: r.intents.filter((i) => live.has(i)),
        behaviours: r.behaviours.filter((b) => !isNegative(b.behaviour)),
        breaches: r.breaches.filter((b) => live.has(b.intent)),
      },
      tone: { ...verdict, effect: 'vetoed' },
    }
  }
  // Where the rules saw a fault phrase and set it aside (negated, hedged, quoted, part of a longer
  // phrase), their reading of scope comes first: the model must be surer to overrule it.
  const discountedFault = r.matches.some((m) => m.discounted && m.discounted !== 'tone' && isFaultIntent(m.intent))
  if (!hasFault && tone.bad >= (discountedFault ? TONE_FAULT_OVER_SCOPE : TONE_FAULT)) {
    const fault = likeliestFault(tone)
    const finding = {
      behaviour: fault,
      intent: TONE_INTENT,
      words: tone.cues.join('、'),
      cue: `the tone model (p = ${verdict.bad.toFixed(2)})`,
    }
    return { recognition: { ...r, behaviours: [...r.behaviours, finding] }, tone: { ...verdict, effect: 'added', fault } }
  }
  return { recognition: r, tone: { ...verdict, effect: 'agreed' } }
}
