import { LineCounter, parseDocument, isNode, isCollection, isPair, visit, type Document } from 'yaml'
import type { z } from 'zod'

export interface SourceProblem {
  file: string
  line: number
  column: number
  /** Dotted path of the field, e.g. `quiz.3.answer`; empty for the document itself. */
  field: string
  message: string
}

export function formatProblem(p: SourceProblem) {
  return `${p.file}:${p.line}:${p.column}${p.field ? ` ${p.field}:` : ''} ${p.message}`
}

export class SourceError extends Error {
  constructor(readonly problems: SourceProblem[]) {
    super(problems.map(formatProblem).join('\n'))
    this.name = 'SourceError'
  }
}

/** Content files are small: a scenario is about 20 KB. */
export const MAX_YAML_BYTES = 256 * 1024
export const MAX_YAML_DEPTH = 32

const MAX_ALIASES = 100

/**
 * The checks that keep hostile text from costing more than it should: its size, alias bombs
 * ("billion laughs") and nesting depth, each with the line and column where it starts. Text that
 * passes may still be invalid; it is safe to parse, store and show.
 */
export function screenYaml(source: string, file: string, lineOffset = 0): SourceProblem[] {
  if (source.length > MAX_YAML_BYTES) {
    return [
      {
        file,
        line: 1 + lineOffset,
        column: 1,
        field: '',
        message: `is ${Math.round(source.length / 1024)} KB; a content file may be at most ${MAX_YAML_BYTES / 1024} KB`,
      },
    ]
  }
  const lineCounter = new LineCounter()
  const doc = parseDocument(source, { lineCounter, prettyErrors: false })
  // Syntax errors are reported by the full check; nothing here expands such a document.
  if (doc.errors.length > 0) return []
  const at = (offset: number) => {
    const pos = lineCounter.linePos(offset)
    return { line: pos.line + lineOffset, column: pos.col }
  }
  try {
    doc.toJS({ maxAliasCount: MAX_ALIASES })
  } catch (error) {
    let first: number | undefined
    visit(doc, {
      Alias(_, node) {
        if (first === undefined && node.range) first = node.range[0]
      },
    })
    return [
      {
        file,
        ...at(first ?? 0),
        field: '',
        message: `YAML aliases expand too far (${(error as Error).message.split('\n')[0]}); write the values out instead`,
      },
    ]
  }
  let deepest: { depth: number; offset: number } = { depth: 0, offset: 0 }
  visit(doc, {
    Node(_, node, path) {
      const depth = path.filter((p) => isCollection(p)).length
      if (isNode(node) && node.range && depth > deepest.depth) deepest = { depth, offset: node.range[0] }
      return depth > MAX_YAML_DEPTH + 1 ? visit.SKIP : undefined
    },
    Pair(_, pair) {
      return isPair(pair) ? undefined : visit.SKIP
    },
  })
  if (deepest.depth > MAX_YAML_DEPTH) {
    return [
      { file, ...at(deepest.offset), field: '', message: `nests more than ${MAX_YAML_DEPTH} levels deep here; at most ${MAX_YAML_DEPTH}` },
    ]
  }
  return []
}

export type ValidateResult<T> = { ok: true; value: T } | { ok: false; problems: SourceProblem[] }

/**
 * Parses YAML and validates it against a zod schema, mapping every problem to the file,
 * line and column of the offending field. `lineOffset` is the number of lines that precede
 * the YAML in the file (front matter starts after its `---` line).
 */
export function validateYaml<S extends z.ZodType>(
  source: string,
  schema: S,
  { file, lineOffset = 0 }: { file: string; lineOffset?: number },
): ValidateResult<z.infer<S>> {
  // Hostile input gets a plain file:line answer, not a stack trace or a stalled process.
  const hostile = screenYaml(source, file, lineOffset)
  if (hostile.length) return { ok: false, problems: hostile }
  const lineCounter = new LineCounter()
  const doc = parseDocument(source, { lineCounter, prettyErrors: false, uniqueKeys: true })
  const at = (offset: number) => {
    const pos = lineCounter.linePos(offset)
    return { line: pos.line + lineOffset, column: pos.col }
  }
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((e) => ({ file, ...at(e.pos[0]), field: '', message: `YAML syntax: ${e.message.split('\n')[0]}` })),
    }
  }
  const value: unknown = doc.toJS({ maxAliasCount: MAX_ALIASES })
  const parsed = schema.safeParse(value)
  if (parsed.success) return { ok: true, value: parsed.data }
  return {
    ok: false,
    problems: parsed.error.issues.map((issue) => {
      const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))
      // An unknown key is marked where it is written, not at the map that holds it.
      if (issue.code === 'unrecognized_keys' && issue.keys.length) path.push(issue.keys[0]!)
      return { file, ...at(nodeOffset(doc, path)), field: path.join('.'), message: issue.message }
    }),
  }
}

/** Offset of the deepest existing node along `path`, so a missing field points at its parent. */
function nodeOffset(doc: Document, path: (string | number)[]): number {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true)
    if (isNode(node) && node.range) return node.range[0]
  }
  return 0
}

/** 1-based line of the node at each path in a YAML text (its parent's line if it is missing). */
export function linesOfPaths(source: string, paths: readonly (string | number)[][], lineOffset = 0): number[] {
  // One parse for all the paths: modules are read at start-up.
  const lineCounter = new LineCounter()
  const doc = parseDocument(source, { lineCounter })
  return paths.map((path) => lineCounter.linePos(nodeOffset(doc, path)).line + lineOffset)
}
