// Runs a suite on both engines at once: SQLite, and a real PostgreSQL (decision 017). The
// PostgreSQL side uses TEST_DATABASE_URL when set, else a throwaway server (scripts/pg-server.ts).
//   tsx scripts/test-engines.ts integration   vitest: every test on SQLite, the integration tests on PostgreSQL
//   tsx scripts/test-engines.ts e2e            Playwright on each engine (the production build must exist)
// Each line of output is prefixed with its engine; the exit code is non-zero if either failed.
import { spawn } from 'node:child_process'
import readline from 'node:readline'
import { ensureDatabase, startTemporaryPostgres, type TemporaryPostgres } from './pg-server.ts'

const suite = process.argv[2]
if (suite !== 'integration' && suite !== 'e2e') {
  console.error('Usage: tsx scripts/test-engines.ts integration|e2e [-- extra arguments for the runner]')
  process.exit(2)
}
const extra = process.argv.slice(3).filter((a) => a !== '--')

let temporary: TemporaryPostgres | null = null
let serverUrl = process.env.TEST_DATABASE_URL
try {
  if (!serverUrl) {
    temporary = await startTemporaryPostgres()
    serverUrl = temporary.url
    console.log(`[postgres] a throwaway PostgreSQL server on port ${temporary.port}`)
  }
} catch (error) {
  console.error((error as Error).message)
  process.exit(1)
}

interface Run {
  engine: 'sqlite' | 'postgres'
  command: string
  args: string[]
  env: Record<string, string>
}

const runs: Run[] =
  suite === 'integration'
    ? [
        { engine: 'sqlite', command: 'npx', args: ['vitest', 'run', ...extra], env: { TEST_DATABASE_URL: '', DATABASE_URL: '' } },
        {
          engine: 'postgres',
          command: 'npx',
          args: ['vitest', 'run', 'tests/integration', ...extra],
          env: { TEST_DATABASE_URL: serverUrl, DATABASE_URL: '' },
        },
      ]
    : [
        { engine: 'sqlite', command: 'npx', args: ['playwright', 'test', ...extra], env: { E2E_DATABASE_URL: '', DATABASE_URL: '' } },
        {
          engine: 'postgres',
          command: 'npx',
          args: ['playwright', 'test', ...extra],
          env: { E2E_DATABASE_URL: await ensureDatabase(serverUrl, 'composure_e2e'), DATABASE_URL: '' },
        },
      ]

function run({ engine, command, args, env }: Run): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { env: { ...process.env, ...env, FORCE_COLOR: '0' }, stdio: ['ignore', 'pipe', 'pipe'] })
    const tag = `[${engine}] `
    for (const stream of [child.stdout, child.stderr])
      readline.createInterface({ input: stream }).on('line', (line) => console.log(tag + line))
    child.on('close', (code) => resolve(code ?? 1))
  })
}

const started = Date.now()
const codes = await Promise.all(runs.map(run))
await temporary?.stop()
const seconds = Math.round((Date.now() - started) / 1000)
const summary = runs.map((r, i) => `${r.engine} ${codes[i] === 0 ? 'passed' : `FAILED (exit ${codes[i]})`}`).join(', ')
console.log(`${suite} on both engines in ${seconds} s: ${summary}`)
process.exit(codes.every((c) => c === 0) ? 0 : 1)
