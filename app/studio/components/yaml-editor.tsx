import { forwardRef, useEffect, useId, useImperativeHandle, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { EditorView } from '@codemirror/view'

export interface EditorDiagnostic {
  line: number
  column: number
  severity: 'error' | 'warning'
  message: string
  field?: string
}

export interface EditorCompletions {
  intents: string[]
  beats: string[]
  skills: string[]
  behaviours?: string[]
}

export interface YamlEditorHandle {
  /** Cursor to a 1-based line and column (clamped), scrolled into view, editor focused. */
  jumpTo(line: number, column?: number): void
  getValue(): string
  /** Replaces the text (one undoable change); onChange is called as for an edit. */
  setValue(source: string): void
  focus(): void
}

export interface YamlEditorProps {
  /** Initial text: the editor is uncontrolled after mount; setValue replaces. */
  value: string
  /** On every change of the text. */
  onChange(source: string): void
  /** Marked at line/column in the gutter and underlined. */
  diagnostics: EditorDiagnostic[]
  completions: EditorCompletions
  /** Accessible name of the editing area. */
  label: string
  readOnly?: boolean
}

type Setup = typeof import('./yaml-editor-setup.ts')

/**
 * The scenario's YAML in CodeMirror 6. The server renders a plain text area with the text
 * (editable until CodeMirror takes over); CodeMirror is loaded and created in the browser only.
 */
export const YamlEditor = forwardRef<YamlEditorHandle, YamlEditorProps>(function YamlEditor(
  { value, onChange, diagnostics, completions, label, readOnly = false },
  ref,
) {
  const { t } = useTranslation()
  const hintId = useId()
  const hostRef = useRef<HTMLDivElement>(null)
  const fallbackRef = useRef<HTMLTextAreaElement>(null)
  const viewRef = useRef<EditorView | null>(null)
  const setupRef = useRef<Setup | null>(null)
  const [ready, setReady] = useState(false)
  const [fallbackText, setFallbackText] = useState(value)
  // What the effects and handlers read without recreating the view.
  const latest = useRef({ text: value, onChange, diagnostics, completions, label, readOnly, hintId, t })

  useEffect(() => {
    Object.assign(latest.current, { onChange, completions, t })
  })

  useEffect(() => {
    let cancelled = false
    let view: EditorView | undefined
    void import('./yaml-editor-setup.ts').then((setup) => {
      if (cancelled || !hostRef.current) return
      const l = latest.current
      const hadFocus = document.activeElement === fallbackRef.current
      view = setup.createEditor({
        parent: hostRef.current,
        doc: l.text,
        label: l.label,
        readOnly: l.readOnly,
        describedBy: l.hintId,
        diagnostics: l.diagnostics,
        onChange: (text) => {
          latest.current.text = text
          latest.current.onChange(text)
        },
        words: () => ({
          completions: latest.current.completions,
          details: {
            intent: latest.current.t('editor.completion.intent'),
            beat: latest.current.t('editor.completion.beat'),
            skill: latest.current.t('editor.completion.skill'),
            behaviour: latest.current.t('editor.completion.behaviour'),
          },
        }),
      })
      setupRef.current = setup
      viewRef.current = view
      setReady(true)
      if (hadFocus) view.focus()
    })
    return () => {
      cancelled = true
      view?.destroy()
      viewRef.current = null
    }
  }, [])

  useEffect(() => {
    latest.current.diagnostics = diagnostics
    if (viewRef.current && setupRef.current) setupRef.current.showDiagnostics(viewRef.current, diagnostics)
  }, [diagnostics, ready])

  useEffect(() => {
    Object.assign(latest.current, { label, readOnly })
    if (viewRef.current && setupRef.current) setupRef.current.reconfigure(viewRef.current, label, readOnly, hintId)
  }, [label, readOnly, hintId, ready])

  useImperativeHandle(
    ref,
    () => ({
      jumpTo(line, column = 1) {
        const view = viewRef.current
        if (view && setupRef.current) return setupRef.current.jumpTo(view, line, column)
        // Before CodeMirror is there: the same place in the text area.
        const area = fallbackRef.current
        if (!area) return
        const lines = area.value.split('\n')
        const l = Math.min(Math.max(1, line), lines.length)
        const offset =
          lines.slice(0, l - 1).reduce((n, s) => n + s.length + 1, 0) + Math.min(Math.max(1, column), lines[l - 1]!.length + 1) - 1
        area.focus()
        area.setSelectionRange(offset, offset)
      },
      getValue: () => (viewRef.current ? viewRef.current.state.doc.toString() : latest.current.text),
      setValue(source) {
        const view = viewRef.current
        if (view && setupRef.current) return setupRef.current.replaceText(view, source)
        latest.current.text = source
        setFallbackText(source)
        latest.current.onChange(source)
      },
      focus: () => (viewRef.current ? viewRef.current.focus() : fallbackRef.current?.focus()),
    }),
    [],
  )

  return (
    <div className="yaml-editor">
      <p id={hintId} className="sr-only">
        {t('editor.hint')}
      </p>
      {!ready && (
        <>
          <textarea
            ref={fallbackRef}
            className="yaml-editor__fallback"
            aria-label={label}
            aria-describedby={hintId}
            value={fallbackText}
            readOnly={readOnly}
            spellCheck={false}
            onChange={(e) => {
              latest.current.text = e.target.value
              setFallbackText(e.target.value)
              latest.current.onChange(e.target.value)
            }}
          />
          <p className="yaml-editor__loading">{t('editor.loading')}</p>
        </>
      )}
      <div ref={hostRef} className="yaml-editor__host" />
    </div>
  )
})

export interface ProblemListProps {
  problems: EditorDiagnostic[]
  onJump(line: number, column: number): void
  emptyText: string
  label: string
}

/** The problems as a list of buttons, errors first then warnings, each jumping to its place. */
export function ProblemList({ problems, onJump, emptyText, label }: ProblemListProps) {
  const { t } = useTranslation()
  const sorted = [...problems].sort(
    (a, b) => Number(a.severity === 'warning') - Number(b.severity === 'warning') || a.line - b.line || a.column - b.column,
  )
  const errors = problems.filter((p) => p.severity === 'error').length
  return (
    <section className="problem-list" aria-label={label}>
      <p className="problem-list__summary" aria-live="polite">
        {problems.length ? t('editor.problems.summary', { errors, warnings: problems.length - errors }) : emptyText}
      </p>
      {sorted.length > 0 && (
        <ul>
          {sorted.map((p, i) => (
            <li key={`${p.line}:${p.column}:${p.field ?? ''}:${p.message}:${i}`}>
              <button type="button" className={`problem-list__item is-${p.severity}`} onClick={() => onJump(p.line, p.column)}>
                <span className="problem-list__severity">{t(`editor.problems.${p.severity}`)}</span>{' '}
                <span aria-hidden="true">
                  {p.line}:{p.column}
                </span>
                <span className="sr-only">{t('editor.problems.position', { line: p.line, column: p.column })}</span>
                {p.field && (
                  <>
                    {' '}
                    <code>{p.field}</code>
                  </>
                )}{' '}
                — {p.message}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
