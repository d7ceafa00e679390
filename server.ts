// The app server: Express in front of the Remix build (app/server/app.server.ts). SERVERS=N
// runs N of them on this machine behind one port (app/server/cluster.server.ts); behind a
// proxy, each machine runs its own.
import cluster from 'node:cluster'

const servers = Number(process.env.SERVERS ?? 1)
if (!Number.isInteger(servers) || servers < 1 || servers > 64) {
  console.error(`Invalid environment variables:\n  SERVERS: must be a whole number from 1 to 64 (got "${process.env.SERVERS}")`)
  process.exit(1)
}
if (cluster.isPrimary && servers > 1) {
  const { runPrimary } = await import('./app/server/cluster.server.ts')
  runPrimary(servers)
} else {
  await import('./app/server/app.server.ts')
}
