import { Form, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Field } from './ui/field.tsx'

interface Options {
  certificationId: string
  clientId: string
  modules: { id: string; title: string }[]
  scenarios: { id: string; title: string; difficulty: number }[]
  minDate: string
  maxDate: string
  defaultDate: string
}

interface Result {
  ok: boolean
  errors: Record<string, string>
  values: Record<string, string | string[]>
}

/** A lead sets a refresher for one certification of one agent; the input stays when refused. */
export function AssignRefresherForm({ options: o, result }: { options: Options; result: Result | undefined }) {
  const { t } = useTranslation()
  const navigation = useNavigation()
  const values = result && !result.ok ? result.values : {}
  const errors = result?.errors ?? {}
  const chosen = (name: string, id: string) => [values[name] ?? []].flat().includes(id)
  const id = (name: string) => `${o.certificationId}-${name}`
  return (
    <details className="card assign" open={Boolean(result)}>
      <summary>{t('cert.assign.title')}</summary>
      <p className="muted">{t('cert.assign.intro')}</p>
      {result?.ok && (
        <p className="alert ok" role="status">
          {t('cert.assign.done')}
        </p>
      )}
      {errors.form && (
        <p className="alert error" role="alert">
          {t(errors.form)}
        </p>
      )}
      {/* A fresh client id per rendered form: a resent submission is stored once. */}
      <Form method="post" className="stack" noValidate key={o.clientId}>
        <input type="hidden" name="intent" value="assign-refresher" />
        <input type="hidden" name="certificationId" value={o.certificationId} />
        <input type="hidden" name="clientId" value={o.clientId} />
        <fieldset aria-describedby={errors.quiz ? id('items-error') : undefined}>
          <legend>{t('cert.assign.quizzes')}</legend>
          <div className="checks">
            {o.modules.map((m) => (
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
          id={id('note')}
          label={t('cert.assign.note')}
          name="note"
          defaultValue={String(values.note ?? '')}
          hint={t('cert.assign.noteHint')}
          error={errors.note && t(errors.note)}
        />
        <div>
          <button className="primary" type="submit" disabled={navigation.state === 'submitting'}>
            {t('cert.assign.submit')}
          </button>
        </div>
      </Form>
    </details>
  )
}
