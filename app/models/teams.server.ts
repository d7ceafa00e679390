import { randomUUID } from 'node:crypto'
import { aliasedTable, asc, eq, sql } from 'drizzle-orm'
import { teams, users } from '#db/tables.ts'
import { affected, first, getDb, io, transaction } from '#app/utils/db.server.ts'

export async function listTeams() {
  // drizzle's dialect-neutral alias: the same for SQLite's and PostgreSQL's tables.
  const lead = aliasedTable(users, 'lead')
  return getDb()
    .select({
      id: teams.id,
      name: teams.name,
      leadId: teams.leadId,
      leadName: lead.displayName,
      members: sql<number>`(select count(*) from ${users} where ${users.teamId} = ${teams.id})`.mapWith(Number),
    })
    .from(teams)
    .leftJoin(lead, eq(lead.id, teams.leadId))
    .orderBy(asc(teams.name))
}

export class TeamNameTakenError extends Error {}

export async function createTeam(input: { name: string; leadId: string | null }) {
  const id = randomUUID()
  await transaction(function* (tx) {
    if (yield* first(tx.select({ id: teams.id }).from(teams).where(eq(teams.name, input.name)).limit(1))) {
      throw new TeamNameTakenError(input.name)
    }
    yield* io(tx.insert(teams).values({ id, name: input.name, leadId: input.leadId }))
  })
  return id
}

/** Returns false when there is no such team. */
export async function setTeamLead(teamId: string, leadId: string | null) {
  const result = await getDb().update(teams).set({ leadId }).where(eq(teams.id, teamId))
  return affected(result) === 1
}
