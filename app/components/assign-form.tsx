import { Form, useNavigation } from '@remix-run/react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Field } from './ui/field.tsx'

export interface AssignFormOptions {
  clientId: string
  certifications: { id: string; title: string; modules: { id: string; title: string }[] }[]
  modules: { id: string; title: string }[]
  scenarios: { id: string; title: string; difficulty: number }[]
  minDate: string
  maxDate: string
  defaultDate: string
}

export interface AssignFormResult {
  ok: boolean
  errors?: Record<string, string>
  values?: Record<string, string | string[]>
  stored?: number
  agents?: number
}

type Kind = 'refresher' | 'module' | 'scenario'

/**
 * A lead sets work with a due date and a reason: a refresher (quizzes and scenarios again), a
 * module or a scenario. `target` says for whom (hidden fields: one agent, or the dashboard's
 * filter). Refused input stays in the form; a fresh client id per form makes a resend count once.
 */
export function AssignForm({
  options: o,
  result,
  target,
  title,
  intro,
  idPrefix,
  open,
}: {
  options: AssignFormOptions
  result: AssignFormResult | undefined
  target: Record<string, string>
  title: string
  intro: string
  idPrefix: string
  open?: boolean
}) {
  const { t } = useTranslation()
  const navigation = useNavigation()
  const values = result && !result.ok ? (result.values ?? {}) : {}
  const errors = result?.errors ?? {}
  const [kind, setKind] = useState<Kind>((values.kind as Kind | undefined) ?? 'refresher')
  const [certificationId, setCertificationId] = useState(String(values.certificationId ?? o.certifications[0]?.id ?? ''))
  const certification = o.certifications.find((c) => c.id === certificationId) ?? o.certifications[0]
  const chosen = (name: string, id: string) => [values[name] ?? []].flat().includes(id)
  const id = (name: string) => `${idPrefix}-${name}`
  const busy = navigation.state === 'submitting' && navigation.formData?.get('intent') === 'assign'
  return (
    <details className="card assign" open={open || Boolean(result)}>
      <summary>{title}</summary>
      <p className="muted">{intro}</p>
      {result?.ok && (
        <p className="alert ok" role="status">
          {t('assign.done', { stored: result.stored ?? 0, agents: result.agents ?? 0 })}
        </p>
      )}
      {errors.form && (
        <p className="alert error" role="alert">
          {t(errors.form)}
        </p>
      )}
      <Form method="post" className="stack" noValidate key={o.clientId}>
        <input type="hidden" name="intent" value="assign" />
        <input type="hidden" name="clientId" value={o.clientId} />
        {Object.entries(target).map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
        <fieldset>
          <legend>{t('assign.kind')}</legend>
          <div className="checks">
            {(['refresher', 'module', 'scenario'] as const).map((k) => (
              <label key={k} className="choice">
                <input type="radio" name="kind" value={k} checked={kind === k} onChange={() => setKind(k)} />
                <span>{t(`assign.kinds.${k}`)}</span>
              </label>
            ))}
          </div>
        </fieldset>
        {kind === 'refresher' && certification && (
          <>
            <div className="field">
              <label htmlFor={id('certification')}>{t('assign.certification')}</label>
              <select
                id={id('certification')}
                name="certificationId"
                value={certification.id}
                onChange={(e) => setCertificationId(e.target.value)}
              >
                {o.certifications.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.title}
                  </option>
                ))}
              </select>
              <span className="hint">{t('assign.holderHint')}</span>
            </div>
            <fieldset aria-describedby={errors.quiz ? id('items-error') : undefined}>
              <legend>{t('cert.assign.quizzes')}</legend>
              <div className="checks">
                {certification.modules.map((m) => (
                  <label key={m.id} className="choice">
                    <input type="checkbox" name="quiz" value={m.id} defaultChecked={chosen('quiz', m.id)} />
                    <span>{m.title}</span>
                  </label>
                ))}
              </div>
            </fieldset>
            <fieldset aria-describedby={errors.quiz ? id('items-error') : undefined}>
              <legend>{t('cert.assign.scenarios')}</legend>
              <div className="checks">
                {o.scenarios.map((s) => (
                  <label key={s.id} className="choice">
                    <input type="checkbox" name="scenario" value={s.id} defaultChecked={chosen('scenario', s.id)} />
                    <span>
                      {s.title} <span className="muted">· {t(`practice.difficulty.${s.difficulty as 1 | 2 | 3}`)}</span>
                    </span>
                  </label>
                ))}
              </div>
            </fieldset>
            {errors.quiz && (
              <p className="field-error" id={id('items-error')} role="alert">
                {t(errors.quiz)}
              </p>
            )}
          </>
        )}
        {kind === 'module' && (
          <div className="field">
            <label htmlFor={id('module')}>{t('assign.module')}</label>
            <select
              id={id('module')}
              name="moduleId"
              defaultValue={String(values.moduleId ?? '')}
              aria-invalid={errors.moduleId ? true : undefined}
            >
              {o.modules.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.title}
                </option>
              ))}
            </select>
            {errors.moduleId && (
              <p className="field-error" role="alert">
                {t(errors.moduleId)}
              </p>
            )}
          </div>
        )}
        {kind === 'scenario' && (
          <div className="field">
            <label htmlFor={id('scenario')}>{t('assign.scenario')}</label>
            <select
              id={id('scenario')}
              name="scenarioId"
              defaultValue={String(values.scenarioId ?? '')}
              aria-invalid={errors.scenarioId ? true : undefined}
            >
              {o.scenarios.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.title} · {t(`practice.difficulty.${s.difficulty as 1 | 2 | 3}`)}
                </option>
              ))}
            </select>
            {errors.scenarioId && (
              <p className="field-error" role="alert">
                {t(errors.scenarioId)}
              </p>
            )}
          </div>
        )}
        <Field
          id={id('due')}
          label={t('cert.assign.dueDate')}
          type="date"
          name="dueDate"
          min={o.minDate}
          max={o.maxDate}
          defaultValue={String(values.dueDate ?? o.defaultDate)}
          error={errors.dueDate && t(errors.dueDate)}
        />
        <Field
          id={id('reason')}
          label={t('assign.reason')}
          name="reason"
          defaultValue={String(values.reason ?? '')}
          hint={t('cert.assign.noteHint')}
          error={errors.reason && t(errors.reason)}
        />
        <div>
          <button className="primary" type="submit" disabled={busy}>
            {t('assign.submit')}
          </button>
        </div>
      </Form>
    </details>
  )
}
