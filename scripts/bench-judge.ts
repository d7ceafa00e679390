// Judges the labelled corpus (scenarios/corpus) and prints, for the test and the dev part (with
// the production server's heap setting, --max-semi-space-size=32, as `npm start` runs it):
// per-behaviour precision and recall, the verdict confusion matrix, direction agreement
// (bad vs not bad), the share of bad replies caught and of good replies flagged bad, recall per
// breach kind, and judge time per reply. With --check, exits 1 when a figure on the test part is
// below the thresholds in scenarios/corpus/thresholds.json (CI runs this; times are only printed).
//   npm run bench:judge [-- --part dev|test] [--segmenter intl|jieba] [--rules-only] [--check] [--misses]
// --rules-only judges without the tone model, to compare.
import fs from 'node:fs'
import { performance } from 'node:perf_hooks'
import { BEHAVIOURS, NEGATIVE_BEHAVIOURS, VERDICTS, type Behaviour, type Verdict } from '#app/judge/behaviours.ts'
import { readCorpus, verifyFrozen, type CorpusEntry } from '#app/judge/corpus.server.ts'
import { judgeEntry, setSegmenter } from '#app/judge/judge-entry.server.ts'
import { readScenarios } from '#app/roleplay/load.server.ts'
import { judgeText, setJudgeCache } from '#app/roleplay/engine.ts'
import { setToneModel } from '#app/judge/tone.ts'

const args = process.argv.slice(2)
const flag = (name: string) => args.includes(`--${name}`)
const option = (name: string) => {
  const i = args.indexOf(`--${name}`)
  return i >= 0 ? args[i + 1] : undefined
}
const parts = option('part') ? [option('part') as 'dev' | 'test'] : (['test', 'dev'] as const)
await setSegmenter(option('segmenter') ?? 'intl')

const scenarios = new Map(readScenarios().map((s) => [s.script.id, s]))
const frozen = verifyFrozen()
if (!frozen.ok) {
  console.error(`the test part differs from its frozen checksums: ${frozen.changed.join(', ')}`)
  process.exit(1)
}

const pct = (n: number, d: number) => (d ? `${((100 * n) / d).toFixed(1)}%` : '—')
const failures: string[] = []
const thresholds = JSON.parse(fs.readFileSync('scenarios/corpus/thresholds.json', 'utf8')) as Record<string, number>

// Every judgement is fresh (no memo); one untimed pass first lets the JIT settle, as in a
// server that has been running.
setJudgeCache(false)
if (flag('rules-only')) setToneModel(null)
for (const part of parts) {
  const entries = readCorpus(part)
  for (const entry of entries) judgeEntry(scenarios.get(entry.scenario)!, entry.beat, entry.reply)
  const times: number[] = []
  const stepTimes: number[] = []
  const confusion = Object.fromEntries(VERDICTS.map((v) => [v, Object.fromEntries(VERDICTS.map((w) => [w, 0]))])) as Record<
    Verdict,
    Record<Verdict, number>
  >
  const tp: Record<string, number> = {}
  const fp: Record<string, number> = {}
  const fn: Record<string, number> = {}
  const misses: { entry: CorpusEntry; got: Verdict; behaviours: Behaviour[] }[] = []
  // The judge's own time: recognition and the tone model (judgeText); then the whole step,
  // which adds the machine's transition at the beat.
  // Five timed passes, as a server that has been running judges replies all day.
  for (let pass = 0; pass < 5; pass++) {
    for (const entry of entries) {
      const scenario = scenarios.get(entry.scenario)!
      const customerLine = scenario.script.beats[entry.beat]?.customer[0]
      const t0 = performance.now()
      judgeText(scenario, entry.reply, customerLine)
      times.push(performance.now() - t0)
    }
  }
  for (const entry of entries) {
    const scenario = scenarios.get(entry.scenario)!
    const t0 = performance.now()
    const judged = judgeEntry(scenario, entry.beat, entry.reply)
    stepTimes.push(performance.now() - t0)
    confusion[entry.verdict][judged.verdict]++
    for (const b of BEHAVIOURS) {
      const want = entry.behaviours.includes(b)
      const got = judged.behaviours.includes(b)
      if (want && got) tp[b] = (tp[b] ?? 0) + 1
      else if (got) fp[b] = (fp[b] ?? 0) + 1
      else if (want) fn[b] = (fn[b] ?? 0) + 1
    }
    if ((entry.verdict === 'bad') !== (judged.verdict === 'bad')) misses.push({ entry, got: judged.verdict, behaviours: judged.behaviours })
  }
  const n = entries.length
  const bad = entries.filter((e) => e.verdict === 'bad').length
  const good = entries.filter((e) => e.verdict === 'good').length
  const direction = n - misses.length
  const caught = confusion.bad.bad
  const goodBad = confusion.good.bad
  times.sort((a, b) => a - b)
  stepTimes.sort((a, b) => a - b)
  const q = (p: number, of = times) => of[Math.min(of.length - 1, Math.floor(p * of.length))]!.toFixed(3)

  console.log(`\n== ${part} part: ${n} replies, ${bad} bad, ${good} good ==`)
  console.log(`direction (bad vs not bad)  ${pct(direction, n)}`)
  console.log(`bad caught                  ${pct(caught, bad)}`)
  console.log(`good flagged bad            ${pct(goodBad, good)}`)
  console.log(`judge time per reply        p50 ${q(0.5)} ms  p99 ${q(0.99)} ms  (recognition and tone model)`)
  console.log(`whole reply step            p50 ${q(0.5, stepTimes)} ms  p99 ${q(0.99, stepTimes)} ms  (judge and the machine's transition)`)
  console.log('\nverdict confusion (rows: trainer, columns: judge)')
  console.log(`        ${VERDICTS.map((v) => v.padStart(6)).join('')}`)
  for (const v of VERDICTS) console.log(`  ${v.padEnd(6)}${VERDICTS.map((w) => String(confusion[v][w]).padStart(6)).join('')}`)
  console.log('\nbehaviour            precision  recall   support')
  const recallOf: Record<string, number> = {}
  for (const b of BEHAVIOURS) {
    const t = tp[b] ?? 0
    const support = t + (fn[b] ?? 0)
    recallOf[b] = support ? t / support : 1
    console.log(`  ${b.padEnd(18)} ${pct(t, t + (fp[b] ?? 0)).padStart(9)} ${pct(t, support).padStart(8)} ${String(support).padStart(8)}`)
  }
  // A breach kind is caught when the reply is judged bad, whatever fault the judge named.
  console.log('\nbreach kind          bad caught  support')
  const breachRecall: Record<string, number> = {}
  for (const b of NEGATIVE_BEHAVIOURS) {
    const withIt = entries.filter((e) => e.behaviours.includes(b))
    const hit = withIt.filter((e) => !misses.some((m) => m.entry === e)).length
    breachRecall[b] = withIt.length ? hit / withIt.length : 1
    console.log(`  ${b.padEnd(18)} ${pct(hit, withIt.length).padStart(11)} ${String(withIt.length).padStart(8)}`)
  }
  if (flag('misses') && part === 'dev') {
    console.log('\nmisses (dev only)')
    for (const m of misses)
      console.log(
        `  [${m.entry.verdict}→${m.got}] ${m.entry.scenario}/${m.entry.beat}: ${m.entry.reply}  want ${m.entry.behaviours.join(',') || '-'} got ${m.behaviours.join(',') || '-'}`,
      )
  }
  if (flag('check') && part === 'test') {
    const check = (name: string, value: number, min: number, more = true) => {
      if (more ? value < min : value > min)
        failures.push(`${name} ${(100 * value).toFixed(1)}% ${more ? '<' : '>'} ${(100 * min).toFixed(1)}%`)
    }
    check('direction', direction / n, thresholds.direction!)
    check('bad caught', caught / bad, thresholds.badCaught!)
    check('good flagged bad', goodBad / good, thresholds.goodFlaggedBad!, false)
    for (const b of NEGATIVE_BEHAVIOURS) check(`${b} caught`, breachRecall[b]!, thresholds.breachRecall!)
    // Time is printed, never checked: a busy machine must not turn CI red.
  }
}
if (failures.length) {
  console.error(`\nbench:judge below its thresholds on the test part:\n  ${failures.join('\n  ')}`)
  process.exit(1)
}
