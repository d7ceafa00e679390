import { LineCounter, parseDocument, isNode, type Document } from 'yaml'
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

function depthOf(value: unknown, level = 0): number {
  if (level > MAX_YAML_DEPTH) return level
  if (Array.isArray(value)) return Math.max(level, ...value.map((v) => depthOf(v, level + 1)))
  if (value && typeof value === 'object') return Math.max(level, ...Object.values(value).map((v) => depthOf(v, level + 1)))
  return level
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
  if (source.length > MAX_YAML_BYTES) {
    return {
      ok: false,
      problems: [
        {
          file,
          line: 1 + lineOffset,
          column: 1,
          field: '',
          message: `is ${Math.round(source.length / 1024)} KB; a content file may be at most ${MAX_YAML_BYTES / 1024} KB`,
        },
      ],
    }
  }
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
  let value: unknown
  try {
    // An alias bomb ("billion laughs") expands past this many aliases and is refused.
    value = doc.toJS({ maxAliasCount: 100 })
  } catch (error) {
    return {
      ok: false,
      problems: [{ file, line: 1 + lineOffset, column: 1, field: '', message: `YAML: ${(error as Error).message.split('\n')[0]}` }],
    }
  }
  const depth = depthOf(value)
  if (depth > MAX_YAML_DEPTH) {
    return {
      ok: false,
      problems: [{ file, line: 1 + lineOffset, column: 1, field: '', message: `nests ${depth} levels deep; at most ${MAX_YAML_DEPTH}` }],
    }
  }
  const parsed = schema.safeParse(value)
  if (parsed.success) return { ok: true, value: parsed.data }
  return {
    ok: false,
    problems: parsed.error.issues.map((issue) => {
      const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))
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
