/**
 * Edits of a scenario's YAML text that keep the trainer's comments and layout: the studio sets
 * the version on publish, the id on duplicate, and adds samples and phrases from the playtest and
 * the inbox. Each edit splices new text in where it belongs; nothing else of the file is
 * re-serialised, so a version diff shows only the change. Pure: text in, text out.
 */
import { Document, isMap, isScalar, isSeq, LineCounter, parseDocument, visit, type Node } from 'yaml'
import type { SampleReply, SampleTranscript } from '#app/roleplay/schema.ts'

export class SourceEditError extends Error {}

function parse(source: string) {
  const lineCounter = new LineCounter()
  const doc = parseDocument(source, { lineCounter })
  if (doc.errors.length) throw new SourceEditError(`the text has YAML errors; fix them first (${doc.errors[0]!.message.split('\n')[0]})`)
  if (!isMap(doc.contents)) throw new SourceEditError('the text is not a scenario (a YAML map)')
  return { doc, lineCounter }
}

/** A value as YAML lines, in the house style (block collections, no folding). */
function yamlLines(value: unknown): string[] {
  const doc = new Document(value)
  // Short lists of words inline, as the shipped files write them: `behaviours: [apology]`.
  visit(doc, {
    Seq(_, seq) {
      if (seq !== doc.contents && seq.items.every((i) => isScalar(i))) seq.flow = true
    },
  })
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false }).replace(/\n$/, '').split('\n')
}

const scalar = (value: string) => yamlLines(value)[0]!

/** Replaces a top-level scalar field's line, or adds it at the top. */
function setTopLevel(source: string, key: string, value: string | number): string {
  const text = typeof value === 'number' ? String(value) : scalar(value)
  const line = new RegExp(`^${key}:[^\\n]*$`, 'm')
  if (line.test(source)) return source.replace(line, `${key}: ${text}`)
  return `${key}: ${text}\n${source}`
}

/** A script's title as its text writes it, before (or without) compiling it. */
export function titleOf(source: string | undefined): string | undefined {
  return source?.match(/^title:\s*(.+)$/m)?.[1]?.trim()
}

export const setVersion = (source: string, version: number) => setTopLevel(source, 'version', version)
export const setId = (source: string, id: string) => setTopLevel(source, 'id', id)
export const setTitle = (source: string, title: string) => setTopLevel(source, 'title', title)

/** Offset just past the end of the line holding `offset`. */
function endOfLine(source: string, offset: number) {
  const i = source.indexOf('\n', offset)
  return i === -1 ? source.length : i + 1
}

function withNewline(source: string) {
  return source.endsWith('\n') ? source : `${source}\n`
}

/** Inserts a block sequence item after the last item of `seq`, at the items' indentation. */
function appendItem(source: string, seq: Node & { items: unknown[] }, lineCounter: LineCounter, value: unknown) {
  const last = seq.items.at(-1) as Node | undefined
  const first = seq.items[0] as Node | undefined
  if (!last?.range || !first?.range) throw new SourceEditError('cannot add to an empty list written inline')
  const dash = ' '.repeat(lineCounter.linePos(first.range[0]).col - 1 - 2)
  const lines = yamlLines([value]).map((l) => dash + l)
  // The last item ends at its value; its comments and blank lines after it stay where they are.
  const at = endOfLine(source, Math.max(last.range[0], last.range[1] - 1))
  const head = withNewline(source.slice(0, at))
  return `${head}${lines.join('\n')}\n${source.slice(at)}`
}

function append(source: string, key: 'replies' | 'transcripts', value: unknown): string {
  const { doc, lineCounter } = parse(source)
  const samples = doc.get('samples', true)
  if (samples === undefined) {
    return `${withNewline(source)}samples:\n  ${key}:\n${yamlLines([value])
      .map((l) => `    ${l}`)
      .join('\n')}\n`
  }
  if (!isMap(samples) || samples.flow) throw new SourceEditError('samples is not a map written as a block')
  const list = samples.get(key, true)
  if (isSeq(list) && !list.flow && list.items.length) return appendItem(source, list, lineCounter, value)
  if (list !== undefined && !(isSeq(list) && list.items.length === 0))
    throw new SourceEditError(`samples.${key} is not a list written as a block`)
  // Add the key (or replace an empty `key: []`) at the end of the samples map.
  const firstKey = samples.items[0]?.key as Node | undefined
  const indent = firstKey?.range ? ' '.repeat(lineCounter.linePos(firstKey.range[0]).col - 1) : '  '
  const block = `${indent}${key}:\n${yamlLines([value])
    .map((l) => `${indent}  ${l}`)
    .join('\n')}\n`
  if (isSeq(list)) {
    const pair = samples.items.find((p) => (p.key as { value?: unknown }).value === key)!
    const start = (pair.key as Node).range![0] - (indent.length - 0)
    const lineStart = source.lastIndexOf('\n', start) + 1
    const end = endOfLine(source, list.range![1] - 1)
    return source.slice(0, lineStart) + block + source.slice(end)
  }
  const end = samples.range ? endOfLine(source, samples.range[1] - 1) : source.length
  return withNewline(source.slice(0, end)) + block + source.slice(end)
}

export function addSampleReply(source: string, sample: SampleReply): string {
  const { note, ...rest } = sample
  return append(source, 'replies', note ? { ...rest, note } : rest)
}

export function addSampleTranscript(source: string, sample: SampleTranscript): string {
  return append(source, 'transcripts', sample)
}

/**
 * Adds a phrase to one of the scenario's own intents (a list of phrases, or a map with
 * `phrases`). Intents of a shared vocabulary are edited in its file, not here.
 */
export function addPhrase(source: string, intent: string, phrase: string): string {
  const { doc, lineCounter } = parse(source)
  const node = doc.getIn(['intents', intent], true)
  if (node === undefined) throw new SourceEditError(`"${intent}" is not one of this scenario's own intents`)
  const phrases = isSeq(node) ? node : isMap(node) ? node.get('phrases', true) : undefined
  if (!isSeq(phrases) || !phrases.range) throw new SourceEditError(`intents.${intent} has no list of phrases`)
  if (phrases.items.some((p) => (p as { value?: unknown }).value === phrase)) return source
  if (!phrases.flow) return appendItem(source, phrases, lineCounter, phrase)
  // Inline `[a, b]`: insert before the closing bracket.
  const close = source.lastIndexOf(']', phrases.range[1])
  const sep = phrases.items.length ? ', ' : ''
  return `${source.slice(0, close)}${sep}${scalar(phrase)}${source.slice(close)}`
}
