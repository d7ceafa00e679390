import { createCookie, createSessionStorage } from '@remix-run/node'
import { createSessionRow, deleteSessionRow, readSessionRow, updateSessionRow } from '#app/models/sessions.server.ts'
import { getEnv } from './env.server.ts'

export const SESSION_MAX_AGE_S = 60 * 60 * 12

let storage: ReturnType<typeof createStorage> | undefined

function createStorage() {
  const env = getEnv()
  const cookie = createCookie('composure_session', {
    httpOnly: true,
    sameSite: 'lax',
    secure: env.cookieSecure,
    path: '/',
    maxAge: SESSION_MAX_AGE_S,
    secrets: [env.SESSION_SECRET],
  })
  // Sessions live in the database: the cookie holds only a signed random id.
  return createSessionStorage({
    cookie,
    createData: (data, expires) => createSessionRow(data, expires),
    readData: (id) => readSessionRow(id),
    updateData: (id, data, expires) => updateSessionRow(id, data, expires),
    deleteData: (id) => deleteSessionRow(id),
  })
}

export function sessionStorage() {
  storage ??= createStorage()
  return storage
}

export function getSession(request: Request) {
  return sessionStorage().getSession(request.headers.get('Cookie'))
}
