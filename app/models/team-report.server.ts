import { teamRows } from '#app/domain/team-report.ts'
import type { UserWithRoles } from './users.server.ts'
import { getLearningRecords } from './learning.server.ts'
import { listTeamMembers } from './users.server.ts'
import { certificationViewsOf } from '#app/certification/view.server.ts'
import { loadModules } from '#app/utils/content.server.ts'

/** The learning table of the teams a lead leads. */
export async function getTeamReport(lead: UserWithRoles) {
  const members = (await listTeamMembers(lead.ledTeamIds)).filter((m) => m.id !== lead.id)
  const modules = loadModules()
  const records = await getLearningRecords(members.map((m) => m.id))
  // Each member's certifications, brought up to date: the calendar moves them even when nobody acts.
  const certifications = certificationViewsOf(members.map((m) => m.id))
  return { modules, rows: teamRows(members, modules, records), certifications }
}
