import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { VerifyResult } from '#app/components/verify-result.tsx'
import { verifyUpload } from '#app/certification/certificates.server.ts'
import { formatCode, isCode, normalizeCode } from '#app/certification/codes.ts'

const MAX_UPLOAD = 64 * 1024

/** Public. A typed code goes to its page; a bad one is said so here, with what was typed. */
export async function loader({ request }: LoaderFunctionArgs) {
  const typed = new URL(request.url).searchParams.get('code')
  if (typed === null) return { typed: '', error: null }
  const code = normalizeCode(typed)
  if (!isCode(code)) return data({ typed, error: 'badCode' as const }, { status: 400 })
  throw redirect(`/verify/${formatCode(code)}`)
}

type UploadError = 'noFile' | 'fileTooLarge' | 'notJson'

/** Public. An uploaded credential: its signature, then the certificate's state today. */
export async function action({ request }: ActionFunctionArgs) {
  const now = new Date()
  const fail = (error: UploadError, status = 400) => data({ error, check: null, checkedAt: now.toISOString() }, { status })
  if (Number(request.headers.get('Content-Length') ?? 0) > MAX_UPLOAD + 4096) return fail('fileTooLarge', 413)
  // A chunked upload has no Content-Length: the server has read it whole (at most 1 MB), and the
  // file's own size is checked below. A body that is not a form is refused, not a 500.
  let form: FormData
  try {
    form = await request.formData()
  } catch {
    return fail('noFile')
  }
  const file = form.get('credential')
  if (!(file instanceof File) || file.size === 0) return fail('noFile')
  if (file.size > MAX_UPLOAD) return fail('fileTooLarge', 413)
  let json: unknown
  try {
    json = JSON.parse(await file.text())
  } catch {
    return fail('notJson')
  }
  const check = await verifyUpload(json, now)
  return data({ error: null, check, checkedAt: now.toISOString() }, { status: check.ok ? 200 : 422 })
}

export const meta: MetaFunction = () => [{ title: '证书核验 · 从容 Composure' }, { name: 'robots', content: 'noindex' }]

export default function Verify() {
  const { typed, error } = useLoaderData<typeof loader>()
  const upload = useActionData<typeof action>()
  const navigation = useNavigation()
  const { t } = useTranslation()
  const check = upload?.check
  return (
    <div className="stack" style={{ maxWidth: 640, margin: '0 auto' }}>
      <h1>{t('cert.verify.title')}</h1>
      <p className="muted">{t('cert.verify.intro')}</p>

      <Form method="get" className="card" noValidate>
        <div className="field">
          <label htmlFor="code">{t('cert.verify.code')}</label>
          <input
            id="code"
            name="code"
            defaultValue={typed}
            autoComplete="off"
            spellCheck={false}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? 'code-hint code-error' : 'code-hint'}
          />
          <span className="hint" id="code-hint">
            {t('cert.verify.codeHint')}
          </span>
          {error && (
            <p className="field-error" id="code-error" role="alert">
              {t('cert.verify.badCode')}
            </p>
          )}
        </div>
        <button className="primary" type="submit">
          {t('cert.verify.check')}
        </button>
      </Form>

      <p className="muted" style={{ textAlign: 'center' }}>
        {t('cert.verify.or')}
      </p>

      <Form method="post" encType="multipart/form-data" className="card" noValidate>
        <div className="field">
          <label htmlFor="credential">{t('cert.verify.upload')}</label>
          <input id="credential" name="credential" type="file" accept=".json,application/json,application/ld+json" />
        </div>
        <button className="primary" type="submit" disabled={navigation.state === 'submitting'}>
          {t('cert.verify.uploadCheck')}
        </button>
      </Form>

      {upload?.error && (
        <p className="alert error" role="alert">
          {t(`cert.verify.${upload.error}`)}
        </p>
      )}
      {check && !check.ok && (
        <p className="alert error" role="alert">
          {check.reason === 'malformed'
            ? t('cert.verify.malformed', { detail: check.detail })
            : check.reason === 'not-ours'
              ? t('cert.verify.notOurs')
              : t('cert.verify.badSignature')}
        </p>
      )}
      {check?.ok && (
        <>
          <p className="alert ok" role="status">
            {t('cert.verify.signatureOk')}
          </p>
          {check.status ? (
            <VerifyResult result={check.status} checkedAt={upload?.checkedAt ?? ''} />
          ) : (
            <p className="alert error" role="alert">
              {t('cert.verify.notFound', { code: check.code })}
            </p>
          )}
        </>
      )}
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
