import { createRequestHandler } from '@remix-run/express'
import type { ServerBuild } from '@remix-run/node'
import compression from 'compression'
import express from 'express'
// @ts-expect-error on-headers ships no types; it calls back just before the headers are written.
import onHeaders from 'on-headers'
import { isCrossSiteRequest } from './app/utils/csrf.server.ts'
import { getEnv } from './app/utils/env.server.ts'

declare module '@remix-run/node' {
  interface AppLoadContext {
    clientAddress: string
  }
}

// Stops here, naming the variable, when the environment is wrong.
const env = getEnv()

const viteDevServer =
  env.NODE_ENV === 'production'
    ? undefined
    : await import('vite').then((vite) => vite.createServer({ server: { middlewareMode: true } }))

const app = express()
app.disable('x-powered-by')
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

if (viteDevServer) {
  app.use(viteDevServer.middlewares)
} else {
  app.use('/assets', express.static('build/client/assets', { immutable: true, maxAge: '1y' }))
  // The few other public files, by name: a static lookup on every request costs a stat call.
  app.get('/favicon.svg', express.static('build/client', { maxAge: '1h' }))
}

app.use((req, res, next) => {
  res.set({
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'same-origin',
    'X-Frame-Options': 'DENY',
  })
  if (isCrossSiteRequest({ method: req.method, headers: { get: (n) => req.get(n) ?? null } })) {
    res.status(403).type('text/plain').send('Cross-site request refused')
    return
  }
  next()
})

const BUILD_PATH = './build/server/index.js'
const build = viteDevServer
  ? () => viteDevServer.ssrLoadModule('virtual:remix/server-build') as Promise<ServerBuild>
  : ((await import(/* @vite-ignore */ BUILD_PATH)) as ServerBuild)

app.all(
  '*',
  createRequestHandler({
    build,
    mode: env.NODE_ENV === 'production' ? 'production' : 'development',
    getLoadContext: (req) => ({ clientAddress: req.socket.remoteAddress ?? 'unknown' }),
  }),
)

const server = app.listen(env.PORT, () => {
  console.log(`Composure is serving on http://localhost:${env.PORT}`)
})

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    server.close(() => process.exit(0))
    setTimeout(() => process.exit(0), 3000).unref()
  })
}
