import { randomUUID } from 'node:crypto'
import { asc, eq, sql } from 'drizzle-orm'
import { alias } from 'drizzle-orm/sqlite-core'
import { teams, users } from '#db/schema.ts'
import { IMMEDIATE, getDb } from '#app/utils/db.server.ts'

export async function listTeams() {
  const lead = alias(users, 'lead')
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
  getDb().transaction((tx) => {
    if (tx.select({ id: teams.id }).from(teams).where(eq(teams.name, input.name)).get()) {
      throw new TeamNameTakenError(input.name)
    }
    tx.insert(teams).values({ id, name: input.name, leadId: input.leadId }).run()
  }, IMMEDIATE)
  return id
}

/** Returns false when there is no such team. */
export async function setTeamLead(teamId: string, leadId: string | null) {
  const result = await getDb().update(teams).set({ leadId }).where(eq(teams.id, teamId))
  return result.changes === 1
}
