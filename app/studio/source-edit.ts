/**
 * Edits of a scenario's YAML text that keep the trainer's comments and layout: the studio sets
 * the version on publish, the id on duplicate, and adds samples and phrases from the playtest and
 * the inbox. Pure: text in, text out.
 */
import { isMap, isSeq, parseDocument, type Document } from 'yaml'
import type { SampleReply, SampleTranscript } from '#app/roleplay/schema.ts'

export class SourceEditError extends Error {}

function parse(source: string): Document {
  const doc = parseDocument(source, { keepSourceTokens: false })
  if (doc.errors.length) throw new SourceEditError(`the text has YAML errors; fix them first (${doc.errors[0]!.message.split('\n')[0]})`)
  if (!isMap(doc.contents)) throw new SourceEditError('the text is not a scenario (a YAML map)')
  return doc
}

const print = (doc: Document) => doc.toString({ lineWidth: 0 })

/** Replaces a top-level scalar field's line, or adds it after `after` (or at the top). */
function setTopLevel(source: string, key: string, value: string | number): string {
  const text = typeof value === 'number' ? String(value) : JSON.stringify(value)
  const line = new RegExp(`^${key}:[^\\n]*$`, 'm')
  if (line.test(source)) return source.replace(line, `${key}: ${text}`)
  const doc = parse(source)
  doc.set(key, value)
  return print(doc)
}

export const setVersion = (source: string, version: number) => setTopLevel(source, 'version', version)
export const setId = (source: string, id: string) => setTopLevel(source, 'id', id)
export const setTitle = (source: string, title: string) => setTopLevel(source, 'title', title)

function append(source: string, path: [string, string], value: unknown): string {
  const doc = parse(source)
  const list = doc.getIn(path, true)
  if (isSeq(list)) list.items.push(doc.createNode(value))
  else if (list === undefined) doc.setIn(path, doc.createNode([value]))
  else throw new SourceEditError(`${path.join('.')} is not a list`)
  return print(doc)
}

export function addSampleReply(source: string, sample: SampleReply): string {
  const { note, ...rest } = sample
  return append(source, ['samples', 'replies'], note ? { ...rest, note } : rest)
}

export function addSampleTranscript(source: string, sample: SampleTranscript): string {
  return append(source, ['samples', 'transcripts'], sample)
}

/**
 * Adds a phrase to one of the scenario's own intents (a list of phrases, or a map with
 * `phrases`). Intents of a shared vocabulary are edited in its file, not here.
 */
export function addPhrase(source: string, intent: string, phrase: string): string {
  const doc = parse(source)
  const node = doc.getIn(['intents', intent], true)
  if (node === undefined) throw new SourceEditError(`"${intent}" is not one of this scenario's own intents`)
  const phrases = isSeq(node) ? node : isMap(node) ? node.get('phrases', true) : undefined
  if (!isSeq(phrases)) throw new SourceEditError(`intents.${intent} has no list of phrases`)
  if (phrases.items.some((p) => String((p as { value?: unknown }).value ?? p) === phrase)) return source
  phrases.items.push(doc.createNode(phrase))
  return print(doc)
}
