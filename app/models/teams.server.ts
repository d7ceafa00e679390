import { randomUUID } from 'node:crypto'
import { asc, eq } from 'drizzle-orm'
import { teams, users } from '#db/schema.ts'
import { getDb } from '#app/utils/db.server.ts'

export async function listTeams() {
  return getDb()
    .select({ id: teams.id, name: teams.name, leadId: teams.leadId, leadName: users.displayName })
    .from(teams)
    .leftJoin(users, eq(users.id, teams.leadId))
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
  })
  return id
}

export async function setTeamLead(teamId: string, leadId: string | null) {
  await getDb().update(teams).set({ leadId }).where(eq(teams.id, teamId))
}
