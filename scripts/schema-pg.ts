// Writes db/schema.pg.ts, the PostgreSQL twin of db/schema.ts (decision 016), and db/tables.ts,
// the tables of the engine a process serves (decision 017), formatted as the repository formats
// code. `--check` only says whether the committed files are current.
//   npm run db:schema-pg [-- --check]
import fs from 'node:fs'
import prettier from 'prettier'
import { generatePgSchema, generateTables } from '#db/schema-pg.generate.ts'

for (const [FILE, make] of [
  ['db/schema.pg.ts', generatePgSchema],
  ['db/tables.ts', generateTables],
] as const) {
  const source = await prettier.format(make(), { ...(await prettier.resolveConfig(FILE)), filepath: FILE })
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
}
