// Trains the judge's tone model on the dev part of the corpus and writes app/judge/tone-model.json.
// Never on the test part: that part only reports. Deterministic: the same corpus gives the same
// file. With --cv, first prints leave-one-writer-out figures: each writer's replies judged by a
// model trained on the other writers — the estimate of how the model does on a writer it has
// never read.
//   npm run judge:train [-- --cv]
import fs from 'node:fs'
import path from 'node:path'
import { corpusDigest, readCorpus, type CorpusEntry } from '#app/judge/corpus.server.ts'
import { judgeEntry } from '#app/judge/judge-entry.server.ts'
import { NEGATIVE_BEHAVIOURS } from '#app/judge/behaviours.ts'
import { ngramCounts, TONE_FAULT, TONE_HEADS, setToneModel, type ToneHead, type ToneModel } from '#app/judge/tone.ts'
import { readScenarios } from '#app/roleplay/load.server.ts'
import { setJudgeCache, toneInputOf } from '#app/roleplay/engine.ts'

const NGRAMS: [number, number] = [1, 3]
/** An n-gram must appear in at least this many replies to be learned from. */
const MIN_DF = 3
/** Inverse regularisation strength, as in sklearn's LogisticRegression (C). */
const C = 4
const MODEL_FILE = path.resolve('app/judge/tone-model.json')

type Sparse = [number, number][]

function vocabulary(texts: string[]) {
  const df = new Map<string, number>()
  for (const t of texts) for (const g of ngramCounts(t, NGRAMS).keys()) df.set(g, (df.get(g) ?? 0) + 1)
  const vocab = [...df]
    .filter(([, n]) => n >= MIN_DF)
    .map(([g]) => g)
    .sort()
  const n = texts.length
  const idf = vocab.map((g) => Math.log((1 + n) / (1 + df.get(g)!)) + 1)
  return { vocab, idf, index: new Map(vocab.map((g, i) => [g, i])) }
}

function rows(texts: string[], index: Map<string, number>, idf: number[]): Sparse[] {
  return texts.map((t) => {
    const entries: Sparse = []
    for (const [g, c] of ngramCounts(t, NGRAMS)) {
      const j = index.get(g)
      if (j !== undefined) entries.push([j, (1 + Math.log(c)) * idf[j]!])
    }
    const norm = Math.sqrt(entries.reduce((s, [, v]) => s + v * v, 0)) || 1
    return entries.map(([j, v]) => [j, v / norm] as [number, number])
  })
}

/**
 * L2-regularised logistic regression with balanced class weights, by L-BFGS:
 * minimises C·Σ sᵢ·log(1 + e^(−yᵢ(w·xᵢ + b))) + ½‖w‖² (the bias is not regularised).
 */
function fitLogistic(X: Sparse[], y: boolean[], dim: number) {
  const n = X.length
  const pos = y.filter(Boolean).length
  const weightOf = (label: boolean) => (label ? n / (2 * Math.max(1, pos)) : n / (2 * Math.max(1, n - pos)))
  const size = dim + 1
  const objective = (theta: Float64Array, grad: Float64Array) => {
    grad.fill(0)
    let f = 0
    for (let k = 0; k < dim; k++) {
      f += 0.5 * theta[k]! * theta[k]!
      grad[k] = theta[k]!
    }
    for (let i = 0; i < n; i++) {
      const yi = y[i] ? 1 : -1
      let z = theta[dim]!
      for (const [j, v] of X[i]!) z += theta[j]! * v
      const m = yi * z
      const s = C * weightOf(y[i]!)
      // log(1 + e^(−m)), stable for both signs.
      f += s * (m > 0 ? Math.log1p(Math.exp(-m)) : -m + Math.log1p(Math.exp(m)))
      const g = (-s * yi) / (1 + Math.exp(m))
      for (const [j, v] of X[i]!) grad[j]! += g * v
      grad[dim]! += g
    }
    return f
  }
  return lbfgs(objective, new Float64Array(size))
}

function lbfgs(fn: (x: Float64Array, g: Float64Array) => number, x: Float64Array, memory = 10, maxIter = 500, tol = 1e-5) {
  const size = x.length
  const g = new Float64Array(size)
  let f = fn(x, g)
  const S: Float64Array[] = []
  const Y: Float64Array[] = []
  const rho: number[] = []
  const dot = (a: Float64Array, b: Float64Array) => {
    let s = 0
    for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!
    return s
  }
  const xNew = new Float64Array(size)
  const gNew = new Float64Array(size)
  for (let iter = 0; iter < maxIter; iter++) {
    // Two-loop recursion for the search direction d = −H·g.
    const d = Float64Array.from(g, (v) => -v)
    const alpha: number[] = []
    for (let k = S.length - 1; k >= 0; k--) {
      const a = rho[k]! * dot(S[k]!, d)
      alpha[k] = a
      for (let i = 0; i < size; i++) d[i]! -= a * Y[k]![i]!
    }
    if (S.length) {
      const last = S.length - 1
      const gamma = dot(S[last]!, Y[last]!) / dot(Y[last]!, Y[last]!)
      for (let i = 0; i < size; i++) d[i]! *= gamma
    }
    for (let k = 0; k < S.length; k++) {
      const b = rho[k]! * dot(Y[k]!, d)
      for (let i = 0; i < size; i++) d[i]! += S[k]![i]! * (alpha[k]! - b)
    }
    let slope = dot(g, d)
    if (slope >= 0) {
      // Not a descent direction: restart from steepest descent.
      S.length = Y.length = rho.length = 0
      for (let i = 0; i < size; i++) d[i] = -g[i]!
      slope = dot(g, d)
    }
    // Backtracking line search (Armijo).
    let step = iter === 0 ? 1 / Math.sqrt(dot(g, g)) : 1
    let fNew = 0
    for (let tries = 0; ; tries++) {
      for (let i = 0; i < size; i++) xNew[i] = x[i]! + step * d[i]!
      fNew = fn(xNew, gNew)
      if (fNew <= f + 1e-4 * step * slope || tries > 40) break
      step *= 0.5
    }
    const s = new Float64Array(size)
    const yv = new Float64Array(size)
    for (let i = 0; i < size; i++) {
      s[i] = xNew[i]! - x[i]!
      yv[i] = gNew[i]! - g[i]!
    }
    const sy = dot(s, yv)
    x.set(xNew)
    g.set(gNew)
    const done = Math.abs(f - fNew) <= tol * Math.max(1, Math.abs(f))
    f = fNew
    if (sy > 1e-12) {
      S.push(s)
      Y.push(yv)
      rho.push(1 / sy)
      if (S.length > memory) {
        S.shift()
        Y.shift()
        rho.shift()
      }
    }
    if (done) break
  }
  return x
}

const labelOf = (e: Entry, head: ToneHead) => (head === 'bad' ? e.verdict === 'bad' : (e.behaviours as string[]).includes(head))

type Entry = CorpusEntry & { input: string }

function train(entries: Entry[], heads: readonly ToneHead[] = TONE_HEADS) {
  const texts = entries.map((e) => e.input)
  const { vocab, idf, index } = vocabulary(texts)
  const X = rows(texts, index, idf)
  const fitted = Object.fromEntries(
    heads.map((h) => {
      const theta = fitLogistic(
        X,
        entries.map((e) => labelOf(e, h)),
        vocab.length,
      )
      return [h, { bias: theta[vocab.length]!, weights: Array.from(theta.subarray(0, vocab.length)) }]
    }),
  ) as ToneModel['heads']
  return { vocab, idf, index, heads: fitted }
}

const pct = (a: number, b: number) => `${((100 * a) / b).toFixed(1)}%`

/** Direction, bad caught and good flagged bad of a set of verdicts, with bad caught per fault. */
function figures(entries: Entry[], saidBad: boolean[]) {
  const bad = entries.filter((e) => e.verdict === 'bad')
  const right = entries.filter((e, i) => (e.verdict === 'bad') === saidBad[i]).length
  const caught = entries.filter((e, i) => e.verdict === 'bad' && saidBad[i]).length
  const good = entries.filter((e) => e.verdict === 'good').length
  const goodBad = entries.filter((e, i) => e.verdict === 'good' && saidBad[i]).length
  const kinds = NEGATIVE_BEHAVIOURS.map((k) => {
    const of = entries.map((e, i) => [e, i] as const).filter(([e]) => (e.behaviours as string[]).includes(k))
    return `${k} ${pct(of.filter(([, i]) => saidBad[i]).length, of.length)}`
  })
  return `direction ${pct(right, entries.length)}, bad caught ${pct(caught, bad.length)}, good flagged bad ${pct(goodBad, good)}\n    per fault: ${kinds.join(', ')}`
}

/** Each writer's replies judged with a model trained on the other writers only. */
function crossValidate(entries: Entry[]) {
  const writers = [...new Set(entries.map((e) => e.writer))].sort()
  const alone: boolean[] = []
  const joined: boolean[] = []
  const rules: boolean[] = []
  setToneModel(null)
  entries.forEach((e, i) => (rules[i] = judgeEntry(scenarios.get(e.scenario)!, e.beat, e.reply).verdict === 'bad'))
  for (const w of writers) {
    const m = train(entries.filter((e) => e.writer !== w))
    const model = { version: 1 as const, corpus: '', ngrams: NGRAMS, vocab: m.vocab, idf: m.idf, heads: m.heads }
    setToneModel(model)
    const index = new Map(m.vocab.map((g, k) => [g, k]))
    entries.forEach((e, i) => {
      if (e.writer !== w) return
      const [x] = rows([e.input], index, m.idf)
      const z = x!.reduce((s, [j, v]) => s + v * m.heads.bad.weights[j]!, m.heads.bad.bias)
      alone[i] = 1 / (1 + Math.exp(-z)) >= TONE_FAULT
      joined[i] = judgeEntry(scenarios.get(e.scenario)!, e.beat, e.reply).verdict === 'bad'
    })
  }
  setToneModel(null)
  console.log(`leave one writer out (${writers.join(', ')}), ${entries.length} dev replies:`)
  console.log(`  rules alone:          ${figures(entries, rules)}`)
  console.log(`  tone model alone:     ${figures(entries, alone)}`)
  console.log(`  judge (rules + tone): ${figures(entries, joined)}`)
}

// Inputs as the judge reads them, by the rules alone (no tone model), each reply at its beat.
const scenarios = new Map(readScenarios().map((s) => [s.script.id, s]))
setToneModel(null)
setJudgeCache(false)
const entries: Entry[] = readCorpus('dev').map((e) => ({
  ...e,
  input: toneInputOf(judgeEntry(scenarios.get(e.scenario)!, e.beat, e.reply).judged),
}))
if (process.argv.includes('--cv')) crossValidate(entries)
const t0 = Date.now()
const m = train(entries)
const round = (v: number, places: number) => Math.round(v * 10 ** places) / 10 ** places
const model: ToneModel = {
  version: 1,
  corpus: corpusDigest('dev'),
  ngrams: NGRAMS,
  vocab: m.vocab,
  idf: m.idf.map((v) => round(v, 5)),
  heads: Object.fromEntries(
    Object.entries(m.heads).map(([h, { bias, weights }]) => [h, { bias: round(bias, 5), weights: weights.map((w) => round(w, 4)) }]),
  ) as ToneModel['heads'],
}
fs.writeFileSync(MODEL_FILE, JSON.stringify(model) + '\n')
console.log(
  `trained on ${entries.length} dev replies in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${m.vocab.length} n-grams, heads ${TONE_HEADS.join(', ')}; wrote ${path.relative(process.cwd(), MODEL_FILE)}`,
)
