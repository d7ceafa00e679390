import fs from 'node:fs'
import path from 'node:path'

/** Each vitest worker builds its own SQLite files under data/test; start from a clean folder. */
export default function setup() {
  const dir = path.resolve('data/test')
  fs.rmSync(dir, { recursive: true, force: true })
  fs.mkdirSync(dir, { recursive: true })
}
