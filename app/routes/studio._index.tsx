import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { useFormatDate } from '#app/components/dates.ts'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { Field } from '#app/components/ui/field.tsx'
import { ScenarioExistsError } from '#app/models/studio.server.ts'
import { RefusalMessage, type Refusal } from '#app/studio/components/refusal.tsx'
import { createFromTemplate, duplicateScenario, importScenario, StudioError, studioLibrary } from '#app/studio/library.server.ts'
import { countOpenInbox } from '#app/models/inbox.server.ts'
import { requirePermission } from '#app/utils/auth.server.ts'

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'manage', 'scenario')
  const [rows, inbox] = await Promise.all([studioLibrary(), countOpenInbox()])
  return { rows: rows.map((r) => ({ ...r, inbox: inbox.get(r.id) ?? 0 })) }
}

function refused(error: unknown, form: string) {
  if (error instanceof StudioError)
    return data({ form, refusal: { key: error.key, values: error.values, problems: error.problems } satisfies Refusal }, { status: 400 })
  if (error instanceof ScenarioExistsError) {
    const id = /"(.+)"/.exec(error.message)?.[1] ?? ''
    return data({ form, refusal: { key: 'exists', values: { id } } satisfies Refusal }, { status: 409 })
  }
  throw error
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, 'manage', 'scenario')
  const form = await request.formData()
  const intent = String(form.get('intent') ?? '')
  try {
    if (intent === 'create') {
      const id = await createFromTemplate(user, { id: String(form.get('id') ?? '').trim(), title: String(form.get('title') ?? '') })
      return redirect(`/studio/scenarios/${id}`)
    }
    if (intent === 'duplicate') {
      const id = await duplicateScenario(user, { from: String(form.get('from') ?? ''), id: String(form.get('id') ?? '').trim() })
      return redirect(`/studio/scenarios/${id}`)
    }
    if (intent === 'import') {
      const file = form.get('file')
      if (!(file instanceof File) || file.size === 0) throw new StudioError('notYaml', 'choose a .yaml file', [], { file: '' })
      const id = await importScenario(user, { fileName: file.name, source: await file.text() })
      return redirect(`/studio/scenarios/${id}?imported=1`)
    }
  } catch (error) {
    return refused(error, intent)
  }
  throw new Response('Unknown form', { status: 400 })
}

export const meta: MetaFunction = () => [{ title: '剧本工作室 · 从容 Composure' }]

export default function StudioLibrary() {
  const { rows } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const navigation = useNavigation()
  const busy = navigation.state !== 'idle'
  const { t } = useTranslation()
  const formatDate = useFormatDate()
  const refusalFor = (form: string) => (result && result.form === form ? <RefusalMessage refusal={result.refusal} /> : null)
  return (
    <div className="stack">
      <h1>{t('studio.library.heading')}</h1>
      <p className="muted">{t('studio.library.intro')}</p>
      <div className="table-wrap">
        <table className="data">
          <thead>
            <tr>
              <th scope="col">{t('studio.library.scenario')}</th>
              <th scope="col">{t('studio.library.live')}</th>
              <th scope="col">{t('studio.library.draft')}</th>
              <th scope="col">{t('studio.library.origin')}</th>
              <th scope="col">{t('studio.library.inbox')}</th>
              <th scope="col">{t('common.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id}>
                <th scope="row">
                  {r.title}
                  <br />
                  <code className="muted">{r.id}</code>
                </th>
                <td>{r.liveVersion === null ? t('studio.library.notPublished') : `v${r.liveVersion}`}</td>
                <td>
                  {r.draft
                    ? t('studio.library.draftSaved', { revision: r.draft.revision, date: formatDate(r.draft.updatedAt) })
                    : t('studio.library.noDraft')}
                </td>
                <td>
                  {r.origin === 'shipped' ? t('studio.library.shipped') : t('studio.library.own')}
                  {r.edited && r.origin === 'shipped' && (
                    <>
                      <br />
                      <span className="studio-badge">{t('studio.library.editedHere')}</span>
                    </>
                  )}
                  {r.offeredVersion !== null && (
                    <>
                      <br />
                      <span className="studio-badge warn">{t('studio.library.offered', { version: r.offeredVersion })}</span>
                    </>
                  )}
                </td>
                <td>{r.inbox > 0 ? <Link to={`/studio/inbox?scenario=${r.id}`}>{r.inbox}</Link> : '0'}</td>
                <td>
                  <Link to={`/studio/scenarios/${r.id}`}>{t('studio.library.open')}</Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="studio-forms">
        <section className="card stack" aria-labelledby="new-heading">
          <h2 id="new-heading">{t('studio.library.newHeading')}</h2>
          {refusalFor('create')}
          <Form method="post" className="stack">
            <input type="hidden" name="intent" value="create" />
            <Field
              label={t('studio.library.newId')}
              name="id"
              required
              pattern="[a-z0-9]+(-[a-z0-9]+)*"
              hint={t('studio.library.newIdHint')}
            />
            <Field label={t('studio.library.newTitle')} name="title" required maxLength={60} />
            <button type="submit" className="button" disabled={busy}>
              {t('studio.library.create')}
            </button>
          </Form>
        </section>
        <section className="card stack" aria-labelledby="duplicate-heading">
          <h2 id="duplicate-heading">{t('studio.library.duplicateHeading')}</h2>
          {refusalFor('duplicate')}
          <Form method="post" className="stack">
            <input type="hidden" name="intent" value="duplicate" />
            <div className="field">
              <label htmlFor="duplicate-from">{t('studio.library.duplicateFrom')}</label>
              <select id="duplicate-from" name="from" required>
                {rows.map((r) => (
                  <option key={r.id} value={r.id}>
                    {r.title}（{r.id}）
                  </option>
                ))}
              </select>
            </div>
            <Field
              label={t('studio.library.duplicateId')}
              name="id"
              required
              pattern="[a-z0-9]+(-[a-z0-9]+)*"
              hint={t('studio.library.newIdHint')}
            />
            <button type="submit" className="button secondary" disabled={busy}>
              {t('studio.library.duplicate')}
            </button>
          </Form>
        </section>
        <section className="card stack" aria-labelledby="import-heading">
          <h2 id="import-heading">{t('studio.library.importHeading')}</h2>
          {refusalFor('import')}
          <Form method="post" encType="multipart/form-data" className="stack">
            <input type="hidden" name="intent" value="import" />
            <div className="field">
              <label htmlFor="import-file">{t('studio.library.importFile')}</label>
              <input id="import-file" type="file" name="file" accept=".yaml,.yml" required aria-describedby="import-hint" />
              <span className="hint" id="import-hint">
                {t('studio.library.importHint')}
              </span>
            </div>
            <button type="submit" className="button secondary" disabled={busy}>
              {t('studio.library.import')}
            </button>
          </Form>
        </section>
      </div>
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
