// Creates an administrator: the way a production installation gets its first user (production
// never seeds demo accounts). The password is read from a file (--password-file, first line) or
// typed at a prompt without echo; it must pass the same rules as any password.
//   npm run admin:create -- --username NAME --name "显示名" [--password-file FILE]
import fs from 'node:fs'
import { parseArgs } from 'node:util'
import { passwordSchema, usernameSchema } from '#app/domain/user-forms.ts'
import { createUser, UsernameTakenError } from '#app/models/users.server.ts'
import { closeDb, migrateDatabase } from '#app/utils/db.server.ts'

const USAGE = 'usage: npm run admin:create -- --username NAME --name "DISPLAY NAME" [--password-file FILE]'

async function promptHidden(question: string): Promise<string> {
  if (!process.stdin.isTTY) throw new Error('no terminal to type the password in: use --password-file FILE')
  process.stdout.write(question)
  process.stdin.setRawMode(true)
  process.stdin.resume()
  let typed = ''
  return new Promise((resolve, reject) => {
    process.stdin.on('data', (chunk: Buffer) => {
      for (const ch of chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n') {
          process.stdin.setRawMode(false)
          process.stdin.pause()
          process.stdout.write('\n')
          return resolve(typed)
        }
        if (ch === '\u0003') return reject(new Error('cancelled'))
        if (ch === '\u007f') typed = typed.slice(0, -1)
        else typed += ch
      }
    })
  })
}

try {
  const { values } = parseArgs({
    options: { username: { type: 'string' }, name: { type: 'string' }, 'password-file': { type: 'string' } },
    strict: true,
  })
  if (!values.username || !values.name) throw new Error(USAGE)
  const username = usernameSchema.safeParse(values.username)
  if (!username.success) throw new Error(`--username: 3 to 32 of a-z, 0-9, . _ -`)
  const password = values['password-file']
    ? fs.readFileSync(values['password-file'], 'utf8').split(/\r?\n/)[0]!
    : await (async () => {
        const first = await promptHidden('Password: ')
        if ((await promptHidden('Again: ')) !== first) throw new Error('the two passwords differ')
        return first
      })()
  const checked = passwordSchema.safeParse(password)
  if (!checked.success) throw new Error('the password must be 10 to 200 characters and not a common one')
  await migrateDatabase()
  const id = await createUser({
    username: username.data,
    displayName: values.name.trim(),
    password: checked.data,
    roles: ['admin'],
    teamId: null,
  })
  console.log(`Created admin ${username.data} (${id}).`)
  await closeDb()
} catch (error) {
  console.error(
    error instanceof UsernameTakenError ? `username "${error.username}" is taken` : error instanceof Error ? error.message : error,
  )
  process.exit(1)
}
