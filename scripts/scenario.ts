// Trainer CLI for scenario scripts.
//   npm run scenario -- check [files…]
//   npm run scenario -- replay <scenario> <transcript.json>
//   npm run scenario -- judge "<reply>" [--scenario S] [--beat B] [--json]
//   npm run scenario -- judge --corpus FILE [--json]
import fs from 'node:fs'
import { parseArgs } from 'node:util'
import { formatProblem, SourceError } from '#app/domain/yaml-validate.ts'
import { judgeEntry } from '#app/judge/judge-entry.server.ts'
import { readCorpusFile } from '#app/judge/corpus.server.ts'
import { buildLexicon, isFaultIntent, recognise, type IntentMatch, type Recognition } from '#app/judge/recognise.ts'
import { verdictOf } from '#app/judge/verdict.ts'
import { currentToneModel, joinTone, scoreTone, type ToneVerdict } from '#app/judge/tone.ts'
import { installToneModel } from '#app/judge/tone-model.server.ts'
import { toneInputOf } from '#app/roleplay/engine.ts'
import { lintScenario } from '#app/roleplay/lint.ts'
import { readScenarios, readVocabularies } from '#app/roleplay/load.server.ts'
import { replayReport } from '#app/roleplay/report.ts'
import { replay } from '#app/roleplay/run.ts'
import { transcriptEvents, transcriptSchema } from '#app/roleplay/transcript.ts'
import type { CheckedScenario } from '#app/roleplay/validate.ts'
import { corpusEntriesFor, runSamples } from '#app/studio/samples.server.ts'

const USAGE = `usage: npm run scenario -- <command>
  check [files…] [--strict]                        schema errors with line:column, lint, then the
                                                   scenario's samples (they must pass) and its dev
                                                   corpus entries (reported); --strict fails on
                                                   warnings too (CI)
  replay <scenario> <transcript.json>              replay a transcript and print the result
  judge "<reply>" [--scenario S] [--beat B] [--json]   what the judge sees in one reply
  judge --corpus FILE [--json]                     judge every reply of a corpus file`

class UsageError extends Error {}

function findScenario(idOrFile: string): CheckedScenario {
  const file = fs.existsSync(idOrFile) ? idOrFile : `scenarios/${idOrFile}.yaml`
  if (!fs.existsSync(file)) throw new UsageError(`no scenario "${idOrFile}" (no file ${file})`)
  return readScenarios([file])[0]!
}

function check(args: string[]) {
  const strict = args.includes('--strict')
  const unknown = args.find((a) => a.startsWith('--') && a !== '--strict')
  if (unknown) throw new UsageError(`unknown flag ${unknown}`)
  const files = args.filter((a) => !a.startsWith('--'))
  let failed = false
  let warned = 0
  for (const s of readScenarios(files)) {
    const { errors, warnings } = lintScenario(s)
    for (const p of errors) console.log(`error  ${formatProblem(p)}`)
    for (const p of warnings) console.log(`warn   ${formatProblem(p)}`)
    warned += warnings.length
    if (errors.length) {
      failed = true
      continue
    }
    // The scenario's own regression tests, as the studio runs them on every change.
    const run = runSamples(s, s.script.samples, corpusEntriesFor(s.script.id))
    const samples = [
      ...run.replies.map((r) => ({ ...r, label: `sample reply at ${r.beat} "${r.text}"` })),
      ...run.transcripts.map((r) => ({ ...r, label: `sample conversation "${r.name}"` })),
    ]
    for (const r of samples.filter((r) => !r.pass)) console.log(`error  ${s.file}: ${r.label}: ${r.why}`)
    if (samples.some((r) => !r.pass)) failed = true
    const agree = run.corpus.filter((c) => c.pass).length
    console.log(
      `${samples.every((r) => r.pass) ? 'ok' : 'fail'}  ${s.file}  ${Object.keys(s.script.beats).length} beats${warnings.length ? `, ${warnings.length} warnings` : ''}; ` +
        `samples ${samples.filter((r) => r.pass).length}/${samples.length} pass; dev corpus ${agree}/${run.corpus.length} judged in the labelled direction`,
    )
  }
  if (strict && warned) console.error(`${warned} warnings: shipped scenarios must pass with none`)
  if (failed || (strict && warned)) process.exit(1)
}

function replayCommand(id: string | undefined, file: string | undefined) {
  if (!id || !file) throw new UsageError('replay needs a scenario and a transcript file')
  const scenario = findScenario(id)
  const parsed = transcriptSchema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')))
  if (!parsed.success) {
    console.error(`${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`)
    process.exit(1)
  }
  const state = replay(scenario, { seed: parsed.data.seed, mode: parsed.data.mode }, transcriptEvents(parsed.data))
  console.log(JSON.stringify(replayReport(scenario, state), null, 2))
}

const why = (m: IntentMatch) =>
  m.discounted === 'negated'
    ? 'negated'
    : m.discounted === 'question'
      ? 'asked, not said'
      : m.discounted === 'conditional'
        ? 'hedged or conditional'
        : m.discounted === 'quoted'
          ? "the customer's words quoted back"
          : m.discounted === 'sarcastic'
            ? 'in a sarcastic sentence'
            : m.discounted === 'tone'
              ? 'the tone model reads the reply as sound'
              : 'outweighed: the reply does better elsewhere'

function describeRecognition(r: Pick<Recognition, 'text' | 'corrections' | 'behaviours' | 'matches'> & { tone?: ToneVerdict }) {
  const lines: string[] = []
  lines.push(`read as    ${r.text}${r.corrections.length ? `   (${r.corrections.map((c) => `${c.from}→${c.to}`).join(', ')})` : ''}`)
  if (r.behaviours.length) {
    lines.push('universal layer found:')
    for (const b of r.behaviours) lines.push(`  ${b.behaviour.padEnd(16)} "${b.words}"  (${b.intent}: ${b.cue})`)
  } else lines.push('universal layer found: nothing')
  if (r.tone) {
    const effect =
      r.tone.effect === 'added'
        ? `added ${r.tone.fault} from ${r.tone.cues.map((c) => `"${c}"`).join(', ')}`
        : r.tone.effect === 'vetoed'
          ? "the rules' faults set aside: the reply reads as sound"
          : 'agrees with the rules'
    lines.push(`tone model p(bad) ${r.tone.bad.toFixed(2)}: ${effect}`)
  }
  const live = r.matches.filter((m) => !m.discounted)
  if (live.length) lines.push(`intents    ${live.map((m) => `${m.intent} "${m.words}"${m.affirmed ? ` (${m.affirmed})` : ''}`).join(', ')}`)
  for (const m of r.matches.filter((m) => m.discounted)) lines.push(`discounted ${m.intent} "${m.words}": ${why(m)}`)
  return lines
}

function judgeOne(reply: string, scenarioId: string | undefined, beatId: string | undefined, json: boolean) {
  if (!scenarioId) {
    if (beatId) throw new UsageError('--beat needs --scenario')
    // The shared vocabularies only.
    const vocabularies = [...readVocabularies().values()]
    const lexicon = buildLexicon(
      vocabularies.flatMap((v) => Object.entries(v.intents).map(([id, d]) => ({ id, ...d, source: v.id }))),
      {
        slots: new Map(vocabularies.flatMap((v) => Object.entries(v.slots))),
        aliases: new Map(vocabularies.flatMap((v) => Object.entries(v.aliases))),
      },
    )
    installToneModel()
    const recognised = recognise(reply, lexicon)
    const model = currentToneModel()!
    const { recognition: r, tone } = joinTone(recognised, scoreTone(model, toneInputOf(recognised)), (id) => isFaultIntent(lexicon, id))
    const verdict = verdictOf([...new Set(r.behaviours.map((b) => b.behaviour))], null)
    if (json) return console.log(JSON.stringify({ verdict, ...r, tone }, null, 2))
    console.log([`reply      ${reply}`, ...describeRecognition({ ...r, tone }), `verdict    ${verdict}`].join('\n'))
    return
  }
  const scenario = findScenario(scenarioId)
  const beat = beatId ?? scenario.script.start
  const b = scenario.script.beats[beat]
  if (!b)
    throw new OneLineError(
      `no beat "${beat}" in ${scenario.script.id} (beats: ${Object.keys(scenario.script.beats)
        .filter((k) => !scenario.script.beats[k]!.outcome)
        .join(', ')})`,
    )
  if (b.outcome) throw new OneLineError(`beat "${beat}" of ${scenario.script.id} is an ending (${b.outcome}): it takes no reply`)
  const j = judgeEntry(scenario, beat, reply)
  const r = {
    text: j.judged.text,
    corrections: j.judged.corrections,
    behaviours: j.judged.findings,
    matches: j.judged.matches,
    tone: j.judged.tone,
  }
  if (json)
    return console.log(
      JSON.stringify(
        { verdict: j.verdict, behaviours: j.behaviours, reply: j.reply?.id ?? null, turn: j.turn, answer: j.answer, to: j.to },
        null,
        2,
      ),
    )
  const t = j.turn
  const lines = [`reply      ${reply}`, ...describeRecognition(r)]
  lines.push(`at beat    ${scenario.script.id} / ${beat}`)
  lines.push(
    j.reply
      ? `taken as   ${j.reply.id}: ${j.reply.note}`
      : `taken as   otherwise (no scripted reply)${t.universal ? ' — scored by the universal layer' : ''}`,
  )
  const evidence = Object.entries(t.evidence)
    .map(([k, v]) => `${k} ${v! > 0 ? '+' : ''}${v}`)
    .join(', ')
  lines.push(`effect     emotion ${t.emotionBefore} → ${t.emotionAfter}${evidence ? `; ${evidence}` : ''}`)
  lines.push(`breaches   ${t.breaches.length ? t.breaches.map((x) => `${x.breach} ("${x.words}")`).join(', ') : 'none'}`)
  lines.push(`customer   ${j.answer.length ? j.answer.join(' / ') : '(the next beat speaks)'}`)
  lines.push(`next       ${j.to}${j.done ? ' (the conversation ends)' : ''}`)
  lines.push(`verdict    ${j.verdict}`)
  console.log(lines.join('\n'))
}

function judgeCorpus(file: string, json: boolean) {
  const entries = readCorpusFile(file)
  const scenarios = new Map<string, CheckedScenario>()
  let agree = 0
  const rows = entries.map((e) => {
    let s = scenarios.get(e.scenario)
    if (!s) scenarios.set(e.scenario, (s = findScenario(e.scenario)))
    const j = judgeEntry(s, e.beat, e.reply)
    const same = (j.verdict === 'bad') === (e.verdict === 'bad')
    if (same) agree++
    return {
      id: e.id,
      line: e.line,
      label: e.verdict,
      verdict: j.verdict,
      behaviours: j.behaviours,
      labelled: e.behaviours,
      reply: e.reply,
      agree: same,
    }
  })
  if (json) return console.log(JSON.stringify(rows, null, 2))
  for (const r of rows)
    console.log(
      `${r.agree ? ' ' : '✗'} ${file}:${r.line}  ${r.label.padEnd(4)} → ${r.verdict.padEnd(4)} ${r.behaviours.join(',') || '-'}  ${r.reply}`,
    )
  console.log(`\n${rows.length} replies; direction agrees on ${agree} (${((100 * agree) / rows.length).toFixed(1)}%)`)
}

class OneLineError extends Error {}

const [command, ...rest] = process.argv.slice(2)
try {
  if (command === 'check') check(rest)
  else if (command === 'replay') replayCommand(rest[0], rest[1])
  else if (command === 'judge') {
    let parsed
    try {
      parsed = parseArgs({
        args: rest,
        allowPositionals: true,
        strict: true,
        options: { scenario: { type: 'string' }, beat: { type: 'string' }, corpus: { type: 'string' }, json: { type: 'boolean' } },
      })
    } catch (e) {
      throw new UsageError((e as Error).message)
    }
    const { values, positionals } = parsed
    if (values.corpus) {
      if (positionals.length || values.beat || values.scenario)
        throw new UsageError('--corpus takes no reply, --scenario or --beat: each line names its own')
      judgeCorpus(values.corpus, Boolean(values.json))
    } else {
      if (positionals.length !== 1)
        throw new UsageError(positionals.length ? 'judge takes one reply (quote it)' : 'judge needs a reply, or --corpus FILE')
      judgeOne(positionals[0]!, values.scenario, values.beat, Boolean(values.json))
    }
  } else throw new UsageError(command ? `unknown command "${command}"` : 'no command')
} catch (error) {
  if (error instanceof UsageError) {
    console.error(`${error.message}\n${USAGE}`)
    process.exit(2)
  }
  if (error instanceof OneLineError) {
    console.error(error.message)
    process.exit(2)
  }
  if (!(error instanceof SourceError)) throw error
  console.error(error.message)
  process.exit(1)
}
