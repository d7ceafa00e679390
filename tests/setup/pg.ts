import pg from 'pg'

// The PostgreSQL side of the test set-up: TEST_DATABASE_URL names a server and a database the
// suite may use to create and drop others (the global set-up migrates a template from it).

export const TEMPLATE = 'composure_test_template'

function urlFor(base: string, database: string) {
  const url = new URL(base)
  url.pathname = `/${database}`
  return url.toString()
}

async function admin<T>(run: (client: pg.Client) => Promise<T>) {
  const client = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL })
  await client.connect()
  try {
    return await run(client)
  } finally {
    await client.end()
  }
}

/** A new database copied from the migrated template; returns its URL. */
export async function createTestDatabase(name: string) {
  await admin((c) => c.query(`create database "${name}" template "${TEMPLATE}"`))
  return urlFor(process.env.TEST_DATABASE_URL!, name)
}

export async function dropTestDatabase(name: string) {
  await admin((c) => c.query(`drop database if exists "${name}" with (force)`))
}

/** Drops what earlier runs left and makes the template: an empty database, migrated. */
export async function prepareTemplate(migrate: (url: string) => Promise<void>) {
  await admin(async (c) => {
    const { rows } = await c.query<{ datname: string }>(`select datname from pg_database where datname like 'composure_test_%'`)
    for (const { datname } of rows) {
      await c.query(`alter database "${datname}" is_template false`)
      await c.query(`drop database if exists "${datname}" with (force)`)
    }
    await c.query(`create database "${TEMPLATE}"`)
  })
  await migrate(urlFor(process.env.TEST_DATABASE_URL!, TEMPLATE))
  await admin((c) => c.query(`alter database "${TEMPLATE}" is_template true`))
}
