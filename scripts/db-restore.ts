// Restores a backup made by db:backup. The backup is checked first (integrity_check), then copied
// into the database by SQLite's backup API, page by page under SQLite's own locks, so even a
// server left running sees either the old database or the restored one, never a mix. Stop the
// server first all the same: it keeps some things in memory (the catalog, its prepared queries).
//   npm run db:restore -- FILE
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { getEnv } from '#app/utils/env.server.ts'

const file = process.argv[2]
if (!file || !fs.existsSync(file)) {
  console.error('usage: npm run db:restore -- BACKUP_FILE (made by npm run db:backup)')
  process.exit(2)
}
const backup = new Database(file, { readonly: true, fileMustExist: true })
const check = backup.pragma('integrity_check', { simple: true })
if (check !== 'ok') {
  console.error(`${file} fails its integrity check (${check}): not restored`)
  process.exit(1)
}
const target = path.resolve(getEnv().DATABASE_PATH)
fs.mkdirSync(path.dirname(target), { recursive: true })
if (!fs.existsSync(target)) fs.closeSync(fs.openSync(target, 'a', 0o600))
await backup.backup(target)
backup.close()
const restored = new Database(target)
restored.pragma('journal_mode = WAL')
const after = restored.pragma('integrity_check', { simple: true })
restored.close()
console.log(`restored ${file} to ${target} (integrity_check ${after}); start the server again: set-up migrates it if the backup is older`)
