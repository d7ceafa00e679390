/**
 * A scenario's regression tests: its own samples (replies with the verdict a trainer expects at a
 * beat, conversations with an expected outcome and score band) and the judge corpus's dev entries
 * for it. The studio runs them on every change, against the edited text and the live version;
 * `npm run scenario -- check` runs them on the files. The corpus's frozen test part is never
 * shown here: it measures the judge on replies nobody tuned it on (decision 011).
 */
import fs from 'node:fs'
import path from 'node:path'
import { CORPUS_DIR, readCorpusFile, type CorpusEntry } from '#app/judge/corpus.server.ts'
import { judgeEntry } from '#app/judge/judge-entry.server.ts'
import type { Behaviour, Verdict } from '#app/judge/behaviours.ts'
import type { Scenario } from '#app/roleplay/engine.ts'
import { replay } from '#app/roleplay/run.ts'
import type { Outcome, Samples } from '#app/roleplay/schema.ts'
import { transcriptEvents } from '#app/roleplay/transcript.ts'

export interface ReplyResult {
  key: string
  beat: string
  text: string
  expected: { verdict: Verdict; behaviours: Behaviour[] }
  got: { verdict: Verdict; behaviours: Behaviour[]; reply: string | null } | null
  pass: boolean
  /** Why it fails, in plain words (empty when it passes). */
  why: string
}

export interface TranscriptResult {
  key: string
  name: string
  expected: { outcome: Outcome; passed?: boolean; score?: [number, number] }
  got: { outcome: Outcome | null; total: number; passed: boolean; done: boolean }
  pass: boolean
  why: string
}

export interface CorpusResult {
  key: string
  id: string
  line: number
  beat: string
  reply: string
  label: Verdict
  verdict: Verdict | null
  /** Bad vs not bad agrees with the label (the benchmark's direction). */
  pass: boolean
}

export interface SampleRun {
  replies: ReplyResult[]
  transcripts: TranscriptResult[]
  corpus: CorpusResult[]
}

const corpusCache = new Map<string, CorpusEntry[]>()

/** The dev corpus entries written for a scenario (none for a scenario made in the studio). */
export function corpusEntriesFor(scenarioId: string): CorpusEntry[] {
  let entries = corpusCache.get(scenarioId)
  if (!entries) {
    const file = path.join(CORPUS_DIR, 'dev', `${scenarioId}.jsonl`)
    entries = fs.existsSync(file) ? readCorpusFile(path.relative(process.cwd(), file)) : []
    corpusCache.set(scenarioId, entries)
  }
  return entries
}

function hasBeat(s: Scenario, beat: string) {
  const b = s.script.beats[beat]
  return Boolean(b && !b.outcome)
}

/** Runs samples (from the text being edited) and corpus entries against a scenario. */
export function runSamples(s: Scenario, samples: Samples | undefined, corpus: readonly CorpusEntry[] = []): SampleRun {
  const replies = (samples?.replies ?? []).map((r, i): ReplyResult => {
    const expected = { verdict: r.verdict, behaviours: r.behaviours }
    const base = { key: `reply:${i}:${r.beat}:${r.text}`, beat: r.beat, text: r.text, expected }
    if (!hasBeat(s, r.beat)) return { ...base, got: null, pass: false, why: `no beat "${r.beat}" that takes replies` }
    const j = judgeEntry(s, r.beat, r.text)
    const got = { verdict: j.verdict, behaviours: j.behaviours, reply: j.reply?.id ?? null }
    const missing = r.behaviours.filter((b) => !j.behaviours.includes(b))
    const reasons = [
      ...(j.verdict !== r.verdict ? [`judged ${j.verdict}, expected ${r.verdict}`] : []),
      ...(missing.length ? [`did not see ${missing.join(', ')}`] : []),
    ]
    return { ...base, got, pass: reasons.length === 0, why: reasons.join('; ') }
  })
  const transcripts = (samples?.transcripts ?? []).map((t, i): TranscriptResult => {
    const state = replay(s, { seed: t.seed, mode: t.mode }, transcriptEvents(t))
    const got = { outcome: state.score.outcome, total: state.score.total, passed: state.score.passed, done: state.done }
    const expected = t.expect ?? { outcome: 'resolved' as const }
    const reasons: string[] = []
    if (!state.done) reasons.push(`the conversation has not ended after ${t.replies.length} replies`)
    else if (got.outcome !== expected.outcome) reasons.push(`ended ${got.outcome}, expected ${expected.outcome}`)
    if (expected.passed !== undefined && got.passed !== expected.passed)
      reasons.push(expected.passed ? 'did not pass' : 'passed, expected to fail')
    if (expected.score && (got.total < expected.score[0] || got.total > expected.score[1]))
      reasons.push(`scored ${got.total}, expected ${expected.score[0]}–${expected.score[1]}`)
    return { key: `transcript:${i}:${t.name}`, name: t.name, expected, got, pass: reasons.length === 0, why: reasons.join('; ') }
  })
  const entries = corpus.map((e): CorpusResult => {
    const base = { key: `corpus:${e.id}`, id: e.id, line: e.line, beat: e.beat, reply: e.reply, label: e.verdict }
    if (!hasBeat(s, e.beat)) return { ...base, verdict: null, pass: false }
    const verdict = judgeEntry(s, e.beat, e.reply).verdict
    return { ...base, verdict, pass: (verdict === 'bad') === (e.verdict === 'bad') }
  })
  return { replies, transcripts, corpus: entries }
}

export interface SampleChange {
  key: string
  kind: 'reply' | 'transcript' | 'corpus'
  label: string
  /** Passed before the change and fails after it, or the other way round. */
  change: 'now-fails' | 'now-passes'
  why: string
}

/** The tests whose result a change alters: run `before` (live) and `after` (edited) on the same samples. */
export function compareRuns(before: SampleRun, after: SampleRun): SampleChange[] {
  const changes: SampleChange[] = []
  const kinds = [
    ['reply', 'replies'],
    ['transcript', 'transcripts'],
    ['corpus', 'corpus'],
  ] as const
  for (const [kind, field] of kinds) {
    const was = new Map<string, boolean>((before[field] as { key: string; pass: boolean }[]).map((r) => [r.key, r.pass]))
    for (const r of after[field] as (ReplyResult | TranscriptResult | CorpusResult)[]) {
      const passed = was.get(r.key)
      if (passed === undefined || passed === r.pass) continue
      const label = 'text' in r ? r.text : 'reply' in r ? r.reply : r.name
      const why = 'why' in r ? r.why : `judged ${r.verdict ?? '—'}, labelled ${r.label}`
      changes.push({ key: r.key, kind, label, change: r.pass ? 'now-passes' : 'now-fails', why })
    }
  }
  return changes
}

export function summarise(run: SampleRun) {
  const count = (rows: { pass: boolean }[]) => ({ total: rows.length, failing: rows.filter((r) => !r.pass).length })
  return { replies: count(run.replies), transcripts: count(run.transcripts), corpus: count(run.corpus) }
}
