import { createRequestHandler, writeReadableStreamToWritable, type ServerBuild } from '@remix-run/node'
import cluster from 'node:cluster'
import { randomBytes } from 'node:crypto'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import compression from 'compression'
import express from 'express'
// @ts-expect-error on-headers ships no types; it calls back just before the headers are written.
import onHeaders from 'on-headers'
import { isCrossSiteRequest } from '../utils/csrf.server.ts'
import { checkConnection, DatabaseUnreachable, isDatabaseUnavailable, rootCause } from '../utils/db.server.ts'
import { getEnv } from '../utils/env.server.ts'
import { MAX_FORM_FIELDS } from '../utils/forms.ts'

declare module '@remix-run/node' {
  interface AppLoadContext {
    clientAddress: string
    /** This response's Content-Security-Policy nonce, for the page's own scripts. */
    cspNonce?: string
  }
}

// Stops here, naming the variable, when the environment is wrong, and naming the host when the
// database server does not answer (one line each, no stack trace).
const env = getEnv()
try {
  await checkConnection()
} catch (error) {
  if (!(error instanceof DatabaseUnreachable)) throw error
  console.error(error.message)
  process.exit(1)
}

const viteDevServer =
  env.NODE_ENV === 'production' ? undefined : await import('vite').then((vite) => vite.createServer({ server: { middlewareMode: true } }))

const BODY_LIMIT = 1024 * 1024

/** Fields of a urlencoded body, counted without parsing it. */
function countFields(body: Buffer) {
  let n = body.length ? 1 : 0
  for (const byte of body) if (byte === 0x26) n++
  return n
}

function requestHeaders(incoming: import('node:http').IncomingHttpHeaders) {
  const headers = new Headers()
  for (const [key, value] of Object.entries(incoming)) {
    if (Array.isArray(value)) for (const v of value) headers.append(key, v)
    else if (value !== undefined) headers.set(key, value)
  }
  return headers
}

async function sendResponse(res: express.Response, response: Response) {
  res.statusMessage = response.statusText
  res.status(response.status)
  for (const [key, value] of response.headers.entries()) if (key !== 'set-cookie') res.append(key, value)
  for (const cookie of response.headers.getSetCookie()) res.append('Set-Cookie', cookie)
  if (response.body) await writeReadableStreamToWritable(response.body, res)
  else res.end()
}

const app = express()
app.disable('x-powered-by')
// Behind a reverse proxy, TRUST_PROXY says whose X-Forwarded-For to believe (hops or addresses).
if (env.trustProxy !== false) app.set('trust proxy', env.trustProxy)
// Route data (`.data`) answers are small and on the hot path of every reply: sent as they are.
app.use(compression({ filter: (req, res) => !req.path.endsWith('.data') && compression.filter(req, res) }))

// How long the server spent on each request, for browsers' dev tools and the benchmark.
app.use((_req, res, next) => {
  const started = process.hrtime.bigint()
  onHeaders(res, () => {
    const ms = Number(process.hrtime.bigint() - started) / 1e6
    res.setHeader('Server-Timing', `app;dur=${ms.toFixed(1)}`)
  })
  next()
})

// Security headers on every answer, static files included. In production a Content-Security-
// Policy allows only this site's scripts and the page's own, by a nonce made per request (the
// dev server's hot reload injects scripts of its own, so it runs without one).
app.use((req, res, next) => {
  const nonce = randomBytes(16).toString('base64')
  res.locals.cspNonce = nonce
  res.set({
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'same-origin',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
  })
  if (env.NODE_ENV === 'production') {
    res.set(
      'Content-Security-Policy',
      [
        "default-src 'self'",
        `script-src 'self' 'nonce-${nonce}'`,
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
      ].join('; '),
    )
    if (env.cookieSecure) res.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains')
  }
  if (
    isCrossSiteRequest(
      { method: req.method, headers: { get: (n) => req.get(n) ?? null } },
      { trustForwardedHost: env.trustProxy !== false },
    )
  ) {
    res.status(403).type('text/plain').send('Cross-site request refused')
    return
  }
  next()
})

if (viteDevServer) {
  app.use(viteDevServer.middlewares)
} else {
  app.use('/assets', express.static('build/client/assets', { immutable: true, maxAge: '1y' }))
  // The few other public files, by name: a static lookup on every request costs a stat call.
  app.get('/favicon.svg', express.static('build/client', { maxAge: '1h' }))
}

/** Seconds a client is asked to wait before retrying when the database is out of reach. */
const RETRY_AFTER = 5

type Handler = (...args: never[]) => unknown

/**
 * A loader or action that loses the database mid-way (a restart, a failover, the pool unable to
 * connect) answers 503 with Retry-After instead of 500: its transaction was not committed, so
 * nothing is half-written, and trying again is the right thing to do.
 */
function guardDatabase<F extends Handler | undefined>(handler: F): F {
  if (!handler) return handler
  return (async (...args: never[]) => {
    try {
      return await handler(...args)
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error
      // The driver's own words: drizzle's wrapper repeats the query's parameters, a session id among them.
      console.error(`Database unavailable (answered 503): ${rootCause(error).message}`)
      // Retry-After is added where every answer passes (below): Remix keeps a thrown response's status, not its headers.
      throw new Response('The database cannot be reached just now: try again in a few seconds.', { status: 503 })
    }
  }) as F
}

function withDatabaseGuard(build: ServerBuild): ServerBuild {
  const routes = Object.fromEntries(
    Object.entries(build.routes).map(([id, route]) => [
      id,
      { ...route, module: { ...route.module, loader: guardDatabase(route.module.loader), action: guardDatabase(route.module.action) } },
    ]),
  ) as ServerBuild['routes']
  return { ...build, routes }
}

const BUILD_PATH = pathToFileURL(path.resolve('build/server/index.js')).href
const build = viteDevServer
  ? () => (viteDevServer.ssrLoadModule('virtual:remix/server-build') as Promise<ServerBuild>).then(withDatabaseGuard)
  : withDatabaseGuard((await import(/* @vite-ignore */ BUILD_PATH)) as ServerBuild)

// Bodies are read whole, up to BODY_LIMIT (1 MB; chunked bodies are counted as they stream), before
// any route sees them: a bigger one is a 413 without being buffered, a form with more fields
// than any form of the app has is a 413 before it is parsed.
app.use(express.raw({ type: () => true, limit: BODY_LIMIT }))
app.use((req, res, next) => {
  const body = req.body as Buffer | undefined
  if (
    Buffer.isBuffer(body) &&
    /application\/x-www-form-urlencoded/i.test(req.get('content-type') ?? '') &&
    countFields(body) > MAX_FORM_FIELDS
  ) {
    res.status(413).type('text/plain').send(`A form may have at most ${MAX_FORM_FIELDS} fields`)
    return
  }
  next()
})

const handleRequest = createRequestHandler(build, env.NODE_ENV === 'production' ? 'production' : 'development')
app.all('*', async (req, res, next) => {
  try {
    const controller = new AbortController()
    res.on('close', () => !res.writableFinished && controller.abort())
    const body = req.body as Buffer | undefined
    const request = new Request(new URL(req.originalUrl, `${req.protocol}://${req.get('host') ?? 'localhost'}`), {
      method: req.method,
      headers: requestHeaders(req.headers),
      signal: controller.signal,
      ...(req.method !== 'GET' && req.method !== 'HEAD' && Buffer.isBuffer(body) && body.length ? { body: new Uint8Array(body) } : {}),
    })
    // The client's address: the socket's, or, behind a trusted proxy (TRUST_PROXY), the one it forwarded.
    const response = await handleRequest(request, {
      clientAddress: req.ip ?? req.socket.remoteAddress ?? 'unknown',
      cspNonce: String(res.locals.cspNonce),
    })
    // Pages and data are personal (the signed-in user's): never kept by a shared cache.
    if (!response.headers.has('Cache-Control')) response.headers.set('Cache-Control', 'no-store')
    // A loader or action that lost the database (guardDatabase): the page or data says so, and
    // the header tells clients and proxies when to try again.
    if (response.status === 503 && !response.headers.has('Retry-After')) response.headers.set('Retry-After', String(RETRY_AFTER))
    await sendResponse(res, response)
  } catch (error) {
    next(error)
  }
})

// Refused bodies (too large, aborted, malformed) answer in plain words; anything else is a 500.
app.use(
  (
    error: { status?: number; type?: string; message?: string },
    _req: express.Request,
    res: express.Response,
    next: express.NextFunction,
  ) => {
    if (res.headersSent) return next(error)
    const status = error.status && error.status >= 400 && error.status < 500 ? error.status : 500
    if (status === 500) console.error(error)
    res
      .status(status)
      .type('text/plain')
      .send(status === 413 ? 'Request body too large' : status === 500 ? 'Internal Server Error' : 'Bad request')
  },
)

const server = app.listen(env.PORT, () => {
  // In a cluster (SERVERS=N), the first worker speaks for all.
  if (!cluster.isWorker || cluster.worker?.id === 1)
    console.log(`Composure is serving on http://localhost:${env.PORT}${cluster.isWorker ? ` (${process.env.SERVERS} app servers)` : ''}`)
})

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    server.close(() => process.exit(0))
    setTimeout(() => process.exit(0), 3000).unref()
  })
}
