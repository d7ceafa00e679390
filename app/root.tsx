import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, Form, Links, Meta, NavLink, Outlet, Scripts, ScrollRestoration, useLocation, useRouteLoaderData } from '@remix-run/react'
import type { ShouldRevalidateFunction } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { useChangeLanguage } from 'remix-i18next/react'
import { GeneralErrorBoundary } from './components/error-boundary.tsx'
import { useNonce } from './components/nonce.tsx'
import { can } from './domain/permissions.ts'
import { isReplyResult } from './roleplay/reply-result.ts'
import styles from './styles/app.css?url'
import { getOptionalUser } from './utils/auth.server.ts'
import { getEnv } from './utils/env.server.ts'
import { i18next } from './utils/i18n.server.ts'

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: styles },
  { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
]

export async function loader({ request }: LoaderFunctionArgs) {
  const [locale, user] = await Promise.all([i18next.getLocale(request), getOptionalUser(request)])
  return {
    locale,
    timeZone: getEnv().TIMEZONE,
    user: user && {
      displayName: user.displayName,
      roles: user.roles,
      nav: {
        learn: can(user, 'use', 'learning'),
        // Those who learn hold certifications; leads and admins reach theirs through the team and user pages.
        certifications: can(user, 'use', 'learning'),
        practice: can(user, 'create', 'roleplay-attempt'),
        team: can(user, 'read', 'team'),
        trainer: can(user, 'read', 'content'),
        studio: can(user, 'manage', 'scenario'),
        admin: can(user, 'manage', 'user'),
      },
    },
  }
}

export const meta: MetaFunction = () => [{ title: '从容 Composure' }]

// A role-play reply, or the ping that a module was read to the end, changes nothing the root shows.
export const shouldRevalidate: ShouldRevalidateFunction = ({ actionResult, formData, defaultShouldRevalidate }) =>
  isReplyResult(actionResult) || formData?.get('intent') === 'reached-end' ? false : defaultShouldRevalidate

export const handle = { i18n: 'common' }

export function Layout({ children }: { children: React.ReactNode }) {
  const data = useRouteLoaderData<typeof loader>('root')
  const locale = data?.locale ?? 'zh'
  useChangeLanguage(locale)
  const { t } = useTranslation()
  const nonce = useNonce()
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <a className="skip-link" href="#main">
          {t('app.skipToContent')}
        </a>
        <Header user={data?.user ?? null} locale={locale} />
        <main id="main" tabIndex={-1}>
          {children}
        </main>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  )
}

type RootUser = NonNullable<Awaited<ReturnType<typeof loader>>['user']>

function Header({ user, locale }: { user: RootUser | null; locale: string }) {
  const other = locale === 'zh' ? 'en' : 'zh'
  const { t } = useTranslation()
  const location = useLocation()
  const here = location.pathname + location.search
  return (
    <header className="app-header">
      <div className="app-header__inner">
        <a className="brand" href="/">
          {t('app.name')} <small>{t('app.tagline')}</small>
        </a>
        {user ? (
          <nav className="app-nav" aria-label={t('nav.main')}>
            {user.nav.learn && <NavLink to="/learn">{t('nav.learn')}</NavLink>}
            {user.nav.certifications && <NavLink to="/certifications">{t('nav.certifications')}</NavLink>}
            {user.nav.practice && <NavLink to="/practice">{t('nav.practice')}</NavLink>}
            {user.nav.team && <NavLink to="/team">{t('nav.team')}</NavLink>}
            {user.nav.trainer && <NavLink to="/trainer">{t('nav.trainer')}</NavLink>}
            {user.nav.studio && <NavLink to="/studio">{t('nav.studio')}</NavLink>}
            {user.nav.admin && <NavLink to="/admin/users">{t('nav.adminUsers')}</NavLink>}
            {user.nav.admin && <NavLink to="/admin/teams">{t('nav.adminTeams')}</NavLink>}
          </nav>
        ) : (
          <span className="app-nav" />
        )}
        <div className="header-tools">
          <Form method="post" action="/language">
            <input type="hidden" name="redirectTo" value={here} />
            <button type="submit" name="lng" value={other} lang={other}>
              {t('nav.switchTo')}
            </button>
          </Form>
          {user && (
            <>
              <Link to="/account/password" className="header-link">
                {t('nav.signedInAs', { name: user.displayName })}
                <span className="sr-only"> · {t('account.link')}</span>
              </Link>
              <Form method="post" action="/logout">
                <button type="submit">{t('nav.logout')}</button>
              </Form>
            </>
          )}
        </div>
      </div>
    </header>
  )
}

export default function App() {
  return <Outlet />
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
