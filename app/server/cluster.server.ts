import cluster, { type Worker } from 'node:cluster'

// SERVERS=N runs N app processes on one machine behind one port: Node's cluster module, whose
// primary accepts the connections and hands them to the workers in turn. The primary serves
// nothing itself and never opens the database; every worker is a whole app server, as one on
// another machine would be (decision 017).

/** A worker that dies is replaced; one that fails before it ever served stops them all. */
export function runPrimary(count: number) {
  let stopping = false
  const serving = new Set<Worker>()
  const fork = () => {
    const worker = cluster.fork()
    worker.on('listening', () => serving.add(worker))
  }
  cluster.on('exit', (worker, code, signal) => {
    const served = serving.delete(worker)
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0)
      return
    }
    if (!served) {
      // The environment or the database is wrong: each worker said why (one line); say no more.
      stopping = true
      for (const w of Object.values(cluster.workers ?? {})) w?.kill()
      process.exit(code || 1)
    }
    console.error(`App server ${worker.process.pid} ended (${signal ?? `exit ${code}`}); starting another.`)
    setTimeout(fork, 500)
  })
  for (let i = 0; i < count; i++) fork()
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      stopping = true
      for (const w of Object.values(cluster.workers ?? {})) w?.process.kill(signal)
      setTimeout(() => process.exit(0), 5000).unref()
    })
  }
}
