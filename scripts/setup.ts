// Prepares a working installation: checks the environment and the course content,
// applies migrations and adds demo data to an empty database. Safe to run repeatedly.
import fs from 'node:fs'
import { DEMO_PASSWORD, DEMO_USERS, seedDemoData } from '#db/seed.ts'
import { SourceError } from '#app/domain/yaml-validate.ts'
import { loadCertifications } from '#app/certification/certifications.server.ts'
import { ensureIssuerKey } from '#app/certification/issuer-key.server.ts'
import { countCertificates } from '#app/models/certifications.server.ts'
import { publishCourse } from '#app/certification/catalog.server.ts'
import { countAdmins, listUsers } from '#app/models/users.server.ts'
import { publishScenarios, loadScenarios } from '#app/roleplay/scenarios.server.ts'
import { rescoreAttempts } from '#app/roleplay/rescore.server.ts'
import { loadModules } from '#app/utils/content.server.ts'
import { checkConnection, closeDb, describeUrl, migrateDatabase, onPostgres, recreateDatabase } from '#app/utils/db.server.ts'
import { getEnv } from '#app/utils/env.server.ts'

try {
  const env = getEnv()
  // --fresh starts from an empty database (the end-to-end tests use it): the SQLite file is
  // removed, or the PostgreSQL database is dropped and created again.
  if (process.argv.includes('--fresh') && !onPostgres) {
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(env.DATABASE_PATH + suffix, { force: true })
  }
  const modules = loadModules()
  const certifications = loadCertifications()
  if (process.argv.includes('--fresh') && onPostgres) await recreateDatabase(env.DATABASE_URL!)
  await checkConnection()
  await migrateDatabase()
  await ensureIssuerKey(undefined, { issued: await countCertificates() })
  const library = await publishScenarios()
  if (library.offered.length)
    console.log(`Newer shipped files are offered in the studio for scenarios edited there: ${library.offered.join(', ')}.`)
  // The demo history of a fresh installation is made up in the past, as if the current course
  // had been served throughout: its versions count as published before that history begins.
  // Demo accounts (with the password the README publishes) never go into a production database,
  // unless asked for with --demo (the end-to-end tests run the production build on demo data).
  const demo = env.NODE_ENV !== 'production' || process.argv.includes('--demo')
  const fresh = demo && (await listUsers()).length === 0
  await publishCourse(modules, fresh ? new Date(Date.now() - 2 * 365 * 24 * 3600_000) : new Date())
  const rescored = await rescoreAttempts()
  if (rescored.checked)
    console.log(
      `Rescored ${rescored.checked} role-play attempts under the current judge; ${rescored.changed} changed score (reasons in roleplay_rescores).`,
    )
  const { created } = demo ? await seedDemoData() : { created: false }
  console.log(
    `Database ${onPostgres ? `postgres ${describeUrl(env.DATABASE_URL!)}` : env.DATABASE_PATH} is migrated; ${modules.length} course modules, ${loadScenarios().length} scenarios and ${certifications.length} certifications are valid.`,
  )
  if (created) {
    console.log(`Demo data added. Logins (password "${DEMO_PASSWORD}"):`)
    for (const u of DEMO_USERS.slice(0, 4)) console.log(`  ${u.username.padEnd(8)} ${u.roles.join(', ')}`)
  }
  if (!demo && (await countAdmins()) === 0)
    console.log('No administrator yet: create the first with `npm run admin:create -- --username NAME --name "显示名"`.')
  await closeDb()
} catch (error) {
  console.error(error instanceof SourceError ? `Invalid content:\n${error.message}` : error instanceof Error ? error.message : error)
  process.exit(1)
}
