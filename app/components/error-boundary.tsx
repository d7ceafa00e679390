import { isRouteErrorResponse, Link, useRouteError } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

/** The one error view every route's ErrorBoundary uses. Never shows a stack trace. */
export function GeneralErrorBoundary() {
  const error = useRouteError()
  const { t } = useTranslation()
  const status = isRouteErrorResponse(error) ? error.status : 500
  const [title, body] =
    status === 404
      ? [t('errors.notFound'), t('errors.notFoundBody')]
      : status === 403
        ? [t('errors.forbidden'), t('errors.forbiddenBody')]
        : status === 503
          ? [t('errors.unavailable'), t('errors.unavailableBody')]
          : [t('errors.unexpected'), t('errors.unexpectedBody')]
  return (
    <section className="error-page card" role="alert" aria-labelledby="error-title">
      <p className="code" aria-hidden="true">
        {status}
      </p>
      <h1 id="error-title">{title}</h1>
      <p className="muted">{body}</p>
      <p>
        <Link className="button" to="/">
          {t('errors.home')}
        </Link>
      </p>
    </section>
  )
}
