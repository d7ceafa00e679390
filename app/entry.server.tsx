import { createReadableStreamFromReadable, type AppLoadContext, type EntryContext } from '@remix-run/node'
import { RemixServer } from '@remix-run/react'
import { createInstance } from 'i18next'
import { isbot } from 'isbot'
import { renderToPipeableStream } from 'react-dom/server'
import { I18nextProvider, initReactI18next } from 'react-i18next'
import { NonceContext } from './components/nonce.tsx'
import { i18nConfig } from './i18n.ts'
import { startCalendarSchedule } from './certification/calendar-job.server.ts'
import { loadCertifications } from './certification/certifications.server.ts'
import { getEnv } from './utils/env.server.ts'
import { loadScenarios } from './roleplay/scenarios.server.ts'
import { loadModules } from './utils/content.server.ts'
import { i18next } from './utils/i18n.server.ts'
import { createNulStripper } from './utils/strip-nul.server.ts'

// Fail at start-up, naming the file and field, when a module, scenario or certification is invalid.
loadModules()
loadScenarios()
loadCertifications()

// Due dates pass while nobody acts: every server runs the calendar job, one at a time by lease.
if (getEnv().NODE_ENV !== 'test') startCalendarSchedule(getEnv().CALENDAR_INTERVAL_MS)

const ABORT_DELAY = 5_000

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext?: AppLoadContext,
) {
  const nonce = loadContext?.cspNonce ?? ''
  const instance = createInstance()
  const lng = await i18next.getLocale(request)
  await instance.use(initReactI18next).init({ ...i18nConfig, lng })

  const callback = isbot(request.headers.get('user-agent') ?? '') ? 'onAllReady' : 'onShellReady'
  return new Promise((resolve, reject) => {
    let didError = false
    const { pipe, abort } = renderToPipeableStream(
      <NonceContext.Provider value={nonce}>
        <I18nextProvider i18n={instance}>
          <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
        </I18nextProvider>
      </NonceContext.Provider>,
      {
        nonce,
        [callback]: () => {
          const body = createNulStripper()
          responseHeaders.set('Content-Type', 'text/html; charset=utf-8')
          resolve(
            new Response(createReadableStreamFromReadable(body), {
              headers: responseHeaders,
              status: didError ? 500 : responseStatusCode,
            }),
          )
          pipe(body)
        },
        onShellError: reject,
        onError(error: unknown) {
          didError = true
          console.error(error)
        },
      },
    )
    setTimeout(abort, ABORT_DELAY + 1000)
  })
}

export function handleError(error: unknown, { request }: { request: Request }) {
  if (request.signal.aborted) return
  console.error(error)
}
