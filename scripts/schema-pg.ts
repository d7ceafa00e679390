// Writes db/schema.pg.ts, the PostgreSQL twin of db/schema.ts (decision 016), formatted as the
// repository formats code. `--check` only says whether the committed file is current.
//   npm run db:schema-pg [-- --check]
import fs from 'node:fs'
import prettier from 'prettier'
import { generatePgSchema } from '#db/schema-pg.generate.ts'

const FILE = 'db/schema.pg.ts'
const source = await prettier.format(generatePgSchema(), { ...(await prettier.resolveConfig(FILE)), filepath: FILE })
if (process.argv.includes('--check')) {
  const current = fs.existsSync(FILE) ? fs.readFileSync(FILE, 'utf8') : ''
  if (current !== source) {
    console.error(`${FILE} is not what db/schema.ts makes: run npm run db:schema-pg`)
    process.exit(1)
  }
  console.log(`${FILE} is current.`)
} else {
  fs.writeFileSync(FILE, source)
  console.log(`Wrote ${FILE}.`)
}
