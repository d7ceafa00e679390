import { randomUUID } from 'node:crypto'
import { and, asc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm'
import { sessions, teams, userRoles, users } from '#db/tables.ts'
import type { Role } from '#app/domain/permissions.ts'
import { first, getDb, io, prepared, transaction, type Db, type Work } from '#app/utils/db.server.ts'
import { hashPassword } from '#app/utils/password.server.ts'

export interface UserWithRoles {
  id: string
  username: string
  displayName: string
  teamId: string | null
  teamName: string | null
  roles: Role[]
  ledTeamIds: string[]
  disabled: boolean
  mustChangePassword: boolean
}

export class UsernameTakenError extends Error {
  constructor(readonly username: string) {
    super(`username "${username}" is taken`)
  }
}

/** The form named a team that does not exist (refused, not left to the foreign key). */
export class NoSuchTeamError extends Error {
  constructor(readonly teamId: string) {
    super(`no team "${teamId}"`)
  }
}

/** The change would leave no enabled admin: nobody could manage users any more. */
export class LastAdminError extends Error {
  constructor() {
    super('the last admin keeps the admin role')
  }
}

function* assertTeam(tx: Db, teamId: string | null): Work<void> {
  if (teamId && !(yield* first(tx.select({ id: teams.id }).from(teams).where(eq(teams.id, teamId)).limit(1))))
    throw new NoSuchTeamError(teamId)
}

/** The enabled admins, inside a transaction or not. */
function enabledAdmins(db: Db) {
  return db
    .select({ id: users.id })
    .from(users)
    .innerJoin(userRoles, eq(userRoles.userId, users.id))
    .where(and(eq(userRoles.role, 'admin'), isNull(users.disabledAt)))
}

/** A user row with its team's name (joined from teams). */
const USER_COLUMNS = {
  id: users.id,
  username: users.username,
  displayName: users.displayName,
  teamId: users.teamId,
  teamName: teams.name,
  disabledAt: users.disabledAt,
  mustChangePassword: users.mustChangePassword,
}

/**
 * Runs on every signed-in request, so its three statements are prepared once, and sent together
 * (on PostgreSQL one round trip's wait, not three).
 */
export async function getUserById(id: string): Promise<UserWithRoles | null> {
  const q = {
    user: prepared('users.byId', (db) =>
      db
        .select(USER_COLUMNS)
        .from(users)
        .leftJoin(teams, eq(teams.id, users.teamId))
        .where(eq(users.id, sql.placeholder('id'))),
    ),
    roles: prepared('users.byId.roles', (db) =>
      db
        .select({ role: userRoles.role })
        .from(userRoles)
        .where(eq(userRoles.userId, sql.placeholder('id'))),
    ),
    led: prepared('users.byId.led', (db) =>
      db
        .select({ id: teams.id })
        .from(teams)
        .where(eq(teams.leadId, sql.placeholder('id'))),
    ),
  }
  const [row, roles, led] = await Promise.all([q.user.get({ id }), q.roles.all({ id }), q.led.all({ id })])
  if (!row) return null
  const { disabledAt, ...rest } = row
  return {
    ...rest,
    disabled: disabledAt !== null,
    roles: roles.map((r) => r.role),
    ledTeamIds: led.map((t) => t.id),
  }
}

export async function listUsers(): Promise<UserWithRoles[]> {
  return listUsersWhere(undefined)
}

export async function listTeamMembers(teamIds: readonly string[]): Promise<UserWithRoles[]> {
  if (teamIds.length === 0) return []
  return listUsersWhere(inArray(users.teamId, [...teamIds]))
}

async function listUsersWhere(where: SQL | undefined): Promise<UserWithRoles[]> {
  const db = getDb()
  const rows = await db
    .select(USER_COLUMNS)
    .from(users)
    .leftJoin(teams, eq(teams.id, users.teamId))
    .where(where)
    .orderBy(asc(users.username))
  if (rows.length === 0) return []
  const ids = rows.map((r) => r.id)
  const roleRows = await db.select().from(userRoles).where(inArray(userRoles.userId, ids))
  const ledRows = await db.select({ id: teams.id, leadId: teams.leadId }).from(teams).where(inArray(teams.leadId, ids))
  return rows.map((r) => ({
    id: r.id,
    username: r.username,
    displayName: r.displayName,
    teamId: r.teamId,
    teamName: r.teamName,
    disabled: r.disabledAt !== null,
    mustChangePassword: r.mustChangePassword,
    roles: roleRows.filter((x) => x.userId === r.id).map((x) => x.role),
    ledTeamIds: ledRows.filter((x) => x.leadId === r.id).map((x) => x.id),
  }))
}

export async function getPasswordHash(username: string) {
  const [row] = await getDb()
    .select({ id: users.id, passwordHash: users.passwordHash, disabledAt: users.disabledAt })
    .from(users)
    .where(eq(users.username, username))
  return row ?? null
}

export interface NewUserInput {
  username: string
  displayName: string
  password: string
  roles: Role[]
  teamId: string | null
  /** An admin chose the password for them: they choose their own at first login. */
  mustChangePassword?: boolean
}

export async function createUser(input: NewUserInput): Promise<string> {
  const passwordHash = await hashPassword(input.password)
  const id = randomUUID()
  await transaction(function* (tx) {
    const taken = yield* first(tx.select({ id: users.id }).from(users).where(eq(users.username, input.username)).limit(1))
    if (taken) throw new UsernameTakenError(input.username)
    yield* assertTeam(tx, input.teamId)
    yield* io(
      tx.insert(users).values({
        id,
        username: input.username,
        displayName: input.displayName,
        passwordHash,
        teamId: input.teamId,
        mustChangePassword: input.mustChangePassword ?? false,
      }),
    )
    if (input.roles.length) yield* io(tx.insert(userRoles).values(input.roles.map((role) => ({ userId: id, role }))))
  })
  return id
}

/** Updates a user's name, roles and team; throws NoSuchTeamError or LastAdminError and changes nothing. */
export async function updateUser(id: string, input: { displayName: string; roles: Role[]; teamId: string | null }) {
  await transaction(function* (tx) {
    yield* assertTeam(tx, input.teamId)
    const wasAdmin = yield* first(
      tx
        .select({ role: userRoles.role })
        .from(userRoles)
        .where(and(eq(userRoles.userId, id), eq(userRoles.role, 'admin')))
        .limit(1),
    )
    if (wasAdmin && !input.roles.includes('admin') && (yield* io(enabledAdmins(tx))).length <= 1) throw new LastAdminError()
    yield* io(tx.update(users).set({ displayName: input.displayName, teamId: input.teamId }).where(eq(users.id, id)))
    yield* io(tx.delete(userRoles).where(eq(userRoles.userId, id)))
    if (input.roles.length) yield* io(tx.insert(userRoles).values(input.roles.map((role) => ({ userId: id, role }))))
  })
}

/**
 * Sets a new password and ends every session of the user, so an old login stops working.
 * `mustChange`: an admin set it, so the user must choose their own at the next login.
 */
export async function setPassword(id: string, password: string, { mustChange = false } = {}) {
  const passwordHash = await hashPassword(password)
  await transaction(function* (tx) {
    yield* io(tx.update(users).set({ passwordHash, mustChangePassword: mustChange }).where(eq(users.id, id)))
    yield* io(tx.delete(sessions).where(eq(sessions.userId, id)))
  })
}

export async function rehashPassword(id: string, password: string) {
  const passwordHash = await hashPassword(password)
  await getDb().update(users).set({ passwordHash }).where(eq(users.id, id))
}

/** How many enabled users hold the admin role: the last one cannot lose it. */
export async function countAdmins(): Promise<number> {
  return (await enabledAdmins(getDb())).length
}
