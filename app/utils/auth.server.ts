import { randomBytes } from 'node:crypto'
import { redirect, type AppLoadContext } from '@remix-run/node'
import { throttle } from '#app/domain/login-throttle.ts'
import { can, type Action, type Entity, type Owner } from '#app/domain/permissions.ts'
import { clearFailures, countRecentFailures, recordLoginAttempt } from '#app/models/login-attempts.server.ts'
import { deleteExpiredSessions } from '#app/models/sessions.server.ts'
import { getPasswordHash, getUserById, rehashPassword, setPassword, type UserWithRoles } from '#app/models/users.server.ts'
import { forbidden } from './http.ts'
import { hashPassword, needsRehash, verifyPassword } from './password.server.ts'
import { getSession, sessionStorage } from './session.server.ts'

export async function getUserId(request: Request): Promise<string | null> {
  const session = await getSession(request)
  const userId = session.get('userId')
  return typeof userId === 'string' ? userId : null
}

const usersByRequest = new WeakMap<Request, Promise<UserWithRoles | null>>()

/** The signed-in user, read once per request however many loaders ask. */
export function getOptionalUser(request: Request): Promise<UserWithRoles | null> {
  let user = usersByRequest.get(request)
  if (!user) {
    user = (async () => {
      const userId = await getUserId(request)
      if (!userId) return null
      const found = await getUserById(userId)
      return found && !found.disabled ? found : null
    })()
    usersByRequest.set(request, user)
  }
  return user
}

function loginRedirect(request: Request) {
  const url = new URL(request.url)
  const back = url.pathname + url.search
  return redirect(`/login?redirectTo=${encodeURIComponent(back)}`)
}

export const CHANGE_PASSWORD_PATH = '/account/password'

/**
 * The signed-in user, or a redirect to the login page. A user whose password an admin set is
 * sent to choose their own first, wherever they were going.
 */
export async function requireUser(request: Request): Promise<UserWithRoles> {
  const user = await getOptionalUser(request)
  if (!user) throw loginRedirect(request)
  const url = new URL(request.url)
  if (user.mustChangePassword && url.pathname !== CHANGE_PASSWORD_PATH) {
    throw redirect(`${CHANGE_PASSWORD_PATH}?redirectTo=${encodeURIComponent(url.pathname + url.search)}`)
  }
  return user
}

/**
 * The signed-in user if they hold the capability (for `owner`'s record when given);
 * otherwise 403. Every loader and action goes through this or `requireUser`.
 */
export async function requirePermission(request: Request, action: Action, entity: Entity, owner?: Owner): Promise<UserWithRoles> {
  const user = await requireUser(request)
  if (!can(user, action, entity, owner)) throw forbidden()
  return user
}

/** Throws 403 unless the already loaded user holds the capability for this owner. */
export function assertCan(user: UserWithRoles, action: Action, entity: Entity, owner?: Owner) {
  if (!can(user, action, entity, owner)) throw forbidden()
}

export type LoginResult =
  { ok: true; userId: string } | { ok: false; reason: 'invalid' } | { ok: false; reason: 'throttled'; retryAfterSeconds: number }

export async function login({
  username,
  password,
  address,
  now = new Date(),
}: {
  username: string
  password: string
  address: string
  now?: Date
}): Promise<LoginResult> {
  const wait = throttle(await countRecentFailures({ username, address, now }), now.getTime())
  if (wait.throttled) return { ok: false, reason: 'throttled', retryAfterSeconds: wait.retryAfterSeconds }
  const row = await getPasswordHash(username)
  // NOTE: verify against a dummy hash when the user is unknown, so timing does not reveal
  // which usernames exist.
  const ok = await verifyPassword(row?.passwordHash ?? (await getDummyHash()), password)
  if (!row || !ok || row.disabledAt) {
    await recordLoginAttempt({ username, address, succeeded: false, at: now })
    return { ok: false, reason: 'invalid' }
  }
  await recordLoginAttempt({ username, address, succeeded: true, at: now })
  await clearFailures(username, address)
  await deleteExpiredSessions(now)
  if (needsRehash(row.passwordHash)) await rehashPassword(row.id, password)
  return { ok: true, userId: row.id }
}

/**
 * Changes a user's own password after checking the current one. Every session of the user ends
 * (setPassword); the caller starts a fresh one.
 */
export async function changeOwnPassword(user: UserWithRoles, current: string, next: string): Promise<'changed' | 'wrong-current'> {
  const row = await getPasswordHash(user.username)
  if (!row || !(await verifyPassword(row.passwordHash, current))) return 'wrong-current'
  await setPassword(user.id, next)
  return 'changed'
}

let dummyHash: Promise<string> | undefined
function getDummyHash() {
  dummyHash ??= hashPassword(randomBytes(16).toString('hex'))
  return dummyHash
}

export async function createUserSession(request: Request, userId: string, redirectTo: string) {
  const session = await getSession(request)
  // A fresh session id on login: never reuse an id that existed before authentication.
  await sessionStorage().destroySession(session)
  const fresh = await sessionStorage().getSession()
  fresh.set('userId', userId)
  return redirect(redirectTo, { headers: { 'Set-Cookie': await sessionStorage().commitSession(fresh) } })
}

export async function logout(request: Request) {
  const session = await getSession(request)
  return redirect('/login', { headers: { 'Set-Cookie': await sessionStorage().destroySession(session) } })
}

/** Client address, for login throttling; the server puts it in the load context. */
export function clientAddress(context: AppLoadContext | undefined) {
  return context?.clientAddress ?? 'unknown'
}

/** Only same-site relative paths may be redirect targets. */
/**
 * A redirect target only if it is a path on this site: parsed as a URL against a placeholder
 * origin, it must stay on that origin ("/%09/evil.example", "//evil", "/\\evil" do not). Control
 * characters make it the fallback too.
 */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback: string) {
  // eslint-disable-next-line no-control-regex -- control characters are what this refuses
  if (typeof to !== 'string' || !to.startsWith('/') || /[\u0000-\u001f\u007f\\]/.test(to)) return fallback
  let decoded: string
  try {
    decoded = decodeURIComponent(to)
  } catch {
    return fallback
  }
  // eslint-disable-next-line no-control-regex -- control characters are what this refuses
  if (/[\u0000-\u001f\u007f\\]/.test(decoded) || decoded.startsWith('//')) return fallback
  const base = 'http://composure.invalid'
  let url: URL
  try {
    url = new URL(to, base)
  } catch {
    return fallback
  }
  if (url.origin !== base) return fallback
  return `${url.pathname}${url.search}${url.hash}`
}
