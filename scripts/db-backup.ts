// An online, consistent backup of the database while the server keeps serving: SQLite's backup
// API copies every committed page, the WAL included (copying the file alone loses what is still
// in the WAL). The copy is checked with PRAGMA integrity_check before it is reported.
//   npm run db:backup [-- --out FILE]        default ./backups/composure-<UTC time>.db
import fs from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import Database from 'better-sqlite3'
import { getEnv } from '#app/utils/env.server.ts'

const { values } = parseArgs({ options: { out: { type: 'string' } }, strict: true })
const source = getEnv().DATABASE_PATH
if (!fs.existsSync(source)) {
  console.error(`no database at ${source} (DATABASE_PATH)`)
  process.exit(1)
}
const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '').replace('T', '-')
const out = path.resolve(values.out ?? `backups/composure-${stamp}.db`)
fs.mkdirSync(path.dirname(out), { recursive: true, mode: 0o700 })
if (fs.existsSync(out)) {
  console.error(`${out} exists already: choose another --out`)
  process.exit(1)
}
const started = Date.now()
const db = new Database(source, { readonly: true, fileMustExist: true })
db.pragma('busy_timeout = 5000')
await db.backup(out)
db.close()
fs.chmodSync(out, 0o600)
const copy = new Database(out)
// One self-contained file: no WAL beside it.
copy.pragma('journal_mode = DELETE')
const check = copy.pragma('integrity_check', { simple: true })
const events = (copy.prepare("select count(*) as n from sqlite_master where name = 'roleplay_events'").get() as { n: number }).n
  ? (copy.prepare('select count(*) as n from roleplay_events').get() as { n: number }).n
  : 0
copy.close()
if (check !== 'ok') {
  console.error(`the backup ${out} failed its integrity check: ${check}`)
  process.exit(1)
}
console.log(
  `backed up ${source} to ${out} (${(fs.statSync(out).size / 1024).toFixed(0)} KB, ${events} role-play events) in ${Date.now() - started} ms; integrity_check ok`,
)
