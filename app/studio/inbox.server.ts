/**
 * The studio's inbox of unrecognised replies: real trainee replies that fell to `otherwise`, or
 * that the judge read ambiguously, grouped per scenario and beat. A trainer adds a phrase to one
 * of the scenario's own intents, or adds the reply as a sample (a regression test) with the
 * verdict it should get, or dismisses the group. Before anything is saved the studio shows which
 * regression tests the change would alter. Changes go to the scenario's draft, to review and
 * publish in the editor; attempts keep the version they were played on.
 */
import { createHash } from 'node:crypto'
import { parse as parseYaml } from 'yaml'
import type { SourceProblem } from '#app/domain/yaml-validate.ts'
import type { Behaviour, Verdict } from '#app/judge/behaviours.ts'
import { judgeEntry } from '#app/judge/judge-entry.server.ts'
import { countOpenByBeat, getItems, listOpenItems, resolveItems } from '#app/models/inbox.server.ts'
import { DraftConflictError } from '#app/models/studio.server.ts'
import type { CheckedScenario } from '#app/roleplay/validate.ts'
import { compileSource } from './compile.server.ts'
import { groupReplies, suggestIntent, type InboxGroup } from './inbox.ts'
import { amendDraft, openScenario, StudioError, type Actor } from './library.server.ts'
import { compareRuns, corpusEntriesFor, runSamples, type SampleChange, type SampleRun } from './samples.server.ts'
import { addPhrase, addSampleReply, SourceEditError } from './source-edit.ts'

/** The page shows at most this many groups, the largest first. */
export const GROUPS_SHOWN = 100

export type InboxAction =
  | { kind: 'phrase'; intent: string; phrase: string }
  | { kind: 'sample'; beat: string; text: string; verdict: Verdict; behaviours: Behaviour[]; note?: string }

export type InboxErrorKey =
  'notFound' | 'draftBroken' | 'notOwnIntent' | 'editFailed' | 'notCompiled' | 'conflict' | 'notSaved' | 'nothingOpen'

/** A refusal the page can explain: a key under `inbox.errors`, and the text's problems when there are some. */
export class InboxError extends Error {
  constructor(
    readonly key: InboxErrorKey,
    message: string,
    readonly problems: SourceProblem[] = [],
  ) {
    super(message)
  }
}

// --- The scenario as the studio has it now --------------------------------------------------

const compiled = new Map<string, ReturnType<typeof compileSource>>()
const runs = new Map<string, SampleRun>()

const digest = (id: string, source: string) => `${id}:${createHash('sha256').update(source).digest('hex')}`

/** Compiles a text once per process and text (the inbox and its previews ask the same texts again). */
function compileCached(id: string, source: string) {
  const key = digest(id, source)
  let result = compiled.get(key)
  if (!result) {
    result = compileSource(id, source)
    if (compiled.size >= 50) compiled.delete(compiled.keys().next().value!)
    compiled.set(key, result)
  }
  return result
}

/** The regression tests on a compiled text with its own samples, once per text. */
function runCached(id: string, source: string, scenario: CheckedScenario) {
  const key = digest(id, source)
  let run = runs.get(key)
  if (!run) {
    run = runSamples(scenario, scenario.script.samples, corpusEntriesFor(id))
    if (runs.size >= 50) runs.delete(runs.keys().next().value!)
    runs.set(key, run)
  }
  return run
}

/** The draft, or the live text when there is no draft, compiled. */
async function current(id: string) {
  const opened = await openScenario(id)
  if (!opened || opened.missingSource) return null
  const result = compileCached(id, opened.source)
  return { opened, scenario: result.ok ? result.scenario : null, problems: result.ok ? [] : result.problems }
}

const ownIntents = (s: CheckedScenario) => s.intents.filter((i) => i.source === 'scenario').map((i) => ({ id: i.id, phrases: i.phrases }))

function replyOf(s: CheckedScenario, beat: string, text: string) {
  const b = s.script.beats[beat]
  if (!b?.replies?.length) return null
  const j = judgeEntry(s, beat, text)
  return {
    reply: j.reply ? { id: j.reply.id, choice: j.reply.choice } : null,
    verdict: j.verdict,
    behaviours: j.behaviours,
    intents: j.judged.intents,
  }
}

// --- The inbox ------------------------------------------------------------------------------

/** The inbox page: open replies grouped, with the context a trainer needs to act on each group. */
export async function inboxView(filter: { scenarioId?: string; beat?: string } = {}) {
  const counts = await countOpenByBeat()
  const scenarioIds = [...new Set(counts.map((c) => c.scenarioId))]
  if (filter.scenarioId && !scenarioIds.includes(filter.scenarioId)) scenarioIds.push(filter.scenarioId)
  const contexts = new Map<string, Awaited<ReturnType<typeof current>>>()
  for (const id of scenarioIds) contexts.set(id, await current(id))
  const scenarios = scenarioIds
    .map((id) => {
      const beats = counts.filter((c) => c.scenarioId === id)
      return {
        id,
        title: contexts.get(id)?.scenario?.script.title ?? id,
        open: beats.reduce((n, b) => n + b.open, 0),
        beats: beats.map((b) => ({ id: b.beat, open: b.open })),
      }
    })
    .sort((a, b) => b.open - a.open || a.id.localeCompare(b.id))

  const items = await listOpenItems(filter)
  const all = groupReplies(
    items.map((i) => ({ id: i.id, scenarioId: i.scenarioId, beat: i.beat, text: i.text, reason: i.reason, at: i.at.getTime() })),
  )
  const groups = all.slice(0, GROUPS_SHOWN).map((g) => describeGroup(g, contexts.get(g.scenarioId) ?? null))
  const own = Object.fromEntries([...contexts].map(([id, c]) => [id, c?.scenario ? ownIntents(c.scenario).map((i) => i.id) : []]))
  return {
    scenarios,
    groups,
    /** The scenario's own intents, per scenario: the intents a phrase can be added to here. */
    intents: own,
    total: { groups: all.length, replies: items.length },
  }
}

function describeGroup(g: InboxGroup, ctx: Awaited<ReturnType<typeof current>>) {
  const s = ctx?.scenario ?? null
  const beat = s?.script.beats[g.beat]
  const now = s ? replyOf(s, g.beat, g.representative) : null
  return {
    key: g.key,
    scenarioId: g.scenarioId,
    scenarioTitle: s?.script.title ?? g.scenarioId,
    beat: g.beat,
    /** What the customer says at the beat (its first line); null when the current text has no such beat. */
    customer: beat?.customer[0] ?? null,
    representative: g.representative,
    count: g.count,
    variants: g.variants.map((v) => ({ text: v.text, count: v.count })),
    ids: g.ids,
    firstSeen: new Date(g.firstSeen).toISOString(),
    lastSeen: new Date(g.lastSeen).toISOString(),
    reasons: g.reasons,
    /** How the current text (draft or live) judges the representative now. */
    now,
    suggestion: {
      phrase: g.phrase,
      intent:
        s && beat?.replies
          ? suggestIntent({
              phrase: g.phrase,
              text: g.representative,
              matched: now?.intents ?? [],
              replies: beat.replies,
              own: ownIntents(s),
            })
          : null,
    },
  }
}

export type InboxGroupView = ReturnType<typeof describeGroup>

// --- Actions --------------------------------------------------------------------------------

function hasSample(source: string, beat: string, text: string) {
  const doc = parseYaml(source, { maxAliasCount: 100 }) as { samples?: { replies?: { beat?: unknown; text?: unknown }[] } } | null
  const replies = doc?.samples?.replies
  return Array.isArray(replies) && replies.some((r) => r?.beat === beat && typeof r.text === 'string' && r.text.trim() === text.trim())
}

/**
 * The edit an action makes to a scenario's text. Both are no-ops when already made (the phrase is
 * in the intent, the same reply is a sample at the beat), so a resent form adds nothing twice.
 */
function editFor(action: InboxAction) {
  if (action.kind === 'phrase') return (source: string) => addPhrase(source, action.intent, action.phrase)
  return (source: string) =>
    hasSample(source, action.beat, action.text)
      ? source
      : addSampleReply(source, {
          beat: action.beat,
          text: action.text,
          verdict: action.verdict,
          behaviours: action.behaviours,
          ...(action.note ? { note: action.note } : {}),
        })
}

async function amended(scenarioId: string, action: InboxAction) {
  const now = await current(scenarioId)
  if (!now) throw new InboxError('notFound', `no scenario "${scenarioId}" with a text to edit`)
  if (!now.scenario) throw new InboxError('draftBroken', 'the draft does not compile; fix it in the editor first', now.problems)
  if (action.kind === 'phrase' && !ownIntents(now.scenario).some((i) => i.id === action.intent))
    throw new InboxError('notOwnIntent', `"${action.intent}" is not one of this scenario's own intents`)
  let source: string
  try {
    source = editFor(action)(now.opened.source)
  } catch (e) {
    if (e instanceof SourceEditError) throw new InboxError('editFailed', e.message)
    throw e
  }
  return { now: { ...now, scenario: now.scenario }, source }
}

/**
 * What an action would change, before it is saved: the regression tests whose result it alters
 * (the current text's tests on the current text, against the amended text's tests on the amended
 * text), how the group's reply is read before and after, and for a sample whether it passes right
 * away (one that fails documents a miss of the judge, which is worth having too).
 */
export async function previewInboxAction(input: { scenarioId: string; action: InboxAction; text: string; beat: string }) {
  const { now, source } = await amended(input.scenarioId, input.action)
  const after = compileCached(input.scenarioId, source)
  if (!after.ok) throw new InboxError('notCompiled', 'the amended text does not compile', after.problems)
  const before = runCached(input.scenarioId, now.opened.source, now.scenario)
  const run = runCached(input.scenarioId, source, after.scenario)
  const changes = compareRuns(before, run).map((c) => ({ ...c, detail: detailOf(c, run) }))
  let sample: {
    pass: boolean
    why: string
    expected: { verdict: Verdict; behaviours: Behaviour[] }
    got: { verdict: Verdict; behaviours: Behaviour[] } | null
    missing: Behaviour[]
  } | null = null
  if (input.action.kind === 'sample') {
    const { beat, text } = input.action
    const result = run.replies.find((r) => r.beat === beat && r.text.trim() === text.trim())
    sample = result
      ? {
          pass: result.pass,
          why: result.why,
          expected: result.expected,
          got: result.got && { verdict: result.got.verdict, behaviours: result.got.behaviours },
          missing: missingOf(result),
        }
      : null
  }
  return {
    unchanged: source === now.opened.source,
    /** Where the change would be saved: the existing draft (its revision), or a new draft from the live version. */
    draft: now.opened.revision === null ? null : { revision: now.opened.revision },
    liveVersion: now.opened.liveVersion,
    changes,
    /** The tests the change is compared on: the current text's (a new sample is not among them). */
    totals: { replies: before.replies.length, transcripts: before.transcripts.length, corpus: before.corpus.length },
    reading: { before: replyOf(now.scenario, input.beat, input.text), after: replyOf(after.scenario, input.beat, input.text) },
    sample,
  }
}

export type InboxPreview = Awaited<ReturnType<typeof previewInboxAction>>

/** What a changed test expects and what it got after the change, for the page to say in its own words. */
function detailOf(change: SampleChange, run: SampleRun) {
  if (change.kind === 'reply') {
    const r = run.replies.find((x) => x.key === change.key)!
    const got = r.got && { verdict: r.got.verdict, behaviours: r.got.behaviours }
    return { kind: 'reply' as const, beat: r.beat, expected: r.expected, got, missing: missingOf(r) }
  }
  if (change.kind === 'corpus') {
    const r = run.corpus.find((x) => x.key === change.key)!
    return { kind: 'corpus' as const, beat: r.beat, id: r.id, label: r.label, verdict: r.verdict }
  }
  const r = run.transcripts.find((x) => x.key === change.key)!
  return { kind: 'transcript' as const, expected: r.expected, got: r.got }
}

function missingOf(r: SampleRun['replies'][number]) {
  return r.got ? r.expected.behaviours.filter((b) => !r.got!.behaviours.includes(b)) : r.expected.behaviours
}

/** The group's rows that are still open, in this scenario. */
async function openIds(scenarioId: string, ids: readonly number[]) {
  return (await getItems(ids)).filter((r) => r.scenarioId === scenarioId && r.status === 'open').map((r) => r.id)
}

/**
 * Applies an action to the scenario's draft, then marks the group's open replies handled. If the
 * draft is not saved (a conflict, text too large, a broken draft), nothing is marked. A resent
 * request finds the replies handled and the edit made, and changes nothing.
 *
 * NOTE: the draft's save and the marking are two transactions (the library's save is its own);
 * should the marking fail after the save, the replies stay open and applying again is a no-op edit.
 */
export async function applyInboxAction(
  actor: Actor,
  input: { scenarioId: string; ids: readonly number[]; action: InboxAction; clientId: string },
) {
  const ids = await openIds(input.scenarioId, input.ids)
  if (ids.length === 0) throw new InboxError('nothingOpen', 'these replies were already handled')
  await amended(input.scenarioId, input.action)
  const edit = editFor(input.action)
  const status = input.action.kind === 'phrase' ? ('phrase-added' as const) : ('sample-added' as const)
  let revision: number
  try {
    ;({ revision } = await amendDraft(actor, {
      id: input.scenarioId,
      edit,
      action: input.action.kind === 'phrase' ? 'add-phrase' : 'add-sample',
      detail: {
        ...(input.action.kind === 'phrase'
          ? { intent: input.action.intent, phrase: input.action.phrase }
          : { beat: input.action.beat, text: input.action.text, verdict: input.action.verdict }),
        replies: ids.length,
        clientId: input.clientId,
      },
    }))
  } catch (e) {
    if (e instanceof DraftConflictError) throw new InboxError('conflict', e.message)
    if (e instanceof StudioError) throw new InboxError('notSaved', e.message, e.problems)
    if (e instanceof SourceEditError) throw new InboxError('editFailed', e.message)
    throw e
  }
  const marked = await resolveItems({ scenarioId: input.scenarioId, ids, status, by: actor.id })
  return { revision, marked: marked.length, status }
}

/** Dismisses a group: its open replies are marked and leave the inbox; the scenario is not touched. */
export async function dismissGroup(actor: Actor, input: { scenarioId: string; ids: readonly number[] }) {
  const marked = await resolveItems({ scenarioId: input.scenarioId, ids: input.ids, status: 'dismissed', by: actor.id })
  return { marked: marked.length }
}
