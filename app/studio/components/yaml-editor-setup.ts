/**
 * The CodeMirror side of the YAML editor: extensions, completion and diagnostics. The editor
 * component loads this module in the browser only (CodeMirror needs the DOM to draw), so the
 * server never evaluates it. The completion context and the diagnostic mapping are plain
 * functions of the text, tested without a DOM.
 */
import type { Completion, CompletionContext, CompletionResult } from '@codemirror/autocomplete'
import { indentWithTab } from '@codemirror/commands'
import { yaml } from '@codemirror/lang-yaml'
import { indentUnit } from '@codemirror/language'
import { lintGutter, setDiagnostics, type Diagnostic } from '@codemirror/lint'
import { Compartment, EditorState, type Extension, type Text } from '@codemirror/state'
import { EditorView, keymap } from '@codemirror/view'
import { basicSetup } from 'codemirror'
import type { EditorCompletions, EditorDiagnostic } from './yaml-editor.tsx'

export type CompletionKind = 'intents' | 'beats' | 'skills' | 'behaviours'

/** Words of each kind and how the completion list names the kind. */
export interface CompletionWords {
  completions: EditorCompletions
  details: Record<'intent' | 'beat' | 'skill' | 'behaviour', string>
}

const WORD = /[\w-]*$/
const indentOf = (line: string) => /^ */.exec(line)![0].length
const isBlank = (line: string) => /^\s*(#.*)?$/.test(line)

/** Keys whose value (or list items) are of a kind, wherever they stand. */
const VALUE_KINDS: Record<string, CompletionKind> = {
  all: 'intents',
  any: 'intents',
  none: 'intents',
  next: 'beats',
  start: 'beats',
  skills: 'skills',
  behaviours: 'behaviours',
  behaviour: 'behaviours',
}

/**
 * The block key a line belongs to: the nearest line above that is less indented (a `- ` item
 * may stand at its key's own indent).
 */
function parentKey(lines: readonly string[], index: number, indent: number, item: boolean): { key: string; index: number } | null {
  for (let i = index - 1; i >= 0; i--) {
    const line = lines[i]!
    if (isBlank(line)) continue
    const own = indentOf(line)
    const keyLine = /^\s*(?:-\s+)?([\w-]+):/.exec(line)
    if (own < indent || (item && own === indent && keyLine && !/^\s*-/.test(line))) {
      return keyLine ? { key: keyLine[1]!, index: i } : null
    }
  }
  return null
}

/** The innermost `[` or `{` still open in a line's text, with the key just before it. */
function openFlow(head: string): { bracket: '[' | '{'; key: string | null; atKey: boolean } | null {
  const stack: { bracket: '[' | '{'; at: number }[] = []
  let quote: string | null = null
  for (let i = 0; i < head.length; i++) {
    const c = head[i]!
    if (quote) {
      if (c === quote) quote = null
    } else if (c === '"' || c === "'") quote = c
    else if (c === '[' || c === '{') stack.push({ bracket: c, at: i })
    else if ((c === ']' || c === '}') && stack.length) stack.pop()
  }
  const open = stack.at(-1)
  if (!open) return null
  const key = /([\w-]+):\s*$/.exec(head.slice(0, open.at))?.[1] ?? null
  // In a map, a word right after `{` or `,` is a key; after `key:` it is a value.
  const atKey = open.bracket === '{' && /[{,]\s*$/.test(head)
  return { bracket: open.bracket, key, atKey }
}

/**
 * What belongs at a place in a scenario's text: intent names in `when` (all/any/none), beat ids
 * after `next:` and `start:`, skills in `skills:` maps and lists, behaviours after `behaviours:`
 * (and as the values of the top-level `behaviours:` map, whose keys are intents). `lineIndex`
 * is 0-based, `column` the offset of the cursor in that line.
 */
export function completionKindAt(lines: readonly string[], lineIndex: number, column: number): CompletionKind | null {
  const line = lines[lineIndex] ?? ''
  const before = line.slice(0, column)
  const head = before.slice(0, before.length - WORD.exec(before)![0].length)
  if (/(^|\s)#/.test(head.replace(/"[^"]*"|'[^']*'/g, ''))) return null

  const flow = openFlow(head)
  if (flow) {
    // `when: { any: [a, b` or `skills: [empathy, ` or `skills: { empathy: 1, `
    const direct = /([\w-]+):\s*$/.exec(head)?.[1]
    if (flow.bracket === '{' && !flow.atKey) return direct ? (VALUE_KINDS[direct] ?? null) : null
    if (flow.key === 'skills') return 'skills'
    if (flow.bracket === '[' && flow.key) return VALUE_KINDS[flow.key] ?? null
    return null
  }
  // `next: ` `any: ` `behaviour: `, or `intent-id: ` under the top-level `behaviours:` map.
  const keyed = /^\s*(?:-\s+)?([\w-]+):\s+$/.exec(head)
  if (keyed) {
    const kind = VALUE_KINDS[keyed[1]!]
    if (kind && kind !== 'skills') return kind
    const parent = parentKey(lines, lineIndex, indentOf(line), false)
    return parent?.key === 'behaviours' && indentOf(lines[parent.index]!) === 0 ? 'behaviours' : null
  }
  // A list item or a map key in a block: what its parent key holds.
  const item = /^\s*-\s+$/.test(head)
  if (!item && !/^\s*$/.test(head)) return null
  const parent = parentKey(lines, lineIndex, indentOf(line), item)
  if (!parent) return null
  if (parent.key === 'skills') return 'skills'
  if (parent.key === 'behaviours') return item ? 'behaviours' : indentOf(lines[parent.index]!) === 0 ? 'intents' : null
  if (item && (parent.key === 'all' || parent.key === 'any' || parent.key === 'none')) return 'intents'
  return null
}

function optionsFor(words: CompletionWords, kind: CompletionKind | null): Completion[] {
  const { completions: c, details } = words
  const of = (list: readonly string[] | undefined, detail: string, type: string) => (list ?? []).map((label) => ({ label, detail, type }))
  const byKind: Record<CompletionKind, Completion[]> = {
    intents: of(c.intents, details.intent, 'variable'),
    beats: of(c.beats, details.beat, 'class'),
    skills: of(c.skills, details.skill, 'property'),
    behaviours: of(c.behaviours, details.behaviour, 'enum'),
  }
  if (kind) return byKind[kind]
  const seen = new Set<string>()
  return Object.values(byKind)
    .flat()
    .filter((o) => !seen.has(o.label) && seen.add(o.label))
}

/** The completion source: the words of the place, or (asked for, or two letters typed) every word. */
export function scenarioCompletions(words: () => CompletionWords) {
  return (context: CompletionContext): CompletionResult | null => {
    const word = context.matchBefore(/[\w-]*/)
    if (!word) return null
    const line = context.state.doc.lineAt(context.pos)
    const lines = context.state.doc.toString().split('\n')
    const kind = completionKindAt(lines, line.number - 1, context.pos - line.from)
    if (!kind && !context.explicit && word.text.length < 2) return null
    const options = optionsFor(words(), kind)
    return options.length ? { from: word.from, options, validFor: /^[\w-]*$/ } : null
  }
}

/**
 * Diagnostics at 1-based line and column, clamped to the document. One covers the token at
 * its column (skipping leading spaces), a quoted string whole, or up to the end of the line.
 */
export function toDiagnostics(doc: Text, problems: readonly EditorDiagnostic[]): Diagnostic[] {
  return problems.map((p) => {
    const line = doc.line(Math.min(Math.max(1, Math.trunc(p.line) || 1), doc.lines))
    const column = Math.min(Math.max(1, Math.trunc(p.column) || 1), line.length + 1)
    const rest = line.text.slice(column - 1)
    const skip = /^\s*/.exec(rest)![0].length
    const tail = rest.slice(skip)
    const token = /^("(?:[^"\\]|\\.)*"?|'(?:[^']|'')*'?|[^\s,[\]{}]+)/.exec(tail)?.[0] ?? ''
    const from = line.from + column - 1 + (tail ? skip : 0)
    const to = token ? from + token.length : line.to
    return { from, to: Math.max(from, to), severity: p.severity, message: p.message, ...(p.field ? { source: p.field } : {}) }
  })
}

export interface EditorOptions {
  parent: HTMLElement
  doc: string
  label: string
  readOnly: boolean
  /** Id of the element that explains the keyboard (Esc, then Tab, leaves). */
  describedBy: string
  onChange(source: string): void
  words(): CompletionWords
  diagnostics: readonly EditorDiagnostic[]
}

const access = new Compartment()

function accessExtensions(label: string, readOnly: boolean, describedBy: string): Extension {
  return [
    EditorState.readOnly.of(readOnly),
    // tabindex: contenteditable is focusable anyway; axe counts a scrollable region's focusable
    // content by tabindex.
    EditorView.contentAttributes.of({
      'aria-label': label,
      'aria-describedby': describedBy,
      'aria-readonly': String(readOnly),
      tabindex: '0',
    }),
  ]
}

const theme = EditorView.theme({
  '&': { backgroundColor: 'var(--card, #fff)', color: 'var(--ink, #1f2933)' },
  '.cm-content': { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, "Noto Sans Mono CJK SC", monospace' },
  '.cm-gutters': { backgroundColor: '#f1f2f0', color: '#4b5563', borderRight: '1px solid #d9ddd8' },
  '&.cm-focused': { outline: '3px solid var(--focus, #1a56db)', outlineOffset: '2px' },
})

export function createEditor(options: EditorOptions): EditorView {
  // One source for the editor's life: autocompletion keeps its results by the source's identity.
  const completionSource = scenarioCompletions(options.words)
  const view = new EditorView({
    parent: options.parent,
    state: EditorState.create({
      doc: options.doc,
      extensions: [
        basicSetup,
        // Tab indents; Esc then Tab leaves the editor (CodeMirror's own escape from the tab trap).
        keymap.of([indentWithTab]),
        indentUnit.of('  '),
        yaml(),
        lintGutter(),
        EditorState.languageData.of(() => [{ autocomplete: completionSource }]),
        access.of(accessExtensions(options.label, options.readOnly, options.describedBy)),
        EditorView.lineWrapping,
        theme,
        EditorView.updateListener.of((update) => {
          if (update.docChanged) options.onChange(update.state.doc.toString())
        }),
      ],
    }),
  })
  showDiagnostics(view, options.diagnostics)
  return view
}

export function showDiagnostics(view: EditorView, problems: readonly EditorDiagnostic[]) {
  view.dispatch(setDiagnostics(view.state, toDiagnostics(view.state.doc, problems)))
}

export function reconfigure(view: EditorView, label: string, readOnly: boolean, describedBy: string) {
  view.dispatch({ effects: access.reconfigure(accessExtensions(label, readOnly, describedBy)) })
}

/** Puts the cursor at a 1-based line and column (clamped), scrolls there and focuses the editor. */
export function jumpTo(view: EditorView, line: number, column = 1) {
  const doc = view.state.doc
  const at = doc.line(Math.min(Math.max(1, Math.trunc(line) || 1), doc.lines))
  const pos = at.from + Math.min(Math.max(1, Math.trunc(column) || 1), at.length + 1) - 1
  view.dispatch({ selection: { anchor: pos }, effects: EditorView.scrollIntoView(pos, { y: 'center' }) })
  view.focus()
}

/** Replaces the whole text as one undoable change. */
export function replaceText(view: EditorView, source: string) {
  view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: source } })
}
