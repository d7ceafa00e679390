// Copies an installation's SQLite database into an empty PostgreSQL one (decision 016):
//   npm run db:copy -- --to postgres://user@host:5432/composure [--from ./data/composure.db] [--force] [--batch 500] [--replay all|N]
// It applies the PostgreSQL migrations (db/migrations-pg), copies every table in foreign-key
// order, one transaction per batch of rows, with a progress bar; then checks that every table
// holds as many rows as the source and that replaying role-play attempts from their stored
// events, read back from PostgreSQL, gives the stored scores. A database that already holds
// rows is refused unless --force, which empties it first (in one transaction).
import fs from 'node:fs'
import Database from 'better-sqlite3'
import { getTableConfig, type SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core'
import { is } from 'drizzle-orm'
import { drizzle } from 'drizzle-orm/node-postgres'
import { migrate } from 'drizzle-orm/node-postgres/migrator'
import pg from 'pg'
import * as schema from '#db/schema.ts'
import { installToneModel } from '#app/judge/tone-model.server.ts'
import { toLoggedEvent } from '#app/models/roleplay.server.ts'
import { replay } from '#app/roleplay/run.ts'
import type { Mode, Scenario } from '#app/roleplay/engine.ts'
import { scenarioFromDefinition, type ScenarioDefinition } from '#app/roleplay/validate.ts'
import { Progress } from './progress.ts'

const args = process.argv.slice(2)
const option = (name: string) => {
  const i = args.indexOf(`--${name}`)
  return i >= 0 ? args[i + 1] : undefined
}
const fail = (message: string): never => {
  console.error(message)
  process.exit(1)
}
const TO = option('to') ?? fail('Say where to copy to: npm run db:copy -- --to postgres://user@host:5432/db')
const FROM = option('from') ?? process.env.DATABASE_PATH ?? './data/composure.db'
const BATCH = Number(option('batch') ?? 500)
const REPLAY = option('replay') ?? 'all'
if (!fs.existsSync(FROM)) fail(`No SQLite database at ${FROM} (--from FILE).`)
let target: URL
try {
  target = new URL(TO)
  if (!/^postgres(ql)?:$/.test(target.protocol)) throw new Error()
} catch {
  fail(`--to must be a postgres:// URL, not "${TO}".`)
}
const where = `${target!.hostname}:${target!.port || 5432}${target!.pathname}`

const source = new Database(FROM, { readonly: true, fileMustExist: true })
// The source must be at this version's schema: set-up migrates it (the copy never writes to it).
const journal = JSON.parse(fs.readFileSync('db/migrations/meta/_journal.json', 'utf8')) as { entries: unknown[] }
const applied = (() => {
  try {
    return (source.prepare('select count(*) as n from __drizzle_migrations').get() as { n: number }).n
  } catch {
    return 0
  }
})()
if (applied !== journal.entries.length)
  fail(`${FROM} is at migration ${applied} of ${journal.entries.length}: run npm run setup on it first (with DATABASE_PATH=${FROM}).`)
const pool = new pg.Pool({ connectionString: TO, max: 2 })
try {
  await pool.query('select 1')
} catch (error) {
  fail(`Cannot reach PostgreSQL at ${where}: ${(error as Error).message}`)
}
const db = drizzle(pool)

// The tables, parents before children (foreign keys), and how each column's values travel.
const tables = (Object.values(schema) as unknown[]).filter((t): t is SQLiteTable => is(t, SQLiteTable)).map((t) => getTableConfig(t))
const ordered: typeof tables = []
const placed = new Set<string>()
while (ordered.length < tables.length) {
  const next = tables.filter(
    (t) =>
      !placed.has(t.name) &&
      t.foreignKeys.every((f) => {
        const parent = getTableConfig(f.reference().foreignTable).name
        return parent === t.name || placed.has(parent)
      }),
  )
  if (next.length === 0) fail('The schema has a cycle of foreign keys: no order to copy in.')
  for (const t of next.sort((a, b) => a.name.localeCompare(b.name))) {
    ordered.push(t)
    placed.add(t.name)
  }
}
const convert = (c: SQLiteColumn) => {
  switch (c.columnType) {
    case 'SQLiteTimestamp':
      return (v: unknown) => (v === null ? null : new Date(Number(v)))
    case 'SQLiteBoolean':
      return (v: unknown) => (v === null ? null : v === 1 || v === true)
    default:
      return (v: unknown) => v
  }
}
const quote = (name: string) => `"${name.replace(/"/g, '""')}"`

console.error(`Copying ${FROM} into PostgreSQL at ${where}…`)
await migrate(db, { migrationsFolder: 'db/migrations-pg' })

// Refuse to overwrite what is there, unless told.
const held: { table: string; rows: number }[] = []
for (const t of ordered) {
  const { rows } = await pool.query(`select count(*)::int as n from ${quote(t.name)}`)
  if (rows[0].n > 0) held.push({ table: t.name, rows: rows[0].n })
}
if (held.length && !args.includes('--force')) {
  fail(
    `PostgreSQL at ${where} already holds ${held.reduce((a, h) => a + h.rows, 0)} rows in ${held.length} tables (${held
      .slice(0, 4)
      .map((h) => h.table)
      .join(', ')}…): nothing copied. Run again with --force to empty it and copy.`,
  )
}
if (held.length) {
  await pool.query(`truncate ${ordered.map((t) => quote(t.name)).join(', ')} restart identity cascade`)
  console.error(`--force: emptied ${held.length} tables first.`)
}

const counts = new Map<string, number>()
for (const t of ordered) counts.set(t.name, (source.prepare(`select count(*) as n from ${quote(t.name)}`).get() as { n: number }).n)
const total = [...counts.values()].reduce((a, b) => a + b, 0)
const bar = new Progress('copy', total)
let copied = 0
for (const t of ordered) {
  const columns = t.columns
  const converters = columns.map(convert)
  const identity = columns.some((c) => (c as { autoIncrement?: boolean }).autoIncrement)
  const names = columns.map((c) => quote(c.name)).join(', ')
  const read = source.prepare(`select ${names} from ${quote(t.name)} order by rowid`).raw(true)
  let batch: unknown[][] = []
  const flush = async () => {
    if (!batch.length) return
    const values: unknown[] = []
    const tuples = batch.map((row) => `(${row.map((v, i) => (values.push(converters[i]!(v)), `$${values.length}`)).join(', ')})`)
    const client = await pool.connect()
    try {
      await client.query('begin')
      await client.query(
        `insert into ${quote(t.name)} (${names}) ${identity ? 'overriding system value ' : ''}values ${tuples.join(', ')}`,
        values,
      )
      await client.query('commit')
    } catch (error) {
      await client.query('rollback')
      fail(
        `Copying ${t.name} stopped at rows ${copied + 1}–${copied + batch.length} of the copy: ${(error as Error).message}. ` +
          'The batches before it are in PostgreSQL; run again with --force to start over.',
      )
    } finally {
      client.release()
    }
    copied += batch.length
    bar.update(copied, copied)
    batch = []
  }
  // A batch's parameters stay under PostgreSQL's 65,535 per statement.
  const rowsPerBatch = Math.max(1, Math.min(BATCH, Math.floor(60_000 / columns.length)))
  for (const row of read.iterate() as Iterable<unknown[]>) {
    batch.push(row)
    if (batch.length >= rowsPerBatch) await flush()
  }
  await flush()
  if (identity) {
    const key = columns.find((c) => (c as { autoIncrement?: boolean }).autoIncrement)!
    await pool.query(
      `select setval(pg_get_serial_sequence($1, $2), coalesce((select max(${quote(key.name)}) from ${quote(t.name)}), 0) + 1, false)`,
      [t.name, key.name],
    )
  }
}
const seconds = bar.finish(total, copied)

// Verify: the same number of rows in every table.
const mismatched: string[] = []
for (const t of ordered) {
  const { rows } = await pool.query(`select count(*)::int as n from ${quote(t.name)}`)
  if (rows[0].n !== counts.get(t.name)) mismatched.push(`${t.name}: ${counts.get(t.name)} in SQLite, ${rows[0].n} in PostgreSQL`)
}

// Verify: role-plays replayed from the events as PostgreSQL holds them score as stored.
installToneModel()
const scenarios = new Map<string, Scenario>()
const { rows: attempts } = await pool.query(
  `select id, scenario_id, scenario_version, seed, mode, total, passed from roleplay_attempts where status = 'finished' order by id${
    REPLAY === 'all' ? '' : ` limit ${Math.max(0, Number(REPLAY) || 0)}`
  }`,
)
const replayBar = new Progress('replay', attempts.length)
let agree = 0
const disagree: string[] = []
for (const [i, a] of attempts.entries()) {
  const key = `${a.scenario_id}@${a.scenario_version}`
  let scenario = scenarios.get(key)
  if (!scenario) {
    const { rows } = await pool.query('select definition from scenario_versions where scenario_id = $1 and version = $2', [
      a.scenario_id,
      a.scenario_version,
    ])
    if (!rows[0]) {
      disagree.push(`${a.id}: no scenario ${key}`)
      continue
    }
    scenario = scenarioFromDefinition(rows[0].definition as ScenarioDefinition)
    scenarios.set(key, scenario)
  }
  const { rows: events } = await pool.query(
    'select kind, text, choice, latency_ms as "latencyMs" from roleplay_events where attempt_id = $1 order by seq',
    [a.id],
  )
  const state = replay(scenario, { seed: a.seed, mode: a.mode as Mode }, events.map(toLoggedEvent))
  if (state.score.total === a.total && state.score.passed === a.passed) agree++
  else disagree.push(`${a.id}: stored ${a.total} ${a.passed ? 'pass' : 'fail'}, replayed ${state.score.total}`)
  replayBar.update(i + 1, agree)
}
replayBar.finish(attempts.length, agree)
await pool.end()
source.close()

console.log(`\nCopied ${copied.toLocaleString('en-US')} rows in ${ordered.length} tables in ${seconds.toFixed(1)} s.`)
console.log(mismatched.length ? `Row counts differ:\n  ${mismatched.join('\n  ')}` : 'Row counts: every table matches.')
console.log(
  `Replay: ${agree} of ${attempts.length} finished role-plays score as stored${disagree.length ? `; not: ${disagree.slice(0, 5).join('; ')}` : '.'}`,
)
if (mismatched.length || disagree.length) process.exit(1)
