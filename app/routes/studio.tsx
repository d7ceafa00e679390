import type { LoaderFunctionArgs } from '@remix-run/node'
import { NavLink, Outlet, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { can } from '#app/domain/permissions.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { forbidden } from '#app/utils/http.ts'

/** The studio's frame. Each page below checks its own permission as well: loaders run in parallel. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const scenarios = can(user, 'manage', 'scenario')
  const reviews = can(user, 'manage', 'roleplay-attempt')
  if (!scenarios && !reviews) throw forbidden()
  return { scenarios, reviews }
}

export default function Studio() {
  const { scenarios, reviews } = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  return (
    <div className="stack studio">
      <nav className="studio-nav" aria-label={t('studio.nav.label')}>
        {scenarios && (
          <NavLink to="/studio" end>
            {t('studio.nav.library')}
          </NavLink>
        )}
        {scenarios && <NavLink to="/studio/inbox">{t('studio.nav.inbox')}</NavLink>}
        {reviews && <NavLink to="/studio/reviews">{t('studio.nav.reviews')}</NavLink>}
      </nav>
      <Outlet />
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
