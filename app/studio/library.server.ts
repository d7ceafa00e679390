/**
 * The studio's scenario library: new scenarios from the template or a duplicate, drafts saved
 * over the revision the editor loaded, publishing a draft as the next version, import and
 * export in exactly the `scenarios/` format, and the diff between any two versions.
 * Decision 013 records how shipped files and studio edits meet.
 */
import fs from 'node:fs'
import path from 'node:path'
import { diffLines } from 'diff'
import { screenYaml, type SourceProblem } from '#app/domain/yaml-validate.ts'
import { invalidateCatalog } from '#app/certification/catalog.server.ts'
import {
  createScenario,
  discardDraft,
  getDraft,
  getLibraryEntry,
  getVersion,
  listAudit,
  listDrafts,
  listLibrary,
  listVersions,
  publishDraft,
  saveDraft,
} from '#app/models/studio.server.ts'
import { scenarioAt } from '#app/roleplay/scenarios.server.ts'
import { definitionOf } from '#app/roleplay/validate.ts'
import { checkSource, compileSource, fileOf } from './compile.server.ts'
import { setId, setTitle, setVersion, titleOf } from './source-edit.ts'

/** The template a new scenario starts from: a small complete script, commented for trainers. */
const TEMPLATE_FILE = path.resolve(process.cwd(), 'scenarios/templates/new-scenario.yaml')
let template: string | undefined
const templateSource = () => (template ??= fs.readFileSync(TEMPLATE_FILE, 'utf8'))

export const SCENARIO_ID = /^[a-z0-9]+(-[a-z0-9]+)*$/

/** A refusal the trainer can act on: what is wrong, and where when it is in the text. */
export class StudioError extends Error {
  constructor(
    /** Key under `studio.errors` in the locales; the message is the same in English. */
    readonly key: StudioErrorKey,
    message: string,
    readonly problems: SourceProblem[] = [],
    readonly values: Record<string, string | number> = {},
  ) {
    super(message)
  }
}

export type StudioErrorKey =
  'badId' | 'noTitle' | 'exists' | 'notFound' | 'notSaved' | 'notImported' | 'notYaml' | 'noDraft' | 'hasErrors' | 'noOffer' | 'noSource'

export interface Actor {
  id: string
}

/** The library as the studio lists it: live version, draft, offered shipped file. */
export async function studioLibrary() {
  const [library, drafts] = await Promise.all([listLibrary(), listDrafts()])
  const draftOf = new Map(drafts.map((d) => [d.scenarioId, d]))
  const rows = []
  for (const entry of library) {
    const live = entry.currentVersion === null ? null : await scenarioAt(entry.scenarioId, entry.currentVersion)
    const draft = draftOf.get(entry.scenarioId)
    rows.push({
      id: entry.scenarioId,
      title: live?.script.title ?? titleOf(draft?.source) ?? entry.scenarioId,
      origin: entry.origin,
      liveVersion: entry.currentVersion,
      edited: entry.edited,
      offeredVersion: entry.offeredVersion,
      draft: draft ? { revision: draft.revision, updatedAt: draft.updatedAt.toISOString() } : null,
    })
  }
  return rows
}

/** What the editor opens: the draft if there is one, else the live version's text. */
export async function openScenario(scenarioId: string) {
  const entry = await getLibraryEntry(scenarioId)
  if (!entry) return null
  const draft = await getDraft(scenarioId)
  const live = entry.currentVersion === null ? null : await getVersion(scenarioId, entry.currentVersion)
  const source = draft?.source ?? live?.source ?? null
  return {
    id: scenarioId,
    origin: entry.origin,
    liveVersion: entry.currentVersion,
    offered: entry.offeredVersion === null ? null : { version: entry.offeredVersion },
    source: source ?? '',
    /** Null when the editor shows the live version (no draft yet). */
    revision: draft?.revision ?? null,
    draft: draft
      ? { revision: draft.revision, baseVersion: draft.baseVersion, updatedBy: draft.updatedBy, updatedAt: draft.updatedAt.toISOString() }
      : null,
    /** A version published before the studio kept sources cannot be edited from its text. */
    missingSource: source === null,
  }
}

function requireId(id: string) {
  if (!SCENARIO_ID.test(id))
    throw new StudioError('badId', `"${id}" is not a valid id: use lower-case letters, digits and hyphens (e.g. late-delivery)`, [], { id })
}

/** Problems that stop a save: text too large, alias bombs, nesting too deep. Anything else saves as a draft. */
function screen(scenarioId: string, source: string) {
  const problems = screenYaml(source, fileOf(scenarioId))
  if (problems.length) throw new StudioError('notSaved', 'the text was not saved', problems)
}

export async function createFromTemplate(actor: Actor, input: { id: string; title: string }) {
  requireId(input.id)
  const title = input.title.trim()
  if (!title) throw new StudioError('noTitle', 'give the scenario a title')
  const source = setTitle(setId(templateSource(), input.id), title)
  await createScenario({ scenarioId: input.id, source, by: actor.id, action: 'create' })
  return input.id
}

export async function duplicateScenario(actor: Actor, input: { from: string; id: string }) {
  requireId(input.id)
  const from = await openScenario(input.from)
  if (!from || from.missingSource)
    throw new StudioError('noSource', `no scenario "${input.from}" with a text to copy`, [], { id: input.from })
  const title = titleOf(from.source) ?? input.from
  const source = setVersion(setTitle(setId(from.source, input.id), `${title}（副本）`), 1)
  await createScenario({ scenarioId: input.id, source, by: actor.id, action: 'duplicate', detail: { from: input.from } })
  return input.id
}

/**
 * Reads a file in the `scenarios/` format. The id comes from the file name, as set-up reads it;
 * the same checks apply, with the same messages. An existing scenario gets the file as its draft.
 */
export async function importScenario(actor: Actor, input: { fileName: string; source: string }) {
  const id = path.basename(input.fileName).replace(/\.ya?ml$/i, '')
  if (id === path.basename(input.fileName))
    throw new StudioError('notYaml', `${input.fileName}: a scenario file ends in .yaml`, [], { file: input.fileName })
  requireId(id)
  screen(id, input.source)
  const checked = compileSource(id, input.source)
  if (!checked.ok) throw new StudioError('notImported', `${fileOf(id)} was not imported`, checked.problems, { file: fileOf(id) })
  const existing = await getLibraryEntry(id)
  if (!existing) {
    await createScenario({ scenarioId: id, source: input.source, by: actor.id, action: 'import', detail: { file: input.fileName } })
  } else {
    const draft = await getDraft(id)
    await saveDraft({
      scenarioId: id,
      source: input.source,
      revision: draft?.revision ?? null,
      baseVersion: existing.currentVersion,
      by: actor.id,
      action: 'import',
      detail: { file: input.fileName },
    })
  }
  return id
}

/** Saves the editor's text as the draft, over the revision it loaded (null: no draft yet). */
export async function saveScenarioDraft(actor: Actor, input: { id: string; source: string; revision: number | null }) {
  screen(input.id, input.source)
  const entry = await getLibraryEntry(input.id)
  if (!entry) throw new StudioError('notFound', `no scenario "${input.id}"`, [], { id: input.id })
  return saveDraft({
    scenarioId: input.id,
    source: input.source,
    revision: input.revision,
    baseVersion: entry.currentVersion,
    by: actor.id,
  })
}

/**
 * Publishes the saved draft as the next version. Refused while the text has errors (schema or
 * lint); warnings are shown but do not stop it. Attempts keep the version they were played on.
 */
export async function publishScenario(actor: Actor, input: { id: string; revision: number }) {
  const draft = await getDraft(input.id)
  if (!draft) throw new StudioError('noDraft', 'there is no saved draft to publish')
  const { version } = await publishDraft({
    scenarioId: input.id,
    revision: input.revision,
    by: actor.id,
    build: (version, source) => {
      const text = setVersion(source, version)
      const checked = checkSource(input.id, text)
      if (!checked.scenario || checked.errors.length)
        throw new StudioError('hasErrors', `not published: the draft has ${checked.errors.length} error(s)`, checked.errors, {
          count: checked.errors.length,
        })
      return { source: text, definition: definitionOf(checked.scenario) }
    },
  })
  invalidateCatalog()
  return version
}

export async function discardScenarioDraft(actor: Actor, input: { id: string; revision: number }) {
  await discardDraft({ scenarioId: input.id, revision: input.revision, by: actor.id })
}

/** A newer shipped file offered for a scenario edited here becomes the draft, to review and publish. */
export async function adoptOffered(actor: Actor, input: { id: string }) {
  const entry = await getLibraryEntry(input.id)
  if (!entry?.offeredSource) throw new StudioError('noOffer', 'no newer shipped file is offered for this scenario')
  const draft = await getDraft(input.id)
  return saveDraft({
    scenarioId: input.id,
    source: entry.offeredSource,
    revision: draft?.revision ?? null,
    baseVersion: entry.currentVersion,
    by: actor.id,
    action: 'adopt-shipped',
    detail: { shippedVersion: entry.offeredVersion },
  })
}

export type VersionRef = number | 'draft' | 'offered'

async function textOf(id: string, ref: VersionRef): Promise<string | null> {
  if (ref === 'draft') return (await getDraft(id))?.source ?? null
  if (ref === 'offered') return (await getLibraryEntry(id))?.offeredSource ?? null
  return (await getVersion(id, ref))?.source ?? null
}

/** The text to download: a version's, or the draft's. Exactly the `scenarios/` format. */
export async function exportScenario(id: string, ref: VersionRef) {
  const text = await textOf(id, ref)
  if (text === null) return null
  return { fileName: `${id}.yaml`, text }
}

export async function scenarioHistory(id: string) {
  const [versions, audit] = await Promise.all([listVersions(id), listAudit(id)])
  return {
    versions: versions.map((v) => ({ ...v, publishedAt: v.publishedAt.toISOString(), hasSource: Boolean(v.hasSource) })),
    audit: audit.map((a) => ({ ...a, at: a.at.toISOString() })),
  }
}

export interface DiffLine {
  kind: 'same' | 'added' | 'removed'
  text: string
  /** Line numbers in the old and the new text. */
  from: number | null
  to: number | null
}

/** A line diff of two texts, with line numbers on both sides. */
export function diffTexts(a: string, b: string): DiffLine[] {
  const out: DiffLine[] = []
  let from = 1
  let to = 1
  for (const part of diffLines(a, b)) {
    const lines = part.value.replace(/\n$/, '').split('\n')
    for (const text of lines) {
      if (part.added) out.push({ kind: 'added', text, from: null, to: to++ })
      else if (part.removed) out.push({ kind: 'removed', text, from: from++, to: null })
      else out.push({ kind: 'same', text, from: from++, to: to++ })
    }
  }
  return out
}

export async function diffVersions(id: string, a: VersionRef, b: VersionRef) {
  const [left, right] = await Promise.all([textOf(id, a), textOf(id, b)])
  if (left === null || right === null) return null
  return diffTexts(left, right)
}

/**
 * Applies an edit (a phrase or a sample from the inbox) to the draft, or to a new draft made
 * from the live version's text when there is none. A save in between is a conflict, as in the editor.
 */
export async function amendDraft(
  actor: Actor,
  input: { id: string; edit: (source: string) => string; action: 'add-phrase' | 'add-sample'; detail?: Record<string, unknown> },
) {
  const opened = await openScenario(input.id)
  if (!opened || opened.missingSource)
    throw new StudioError('noSource', `no scenario "${input.id}" with a text to edit`, [], { id: input.id })
  const source = input.edit(opened.source)
  screen(input.id, source)
  return saveDraft({
    scenarioId: input.id,
    source,
    revision: opened.revision,
    baseVersion: opened.liveVersion,
    by: actor.id,
    action: input.action,
    detail: input.detail,
  })
}
