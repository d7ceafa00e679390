import { useTranslation } from 'react-i18next'
import type { SourceProblem } from '#app/domain/yaml-validate.ts'

export interface Refusal {
  key: string
  values?: Record<string, string | number>
  problems?: SourceProblem[]
}

/** Why the server refused a save, an import or a publish: the reason, then each problem at its place. */
export function RefusalMessage({ refusal, onJump }: { refusal: Refusal; onJump?: (line: number, column: number) => void }) {
  const { t } = useTranslation()
  return (
    <div className="alert error" role="alert">
      <p>{t(`studio.errors.${refusal.key}`, refusal.values ?? {})}</p>
      {refusal.problems && refusal.problems.length > 0 && (
        <ul className="problem-lines">
          {refusal.problems.map((p, i) => {
            const where = `${p.file}:${p.line}:${p.column}${p.field ? ` ${p.field}` : ''}`
            return (
              <li key={i}>
                {onJump ? (
                  <button type="button" className="link-button" onClick={() => onJump(p.line, p.column)}>
                    {where}
                  </button>
                ) : (
                  <code>{where}</code>
                )}{' '}
                {p.message}
              </li>
            )
          })}
        </ul>
      )}
    </div>
  )
}
