// Trainer CLI for scenario scripts.
//   npm run scenario -- check [files…]
//   npm run scenario -- replay <scenario> <transcript.json>
//   npm run scenario -- judge "<reply>" [--scenario S --beat B]
import fs from 'node:fs'
import { formatProblem, SourceError } from '#app/domain/yaml-validate.ts'
import { recogniseReply, resolve, initialContext } from '#app/roleplay/engine.ts'
import { lintScenario } from '#app/roleplay/lint.ts'
import { readScenarios, readVocabularies } from '#app/roleplay/load.server.ts'
import { replayReport } from '#app/roleplay/report.ts'
import { replay } from '#app/roleplay/run.ts'
import { transcriptEvents, transcriptSchema } from '#app/roleplay/transcript.ts'

const [command, ...args] = process.argv.slice(2)
const USAGE = 'usage: npm run scenario -- check [files…] | replay <scenario> <transcript.json> | judge "<reply>" [--scenario S --beat B]'

function option(name: string) {
  const i = args.indexOf(`--${name}`)
  return i >= 0 ? args[i + 1] : undefined
}

function findScenario(idOrFile: string) {
  const file = fs.existsSync(idOrFile) ? idOrFile : `scenarios/${idOrFile}.yaml`
  const [scenario] = readScenarios([file])
  return scenario!
}

function check(files: string[]) {
  let failed = false
  for (const s of readScenarios(files)) {
    const { errors, warnings } = lintScenario(s)
    for (const p of errors) console.log(`error  ${formatProblem(p)}`)
    for (const p of warnings) console.log(`warn   ${formatProblem(p)}`)
    if (errors.length) failed = true
    else console.log(`ok  ${s.file}  ${Object.keys(s.script.beats).length} beats`)
  }
  if (failed) process.exit(1)
}

function replayCommand(id: string | undefined, file: string | undefined) {
  if (!id || !file) throw new UsageError()
  const scenario = findScenario(id)
  const parsed = transcriptSchema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')))
  if (!parsed.success) {
    console.error(`${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`)
    process.exit(1)
  }
  const state = replay(scenario, { seed: parsed.data.seed, mode: parsed.data.mode }, transcriptEvents(parsed.data))
  console.log(JSON.stringify(replayReport(scenario, state), null, 2))
}

function judge(reply: string | undefined) {
  if (!reply) throw new UsageError()
  const scenarioId = option('scenario')
  if (!scenarioId) {
    // Shared vocabularies only.
    const intents = [...readVocabularies().values()].flatMap((v) =>
      Object.entries(v.intents).map(([id, d]) => ({ id, phrases: d.phrases, breach: d.breach, source: v.id })),
    )
    console.log(JSON.stringify(describeJudgement(recogniseReply({ script: undefined as never, intents }, reply)), null, 2))
    return
  }
  const scenario = findScenario(scenarioId)
  const recognised = recogniseReply(scenario, reply)
  const out: Record<string, unknown> = describeJudgement(recognised)
  const beatId = option('beat')
  if (beatId) {
    const beat = scenario.script.beats[beatId]
    if (!beat) throw new Error(`no beat "${beatId}" in ${scenario.script.id}`)
    const ctx = { ...initialContext(scenario, { seed: 1, mode: 'free' }), beat: beatId }
    const r = resolve(scenario, ctx, { type: 'trainee.reply', text: reply, latencyMs: 0 })
    const chosen = r.kind === 'reply' ? beat.replies![r.index]! : null
    out.effect = chosen
      ? { reply: chosen.id, emotion: chosen.emotion, skills: chosen.skills, next: chosen.next, note: chosen.note, ending: r.ending }
      : { reply: null, otherwise: beat.otherwise ?? null, ending: r.ending }
  }
  console.log(JSON.stringify(out, null, 2))
}

function describeJudgement(r: ReturnType<typeof recogniseReply>) {
  return {
    intents: r.matches.filter((m) => !m.negated).map((m) => ({ intent: m.intent, words: m.words })),
    negated: r.matches.filter((m) => m.negated).map((m) => ({ intent: m.intent, words: m.words })),
    compliance: r.breaches,
  }
}

class UsageError extends Error {}

try {
  if (command === 'check') check(args)
  else if (command === 'replay') replayCommand(args[0], args[1])
  else if (command === 'judge') judge(args[0])
  else throw new UsageError()
} catch (error) {
  if (error instanceof UsageError) {
    console.error(USAGE)
    process.exit(2)
  }
  if (!(error instanceof SourceError)) throw error
  console.error(error.message)
  process.exit(1)
}
