/**
 * Named capabilities, checked on the server for every loader and action. A permission is
 * `action:entity:access`, where access says whose records it reaches: the actor's own, the
 * teams the actor leads, or anyone's. The client only mirrors these for display.
 */
export const ROLES = ['trainee', 'trainer', 'lead', 'admin'] as const
export type Role = (typeof ROLES)[number]

export type Access = 'own' | 'team' | 'any'
export type Action = 'use' | 'read' | 'create' | 'manage'
export type Entity =
  'learning' | 'quiz-attempt' | 'roleplay-attempt' | 'progress' | 'team' | 'user' | 'content' | 'certification' | 'refresher' | 'scenario'
export type Permission = `${Action}:${Entity}:${Access}`

export const GRANTS: Record<Role, readonly Permission[]> = {
  trainee: [
    'use:learning:own',
    'create:quiz-attempt:own',
    'read:quiz-attempt:own',
    'create:roleplay-attempt:own',
    'read:roleplay-attempt:own',
    'read:progress:own',
    'read:certification:own',
  ],
  trainer: [
    'use:learning:own',
    'create:quiz-attempt:own',
    'read:quiz-attempt:own',
    'read:progress:own',
    'read:content:any',
    'read:quiz-attempt:any',
    'create:roleplay-attempt:own',
    'read:roleplay-attempt:any',
    'read:progress:any',
    'read:certification:any',
    /** The studio: write, test and publish scenarios; the inbox of unrecognised replies. */
    'manage:scenario:any',
    /** Review a role-play score: override it with a reason. */
    'manage:roleplay-attempt:any',
  ],
  lead: [
    'read:team:own',
    'read:progress:team',
    'read:quiz-attempt:team',
    'read:roleplay-attempt:team',
    'read:progress:own',
    'read:quiz-attempt:own',
    'read:certification:team',
    'read:certification:own',
    /** Leads set refreshers for the agents they lead. */
    'create:refresher:team',
  ],
  /** Admins revoke certificates (a record with a reason); nobody sets a standing by hand. */
  admin: [
    'manage:user:any',
    'manage:team:any',
    'read:certification:any',
    'manage:certification:any',
    'manage:scenario:any',
    /**
     * The dashboard of every team, and assigning work: what each lead sees and does, for all of
     * them. Not the attempts themselves (what an agent typed): those stay with trainers and leads.
     */
    'read:team:any',
    'read:progress:any',
    'create:refresher:any',
  ],
}

export interface Actor {
  id: string
  roles: readonly Role[]
  /** Teams this actor leads. */
  ledTeamIds: readonly string[]
}

/** Whose record is being reached for. */
export interface Owner {
  userId: string
  teamId: string | null
}

export function permissionsOf(roles: readonly Role[]): Set<Permission> {
  return new Set(roles.flatMap((r) => GRANTS[r]))
}

/**
 * Whether `actor` may `action` an `entity`. Without an owner, asks whether the actor holds
 * the capability at any access level (for lists and pages that then filter by scope).
 */
export function can(actor: Actor, action: Action, entity: Entity, owner?: Owner): boolean {
  const held = permissionsOf(actor.roles)
  const has = (access: Access) => held.has(`${action}:${entity}:${access}`)
  if (has('any')) return true
  if (!owner) return has('team') || has('own')
  if (has('own') && owner.userId === actor.id) return true
  if (has('team') && owner.teamId !== null && actor.ledTeamIds.includes(owner.teamId)) return true
  return false
}

/** Whether the actor reaches everyone's records of this kind (for lists across all users). */
export function canForAnyone(actor: Actor, action: Action, entity: Entity): boolean {
  return permissionsOf(actor.roles).has(`${action}:${entity}:any`)
}

/** Where a user lands after login: the page of their most responsible role. */
export function homePath(roles: readonly Role[]): string {
  if (roles.includes('admin')) return '/admin/users'
  if (roles.includes('lead')) return '/team'
  if (roles.includes('trainer')) return '/trainer'
  return '/learn'
}
