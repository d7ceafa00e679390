import { getTableConfig, SQLiteTable, type SQLiteColumn } from 'drizzle-orm/sqlite-core'
import { is, SQL } from 'drizzle-orm'
import * as schema from './schema.ts'

// The PostgreSQL schema is generated from db/schema.ts, the one description of the tables: the
// same tables, columns, keys and indexes in pg-core types (decision 016). `npm run db:schema-pg`
// writes db/schema.pg.ts; a unit test fails when the committed file is not what this makes.
//   SQLite                       PostgreSQL
//   text (enum)                  text (enum)
//   text json                    jsonb
//   integer timestamp_ms         timestamp with time zone, millisecond precision, as Date
//   integer boolean              boolean
//   integer                      integer; an autoincrement key is an identity column
//   real                         double precision

type Table = SQLiteTable

const HEADER = `// GENERATED from db/schema.ts by db/schema-pg.generate.ts (npm run db:schema-pg): do not edit.
// The same tables in PostgreSQL types (decision 016).
`

function literal(value: unknown): string {
  return JSON.stringify(value)
}

function column(
  key: string,
  c: SQLiteColumn,
  exportOf: Map<string, string>,
  fks: Map<string, { table: string; column: string; onDelete?: string }>,
) {
  const name = literal(c.name)
  const enumValues = (c as { enumValues?: readonly string[] }).enumValues
  let out: string
  switch (c.columnType) {
    case 'SQLiteText':
      out = enumValues?.length ? `text(${name}, { enum: ${literal(enumValues)} })` : `text(${name})`
      break
    case 'SQLiteTextJson':
      out = `jsonb(${name})`
      break
    case 'SQLiteTimestamp':
      out = `timestamp(${name}, { withTimezone: true, precision: 3, mode: 'date' })`
      break
    case 'SQLiteBoolean':
      out = `boolean(${name})`
      break
    case 'SQLiteInteger':
      out = (c as { autoIncrement?: boolean }).autoIncrement ? `integer(${name}).generatedAlwaysAsIdentity()` : `integer(${name})`
      break
    case 'SQLiteReal':
      out = `doublePrecision(${name})`
      break
    default:
      throw new Error(`${key}: no PostgreSQL type for ${c.columnType}`)
  }
  if (c.primary) out += '.primaryKey()'
  if (c.notNull && !c.primary) out += '.notNull()'
  if (c.isUnique) out += '.unique()'
  if (c.hasDefault && c.default !== undefined) {
    if (is(c.default, SQL)) {
      // The only SQL default is "now, in milliseconds" on created_at columns.
      if (c.columnType !== 'SQLiteTimestamp') throw new Error(`${key}: an SQL default on a ${c.columnType} column`)
      out += '.defaultNow()'
    } else if (c.columnType === 'SQLiteTextJson') {
      out += `.default(${literal(typeof c.default === 'string' ? JSON.parse(c.default) : c.default)})`
    } else {
      out += `.default(${literal(c.default)})`
    }
  }
  const fk = fks.get(c.name)
  if (fk) {
    const options = fk.onDelete && fk.onDelete !== 'no action' ? `, { onDelete: ${literal(fk.onDelete)} }` : ''
    out += `.references((): AnyPgColumn => ${exportOf.get(fk.table)}.${fk.column}${options})`
  }
  return `    ${key}: ${out},`
}

/** The source of db/schema.pg.ts. */
export function generatePgSchema(): string {
  const tables = (Object.entries(schema) as [string, unknown][])
    .filter((e): e is [string, Table] => is(e[1], SQLiteTable))
    // In export-name order whatever the loader's order of a module's exports.
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  const exportOf = new Map(tables.map(([key, t]) => [getTableConfig(t).name, key]))
  const blocks = tables.map(([exportName, table]) => {
    const config = getTableConfig(table)
    const keyOf = new Map(
      Object.entries(table as unknown as Record<string, unknown>)
        .filter((e): e is [string, SQLiteColumn] => config.columns.includes(e[1] as SQLiteColumn))
        .map(([key, c]) => [c.name, key]),
    )
    const fks = new Map(
      config.foreignKeys.map((f) => {
        const r = f.reference()
        const foreign = getTableConfig(r.foreignTable)
        const column = Object.entries(r.foreignTable as unknown as Record<string, unknown>).find(([, v]) => v === r.foreignColumns[0])![0]
        return [r.columns[0]!.name, { table: foreign.name, column, onDelete: f.onDelete }]
      }),
    )
    const columns = config.columns.map((c) => column(keyOf.get(c.name)!, c, exportOf, fks))
    const extras = [
      ...config.primaryKeys.map((p) => `primaryKey({ columns: [${p.columns.map((c) => `t.${keyOf.get(c.name)}`).join(', ')}] })`),
      ...config.indexes.map((i) => {
        const cols = i.config.columns.map((c) => `t.${keyOf.get((c as SQLiteColumn).name)}`).join(', ')
        return `${i.config.unique ? 'uniqueIndex' : 'index'}(${literal(i.config.name)}).on(${cols})`
      }),
    ]
    const third = extras.length ? `,\n  (t) => [\n${extras.map((e) => `    ${e},`).join('\n')}\n  ]` : ''
    return `export const ${exportName} = pgTable(\n  ${literal(config.name)},\n  {\n${columns.join('\n')}\n  }${third},\n)\n`
  })
  const imports = `import {\n  type AnyPgColumn,\n  boolean,\n  doublePrecision,\n  index,\n  integer,\n  jsonb,\n  pgTable,\n  primaryKey,\n  text,\n  timestamp,\n  uniqueIndex,\n} from 'drizzle-orm/pg-core'\n`
  return `${HEADER}${imports}\n${blocks.join('\n')}`
}

/**
 * The source of db/tables.ts: the tables the app queries, from the schema of the engine this
 * process serves (DATABASE_URL set: PostgreSQL). Typed as SQLite's, whose query API the models
 * are written against; the two dialects build the same queries from the same calls.
 */
export function generateTables(): string {
  const names = (Object.entries(schema) as [string, unknown][])
    .filter((e) => is(e[1], SQLiteTable))
    .map(([key]) => key)
    .sort()
  return `// GENERATED from db/schema.ts by db/schema-pg.generate.ts (npm run db:schema-pg): do not edit.
// The tables of the engine this process serves (decision 017): PostgreSQL's when DATABASE_URL
// names one, else SQLite's. Both are typed as SQLite's, the API the models are written against.
import * as sqlite from './schema.ts'
import * as pg from './schema.pg.ts'

export type * from './schema.ts'

/** Read once, when the first model is loaded: a process serves one engine. */
export const onPostgres = /^postgres(ql)?:\\/\\//.test(process.env.DATABASE_URL ?? '')

const tables = (onPostgres ? pg : sqlite) as unknown as typeof sqlite

export const {
${names.map((n) => `  ${n},`).join('\n')}
} = tables
`
}
